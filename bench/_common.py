"""Shared set-up of the bench scripts (imported as `_common`: a script's own folder is first on sys.path).

`django_setup()` picks the database — BENCH_DATABASE_URL when it is a PostgreSQL that answers, else SQLite
in memory — and calls django.setup() with DJANGO_SETTINGS_MODULE (default: the test settings).
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pg_reachable(url: str) -> bool:
    """True when the PostgreSQL server of `url` accepts a TCP connection within 2 s."""
    u = urlparse(url)
    try:
        socket.create_connection((u.hostname or "127.0.0.1", u.port or 5432), timeout=2).close()
        return True
    except OSError:
        return False


def database_url() -> str:
    """BENCH_DATABASE_URL when it names a reachable PostgreSQL, else SQLite in memory."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    return url if url.startswith("postgres") and pg_reachable(url) else "sqlite://:memory:"


def django_setup(*, settings: str = "minsheng.settings.test", require_postgres: bool = False) -> str:
    """Point DATABASE_URL at the bench database and set Django up; returns the URL used."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    url = database_url()
    if require_postgres and not url.startswith("postgres"):
        raise SystemExit("需要 PostgreSQL：请设置可连接的 BENCH_DATABASE_URL（postgres://…）")
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    return url


def loadavg() -> str:
    """The 1/5/15-minute load averages as 'a/b/c' (recorded beside every figure)."""
    return "/".join(f"{x:.2f}" for x in os.getloadavg())
