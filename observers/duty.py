"""The "四个一" duty as a pure function of plain dates (no clock inside: the caller says which month).

Each observer, every month: ≥ 1 piece of information and ≥ 1 suggestion;
every year: ≥ 1 inspection (集中观察/专项检查) and ≥ 1 written report (书面报告 or a long text/document).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

LONG_TEXT_CHARS = 800  # a 随手记 this long counts as a written report (综合情况反映)

MISSING_INFO = "本月反映信息"
MISSING_SUGGESTION = "本月意见建议"
MISSING_INSPECTION = "年度参加检查活动"
MISSING_WRITTEN = "年度书面报告"


@dataclass(frozen=True)
class DutyStatus:
    year: int
    month: int
    info_count: int
    suggestion_count: int
    inspection_count: int  # in the year, up to the end of the month
    written_count: int  # in the year, up to the end of the month
    missing: tuple[str, ...] = field(default=())
    # False for a month before the appointment or after the term ended: nothing was owed then, so it is never
    # shown as 未达标 (and not counted in a group's figures).
    in_term: bool = True

    @property
    def monthly_ok(self) -> bool:
        return not self.in_term or (self.info_count >= 1 and self.suggestion_count >= 1)

    @property
    def yearly_ok(self) -> bool:
        return not self.in_term or (self.inspection_count >= 1 and self.written_count >= 1)

    @property
    def monthly_missing(self) -> tuple[str, ...]:
        return tuple(m for m in self.missing if m in (MISSING_INFO, MISSING_SUGGESTION))

    @property
    def yearly_missing(self) -> tuple[str, ...]:
        return tuple(m for m in self.missing if m in (MISSING_INSPECTION, MISSING_WRITTEN))

    @property
    def ok(self) -> bool:
        return self.monthly_ok and self.yearly_ok


def _in_month(d: date, year: int, month: int) -> bool:
    return d.year == year and d.month == month


def _year_to_month(d: date, year: int, month: int) -> bool:
    return d.year == year and d.month <= month


def duty_compliance(
    *,
    year: int,
    month: int,
    info_dates: Iterable[date] = (),
    suggestion_dates: Iterable[date] = (),
    inspection_dates: Iterable[date] = (),
    written_dates: Iterable[date] = (),
    appointed_on: date | None = None,
    term_ends_on: date | None = None,
) -> DutyStatus:
    """Counts and gaps of one observer's duty for a month (yearly items counted year-to-date); a month wholly
    before the appointment or after the end of the term owes nothing."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    in_term = month_in_term(year=year, month=month, appointed_on=appointed_on, term_ends_on=term_ends_on)
    info = sum(1 for d in info_dates if _in_month(d, year, month))
    sugg = sum(1 for d in suggestion_dates if _in_month(d, year, month))
    insp = sum(1 for d in inspection_dates if _year_to_month(d, year, month))
    written = sum(1 for d in written_dates if _year_to_month(d, year, month))
    missing = [
        label
        for label, n in (
            (MISSING_INFO, info),
            (MISSING_SUGGESTION, sugg),
            (MISSING_INSPECTION, insp),
            (MISSING_WRITTEN, written),
        )
        if n < 1 and in_term
    ]
    return DutyStatus(
        year=year,
        month=month,
        info_count=info,
        suggestion_count=sugg,
        inspection_count=insp,
        written_count=written,
        missing=tuple(missing),
        in_term=in_term,
    )


def month_in_term(*, year: int, month: int, appointed_on: date | None, term_ends_on: date | None) -> bool:
    """Whether any day of the month falls within the term (appointed in the month → the month is owed)."""
    if appointed_on and (year, month) < (appointed_on.year, appointed_on.month):
        return False
    return not (term_ends_on and (year, month) > (term_ends_on.year, term_ends_on.month))


def term_state(*, term_ends_on: date | None, as_of: date, warn_days: int = 30) -> str:
    """'' while the term runs, 'expiring' within warn_days of its last day, 'expired' after it."""
    if term_ends_on is None:
        return ""
    if term_ends_on < as_of:
        return "expired"
    return "expiring" if (term_ends_on - as_of).days <= warn_days else ""


def is_written_report(*, kind: str, content: str, has_document: bool) -> bool:
    """A report counts as the yearly written report if it is a 书面报告, carries a document or is long."""
    return kind == "written" or has_document or len(content or "") >= LONG_TEXT_CHARS
