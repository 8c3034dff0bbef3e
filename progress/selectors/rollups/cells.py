"""The roll-up's building blocks: the rule texts and constants, one county's cell, one indicator's roll-up,
and the status counts shared by every selector of the package."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from minsheng.accounts.models import Organisation
from projects.models import Indicator, Level

from ...models import ACCEPTED_STATES
from ...status import (
    SEVERITY,
    AcceptanceGap,
    MonthOnMonth,
    Status,
    StatusResult,
    acceptance_gap,
    month_on_month,
)

PERCENT_KINDS = ("percent", "deadline")
# THE roll-up rule for counties that have not reported this month (pages, exports, open data, bulletins):
CARRY_RULE = (
    "本月没有经审核数据的县市区（未报送、仅有草稿、已报未审或被退回），按其最近一次经审核的核定值计入全市汇总和状态"
    "（标注“沿用 X 月”），从未有核定值的不计入；“已报送 x/y”为本月已报送该指标的县市区数 / 承担该指标的县市区数。"
)
ACCEPTED = [str(s) for s in ACCEPTED_STATES]
REPORTED_STATES = {"submitted", *ACCEPTED}
# What the per-level sentence counts, as in the seed 通报: 省定 by project, 市定/县定 by indicator.
BEHIND_NAMES_SHOWN = 8  # counties named per indicator on the dashboard (the export lists them all)
COUNT_UNIT = {Level.PROVINCE: "project", Level.CITY: "indicator", Level.COUNTY: "indicator"}


@dataclass
class CountyCell:
    """One county's row of one indicator in one month."""

    county: Organisation
    target_id: int
    target: Decimal | None
    figure_id: int | None
    state: str | None
    reported: Decimal | None
    verified: Decimal | None
    value: Decimal | None  # effective value (verified once accepted)
    previous: Decimal | None  # last month's effective value
    result: StatusResult
    mom_target: Decimal | None
    deduction_reason: str = ""
    carried_month: int | None = None  # the month whose verified value stands in for a missing report
    # The family indicator of another programme whose row this is (the county reports the work there once;
    # this programme's roll-up reads it: 上级计划指标), with its project and programme loaded; None for own rows.
    entered_in: Indicator | None = None

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def is_reported(self) -> bool:
        """Whether the county reported this indicator this month (submitted, verified or locked)."""
        return self.state in REPORTED_STATES

    @property
    def counted(self) -> bool:
        """Whether this month's own verified value is what counts (not a carried one)."""
        return self.value is not None and self.carried_month is None

    @property
    def awaiting(self) -> bool:
        """Reported this month but not verified yet ("已报未审"): shown as such, never counted."""
        return self.state == "submitted"

    @property
    def returned(self) -> bool:
        return self.state == "returned"

    @cached_property
    def mom(self) -> MonthOnMonth:
        """环比 against last month's effective value."""
        return month_on_month(value=self.value, previous_value=self.previous, target=self.mom_target)

    @cached_property
    def gap(self) -> AcceptanceGap:
        """Reported progress vs the verified 验收率."""
        return acceptance_gap(reported=self.reported, verified=self.verified, target=self.mom_target)


@dataclass
class IndicatorRollup:
    """An indicator's city roll-up: sum (quantity) or mean (percent) of county values vs county targets."""

    indicator: Indicator
    target: Decimal | None
    value: Decimal | None
    previous: Decimal | None
    result: StatusResult
    mom: MonthOnMonth
    cells: list[CountyCell] = field(default_factory=list)
    tracked_by: IndicatorRollup | None = None
    reporters: int = 0  # counties that reported this indicator this month
    units: int = 0  # counties assigned the indicator

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def reported_share(self) -> str:
        """“x/y”: counties that reported this month / counties assigned."""
        return f"{self.reporters}/{self.units}"

    @cached_property
    def entered_in(self) -> list[Indicator]:
        """The other programmes' indicators whose rows this roll-up reads (“在《…》中填报，本计划自动引用”),
        one per programme, in the order of the cells."""
        seen: dict[int, Indicator] = {}
        for c in self.cells:
            if c.entered_in is not None:
                seen.setdefault(c.entered_in.project.matter.programme_id, c.entered_in)
        return list(seen.values())

    @property
    def carried_cells(self) -> list[CountyCell]:
        return [c for c in self.cells if c.carried_month is not None]

    @property
    def project(self):
        return self.indicator.project

    @property
    def matter(self):
        return self.indicator.project.matter

    @cached_property
    def behind_cells(self) -> list[CountyCell]:
        return [c for c in self.cells if c.status == Status.BEHIND]

    @cached_property
    def fallen_cells(self) -> list[CountyCell]:
        return [
            c for c in self.cells if c.value is not None and c.previous is not None and c.value < c.previous
        ]


def _worst(statuses) -> Status:
    counted = [s for s in statuses if s.counted]
    if counted:
        return min(counted, key=SEVERITY.get)
    if Status.NOT_REPORTED in statuses:
        return Status.NOT_REPORTED
    return Status.NO_TARGET


def _count(statuses: list[Status]) -> dict:
    return {
        "total": len(statuses),
        "done": sum(1 for s in statuses if s == Status.DONE),
        "on_track": sum(1 for s in statuses if s == Status.ON_TRACK),
        "behind": sum(1 for s in statuses if s == Status.BEHIND),
        "not_reported": sum(1 for s in statuses if s == Status.NOT_REPORTED),
        "no_target": sum(1 for s in statuses if s == Status.NO_TARGET),
    }
