"""Read-side queries of monthly progress. Every page, export and bulletin reads through here."""

from .figures import (
    county_by_id,
    county_month_rows,
    evidence_visible_to,
    figures_visible_to,
    letters_sent_by_kind,
    letters_visible_to,
    period_current_for_county,
)
from .public import (
    OPEN_DATA_FIELDS,
    open_data_rows,
    opinion_stats,
    projects_publishable_by,
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
    "open_data_rows",
    "opinion_stats",
    "period_current_for_county",
    "projects_publishable_by",
    "public_project",
    "public_project_progress",
    "CountyCell",
    "IndicatorRollup",
    "county_by_id",
    "county_month_rows",
    "county_ranking",
    "county_scorecard",
    "evidence_visible_to",
    "figures_visible_to",
    "heatmap",
    "letters_sent_by_kind",
    "letters_visible_to",
    "indicator_rollup",
    "indicator_trend",
    "programme_status_summary",
    "projections",
    "submission_status",
]
