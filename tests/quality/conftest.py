"""Module-scoped worlds for the quality gates: the demo and the A/B objects are built once per module
inside a transaction that is rolled back afterwards, and each request runs in its own savepoint."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from .world import build_world, spread_primary_keys


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo plus A/B objects (each table in its own id range); all rolled back when the module ends."""
    media = tmp_path_factory.mktemp("quality-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        cache.clear()
        atomic = transaction.atomic()
        atomic.__enter__()
        restore_sequences = None
        try:
            restore_sequences = spread_primary_keys()
            w = build_world()
            w.shared["media_root"] = media
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            if restore_sequences is not None:
                restore_sequences()
            cache.clear()


@pytest.fixture
def in_world(world, django_db_blocker):
    """Database access for a test that runs inside the module's world (no per-test database reset)."""
    with django_db_blocker.unblock():
        yield world
