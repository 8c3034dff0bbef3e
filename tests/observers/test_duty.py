"""The 四个一 duty: the pure function across month and year boundaries, the table, the 25th reminder."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from minsheng.common.models import Notification
from observers import duty
from observers.models import DutyReminder, FieldReport, Observer
from observers.selectors import duty_table, group_duty_table, newsletter_figures
from observers.services import duty_reminders_send, handoff_issue, inspection_record, report_save
from observers.tasks import duty_remind_month

from .factories import FindingFactory, ObserverFactory, county, office, project

SH = ZoneInfo("Asia/Shanghai")


def test_pure_month_and_year_boundaries():
    dates = [date(2023, 12, 31), date(2024, 1, 1)]
    dec = duty.duty_compliance(year=2023, month=12, info_dates=dates, suggestion_dates=dates[:1])
    jan = duty.duty_compliance(year=2024, month=1, info_dates=dates, suggestion_dates=dates[:1])
    assert (dec.info_count, dec.suggestion_count, dec.monthly_ok) == (1, 1, True)
    assert (jan.info_count, jan.suggestion_count, jan.monthly_ok) == (1, 0, False)
    assert jan.missing == (duty.MISSING_SUGGESTION, duty.MISSING_INSPECTION, duty.MISSING_WRITTEN)
    # Yearly items count year-to-date and start again in January.
    insp = [date(2023, 6, 9)]
    assert duty.duty_compliance(year=2023, month=5, inspection_dates=insp).inspection_count == 0
    assert duty.duty_compliance(year=2023, month=6, inspection_dates=insp).inspection_count == 1
    assert duty.duty_compliance(year=2023, month=12, inspection_dates=insp).inspection_count == 1
    assert duty.duty_compliance(year=2024, month=1, inspection_dates=insp).inspection_count == 0
    full = duty.duty_compliance(
        year=2024,
        month=2,
        info_dates=[date(2024, 2, 29)],
        suggestion_dates=[date(2024, 2, 29)],
        inspection_dates=[date(2024, 1, 3)],
        written_dates=[date(2024, 2, 1)],
    )
    assert full.ok and full.missing == ()
    with pytest.raises(ValueError):
        duty.duty_compliance(year=2024, month=13)


def test_written_report_rule():
    assert duty.is_written_report(kind="written", content="", has_document=False)
    assert duty.is_written_report(kind="note", content="字" * duty.LONG_TEXT_CHARS, has_document=False)
    assert duty.is_written_report(kind="note", content="短", has_document=True)
    assert not duty.is_written_report(kind="note", content="短", has_document=False)


def _file(observer, when, **data):
    with freeze_time(when):
        return report_save(
            observer=observer,
            by=observer.user,
            submit=True,
            data={
                "project": project(),
                "kind": "snapshot",
                "visited_on": when.date(),
                "content": "看了",
                **data,
            },
        )


@pytest.mark.django_db
def test_submission_time_in_shanghai_decides_the_month():
    observer = ObserverFactory()
    # 23:30 on 31 January in Shanghai is still January (15:30 UTC), 00:30 on 1 February is February.
    _file(observer, datetime(2024, 1, 31, 23, 30, tzinfo=SH), suggestions="建议一")
    _file(observer, datetime(2024, 2, 1, 0, 30, tzinfo=SH))
    _file(observer, datetime(2023, 12, 31, 23, 59, tzinfo=SH), suggestions="去年的建议")
    rows = duty_table(year=2024, as_of=date(2024, 3, 15))
    months = rows[0].months
    assert (months[0].info_count, months[0].suggestion_count, months[0].monthly_ok) == (1, 1, True)
    assert (months[1].info_count, months[1].suggestion_count) == (1, 0)
    assert months[2].info_count == 0 and months[3] is None  # April is still in the future
    last_year = duty_table(year=2023, as_of=date(2024, 3, 15))[0]
    assert last_year.months[11].monthly_ok and all(m is not None for m in last_year.months)
    groups = group_duty_table(rows=rows)
    assert groups[0].members == 1 and groups[0].months_ok[:4] == [1, 0, 0, None]


@pytest.mark.django_db
def test_inspections_and_written_reports_count_for_the_year():
    observer = ObserverFactory()
    inspection_record(
        by=office(), title="集中观察", kind="concentrated", date=date(2024, 7, 5), participants=[observer]
    )
    _file(observer, datetime(2024, 8, 2, 10, tzinfo=SH), kind="written", content="调研报告正文")
    row = duty_table(year=2024, as_of=date(2024, 12, 31))[0]
    assert row.months[5].inspection_count == 0 and row.months[6].inspection_count == 1
    assert row.months[6].written_count == 0 and row.months[7].written_count == 1
    assert row.year_status.yearly_ok


@pytest.mark.django_db
def test_reminder_on_the_25th_is_idempotent():
    short, done, ended = ObserverFactory(), ObserverFactory(), ObserverFactory(status=Observer.Status.ENDED)
    _file(done, datetime(2024, 5, 3, 9, tzinfo=SH), suggestions="建议")
    _file(short, datetime(2024, 5, 3, 9, tzinfo=SH))  # information but no suggestion
    with freeze_time(datetime(2024, 5, 25, 9, tzinfo=SH)):
        assert duty_remind_month.delay().get() == 1
        assert duty_remind_month.delay().get() == 0
        assert duty_reminders_send(year=2024, month=5) == 0
    assert list(DutyReminder.objects.values_list("observer_id", "year", "month")) == [(short.pk, 2024, 5)]
    note = Notification.objects.get(kind="observers.duty")
    assert note.recipient == short.user and "本月意见建议" in note.title
    assert not Notification.objects.filter(
        recipient__in=[done.user, ended.user], kind="observers.duty"
    ).exists()


@pytest.mark.django_db
def test_newsletter_figures():
    boss = office()
    unit = county()
    for _ in range(3):
        ObserverFactory()
    findings = [FindingFactory() for _ in range(4)]
    with freeze_time(datetime(2024, 7, 10, 10, tzinfo=SH)):
        for f in findings[:2]:
            handoff_issue(finding=f, by=boss, kind="assign", unit=unit, deadline=date(2024, 7, 20))
    FieldReport.objects.update(submitted_at=datetime(2024, 7, 6, 10, tzinfo=SH))
    figures = newsletter_figures(start=date(2024, 7, 1), end=date(2024, 7, 31))
    assert figures["observers"] == 7  # 3 plus the 4 who reported
    assert figures["information_items"] == 4 and figures["problems"] == 4
    assert figures["hand_offs"] == 2 and figures["hand_offs_by_kind"]["assign"] == 2
    assert figures["overdue"] == 2 and figures["rectified"] == 0
    assert newsletter_figures(start=date(2024, 1, 1), end=date(2024, 1, 31))["information_items"] == 0
    from observers.selectors import about

    assert (about(53), about(12), about(5), about(50)) == ("50 余", "10 余", "5", "50")
