"""Home-page panels of monthly progress: a clerk's month, the office's overview link; and the 待办 items."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.rules import is_county_staff, is_office
from minsheng.common.home import Panel
from minsheng.common.todo import TodoItem
from projects.models import IndicatorTarget

from .models import Figure, FigureState, ReportingPeriod
from .selectors.queue import pending_by_county


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


def office_todo(request, today) -> list[TodoItem]:
    """The office's figure work: figures awaiting verification per county (each a link to the queue
    filtered by that county), and open months past their deadline with counties that have not reported
    everything (a link to that month's submission table). Five queries whatever the data."""
    if not is_office(request.user):
        return []
    queue = reverse("progress:verification_queue")
    items = [
        TodoItem(
            title=f"待审核：{county.name} {n} 条",
            url=f"{queue}?county={county.pk}",
            count=n,
            group="数据审核",
            order=10 + i,
        )
        for i, (county, n) in enumerate(pending_by_county())
    ]
    return items + overdue_reporting_items(now=timezone.now())


def overdue_reporting_items(*, now) -> list[TodoItem]:
    """One item per open month past its deadline: how many counties still miss figures (three queries)."""
    periods = list(
        ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN, deadline__lt=now)
        .select_related("programme")
        .order_by("deadline")
    )
    if not periods:
        return []
    assigned = {
        (row["indicator__project__matter__programme_id"], row["county_id"]): row["n"]
        for row in IndicatorTarget.objects.filter(
            indicator__project__matter__programme_id__in={p.programme_id for p in periods}
        )
        .order_by()
        .values("indicator__project__matter__programme_id", "county_id")
        .annotate(n=Count("id"))
    }
    done = [s for s in FigureState if s not in (FigureState.DRAFT, FigureState.RETURNED)]
    submitted = {
        (row["period_id"], row["target__county_id"]): row["n"]
        for row in Figure.objects.filter(period__in=periods, state__in=done)
        .order_by()
        .values("period_id", "target__county_id")
        .annotate(n=Count("id"))
    }
    dashboard = reverse("progress:dashboard")
    items = []
    for p in periods:
        counties = [
            county_id
            for (programme_id, county_id), n in assigned.items()
            if programme_id == p.programme_id and submitted.get((p.pk, county_id), 0) < n
        ]
        if counties:
            items.append(
                TodoItem(
                    title=f"逾期未报送：{p.label} {len(counties)} 个县市区",
                    url=f"{dashboard}?programme={p.programme_id}&month={p.month}#sub-h",
                    count=len(counties),
                    deadline=p.deadline,
                    group="月度填报",
                    note="已过报送截止时间，尚有县市区未报齐本月数据",
                    order=5,
                )
            )
    return items
