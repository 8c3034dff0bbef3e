"""Private services for the fault tests: a Redis, a PostgreSQL cluster, a gunicorn and a Celery worker,
each a subprocess on a free 127.0.0.1 port, plus a tiny cookie-keeping HTTP client (urllib).

Nothing here touches the machine's shared PostgreSQL (5432) or Redis (6379) servers.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, *, timeout: float = 30, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise RuntimeError(f"进程提前退出（{proc.returncode}）：{out[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"127.0.0.1:{port} 在 {timeout} 秒内未就绪")


def _stop(proc: subprocess.Popen | None, *, sig=signal.SIGTERM, timeout: float = 20) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class PrivateRedis:
    """`redis-server` without persistence on its own port; start() / stop() as often as needed."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> PrivateRedis:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        wait_port(self.port, proc=self.proc)
        return self

    def stop(self) -> None:
        _stop(self.proc)
        self.proc = None

    def is_up(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class PrivatePostgres:
    """A throw-away PostgreSQL cluster (initdb in a temporary folder, trust auth, UTF-8 / C.UTF-8)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="minsheng-pg-"))
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def init(self) -> PrivatePostgres:
        subprocess.run(
            _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                          "-E", "UTF8", "--locale=C.UTF-8"]),
            check=True, capture_output=True, text=True, timeout=120,
        )
        return self.start()

    def _ctl(self, *args: str, timeout: float = 60) -> None:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", opts,
                          "-l", str(self.dir / "server.log"), "-w", *args]),
            check=True, capture_output=True, text=True, timeout=timeout,
        )

    def start(self) -> PrivatePostgres:
        self._ctl("start")
        return self

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def psql(self, sql: str, db: str = "postgres") -> str:
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db, "-XAtqc", sql],
            check=True, capture_output=True, text=True, timeout=60,
        )
        return out.stdout.strip()

    def createdb(self, name: str) -> str:
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' LC_COLLATE \'C.UTF-8\' '
                  f"LC_CTYPE 'C.UTF-8'")
        return self.url(name)

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def django_env(**extra: str) -> dict[str, str]:
    """The environment of a served app or worker: test settings (+ the fixed CAPTCHA), given services."""
    keep = {k: v for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE",
                         "PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST")}
    return {**keep, "DJANGO_SETTINGS_MODULE": "tests.reliability.server_settings", "PYTHONPATH": str(ROOT),
            **extra}


class Server:
    """gunicorn serving minsheng on 127.0.0.1:<free port> (2 sync workers)."""

    def __init__(self, env: dict[str, str], *, workers: int = 2) -> None:
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="minsheng-gunicorn-", suffix=".log")[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "minsheng.wsgi:application", "-b", f"127.0.0.1:{self.port}",
             "-w", str(self.workers), "--timeout", "60", "--graceful-timeout", "5"],
            env=self.env, cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT, text=True,
        )
        wait_port(self.port, timeout=60, proc=self.proc)
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]

    def stop(self) -> None:
        _stop(self.proc)
        self.proc = None


class Worker:
    """A `celery worker` (prefork, one child) — optionally slowed down for the kill test."""

    def __init__(self, env: dict[str, str], *, slow: float = 0.0, marker: Path | None = None) -> None:
        self.env = {**env, "RELIABILITY_SLOW_SECONDS": str(slow)}
        if marker is not None:
            self.env["RELIABILITY_MARKER"] = str(marker)
        self.proc: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="minsheng-worker-", suffix=".log")[1])

    def start(self) -> Worker:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.slow_worker", "worker", "-P", "prefork", "-c", "1",
             "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            env=self.env, cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-8000:]

    def stop(self) -> None:
        _stop(self.proc, timeout=30)
        self.proc = None


class Browser:
    """A cookie-keeping HTTP client that reads CSRF tokens from forms like a browser would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path: str, data: dict | None = None, *, timeout: float = 30) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - 127.0.0.1 only
        if data is not None:
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                return resp.status, resp.read().decode("utf-8", "replace"), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)

    def get(self, path: str, **kw) -> tuple[int, str, dict]:
        return self.request(path, **kw)

    def csrf(self, html: str) -> str:
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if m:
            return m.group(1)
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post_form(self, path: str, data: dict, *, form_page: str | None = None) -> tuple[int, str, dict]:
        status, html, _ = self.get(form_page or path)
        assert status == 200, (status, html[:500])
        return self.request(path, {**data, "csrfmiddlewaretoken": self.csrf(html)})

    def login(self, username: str, password: str = "Minsheng#2024") -> None:  # noqa: S107 - demo password
        status, _, headers = self.post_form("/accounts/login/", {"username": username, "password": password})
        assert status == 302, f"{username} 登录失败（{status}）"

    def session_cookie(self) -> str:
        return next(c.value for c in self.jar if c.name == "sessionid")
