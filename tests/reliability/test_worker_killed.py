"""A Celery worker's process is killed (SIGKILL) in the middle of the monthly 通报 run: the message is
redelivered (acks_late + reject_on_worker_lost) and exactly one bulletin exists per scope afterwards."""

from __future__ import annotations

import os
import re
import signal
import time

import pytest

from minsheng.celery import app as celery_app
from projects.models import Programme
from reports.models import DocState, Document, Kind
from reports.scheduling import scopes_for
from reports.tasks import bulletins_monthly

from .harness import Worker

pytestmark = [pytest.mark.postgres, pytest.mark.fault, pytest.mark.django_db(transaction=True)]


def _wait(predicate, *, timeout: float, what: str, worker: Worker):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        assert worker.proc.poll() is None, worker.output()
        time.sleep(0.2)
    raise AssertionError(f"{what}：{timeout} 秒内未发生\n{worker.output()}")


def test_killed_worker_task_is_redelivered_and_bulletins_are_not_doubled(
    demo, app_env, private_redis, tmp_path, monkeypatch
):
    programme = Programme.objects.get(year=2024, organisation__name="邵阳市")  # the demo has a second city
    scopes = scopes_for(programme)
    assert len(scopes) >= 3
    marker = tmp_path / "drafts.log"
    env = {**app_env, "RELIABILITY_TODAY": "2024-10-06"}  # the scheduled run then drafts 1-9 月
    worker = Worker(env, slow=1.0, marker=marker).start()
    try:
        monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
        with celery_app.connection_for_write(app_env["CELERY_BROKER_URL"]) as conn:
            bulletins_monthly.apply_async(connection=conn)

        def lines():
            return marker.read_text().split() if marker.exists() else []

        # Kill the pool process once it has committed one draft and is working on the second.
        _wait(lambda: len(lines()) >= 4, timeout=90, what="通报生成开始", worker=worker)
        victim = int(lines()[-2])
        os.kill(victim, signal.SIGKILL)

        done = _wait(
            lambda: re.search(r"reports\.tasks\.bulletins_monthly\[[^\]]+\] succeeded", worker.output()),
            timeout=180,
            what="任务重投后完成",
            worker=worker,
        )
        assert done
        log = worker.output()
        assert "SIGKILL" in log or "WorkerLostError" in log, log
        pids = {int(p) for p in lines()[0::2]}
        assert victim in pids and len(pids) >= 2, "任务应在另一个进程中重新执行"
    finally:
        worker.stop()
    for scope in scopes:
        docs = Document.objects.filter(
            kind=Kind.BULLETIN, programme=programme, scope=scope, year=2024, period="M09"
        ).exclude(state=DocState.SUPERSEDED)
        assert docs.count() == 1, f"{scope.name} 的 2024 年 1-9 月通报应恰好一份，实有 {docs.count()} 份"
