"""Office and department pages: dashboard, scorecards, ranking, heat map, trends, projection, and the
office's own entry pages (disclosure scores, 意见建议 replies, letters). Every table exports to Excel.

scope: programme / month / filters of a page; dashboard: the dashboard and its exports; analysis:
scorecard, ranking, heat map, trend, projection; entries: disclosure scores, opinions, letters; cities: the roll-up of every city in the office's subtree.
"""

from .analysis import HeatmapView, ProjectionView, RankingView, ScorecardView, TrendView
from .cities import CitiesView
from .dashboard import DashboardView
from .entries import DisclosureView, LettersView, OpinionsView

__all__ = [
    "CitiesView",
    "DashboardView",
    "DisclosureView",
    "HeatmapView",
    "LettersView",
    "OpinionsView",
    "ProjectionView",
    "RankingView",
    "ScorecardView",
    "TrendView",
]
