"""Roll-ups of a programme's month: per county, per indicator, per level. Every status here comes from
progress.status (indicator_status, or status_rule: the same worked out once per indicator), so the dashboard,
exports, public pages and the reports app agree.

All selectors run a fixed number of queries whatever the number of counties, indicators or months.
cells: constants and the cell / roll-up classes; build: reading targets and figures and building cells and roll-ups
(one implementation for indicator_rollup and cities_rollup); indicators: indicator_rollup; summary: the per-level
summary; counties: scorecard, ranking, heat map; trends: trend and projection; submissions: who reported;
cities: every city's programmes in one batch and the province's per-city subtotals.
"""

from .behind import CITY_SELF_NAMES, BehindRow, behind_indicator_count, behind_rows, is_city_self
from .cells import (
    ACCEPTED,
    BEHIND_NAMES_SHOWN,
    CARRY_RULE,
    COUNT_UNIT,
    PERCENT_KINDS,
    CountyCell,
    IndicatorRollup,
)
from .cities import (
    CityRow,
    cities_latest_month,
    cities_latest_year,
    cities_rollup,
    cities_stamps,
    cities_years,
)
from .counties import county_ranking, county_scorecard, heatmap
from .indicators import indicator_rollup
from .submissions import submission_status
from .summary import programme_status_summary
from .trends import indicator_trend, projections

__all__ = [
    "ACCEPTED",
    "BEHIND_NAMES_SHOWN",
    "CARRY_RULE",
    "COUNT_UNIT",
    "PERCENT_KINDS",
    "BehindRow",
    "CITY_SELF_NAMES",
    "CityRow",
    "CountyCell",
    "cities_stamps",
    "cities_latest_month",
    "cities_latest_year",
    "cities_rollup",
    "cities_years",
    "behind_indicator_count",
    "behind_rows",
    "is_city_self",
    "IndicatorRollup",
    "county_ranking",
    "county_scorecard",
    "heatmap",
    "indicator_rollup",
    "indicator_trend",
    "programme_status_summary",
    "projections",
    "submission_status",
]
