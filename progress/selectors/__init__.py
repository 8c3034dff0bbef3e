"""Read-side queries of monthly progress. Every page, export and bulletin reads through here."""

from .figures import county_month_rows, evidence_visible_to, figures_visible_to
from .public import (
    OPEN_DATA_FIELDS,
    OPINION_FILTERS,
    open_data_rows,
    opinion_list,
    opinion_stats,
    public_project,
    public_project_progress,
)
from .rollups import (
    CARRY_RULE,
    CountyCell,
    IndicatorRollup,
    county_ranking,
    county_scorecard,
    heatmap,
    indicator_rollup,
    indicator_trend,
    programme_status_summary,
    projections,
    submission_status,
)

__all__ = [
    "CARRY_RULE",
    "OPEN_DATA_FIELDS",
    "OPINION_FILTERS",
    "open_data_rows",
    "opinion_list",
    "opinion_stats",
    "public_project",
    "public_project_progress",
    "CountyCell",
    "IndicatorRollup",
    "county_month_rows",
    "county_ranking",
    "county_scorecard",
    "evidence_visible_to",
    "figures_visible_to",
    "heatmap",
    "indicator_rollup",
    "indicator_trend",
    "programme_status_summary",
    "projections",
    "submission_status",
]
