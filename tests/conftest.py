"""Shared fixtures: factories, demo data (built once per process: tests/demo_db.py), service gates for the
PostgreSQL/Redis pass, and the state every test starts from (empty cache, no similarity index)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.demo_db import DEMO_DB

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


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of the test: put the database the test needs (empty or demo) in place."""
    DEMO_DB.want(item)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    DEMO_DB.start(django_db_blocker)
    yield
    DEMO_DB.stop()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Demo rows keep their ids from test to test: nothing cached by an earlier test may be served again."""
    from django.core.cache import cache

    from proposals import similarity

    cache.clear()
    similarity._CACHE.clear()


@pytest.fixture
def demo_database(db):
    """The test runs on the full demo (see tests/demo_db.py); its writes are rolled back."""
    DEMO_DB.check()


@pytest.fixture
def demo(demo_database):
    """The full seed-based demo data set (organisations, programmes, campaigns, demo accounts)."""


@pytest.fixture
def office_user(demo):
    from minsheng.accounts.models import User

    return User.objects.get(username="office")


@pytest.fixture
def county_user(demo):
    from minsheng.accounts.models import User

    return User.objects.get(username="county_dongkou")


_service_results: dict[str, list[str]] = {"postgres": [], "redis": []}


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed:
        for marker in ("postgres", "redis"):
            if marker in report.keywords:
                _service_results[marker].append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    """Say plainly which real-service tests ran, so a green run cannot hide a skipped service."""
    db = connection.settings_dict.get("ENGINE", "")
    terminalreporter.write_sep("-", "真实服务测试")
    terminalreporter.write_line(f"数据库后端：{db}")
    terminalreporter.write_line(f"PostgreSQL 测试通过：{len(_service_results['postgres'])} 项")
    terminalreporter.write_line(f"Redis + Celery worker 测试通过：{len(_service_results['redis'])} 项")
