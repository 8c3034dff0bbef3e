"""Shared fixtures: factories, demo data, service gates for the PostgreSQL/Redis pass."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.db import connection

# Playwright's sync API runs an event loop in the main thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def _service_gate(request):
    """A postgres/redis test needs its service: skipped on a developer's laptop, a failure in CI."""
    needs_pg = request.node.get_closest_marker("postgres") is not None
    needs_redis = request.node.get_closest_marker("redis") is not None
    problems = []
    if needs_pg and connection.vendor != "postgresql":
        problems.append("此测试需要 PostgreSQL（设置 DATABASE_URL=postgres://…）")
    if needs_redis and not os.environ.get("TEST_CELERY_BROKER_URL"):
        problems.append("此测试需要 Redis（设置 TEST_CELERY_BROKER_URL=redis://…）")
    if problems:
        if REQUIRE_SERVICES:
            pytest.fail("；".join(problems))
        pytest.skip("；".join(problems))


@pytest.fixture
def demo(db):
    """The full seed-based demo data set (organisations, programmes, campaigns, demo accounts)."""
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def office_user(demo):
    from minsheng.accounts.models import User

    return User.objects.get(username="office")


@pytest.fixture
def county_user(demo):
    from minsheng.accounts.models import User

    return User.objects.get(username="county_dongkou")
