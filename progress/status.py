"""序时 status: ONE pure function of plain values, shared by pages, exports and bulletins.

Nothing here reads the clock or the database. Callers pass the month (1..12) the figure is for and,
for deadline indicators, the `as_of` date. Comparisons are exact: "rate ≥ expected" is decided by
cross-multiplying Decimals (value × 12 ≥ target × m), so a county at exactly m/12 is on schedule.

Kinds (projects.models.IndicatorKind):
- quantity: value = cumulative amount; rate = value / target.
- percent:  value = 形象进度 in percent (0..100); rate = value / (target or 100).
- standard: value = the standard reached (e.g. 680 元/月) against the target standard; the standard
  is met (已完成) or not (未达序时) — a standard has no schedule. Without a numeric target the 形象进度
  percentage decides (100 → met).
- deadline: value = 形象进度 percent; expected = m / due month (capped at 100%); after the due date
  anything below 100% is behind.
- pending:  目标待定 whatever the value.
A missing or zero target gives 目标待定 (no share to measure against); a missing value gives 未报送.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Status(StrEnum):
    DONE = "已完成全年目标任务"
    ON_TRACK = "按序时推进"
    BEHIND = "未达序时"
    NO_TARGET = "目标待定"
    NOT_REPORTED = "未报送"

    @property
    def css(self) -> str:
        return {"已完成全年目标任务": "done", "按序时推进": "ok", "未达序时": "behind"}.get(
            self.value, "none"
        )

    @property
    def plain(self) -> str:
        """The status in a resident's words (public pages): 已完成 / 进度正常 / 进度滞后 / 暂无数据 / 目标待定."""
        return PLAIN_WORDS[self]

    @property
    def counted(self) -> bool:
        """Whether the status enters the done / on-track / behind counts of a bulletin."""
        return self in (Status.DONE, Status.ON_TRACK, Status.BEHIND)


# The same statuses as a resident reads them (public index and project pages; the 通报 keeps the seed's words).
PLAIN_WORDS = {
    Status.DONE: "已完成",
    Status.ON_TRACK: "进度正常",
    Status.BEHIND: "进度滞后",
    Status.NOT_REPORTED: "暂无数据",
    Status.NO_TARGET: "目标待定",
}

# Order used when a roll-up needs "the worst" of several statuses.
SEVERITY = {Status.BEHIND: 0, Status.NOT_REPORTED: 1, Status.ON_TRACK: 2, Status.DONE: 3, Status.NO_TARGET: 4}

HUNDRED = Decimal(100)
TWELVE = Decimal(12)
ACCEPTANCE_GAP_LIMIT = Decimal(10)  # percentage points (seed 003: 差距不能超过10%)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class StatusResult:
    status: Status
    rate: Decimal | None  # completion as a fraction (0.7451), None when it cannot be computed
    expected: Decimal | None  # 序时进度 as a fraction (0.75)

    @property
    def rate_percent(self) -> Decimal | None:
        return None if self.rate is None else (self.rate * HUNDRED).quantize(CENT, ROUND_HALF_UP)

    @property
    def expected_percent(self) -> Decimal | None:
        return None if self.expected is None else (self.expected * HUNDRED).quantize(CENT, ROUND_HALF_UP)


def _dec(value) -> Decimal | None:
    if isinstance(value, Decimal):  # first: `Decimal == ""` goes through the numbers ABCs (slow)
        return value
    if value is None or value == "":
        return None
    return Decimal(str(value))


def fmt_number(value) -> str:
    """A Decimal as plain text without exponent or trailing zeros (80, 74.51)."""
    value = _dec(value)
    return "" if value is None else f"{value.normalize():f}"


def expected_fraction(month: int, monthly_plan: list | None = None) -> tuple[Decimal, Decimal]:
    """序时进度 after `month` as an exact (numerator, denominator) pair: m/12 or plan[m-1]/100."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    if monthly_plan:
        return _dec(monthly_plan[month - 1]), HUNDRED
    return Decimal(month), TWELVE


def _ratio(num: Decimal, den: Decimal) -> Decimal:
    return num / den


def indicator_status(
    *,
    kind: str,
    value,
    target,
    month: int,
    monthly_plan: list | None = None,
    due_date: date | None = None,
    year: int | None = None,
    as_of: date | None = None,
) -> StatusResult:
    """The status of one cumulative value against its target after `month` (pure; exact comparisons)."""
    rule = status_rule(
        kind=kind, month=month, monthly_plan=monthly_plan, due_date=due_date, year=year, as_of=as_of
    )
    return rule(value, target)


# Results that do not depend on the value (frozen, so one instance serves every cell).
_NO_TARGET = StatusResult(Status.NO_TARGET, None, None)
_NOT_REPORTED_BARE = StatusResult(Status.NOT_REPORTED, None, None)
ONE = Decimal(1)


def status_rule(
    *,
    kind: str,
    month: int,
    monthly_plan: list | None = None,
    due_date: date | None = None,
    year: int | None = None,
    as_of: date | None = None,
) -> Callable[[object, object], StatusResult]:
    """indicator_status with everything that depends only on the indicator and the month worked out once: a
    function of (value, target) giving the same StatusResult as indicator_status for every value and target (a
    roll-up calls it for each of thousands of county cells of one indicator). Pure, like indicator_status."""
    exp_num, exp_den = expected_fraction(month, monthly_plan)
    expected = _ratio(exp_num, exp_den)
    if kind == "pending":
        return lambda value, target: _NO_TARGET
    percent_like = kind in ("percent", "deadline")
    standard = kind == "standard"
    done_expected = None if standard else expected
    not_reported = StatusResult(Status.NOT_REPORTED, None, expected)
    # A deadline past or reached: behind below 100% whatever the month's schedule; else m / due month.
    late = False
    if kind == "deadline" and due_date is not None:
        if (as_of is not None and as_of > due_date) or (year is not None and due_date.year < year):
            late = True
        else:
            due_month = due_date.month if (year is None or due_date.year == year) else 12
            if month >= due_month:
                late = True
            else:
                exp_num, exp_den = Decimal(month), Decimal(due_month)
                expected = _ratio(exp_num, exp_den)

    def rule(value, target) -> StatusResult:
        value, target = _dec(value), _dec(target)
        if target is None:
            if percent_like:
                target = HUNDRED
            elif standard:
                # A text-only standard ("不低于…"): the 形象进度 percentage says whether it is in force.
                if value is None:
                    return _NOT_REPORTED_BARE
                return StatusResult(Status.DONE if value >= HUNDRED else Status.BEHIND, value / HUNDRED, None)
            else:
                return _NO_TARGET
        if target == 0:
            return _NO_TARGET
        if value is None:
            return not_reported
        rate = value / target
        if value >= target:
            return StatusResult(Status.DONE, rate, done_expected)
        if standard:
            return StatusResult(Status.BEHIND, rate, None)
        if late:
            return StatusResult(Status.BEHIND, rate, ONE)
        # rate ≥ expected  ⇔  value / target ≥ num / den  ⇔  value × den ≥ target × num (target > 0)
        if value * exp_den >= target * exp_num:
            return StatusResult(Status.ON_TRACK, rate, expected)
        return StatusResult(Status.BEHIND, rate, expected)

    return rule


@dataclass(frozen=True)
class MonthOnMonth:
    delta_value: Decimal | None
    delta_points: Decimal | None  # change of the completion rate in percentage points
    fell: bool  # 环比下降 (e.g. after a 核减)


def month_on_month(*, value, previous_value, target) -> MonthOnMonth:
    """环比: the change against last month's cumulative value; `fell` flags any decrease."""
    value, previous_value, target = _dec(value), _dec(previous_value), _dec(target)
    if value is None or previous_value is None:
        return MonthOnMonth(None, None, False)
    delta = value - previous_value
    points = (delta * HUNDRED / target).quantize(CENT, ROUND_HALF_UP) if target else None
    return MonthOnMonth(delta, points, delta < 0)


@dataclass(frozen=True)
class AcceptanceGap:
    reported_percent: Decimal | None
    accepted_percent: Decimal | None  # 验收率 = verified / target
    gap_points: Decimal | None
    flagged: bool  # gap above ACCEPTANCE_GAP_LIMIT points


def acceptance_gap(*, reported, verified, target, limit: Decimal = ACCEPTANCE_GAP_LIMIT) -> AcceptanceGap:
    """The gap between reported progress and the verified 验收率, flagged above `limit` points."""
    reported, verified, target = _dec(reported), _dec(verified), _dec(target)
    if not target or reported is None:
        return AcceptanceGap(None, None, None, False)
    rep = reported * HUNDRED / target
    acc = (verified or Decimal(0)) * HUNDRED / target
    gap = rep - acc
    return AcceptanceGap(
        rep.quantize(CENT, ROUND_HALF_UP),
        acc.quantize(CENT, ROUND_HALF_UP),
        gap.quantize(CENT, ROUND_HALF_UP),
        gap > limit,
    )


def project_year_end(*, values_by_month: dict[int, Decimal], target) -> Decimal | None:
    """Year-end projection (fraction of target): the average monthly gain so far carried to month 12.

    Method: cumulative value at the latest month m, divided by m, times 12 (straight line from the
    start of the year). Stated on the projection page; None without a target or any month.
    """
    target = _dec(target)
    if not target or not values_by_month:
        return None
    m = max(values_by_month)
    latest = _dec(values_by_month[m])
    if latest is None:
        return None
    return latest * TWELVE / (Decimal(m) * target)
