"""Fixtures of the fault tests: a private Redis, and the app served by gunicorn on this test database."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from .harness import PrivateRedis, Server, django_env


def database_url() -> str:
    """The URL of the test database this test process uses (the served app and workers share it)."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def private_redis():
    redis = PrivateRedis().start()
    try:
        yield redis
    finally:
        redis.stop()


@pytest.fixture
def app_env(private_redis):
    """Environment of a served app / worker: this test database, the private Redis as broker and cache."""
    return django_env(
        DATABASE_URL=database_url(),
        REDIS_URL=private_redis.url(1),
        CELERY_BROKER_URL=private_redis.url(0),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )


@pytest.fixture
def served(demo, app_env):
    server = Server(app_env).start()
    try:
        yield server
    finally:
        server.stop()
