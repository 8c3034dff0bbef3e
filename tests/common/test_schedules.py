"""Schedules that run (issue 14 §6): the declared schedule is in the database from migrate on, the office sees it
in words on 定时任务, runs a task now and changes its time; edits survive a re-sync and a beat start."""

from __future__ import annotations

import re

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from minsheng.accounts.models import Role
from minsheng.common import schedules
from minsheng.common.beat import DeclaredScheduleScheduler
from minsheng.common.models import ScheduledJob, ScheduleRun
from minsheng.common.schedule_views import MSG_OFFICE_ONLY
from tests.factories import CountyFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("common:schedules")


@pytest.fixture
def office(client):
    user = UserFactory(username="sched_office", role=Role.OFFICE, organisation=None)  # the instance's own office
    client.force_login(user)
    return user


def _task(name) -> PeriodicTask:
    return PeriodicTask.objects.select_related("crontab").get(name=name)


def test_every_declared_entry_is_in_the_database_after_migrate():
    declared = settings.CELERY_BEAT_SCHEDULE
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    assert set(declared) <= set(tasks)
    for name, entry in declared.items():
        task = tasks[name]
        assert task.task == entry["task"] and task.enabled
        assert schedules.cron_of_task(task) == schedules.cron_of_schedule(entry["schedule"])
        assert task.crontab.timezone.key == settings.CELERY_TIMEZONE
        assert re.search(r"[\u4e00-\u9fff]", entry["description"]), f"{name}: 缺少中文说明"
        assert task.description == entry["description"]
    assert set(ScheduledJob.objects.values_list("name", flat=True)) == set(declared)


def test_office_edit_survives_a_second_sync_and_unedited_entries_follow_the_declaration(office):
    schedules.schedule_edit(task=_task("progress-open-month"), by=office, enabled=False, hour="1", minute="30")
    declared = dict(settings.CELERY_BEAT_SCHEDULE)
    declared["progress-open-month"] = {**declared["progress-open-month"], "schedule": crontab(minute=5, hour=0)}
    declared["audit-purge-expired"] = {**declared["audit-purge-expired"], "schedule": crontab(minute=0, hour=2)}

    outcome = schedules.schedule_sync(declared=declared)

    assert "progress-open-month" in outcome["kept"] and "audit-purge-expired" in outcome["updated"]
    edited = _task("progress-open-month")
    assert schedules.cron_of_task(edited) == "30 1 1 * *" and edited.enabled is False
    assert schedules.cron_of_task(_task("audit-purge-expired")) == "0 2 * * *"
    schedules.schedule_sync()  # and again with the settings as they are
    edited = _task("progress-open-month")
    assert schedules.cron_of_task(edited) == "30 1 1 * *" and edited.enabled is False


def test_an_edit_made_in_the_admin_is_kept_too():
    task = _task("observers-duty-reminder")
    task.enabled = False
    task.save()
    schedules.schedule_sync()
    assert _task("observers-duty-reminder").enabled is False


def test_an_entry_no_longer_declared_is_removed_unless_the_office_edited_it(office):
    schedules.schedule_edit(task=_task("reports-briefs-tenday"), by=office, enabled=True, hour="7", minute="0")
    declared = {k: v for k, v in settings.CELERY_BEAT_SCHEDULE.items() if k not in ("reports-briefs-tenday",
                                                                                    "sessions-clear-expired")}
    outcome = schedules.schedule_sync(declared=declared)
    assert outcome["removed"] == ["sessions-clear-expired"]
    assert not PeriodicTask.objects.filter(name="sessions-clear-expired").exists()
    assert PeriodicTask.objects.filter(name="reports-briefs-tenday").exists()


def test_beat_start_does_not_overwrite_office_edits(office):
    from minsheng.celery import app

    schedules.schedule_edit(task=_task("progress-deadline-reminders"), by=office, enabled=True, hour="7",
                            minute="45")
    assert app.conf.beat_scheduler == "minsheng.common.beat:DeclaredScheduleScheduler"
    DeclaredScheduleScheduler(app=app)  # what `celery beat` / `worker -B` does on start
    assert schedules.cron_of_task(_task("progress-deadline-reminders")) == "45 7 * * *"
    assert not PeriodicTask.objects.filter(name="celery.backend_cleanup").exists()


def test_page_shows_each_task_in_words_without_raw_cron(client, office):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "开启当月月度调度填报" in html and "每月1日 00:10" in html
    assert "每 15 分钟" in html and "每天 09:00" in html and "每年1月、4月、7月、10月的8日 08:00" in html
    assert "*/15" not in html and "10 0 1 * *" not in html and "progress.tasks" not in html
    assert "下次运行" in html and "尚未运行" in html and html.count("立即运行</button>") == len(
        settings.CELERY_BEAT_SCHEDULE
    )


def test_the_office_navigation_links_to_the_page(client, office):
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()


def test_run_now_queues_the_task_and_records_the_run(client, office, django_capture_on_commit_callbacks):
    task = _task("sessions-clear-expired")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("common:schedule_run", args=[task.pk]))
    assert response.status_code == 302
    run = ScheduleRun.objects.get()
    assert (run.name, run.task, run.triggered_by, run.status) == (
        "sessions-clear-expired", task.task, office, ScheduleRun.Status.SUCCEEDED,
    )
    assert run.started_at and run.finished_at and run.result == "完成，处理 0 项"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        schedules.MSG_RUN_QUEUED.format(label="清理过期的会话")
    ]
    html = client.get(URL).content.decode()
    assert f"{office.display_name}手动运行" in html
    assert "成功" in html and "完成，处理 0 项" in html


def test_run_now_with_a_broker_sends_the_task_to_the_worker(client, office, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    from minsheng.celery import app
    from minsheng.common.tasks import session_clear_expired_task

    sent = []
    monkeypatch.setattr(session_clear_expired_task, "apply_async", lambda **kw: sent.append(kw))
    task = _task("sessions-clear-expired")
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("common:schedule_run", args=[task.pk]))
    finally:
        app.conf.task_always_eager = eager
    run = ScheduleRun.objects.get()
    assert run.status == ScheduleRun.Status.QUEUED
    assert sent == [{"args": [], "kwargs": {}, "headers": {
        schedules.HEADER_NAME: "sessions-clear-expired", schedules.HEADER_RUN: run.pk}}]


def test_a_run_sent_by_beat_is_recorded():
    from minsheng.common.tasks import session_clear_expired_task

    session_clear_expired_task.apply(headers={"periodic_task_name": "sessions-clear-expired"})
    run = ScheduleRun.objects.get()
    assert (run.name, run.triggered_by, run.status) == ("sessions-clear-expired", None, ScheduleRun.Status.SUCCEEDED)
    session_clear_expired_task.apply()  # not a scheduled run: nothing recorded
    assert ScheduleRun.objects.count() == 1


def test_runs_older_than_the_log_period_are_deleted_as_new_ones_come():
    from datetime import timedelta

    from django.utils import timezone

    from minsheng.common.tasks import session_clear_expired_task

    old = ScheduleRun.objects.create(name="sessions-clear-expired", task="x", status=ScheduleRun.Status.SUCCEEDED)
    recent = ScheduleRun.objects.create(name="sessions-clear-expired", task="x", status=ScheduleRun.Status.SUCCEEDED)
    ScheduleRun.objects.filter(pk=old.pk).update(
        queued_at=timezone.now() - timedelta(days=schedules.RUN_LOG_DAYS + 1)
    )
    session_clear_expired_task.apply(headers={"periodic_task_name": "sessions-clear-expired"})
    assert not ScheduleRun.objects.filter(pk=old.pk).exists()
    assert ScheduleRun.objects.filter(pk=recent.pk).exists() and ScheduleRun.objects.count() == 2


def test_a_failed_run_is_recorded_as_failed(client, office, monkeypatch, django_capture_on_commit_callbacks):
    from minsheng.common import tasks

    def broken():
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr(tasks.session_clear_expired_task, "run", broken)
    task = _task("sessions-clear-expired")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("common:schedule_run", args=[task.pk])).status_code == 302
    run = ScheduleRun.objects.get()
    assert run.status == ScheduleRun.Status.FAILED and "数据库连接中断" in run.result


def test_edit_form_changes_time_and_enabled_and_validates_in_chinese(client, office):
    task = _task("progress-open-month")
    url = reverse("common:schedule_edit", args=[task.pk])
    page = client.get(url).content.decode()
    assert "运行时间" in page and "每月几日运行" in page and 'value="00:10"' in page

    bad = client.post(url, {"time": "25:00", "days": "1", "enabled": "on"})
    assert bad.status_code == 400 and schedules.MSG_TIME_INVALID in bad.content.decode()
    bad = client.post(url, {"time": "01:30", "days": "31", "enabled": "on"})
    assert bad.status_code == 400 and schedules.MSG_DAYS_INVALID in bad.content.decode()

    assert client.post(url, {"time": "01：30", "days": "2，3"}).status_code == 302
    task = _task("progress-open-month")
    assert schedules.cron_of_task(task) == "30 1 2,3 * *" and task.enabled is False
    marker = ScheduledJob.objects.get(name="progress-open-month")
    assert marker.edited_by == office and marker.edited_at
    html = client.get(URL).content.decode()
    assert "每月2日、3日 01:30" in html and "已调整" in html and "已停用" in html

    interval = _task("notifications-retry-unsent-email")
    url = reverse("common:schedule_edit", args=[interval.pk])
    bad = client.post(url, {"every": "90", "enabled": "on"})
    assert bad.status_code == 400 and schedules.MSG_INTERVAL_INVALID in bad.content.decode()
    assert client.post(url, {"every": "30", "enabled": "on"}).status_code == 302
    assert schedules.describe_task(_task("notifications-retry-unsent-email")) == "每 30 分钟"


@pytest.mark.parametrize("method,name", [("get", "common:schedules"), ("post", "common:schedule_run"),
                                         ("get", "common:schedule_edit"), ("post", "common:schedule_edit")])
def test_only_the_office_may_see_run_or_edit(client, method, name):
    task = _task("progress-open-month")
    url = reverse(name) if name == "common:schedules" else reverse(name, args=[task.pk])
    assert getattr(client, method)(url).status_code == 302  # anonymous: to log in
    client.force_login(UserFactory(username="sched_county", role=Role.COUNTY, organisation=CountyFactory()))
    response = getattr(client, method)(url, {"time": "01:00", "days": "1"} if method == "post" else None)
    assert response.status_code == 403 and MSG_OFFICE_ONLY in response.content.decode()
    assert not ScheduleRun.objects.exists()
    assert schedules.cron_of_task(_task("progress-open-month")) == "10 0 1 * *"


@pytest.mark.parametrize("cron,words", [
    ("10 0 1 * *", "每月1日 00:10"),
    ("*/5 * * * *", "每 5 分钟"),
    ("0 9 * * *", "每天 09:00"),
    ("30 8 1,11,21 * *", "每月1日、11日、21日 08:30"),
    ("0 8 8 1,4,7,10 *", "每年1月、4月、7月、10月的8日 08:00"),
    ("0 9 * * 1-5", "每周一、二、三、四、五 09:00"),
    ("15 * * * *", "每小时第 15 分"),
])
def test_describe_cron(cron, words):
    assert schedules.describe_cron(cron) == words


def test_the_page_costs_the_same_queries_however_many_runs_are_recorded(client, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    ScheduleRun.objects.create(name="progress-open-month", task="progress.tasks.progress_open_month",
                               status=ScheduleRun.Status.SUCCEEDED, triggered_by=office)
    queries()  # the first request warms per-process caches
    few = queries()
    for name in settings.CELERY_BEAT_SCHEDULE:
        for _ in range(3):
            ScheduleRun.objects.create(name=name, task="x", status=ScheduleRun.Status.SUCCEEDED, triggered_by=office)
    assert queries() == few
