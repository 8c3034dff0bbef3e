"""Shared set-up of the bench scripts (imported as `_common`: a script's own folder is first on sys.path).

`django_setup()` picks the database — BENCH_DATABASE_URL when it is a PostgreSQL that answers, else SQLite
in memory — and calls django.setup() with DJANGO_SETTINGS_MODULE (default: the test settings).
"""

from __future__ import annotations

import io
import json
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


def province_database_url() -> str:
    """The province bench's own database: BENCH_PROVINCE_DATABASE_URL, else BENCH_DATABASE_URL's name + '_province'."""
    url = os.environ.get("BENCH_PROVINCE_DATABASE_URL", "")
    if not url:
        base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/minsheng_bench")
        url = base if base.rstrip("/").endswith("_province") else base.rstrip("/") + "_province"
    return url


def ensure_tool(name: str, package: str | None = None) -> str | None:
    """Path of a system tool; installs its Debian package when missing and running as root (else None)."""
    import shutil
    import subprocess

    path = shutil.which(name)
    if path is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"# 安装 {package or name}（apt-get）", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package or name],
                       env=env, check=False, capture_output=True)
        path = shutil.which(name)
    return path


def server_env(*, database_url: str, redis_url: str, media_root: str, **extra: str) -> dict[str, str]:
    """Environment of the gunicorn / Celery processes of the wrk bench and the soak (bench/_settings.py)."""
    keep = {k: v for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "_settings",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url.rsplit("/", 1)[0] + "/0",
        "CELERY_BROKER_URL": redis_url.rsplit("/", 1)[0] + "/1",
        "MEDIA_ROOT": media_root,
        # The public form allows 10 submissions per address per hour; every bench client is 127.0.0.1.
        "PROPOSALS_SUBMIT_PER_HOUR": "100000000",
        "AXES_FAILURE_LIMIT": "1000",
        **extra,
    }


def _copy_value(field, obj, connection) -> str:
    from django.db.models import FileField, JSONField

    value = field.pre_save(obj, True)  # fills auto_now / auto_now_add like save() does
    if isinstance(field, JSONField):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(field, FileField):
        value = value.name or ""
    else:
        value = field.get_db_prep_save(value, connection)
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return (str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def insert_many(model, objs: list) -> None:
    """Insert model instances without signals: COPY on PostgreSQL (ids from the sequence), else bulk_create."""
    from django.db import connection

    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=2000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    buf = io.StringIO()
    for obj in objs:
        buf.write("\t".join(_copy_value(f, obj, connection) for f in fields))
        buf.write("\n")
    buf.seek(0)
    with connection.cursor() as cur:
        cur.copy_expert(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({cols}) FROM STDIN", buf)
