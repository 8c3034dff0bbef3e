"""Reporting-period lifecycle: open the next month, extend a deadline, lock once verified, the beat task
that opens the month on the 1st, late submissions marked late."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from freezegun import freeze_time

from progress import services, tasks
from progress.models import (
    SHANGHAI,
    Figure,
    FigureState,
    FigureTransition,
    PeriodEvent,
    ReportingPeriod,
)

from .factories import FigureFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_open_next_extend_and_audit(world):
    w = world
    p10 = services.period_open_next(programme=w["programme"], actor=w["office"])
    assert p10.month == 10 and p10.is_open
    assert p10.deadline == datetime(w["programme"].year, 11, 5, 18, tzinfo=SHANGHAI)
    with pytest.raises(PermissionDenied):
        services.period_open_next(programme=w["programme"], actor=w["clerk_a"])
    later = p10.deadline + timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.period_extend(period=p10, deadline=later, actor=w["office"], reason=" ")
    assert services.ERR_REASON_REQUIRED in exc.value.messages
    with pytest.raises(ValidationError):
        services.period_extend(period=p10, deadline=p10.deadline, actor=w["office"], reason="x")
    services.period_extend(period=p10, deadline=later, actor=w["office"], reason="国庆假期顺延")
    p10.refresh_from_db()
    assert p10.deadline == later
    ev = PeriodEvent.objects.filter(period=p10).order_by("id")
    assert [e.action for e in ev] == [PeriodEvent.Action.OPEN, PeriodEvent.Action.EXTEND]
    assert (ev[1].actor, ev[1].new_deadline, ev[1].comment) == (w["office"], later, "国庆假期顺延")


def test_lock_refused_while_unverified_then_locks(world):
    w = world
    with pytest.raises(ValidationError) as exc:
        services.period_lock(period=w["p9"], actor=w["office"])
    assert services.ERR_UNVERIFIED.format(n=1) in exc.value.messages
    services.figure_verify(figure=w["fb"], actor=w["office"])
    with pytest.raises(ValidationError):
        services.period_lock(period=w["p9"], actor=w["office"], confirmed=False)
    assert services.period_lock(period=w["p9"], actor=w["office"]) == 1
    w["p9"].refresh_from_db()
    assert w["p9"].state == ReportingPeriod.State.CLOSED
    fb = Figure.objects.get(pk=w["fb"].pk)
    assert fb.state == FigureState.LOCKED and fb.history.first().history_change_reason == "锁定"
    assert FigureTransition.objects.filter(figure=fb, to_state=FigureState.LOCKED, actor=w["office"]).exists()
    assert PeriodEvent.objects.filter(period=w["p9"], action=PeriodEvent.Action.LOCK).count() == 1
    with pytest.raises(ValidationError):
        services.figure_save(target=w["ta"], period=w["p9"], actor=w["clerk_a"], value=D("70"))


def test_office_pages_open_extend_lock_with_confirmation(client, world):
    w = world
    client.force_login(w["office"])
    url = reverse("progress:periods") + f"?programme={w['programme'].pk}"
    page = client.get(url).content.decode()
    assert "开启 1-10 月填报" in page and "锁定 9 月" in page
    client.post(url, {"action": "open_next"})
    p10 = ReportingPeriod.objects.get(programme=w["programme"], month=10)
    r = client.post(
        reverse("progress:period_extend", args=[p10.pk]),
        {"deadline": "2099-11-08T18:00", "reason": "系统维护"},
    )
    assert r.status_code == 302
    p10.refresh_from_db()
    assert p10.deadline.astimezone(SHANGHAI).date() == date(2099, 11, 8)
    lock = reverse("progress:period_lock", args=[w["p9"].pk])
    page = client.get(lock).content.decode()
    assert "暂不能锁定" in page  # 乙县's figure is still waiting for review
    services.figure_verify(figure=w["fb"], actor=w["office"])
    assert "确认锁定" in client.get(lock).content.decode()
    r = client.post(lock, {})  # box not ticked: nothing happens
    assert r.status_code == 200 and ReportingPeriod.objects.get(pk=w["p9"].pk).is_open
    r = client.post(lock, {"confirm": "on"})
    assert r.status_code == 302 and not ReportingPeriod.objects.get(pk=w["p9"].pk).is_open
    page = client.get(url).content.decode()
    assert "系统维护" in page and "已锁定" in page
    # counties and departments cannot manage periods
    client.force_login(w["clerk_a"])
    assert client.get(url).status_code == 403
    assert client.post(lock, {"confirm": "on"}).status_code == 403


def test_beat_task_opens_the_month_once(world):
    w = world
    programme = w["programme"]
    ProgrammeFactory(year=programme.year, organisation=w["dept"].organisation)  # no targets: left alone
    with freeze_time(datetime(programme.year, 11, 1, 0, 10, tzinfo=SHANGHAI)):
        tasks.progress_open_month.apply().get()
        tasks.progress_open_month.apply().get()
    p11 = ReportingPeriod.objects.get(programme=programme, month=11)
    assert ReportingPeriod.objects.filter(month=11).count() == 1
    assert PeriodEvent.objects.filter(period=p11, action=PeriodEvent.Action.OPEN).count() == 1
    assert "progress-open-month" in settings.CELERY_BEAT_SCHEDULE
    entry = settings.CELERY_BEAT_SCHEDULE["progress-open-month"]
    assert entry["task"] == "progress.tasks.progress_open_month"
    assert entry["schedule"].day_of_month == {1}


def test_county_sees_open_period_and_late_marks(client, world):
    w = world
    client.force_login(w["clerk_a"])
    assert client.get(reverse("progress:index")).url == reverse("progress:county_month", args=[w["p9"].pk])
    page = client.get(reverse("progress:county_month", args=[w["p9"].pk])).content.decode()
    assert "正在填报" in page and w["p9"].deadline.astimezone(SHANGHAI).strftime("%Y年%-m月%-d日") in page
    after = w["p9"].deadline + timedelta(hours=1)
    with freeze_time(after):
        f = services.figure_save(target=w["ta"], period=w["p9"], actor=w["clerk_a"], value=D("80"))
        services.figure_submit(figure=f, actor=w["clerk_a"])
        page = client.get(reverse("progress:county_month", args=[w["p9"].pk])).content.decode()
    assert "逾期报送" in page
    t = FigureTransition.objects.get(figure=f, to_state=FigureState.SUBMITTED)
    assert t.comment == services.LATE_NOTE
    on_time = FigureFactory(target=w["ta2"], period=w["p9"], submitted_at=w["p9"].deadline)
    assert not w["p9"].is_late(on_time.submitted_at)
