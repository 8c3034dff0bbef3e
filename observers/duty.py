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

    @property
    def monthly_ok(self) -> bool:
        return self.info_count >= 1 and self.suggestion_count >= 1

    @property
    def yearly_ok(self) -> bool:
        return self.inspection_count >= 1 and self.written_count >= 1

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
) -> DutyStatus:
    """Counts and gaps of one observer's duty for a month (yearly items counted year-to-date)."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
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
        if n < 1
    ]
    return DutyStatus(
        year=year,
        month=month,
        info_count=info,
        suggestion_count=sugg,
        inspection_count=insp,
        written_count=written,
        missing=tuple(missing),
    )


def is_written_report(*, kind: str, content: str, has_document: bool) -> bool:
    """A report counts as the yearly written report if it is a 书面报告, carries a document or is long."""
    return kind == "written" or has_document or len(content or "") >= LONG_TEXT_CHARS
