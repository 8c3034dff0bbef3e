"""Home-page panels of monthly progress: a clerk's month, the office's overview link."""

from __future__ import annotations

from minsheng.accounts.rules import is_county_staff
from minsheng.common.home import Panel

from .models import ReportingPeriod


def progress_panel(request) -> Panel | None:
    """Signed-in staff get a shortcut to this month's entry (county) or the dashboard (office, departments)."""
    user = request.user
    if not user.is_authenticated:
        return None
    period = (
        ReportingPeriod.objects.select_related("programme").order_by("-programme__year", "-month").first()
    )
    if period is None:
        return None
    if is_county_staff(user):
        return Panel(
            template="progress/panels/progress.html", context={"period": period, "mode": "county"}, order=20
        )
    if user.has_perm("progress.view_dashboard"):
        return Panel(
            template="progress/panels/progress.html", context={"period": period, "mode": "office"}, order=20
        )
    return None
