"""The demo data set, built once per test process instead of once per test.

`load_demo` costs ≈ 5,000 queries; calling it in every test that wants the demo made it the largest single
cost of the suite. Here it runs once per process (per xdist worker), the first time a test asks for the demo,
and each test then starts from a pristine copy:

* PostgreSQL: the demo lives in a second database, `<test db>_demo`, cloned from the freshly migrated test
  database (CREATE DATABASE … TEMPLATE) and loaded once. A test that wants the demo runs on it inside the usual
  per-test transaction, rolled back afterwards. A transactional test (a browser journey, a served app: its
  writes are committed) gets its own clone, `<test db>_demo_tx`, made from the demo database in well under a
  second on a quiet machine; it is not flushed afterwards, the next such test replaces it (PostgreSQL ≥ 13:
  DROP DATABASE … WITH (FORCE)).
* SQLite (in memory): snapshots of the empty and of the demo database are kept in memory, and SQLite's
  backup API copies the one the next test needs into the test database (milliseconds).

Tests that do not ask for the demo see the empty, migrated database exactly as before.

The demo is loaded as a test used to load it: inside a transaction whose on-commit callbacks are dropped
(a test's transaction never commits, so e.g. reports' document renders never ran).

`tests/conftest.py` wires this in: `pytest_runtest_setup` says which database the next test needs before any
of its fixtures runs (a module-scoped world built by a later fixture must land on the right one), and the
`django_db_setup` override makes the first switch once the test database exists.
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection, transaction

EMPTY, DEMO, DEMO_TX = "empty", "demo", "demo-tx"

ERR_NOT_ON_DEMO = "测试请求了演示数据，但当前数据库不是演示数据库（tests/demo_db.py 未能切换）"


def load_demo_once() -> None:
    """Run load_demo on the current database and commit it, without running its on-commit callbacks."""
    with open(os.devnull, "w") as devnull, transaction.atomic():
        call_command("load_demo", stdout=devnull)
        connection.run_on_commit.clear()


class _Postgres:
    """Three databases: the test database (empty), `<name>_demo` and a per-test clone `<name>_demo_tx`."""

    def __init__(self) -> None:
        self.base = connection.settings_dict["NAME"]
        self.names = {EMPTY: self.base, DEMO: f"{self.base}_demo", DEMO_TX: f"{self.base}_demo_tx"}
        self.built = False

    def _point(self, name: str) -> None:
        from django.conf import settings

        if connection.settings_dict["NAME"] != name:
            connection.close()
            connection.settings_dict["NAME"] = name
            settings.DATABASES[connection.alias]["NAME"] = name

    def _clone(self, source: str, target: str) -> None:
        """CREATE DATABASE target TEMPLATE source (nobody may be connected to the source meanwhile)."""
        connection.close()
        with connection._nodb_cursor() as cur:
            # A live-server thread ending its last request may still hold a connection to the source.
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [source],
            )
            cur.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')

    def use(self, state: str) -> None:
        if state != EMPTY and not self.built:
            self._clone(self.base, self.names[DEMO])
            self._point(self.names[DEMO])
            load_demo_once()
            self.built = True
        if state == DEMO_TX:
            self._clone(self.names[DEMO], self.names[DEMO_TX])
        self._point(self.names[state])

    def current(self) -> str:
        name = connection.settings_dict["NAME"]
        return next((state for state, db in self.names.items() if db == name), "")

    def close(self) -> None:
        self._point(self.base)
        with connection._nodb_cursor() as cur:
            for state in (DEMO, DEMO_TX):
                cur.execute(f'DROP DATABASE IF EXISTS "{self.names[state]}" WITH (FORCE)')


class _Sqlite:
    """One database; in-memory snapshots of its empty and demo contents are copied in as needed."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.empty = sqlite3.connect(":memory:")
        connection.connection.backup(self.empty)
        self.demo: sqlite3.Connection | None = None
        self.state = EMPTY

    def use(self, state: str) -> None:
        connection.ensure_connection()
        if state != EMPTY and self.demo is None:
            self.empty.backup(connection.connection)
            load_demo_once()
            self.demo = sqlite3.connect(":memory:")
            connection.connection.backup(self.demo)
        # A transactional test's writes were committed (and not flushed, see below): copy the snapshot in again.
        if state != self.state or state == DEMO_TX:
            (self.empty if state == EMPTY else self.demo).backup(connection.connection)
        self.state = state

    def current(self) -> str:
        return self.state

    def close(self) -> None:
        self.empty.close()
        if self.demo is not None:
            self.demo.close()


def is_transactional(item: pytest.Item) -> bool:
    """The rule pytest-django applies: committed writes, database flushed after the test."""
    names = set(getattr(item, "fixturenames", ()))
    if names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args[:1] == (True,))


class DemoDatabase:
    """Which database the current test runs on; switches before each test's fixtures are set up."""

    def __init__(self) -> None:
        self.backend: _Postgres | _Sqlite | None = None
        self.wanted = EMPTY
        self.blocker = None

    def want(self, item: pytest.Item) -> None:
        if "demo_database" in getattr(item, "fixturenames", ()):
            self.wanted = DEMO_TX if is_transactional(item) else DEMO
        else:
            self.wanted = EMPTY
        if self.backend is not None:
            self.apply()

    def start(self, blocker) -> None:
        """Called once the test database exists (django_db_setup)."""
        self.blocker = blocker
        _skip_flush_of_throwaway_copies(self)
        with blocker.unblock():
            if connection.vendor == "postgresql":
                self.backend = _Postgres()
            elif connection.vendor == "sqlite":
                self.backend = _Sqlite()
            else:
                pytest.fail(f"演示数据库只支持 PostgreSQL 和 SQLite，当前数据库：{connection.vendor}")
        self.apply()

    def apply(self) -> None:
        with self.blocker.unblock():
            self.backend.use(self.wanted)

    def check(self) -> None:
        if self.backend is None or self.backend.current() not in (DEMO, DEMO_TX):
            pytest.fail(ERR_NOT_ON_DEMO)

    def stop(self) -> None:
        if self.backend is not None:
            with self.blocker.unblock():
                self.backend.close()
            self.backend = None


def _skip_flush_of_throwaway_copies(demo_db: DemoDatabase) -> None:
    """After a transactional test pytest-django flushes (TRUNCATEs) its database; the demo copy such a test ran
    on is replaced before the next test anyway, so flushing it would only cost time."""
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_teardown
    if getattr(original, "skips_demo_copies", False):
        return

    def _fixture_teardown(self):
        if demo_db.backend is not None and demo_db.backend.current() == DEMO_TX:
            return
        original(self)

    _fixture_teardown.skips_demo_copies = True
    TransactionTestCase._fixture_teardown = _fixture_teardown


DEMO_DB = DemoDatabase()
