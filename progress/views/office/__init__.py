"""Office and department pages: dashboard, scorecards, ranking, heat map, trends, projection, and the
office's own entry pages (disclosure scores, 意见建议 replies, letters). Every table exports to Excel.

scope: programme / month / filters of a page; dashboard: the dashboard and its exports; analysis:
scorecard, ranking, heat map, trend, projection; entries: disclosure scores, opinions, letters.
"""

from .analysis import heatmap, projection, ranking, scorecard, trend
from .dashboard import dashboard
from .entries import disclosure, letter_reply, letters, opinions

__all__ = [
    "dashboard",
    "disclosure",
    "heatmap",
    "letter_reply",
    "letters",
    "opinions",
    "projection",
    "ranking",
    "scorecard",
    "trend",
]
