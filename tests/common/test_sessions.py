"""Expired sessions are deleted on a schedule: every cookieless visit to a public form starts one (issue 12 §3)."""

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from minsheng.common.tasks import session_clear_expired_task

pytestmark = pytest.mark.django_db


def test_clearing_is_in_the_beat_schedule_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["sessions-clear-expired"]
    assert entry["task"] == "minsheng.common.tasks.session_clear_expired_task"
    assert isinstance(entry["schedule"], crontab) and entry["schedule"].day_of_month == set(range(1, 32))
    from minsheng.celery import app

    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_task_deletes_expired_sessions_and_keeps_live_ones(client):
    client.get(reverse("common:captcha"))  # a cookieless visitor: one new session
    live = client.session.session_key
    stale = SessionStore()
    stale["x"] = 1
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert session_clear_expired_task.delay().get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
