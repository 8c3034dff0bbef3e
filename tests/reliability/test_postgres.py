"""A private PostgreSQL cluster: the served app survives a database restart without being restarted,
and scripts/backup → scripts/restore into an empty database gives back every row and every upload."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .harness import ROOT, Browser, PrivatePostgres, Server, django_env

pytestmark = [pytest.mark.postgres, pytest.mark.fault]


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The cluster, with database `minsheng_src` migrated and holding the demo data and a few uploads."""
    pg = PrivatePostgres().init()
    media = tmp_path_factory.mktemp("media-src")
    env = django_env(DATABASE_URL=pg.createdb("minsheng_src"), MEDIA_ROOT=str(media))
    try:
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "load_demo")
        (media / "progress" / "2024").mkdir(parents=True, exist_ok=True)
        (media / "progress" / "2024" / "佐证材料 九月.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(4096))
        (media / "observers" / "photos").mkdir(parents=True, exist_ok=True)
        (media / "observers" / "photos" / "a1b2.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(20000))
        (media / "reports").mkdir(exist_ok=True)
        (media / "reports" / "empty.docx").write_bytes(b"")
        yield pg, env, media
    finally:
        pg.destroy()


def _counts(pg: PrivatePostgres, db: str) -> dict[str, int]:
    tables = pg.psql(
        "SELECT table_name FROM information_schema.tables WHERE table_schema='public' AND table_type='BASE TABLE' "
        "ORDER BY 1", db
    ).split()
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM public.\"{t}\"" for t in tables)  # noqa: S608 - catalogue names
    return {t: int(n) for t, n in (line.split("|") for line in pg.psql(sql, db).splitlines())}


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def test_web_process_recovers_after_postgres_restart(cluster):
    pg, env, _ = cluster
    server = Server({**env, "CONN_MAX_AGE": "600"}, workers=1).start()
    try:
        office = Browser(server.base)
        office.login("office")
        assert office.get("/progress/dashboard/")[0] == 200
        assert office.get("/healthz")[0] == 200
        workers_before = _children(server.proc.pid)

        pg.restart()  # every open connection of the web worker is now dead

        # The very first request after the restart is served: CONN_HEALTH_CHECKS replaces the dead
        # persistent connection before it is used.
        started = time.monotonic()
        status, html, _ = office.get("/progress/dashboard/")
        assert status == 200, (status, server.output())
        assert office.get("/")[0] == 200 and office.get("/healthz")[0] == 200
        assert time.monotonic() - started < 15

        # While the database is down pages fail (500), and they come back by themselves afterwards.
        pg.stop()
        status, _, _ = office.get("/healthz")
        assert status >= 500
        pg.start()
        assert office.get("/progress/dashboard/")[0] == 200
        assert server.proc.poll() is None and _children(server.proc.pid) == workers_before, "web 进程不应被重启"
    finally:
        server.stop()


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(p) for p in out.split()}


def test_backup_and_restore_into_an_empty_database(cluster, tmp_path):
    pg, env, media = cluster
    backups = tmp_path / "backups"
    run_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([str(ROOT / "scripts" / "backup"), str(backups)], env=run_env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (folder,) = backups.iterdir()
    assert {p.name for p in folder.iterdir()} == {"db.dump", "media.tar.gz", "media.sha256", "manifest.json"}
    manifest = json.loads((folder / "manifest.json").read_text())
    source = _counts(pg, "minsheng_src")
    assert manifest["tables"] == source and manifest["media"]["files"] == len(_tree(media)) >= 3
    assert source["accounts_user"] >= 7 and source["projects_indicatortarget"] > 0

    restored_media = tmp_path / "media-restored"
    restore_env = {**run_env, "DATABASE_URL": pg.url("minsheng_restored"), "MEDIA_ROOT": str(restored_media)}
    result = subprocess.run([str(ROOT / "scripts" / "restore"), str(folder)], env=restore_env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "恢复完成并已校验" in result.stdout

    assert _counts(pg, "minsheng_restored") == source  # every table, row for row
    assert _tree(restored_media) == _tree(media)  # every upload, byte for byte
    # The restored database is the app's database: migrations are all applied and the demo log-in works.
    _manage({**env, "DATABASE_URL": pg.url("minsheng_restored")}, "migrate", "--check")

    # A second restore into the now non-empty database is refused.
    again = subprocess.run([str(ROOT / "scripts" / "restore"), str(folder)],
                           env={**restore_env, "MEDIA_ROOT": str(tmp_path / "other")},
                           capture_output=True, text=True, timeout=120)
    assert again.returncode != 0 and "不是空库" in again.stderr
