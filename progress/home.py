"""Home page of monthly progress: a clerk's month panel, the office's overview link, and the 待办 items of
county clerks (figures to report, returned, deducted) and departments (their indicators' reporting)."""

from __future__ import annotations

import rules
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.rules import (
    department_id_of,
    is_county_staff,
    is_department_staff,
    is_office,
    office_scope_q,
    unit_ids_of,
)
from minsheng.common.home import Panel
from minsheng.common.todo import URGENCY_INFO, TodoItem
from minsheng.common.workbook import setup_checklist
from projects.models import Indicator, IndicatorTarget
from projects.setup_checks import current_programmes

from . import selectors
from .models import FIGURE_OWNER, Figure, FigureState, PublicOpinion, ReportingPeriod
from .selectors.queue import pending_by_county
from .selectors.rollups.behind import CITY_SELF_NAMES

# States in which a figure still has to be (re)submitted by the county.
TO_REPORT_STATES = (FigureState.DRAFT, FigureState.RETURNED)
SHOW_TODO, SHOW_RETURNED, SHOW_DEDUCTED = "todo", "returned", "deducted"
# ?show= on the county month page: which rows it lists (every row without it).
SHOW_FILTERS = {
    SHOW_TODO: "待报送",
    SHOW_RETURNED: "被退回",
    SHOW_DEDUCTED: "被核减",
}


def progress_panel(request) -> Panel | None:
    """Signed-in staff get a shortcut to this month's entry (county) or the dashboard (office, departments)."""
    user = request.user
    if not user.is_authenticated:
        return None
    if is_county_staff(user):
        period = selectors.period_current_for_county(county=user.county)
        # Right under 我的待办: the county's indicator table (projects, order 10) is long on a phone.
        return Panel(
            template="progress/panels/progress.html", context={"period": period, "mode": "county"}, order=5
        )
    if user.has_perm("progress.view_dashboard"):
        # a lead department with 市本级 rows also gets its own reporting list (one query)
        own = selectors.period_current_for_department(department_id=department_id_of(user))
        # An office whose subtree has no reporting months yet (邵东市's 2023 plan) gets no dead links.
        has_periods = not is_office(user) or (
            ReportingPeriod.objects.filter(office_scope_q(user, "programme__organisation")).exists()
        )
        return Panel(
            template="progress/panels/progress.html",
            context={"mode": "office", "own_period": own, "office": user.has_perm("progress.manage"), "has_periods": has_periods,
                     "cities": has_periods and rules.test_rule("progress.view_cities", user)},
            order=20,
        )
    return None


def _month_url(period: ReportingPeriod, show: str) -> str:
    return f"{reverse('progress:county_month', args=[period.pk])}?show={show}"


def clerk_todo(request, today) -> list[TodoItem]:
    """A county clerk: this month's figures still to report (N of M), figures returned (to correct and
    resubmit) and figures deducted (核减, to know), each linking to that month's filtered entry list.
    Four queries whatever the data."""
    user = request.user
    if not is_county_staff(user):
        return []
    county = user.county
    period = selectors.period_current_for_county(county=county)
    items: list[TodoItem] = []
    if period is not None and period.is_open:
        total = IndicatorTarget.objects.filter(
            county=county, indicator__project__matter__programme_id=period.programme_id
        ).count()
        done = (
            Figure.objects.filter(target__county=county, period=period)
            .exclude(state__in=TO_REPORT_STATES)
            .count()
        )
        items.append(
            TodoItem(
                title=f"{period.label}进度待报送",
                url=_month_url(period, SHOW_TODO),
                count=total - done,
                total=total,
                deadline=period.deadline,
                note=f"已报送 {done} 项，共 {total} 项",
                group="月度填报",
                order=10,
            )
        )
    return items + returned_and_deducted_items(
        Figure.objects.filter(target__county=county),
        url=lambda period_id, show: _month_url(ReportingPeriod(pk=period_id), show),
        group="月度填报",
        order=11,
    )


def returned_and_deducted_items(figures, *, url, group: str, order: int, whose: str = "") -> list[TodoItem]:
    """Returned figures (to correct and resubmit) and deducted ones (核减, to know) among `figures`, one item per
    month and state, each linking to `url(period_id, show)`; months not yet locked only (a lock moves every figure
    to 已锁定). One query."""
    rows = (
        figures.filter(state__in=[FigureState.RETURNED, FigureState.DEDUCTED])
        .order_by()
        .values("period_id", "period__month", "period__deadline", "period__programme__year", "state")
        .annotate(n=Count("id"))
    )
    items: list[TodoItem] = []
    for row in sorted(rows, key=lambda r: (r["period__programme__year"], r["period__month"], r["state"])):
        label = f"{row['period__programme__year']} 年 1-{row['period__month']} 月{whose}"
        if row["state"] == FigureState.RETURNED:
            items.append(
                TodoItem(
                    title=f"{label}被退回的数据，请修改后重新报送",
                    url=url(row["period_id"], SHOW_RETURNED),
                    count=row["n"],
                    deadline=row["period__deadline"],
                    group=group,
                    order=order,
                )
            )
        else:
            items.append(
                TodoItem(
                    title=f"{label}被核减的数据",
                    url=url(row["period_id"], SHOW_DEDUCTED),
                    count=row["n"],
                    note="专班办公室已核减，请查看核减原因",
                    group=group,
                    urgency=URGENCY_INFO,
                    order=order + 1,
                )
            )
    return items


def department_todo(request, today) -> list[TodoItem]:
    """A department: its own 市本级 rows to report this month ("本部门待报送 N / M", city-level indicators with
    no county split are reported by the lead department), those returned or deducted, and how the counties
    stand with the indicators it leads (it follows them up), each linking to the exact list. Six queries
    whatever the data."""
    user = request.user
    if not is_department_staff(user):
        return []
    dept = department_id_of(user)
    items = own_reporting_items(department_id=dept)
    # The dashboard's own department scope (its `lead_unit_id` filter): indicators it or its project leads.
    scope = Q(indicator__lead_unit_id=dept) | Q(indicator__project__lead_unit_id=dept)
    period = (
        ReportingPeriod.objects.filter(
            state=ReportingPeriod.State.OPEN,
            programme__in=IndicatorTarget.objects.filter(scope).values(
                "indicator__project__matter__programme"
            ),
        )
        .select_related("programme")
        .order_by("-programme__year", "-month")
        .first()
    )
    if period is None:
        return items
    counties = IndicatorTarget.objects.filter(
        scope, indicator__project__matter__programme_id=period.programme_id
    ).exclude(county__name__in=CITY_SELF_NAMES)  # its own 市本级 rows are the item above
    counts = counties.aggregate(
        total=Count("id", distinct=True),
        done=Count(
            "figures",
            distinct=True,
            filter=Q(figures__period=period) & ~Q(figures__state__in=TO_REPORT_STATES),
        ),
    )
    total, done = counts["total"], counts["done"]
    # City-level indicators it leads with neither a county split nor a 市本级 row (and not reported through
    # another level's indicator): nobody can report them until the office adds the 市本级 row.
    unsplit = (
        Indicator.objects.filter(
            selectors.led_by_q(dept, prefix=""),
            project__matter__programme_id=period.programme_id,
            targets__isnull=True,
            tracked_by__isnull=True,
        )
        .order_by()
        .count()
    )
    if not total:
        return items
    note = f"县市区已报送 {done} 项，共 {total} 项；请督促承担单位按时报送"
    if unsplit:
        note += f"。另有 {unsplit} 项牵头指标既未分解到县市区、也未设市本级任务，请联系专班办公室在任务分解表中补充"
    url = reverse("progress:dashboard") + f"?programme={period.programme_id}&month={period.month}"
    return items + [
        TodoItem(
            title=f"{period.label}牵头指标尚未报送的县市区任务",
            url=url,
            count=total - done,
            total=total,
            deadline=period.deadline,
            note=note,
            group="牵头指标",
            order=20,
        )
    ]


def own_reporting_items(*, department_id: int | None) -> list[TodoItem]:
    """The lead department's own 市本级 rows: this month's still to report (N of M, deadline), and those of
    months not yet locked that the office returned or deducted, each linking to its filtered list."""
    period = selectors.period_current_for_department(department_id=department_id)
    if period is None:
        return []
    items: list[TodoItem] = []
    own = selectors.city_self_targets_led_by(department_id=department_id)
    if period.is_open:
        counts = own.filter(indicator__project__matter__programme_id=period.programme_id).aggregate(
            total=Count("id", distinct=True),
            done=Count(
                "figures",
                distinct=True,
                filter=Q(figures__period=period) & ~Q(figures__state__in=TO_REPORT_STATES),
            ),
        )
        total, done = counts["total"], counts["done"]
        items.append(
            TodoItem(
                title=f"本部门待报送（{period.label}市本级指标）",
                url=f"{reverse('progress:department_month', args=[period.pk])}?show={SHOW_TODO}",
                count=total - done,
                total=total,
                deadline=period.deadline,
                note=f"市级指标未分解到县市区，由本部门牵头直接报送：已报送 {done} 项，共 {total} 项",
                group="本部门报送",
                order=15,
            )
        )
    return items + returned_and_deducted_items(
        Figure.objects.filter(target__in=own),
        url=lambda period_id, show: f"{reverse('progress:department_month', args=[period_id])}?show={show}",
        group="本部门报送",
        order=16,
        whose="本部门",
    )


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
        for i, (county, n) in enumerate(
            pending_by_county(scope=office_scope_q(request.user, FIGURE_OWNER, manage=True))
        )
    ]
    own = office_scope_q(request.user, "programme__organisation", manage=True)
    return items + overdue_reporting_items(now=timezone.now(), scope=own)


def setup_todo(request, today) -> list[TodoItem]:
    """The office's set-up checklist while the year being set up is not reporting yet (no programme, a draft, or
    a programme with no month opened): one item with the number of open checks, linking to the checklist."""
    if not is_office(request.user):
        return []
    programmes = current_programmes(request.user)
    opened = set(
        ReportingPeriod.objects.filter(programme__in=programmes).values_list("programme_id", flat=True)
    )
    if programmes and all(not p.is_draft and p.pk in opened for p in programmes):
        return []
    n = sum(1 for item in setup_checklist(request.user) if not item.ok)
    if not n:
        return []
    years = "、".join(sorted({f"{p.year} 年" for p in programmes})) or "新的年度"
    return [
        TodoItem(
            title=f"建账检查清单：{years}还有 {n} 项未完成",
            url=reverse("common:setup_checklist"),
            count=n,
            note="补齐后才能开启第一个调度月份",
            group="建账",
            order=5,
        )
    ]


def overdue_reporting_items(*, now, scope: Q | None = None) -> list[TodoItem]:
    """One item per open month past its deadline: how many counties still miss figures (three queries);
    `scope` narrows the periods to an office's own level."""
    periods = list(
        ReportingPeriod.objects.filter(scope or Q(), state=ReportingPeriod.State.OPEN, deadline__lt=now)
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


def opinion_todo(request, today) -> list[TodoItem]:
    """意见建议 to answer: a county's or department's clerk sees those routed to their unit (how many, the
    nearest deadline, how many overdue), linking to their list; the office sees the overdue ones of every
    unit (督办), linking to its queue. One query whatever the data."""
    user = request.user
    if is_office(user):
        overdue = PublicOpinion.objects.filter(
            office_scope_q(user, "project__matter__programme__organisation", manage=True),
            state=PublicOpinion.State.RECEIVED,
            reply_due__lt=today,
        ).aggregate(n=Count("id"), first=Min("reply_due"))
        return [
            TodoItem(
                title="逾期未答复的群众意见建议",
                url=reverse("progress:opinions") + "?state=received",
                count=overdue["n"],
                deadline=overdue["first"],
                note="已超过答复期限，请督促承办单位答复",
                group="意见建议",
                order=30,
            )
        ]
    if not (is_county_staff(user) or is_department_staff(user)):
        return []
    waiting = PublicOpinion.objects.filter(
        unit_id__in=unit_ids_of(user), state=PublicOpinion.State.RECEIVED
    ).aggregate(n=Count("id"), first=Min("reply_due"), overdue=Count("id", filter=Q(reply_due__lt=today)))
    note = f"其中 {waiting['overdue']} 条已逾期" if waiting["overdue"] else "请在答复期限前答复"
    return [
        TodoItem(
            title="群众意见建议待答复",
            url=reverse("progress:unit_opinions"),
            count=waiting["n"],
            deadline=waiting["first"],
            note=note,
            group="意见建议",
            order=30,
        )
    ]
