"""Real services: PostgreSQL's encoding, and a real Celery worker taking a task from Redis."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from minsheng.celery import app as celery_app
from minsheng.common.models import Notification
from minsheng.common.tasks import notification_email_send
from tests.factories import UserFactory


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_database_is_utf8():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
        )
        (encoding,) = cursor.fetchone()
    assert encoding == "UTF8"


@pytest.mark.postgres
@pytest.mark.django_db
def test_chinese_text_round_trips_and_sorts():
    from minsheng.accounts.models import Organisation

    Organisation.objects.create(name="城步苗族自治县", kind=Organisation.Kind.PROVINCE)
    assert Organisation.objects.get(name__contains="苗族").name == "城步苗族自治县"


@pytest.fixture
def celery_worker_process():
    """A real `celery worker` subprocess on its own queue, pointed at this test database."""
    broker = os.environ["TEST_CELERY_BROKER_URL"]
    db = connection.settings_dict
    queue = f"itest-{os.getpid()}-{time.time_ns()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minsheng.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "minsheng",
            "worker",
            "-P",
            "solo",
            "-Q",
            queue,
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue, broker, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_task_from_redis(celery_worker_process, monkeypatch):
    queue, broker, proc = celery_worker_process
    user = UserFactory(username="worker-check", email="worker@example.cn")
    note = Notification.objects.create(recipient=user, title="真实 worker 集成测试")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    with celery_app.connection_for_write(broker) as conn:
        notification_email_send.apply_async(args=[note.pk], queue=queue, connection=conn)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        note.refresh_from_db()
        if note.email_sent_at is not None:
            break
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.3)
    assert note.email_sent_at is not None, "worker 未在 60 秒内处理任务"
    assert note.email_attempts == 1
