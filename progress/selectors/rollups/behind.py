"""behind_rows: the one answer to "who is behind" after a month, read by the dashboard, the 通报, the letter
lists and the 待办 home alike, so they can never disagree.

A row is an indicator behind schedule for one unit:
- "city": the indicator's city roll-up is behind; the unit is its lead unit (a city department);
- "county": a county's own row is behind;
- "city_self": the city's own reporting unit (市本级) is behind; the letter goes to the indicator's lead unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from minsheng.accounts.models import Organisation
from projects.models import Programme

from ...status import Status
from .cells import IndicatorRollup
from .indicators import indicator_rollup

# Reporting units that are the city itself (seed 003: "市本级重新挂网").
CITY_SELF_NAMES = ("市本级",)


def is_city_self(org: Organisation | None) -> bool:
    """Whether a reporting unit is the city's own (市本级)."""
    return org is not None and org.name in CITY_SELF_NAMES


@dataclass(frozen=True)
class BehindRow:
    """One indicator behind schedule for one unit (see the module docstring for `scope`)."""

    rollup: IndicatorRollup
    scope: str
    unit: Organisation | None
    addressee: Organisation | None
    rate_percent: Decimal | None

    @property
    def indicator(self):
        return self.rollup.indicator

    @property
    def project(self):
        return self.rollup.project

    @property
    def matter(self):
        return self.rollup.matter

    @property
    def level(self) -> str:
        return self.rollup.matter.level

    @property
    def key(self) -> tuple[int, int | None]:
        """(indicator id, unit id): what the dashboard, the 通报 and the letter lists compare."""
        return (self.rollup.indicator.pk, self.unit.pk if self.unit is not None else None)


def _lead(rollup: IndicatorRollup) -> Organisation | None:
    return rollup.indicator.lead_unit or rollup.project.lead_unit


def behind_rows(
    *,
    programme: Programme,
    month: int,
    rollups: list[IndicatorRollup] | None = None,
    as_of=None,
) -> list[BehindRow]:
    """Every (indicator, unit) behind schedule after `month`, in programme order: the city roll-up row
    (addressed to the lead unit) before the county rows, 市本级 rows addressed to the lead unit."""
    if rollups is None:
        rollups = indicator_rollup(programme=programme, month=month, as_of=as_of)
    out: list[BehindRow] = []
    for r in rollups:
        lead = _lead(r)
        if r.status == Status.BEHIND:
            out.append(BehindRow(r, "city", lead, lead, r.result.rate_percent))
        for c in r.behind_cells:
            if is_city_self(c.county):
                out.append(BehindRow(r, "city_self", c.county, lead or c.county, c.result.rate_percent))
            else:
                out.append(BehindRow(r, "county", c.county, c.county, c.result.rate_percent))
    return out


def behind_indicator_count(rows: list[BehindRow]) -> int:
    """How many distinct indicators the rows name (the "N 个指标未达序时" of a page)."""
    return len({row.indicator.pk for row in rows})
