"""等保 settings: log-ins audited (user, address, time, success or failure), every change to reported
figures audited, audit records kept ≥ 180 days and not editable through the app (not even by admin)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import User
from minsheng.common.audit import AUDIT_MIN_RETENTION_DAYS, audit_purge_expired, audit_retention_days

pytestmark = pytest.mark.django_db

AUDIT_WORDS = ("Transition", "Event", "Log", "StageChange")


def audit_models():
    """Every history/audit model of every app: simple_history's, workflow transitions/events, log-in logs."""
    found = []
    for model in apps.get_models():
        name = model.__name__
        if name.startswith("Historical") or any(w in name for w in AUDIT_WORDS):
            found.append(model)
    return found


def test_audit_models_are_found():
    labels = {m._meta.label for m in audit_models()}
    assert {"progress.HistoricalFigure", "progress.FigureTransition", "axes.AccessLog", "axes.AccessFailureLog",
            "reports.DocumentTransition", "proposals.ProposalEvent", "observers.WorkflowEvent"} <= labels


def test_no_audit_record_can_be_added_changed_or_deleted_in_the_admin():
    """Walk every ModelAdmin and every inline: audit models are read-only, even for the superuser."""
    superuser = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    audit = set(audit_models())
    problems = []
    for model, model_admin in admin.site._registry.items():
        if model in audit:
            for perm in ("add", "change", "delete"):
                check = getattr(model_admin, f"has_{perm}_permission")
                if check(request) if perm == "add" else check(request, None):
                    problems.append(f"{model._meta.label}：后台可{perm}")
        for inline_class in model_admin.inlines:
            if inline_class.model in audit:
                inline = inline_class(model, admin.site)
                for perm in ("add", "change", "delete"):
                    if getattr(inline, f"has_{perm}_permission")(request, None):
                        problems.append(f"{model._meta.label} 的内联 {inline_class.model._meta.label}：可{perm}")
    assert not problems, "\n".join(problems)


def test_successful_and_failed_logins_are_recorded(client):
    user = User.objects.create_user(username="clerk_audit", password="Right#Pass2024")
    client.post(reverse("accounts:login"), {"username": "clerk_audit", "password": "wrong"},
                REMOTE_ADDR="10.1.2.3")
    failure = AccessFailureLog.objects.get(username="clerk_audit")
    assert failure.ip_address == "10.1.2.3" and failure.attempt_time is not None and not failure.locked_out
    r = client.post(reverse("accounts:login"), {"username": "clerk_audit", "password": "Right#Pass2024"},
                    REMOTE_ADDR="10.1.2.4")
    assert r.status_code == 302
    log = AccessLog.objects.get(username="clerk_audit")
    assert log.ip_address == "10.1.2.4" and log.attempt_time is not None
    client.post(reverse("accounts:logout"))
    log.refresh_from_db()
    assert log.logout_time is not None
    # The success resets the lock-out counter but not the failure record.
    assert AccessFailureLog.objects.filter(username=user.username).count() == 1


def test_every_change_to_a_reported_figure_is_audited():
    from minsheng.accounts.models import Role
    from progress.models import Figure, FigureTransition
    from progress.services import figure_save, figure_submit
    from tests.progress.factories import IndicatorTargetFactory, PeriodFactory, UserFactory

    target = IndicatorTargetFactory()
    period = PeriodFactory(programme=target.indicator.project.matter.programme)
    clerk = UserFactory(role=Role.COUNTY, organisation=target.county)
    figure = figure_save(target=target, period=period, actor=clerk, value=Decimal("10"), narrative="一")
    figure = figure_save(target=target, period=period, actor=clerk, value=Decimal("12"), narrative="二")
    figure_submit(figure=figure, actor=clerk)
    history = list(Figure.history.filter(id=figure.pk).order_by("history_date", "history_id"))
    assert [h.value for h in history][:2] == [Decimal("10"), Decimal("12")]
    assert all(h.history_user_id in (clerk.pk, None) for h in history) and history[-1].history_date
    assert FigureTransition.objects.filter(figure=figure).exists()


def test_retention_is_at_least_180_days_and_the_purge_keeps_younger_records(settings):
    assert audit_retention_days() >= 180 and AUDIT_MIN_RETENTION_DAYS == 180
    now = timezone.now()
    for days in (1, 179, 181, 400):
        AccessLog.objects.create(username=f"u{days}", ip_address="10.0.0.1", attempt_time=now)
        AccessLog.objects.filter(username=f"u{days}").update(attempt_time=now - timedelta(days=days))
        AccessFailureLog.objects.create(username=f"u{days}", ip_address="10.0.0.1", locked_out=False)
        AccessFailureLog.objects.filter(username=f"u{days}").update(attempt_time=now - timedelta(days=days))
    settings.AUDIT_RETENTION_DAYS = 30  # a too-short setting is raised to the 180-day floor
    assert audit_retention_days() == 180
    audit_purge_expired()
    assert sorted(AccessLog.objects.values_list("username", flat=True)) == ["u1", "u179"]
    assert sorted(AccessFailureLog.objects.values_list("username", flat=True)) == ["u1", "u179"]
    settings.AUDIT_RETENTION_DAYS = 365
    AccessLog.objects.create(username="u300", ip_address="10.0.0.1")
    AccessLog.objects.filter(username="u300").update(attempt_time=now - timedelta(days=300))
    audit_purge_expired()
    assert AccessLog.objects.filter(username="u300").exists()


def test_purge_job_is_scheduled():
    tasks = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "minsheng.common.tasks.audit_purge_expired_task" in tasks
