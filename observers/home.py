"""Home-page panels and 待办 items: the office's triage, reviews and overdue hand-offs, an observer's duty and
findings, a unit's open hand-offs."""

from __future__ import annotations

import calendar
from datetime import date

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.rules import is_observer, is_office, unit_ids_of
from minsheng.common.home import Panel
from minsheng.common.todo import URGENCY_INFO, TodoItem

from . import selectors
from .duty import term_state
from .models import Finding, HandOff


def observers_panel(request) -> Panel | None:
    """One panel per role; None for the public and for roles without observer work."""
    user = request.user
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    if is_office(user):
        overdue = selectors.handoffs_overdue(as_of=today, qs=selectors.handoffs_visible_to(user))
        return Panel(
            template="observers/panels/office.html",
            order=15,
            context={
                "overdue": list(overdue.select_related("finding")[:8]),
                "overdue_count": overdue.count(),
                "new_count": selectors.findings_visible_to(user).filter(state=Finding.State.NEW).count(),
                "replied_count": selectors.handoffs_visible_to(user)
                .filter(state=HandOff.State.REPLIED)
                .count(),
            },
        )
    if is_observer(user):
        observer = selectors.observer_for(user)
        if observer is None:
            return None
        duty = selectors.duty_statuses(observers=[observer], year=today.year, month=today.month)[observer.pk]
        return Panel(
            template="observers/panels/observer.html",
            order=5,
            context={
                "duty": duty,
                "term": term_state(term_ends_on=observer.term_ends_on, as_of=today),
                "term_ends_on": observer.term_ends_on,
            },
        )
    if unit_ids_of(user):
        open_ = selectors.handoffs_visible_to(user).filter(state__in=selectors.OPEN_HANDOFF_STATES)
        return Panel(
            template="observers/panels/unit.html",
            order=12,
            context={"open": list(open_.order_by("deadline")[:10]), "today": today},
        )
    return None


def _list_url(name: str, query: str = "") -> str:
    return reverse(f"observers:{name}") + (f"?{query}" if query else "")


def _month_end(today: date) -> date:
    return date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])


def office_todo(request, today) -> list[TodoItem]:
    """The office: findings to triage, hand-off replies to review, overdue hand-offs, 意见建议 to answer, terms
    about to end (five queries)."""
    user = request.user
    if not is_office(user):
        return []
    # 待办 are what the office's own level acts on (a province office reads the cities' work, has none of it).
    new = (
        selectors.findings_visible_to(user)
        .filter(selectors.report_scope_q(user, "report__", manage=True), state=Finding.State.NEW)
        .order_by()
        .count()
    )
    own_handoffs = selectors.handoffs_visible_to(user).filter(
        selectors.report_scope_q(user, "finding__report__", manage=True)
    )
    stats = own_handoffs.order_by().aggregate(
        replied=Count("id", filter=Q(state=HandOff.State.REPLIED)),
        overdue=Count("id", filter=Q(state__in=selectors.OPEN_HANDOFF_STATES, deadline__lt=today)),
        first_overdue=Min("deadline", filter=Q(state__in=selectors.OPEN_HANDOFF_STATES, deadline__lt=today)),
    )
    unanswered = (
        selectors.suggestions_unanswered(
            selectors.reports_visible_to(user).filter(selectors.report_scope_q(user, manage=True))
        )
        .order_by()
        .count()
    )
    expiring = (
        selectors.observers_term_expiring(as_of=today)
        .filter(pk__in=selectors.observers_visible_to(user).values("pk"))
        .order_by()
        .aggregate(n=Count("id"), first=Min("term_ends_on"))
    )
    return [
        TodoItem(
            title="观察员反映的问题待研判",
            url=_list_url("finding_list", "state=new"),
            count=new,
            group="观察员问题",
            order=30,
        ),
        TodoItem(
            title="交办问题的整改反馈待审核",
            url=_list_url("handoff_list", "state=replied"),
            count=stats["replied"],
            group="问题交办",
            order=31,
        ),
        TodoItem(
            title="交办问题逾期未反馈",
            url=_list_url("handoff_list", "overdue=1"),
            count=stats["overdue"],
            deadline=stats["first_overdue"],
            note="请督促责任单位整改反馈",
            group="问题交办",
            order=32,
        ),
        TodoItem(
            title="观察员的意见建议待答复",
            url=_list_url("report_list", "suggestion=unanswered"),
            count=unanswered,
            group="观察员问题",
            order=30,
        ),
        TodoItem(
            title="观察员聘期 30 天内届满，请办理续聘或解聘",
            url=_list_url("roster", "term=expiring"),
            count=expiring["n"],
            deadline=expiring["first"],
            group="观察员管理",
            order=33,
        ),
    ]


def unit_todo(request, today) -> list[TodoItem]:
    """A county or department: hand-offs to rectify and answer, newly issued and sent back (one query)."""
    user = request.user
    if is_office(user) or is_observer(user) or not unit_ids_of(user):
        return []
    rows = (
        selectors.handoffs_visible_to(user)
        .filter(state__in=selectors.OPEN_HANDOFF_STATES)
        .order_by()
        .values("state")
        .annotate(n=Count("id"), first=Min("deadline"))
    )
    by_state = {r["state"]: r for r in rows}
    items = []
    for state, title in (
        (HandOff.State.ISSUED, "观察员反映问题已交办，请整改并反馈"),
        (HandOff.State.RETURNED, "整改反馈被退回，请重新整改"),
    ):
        row = by_state.get(state)
        if row:
            items.append(
                TodoItem(
                    title=title,
                    url=_list_url("handoff_list", f"state={state}"),
                    count=row["n"],
                    deadline=row["first"],
                    note="按最早的整改时限提示",
                    group="问题交办",
                    order=40,
                )
            )
    return items


def observer_todo(request, today) -> list[TodoItem]:
    """An observer: this month's and this year's duty still owed (四个一), and what became of their findings.
    Four queries whatever the data."""
    user = request.user
    if not is_observer(user):
        return []
    observer = selectors.observer_for(user)
    if observer is None:
        return []
    duty = selectors.duty_statuses(observers=[observer], year=today.year, month=today.month)[observer.pk]
    monthly = list(duty.monthly_missing)
    yearly = list(duty.yearly_missing)
    items = [
        TodoItem(
            title=f"{today.month}月履职尚缺：" + "、".join(monthly),
            url=_list_url("report_create"),
            count=len(monthly),
            deadline=_month_end(today),
            note="每月至少反映 1 条信息、提出 1 条意见建议",
            group="观察员履职",
            order=5,
        ),
        TodoItem(
            title=f"{today.year}年度履职尚缺：" + "、".join(yearly),
            url=_list_url("home"),
            count=len(yearly),
            deadline=date(today.year, 12, 31),
            note="每年至少参加 1 次检查活动、提交 1 份书面报告",
            group="观察员履职",
            order=6,
        ),
    ]
    stats = (
        selectors.findings_visible_to(user)
        .order_by()
        .aggregate(
            new=Count("id", filter=Q(state=Finding.State.NEW)),
            working=Count(
                "id",
                filter=Q(state=Finding.State.HANDED_OFF) & ~Q(hand_off__state=HandOff.State.CLOSED),
            ),
            closed=Count("id", filter=Q(hand_off__state=HandOff.State.CLOSED)),
        )
    )
    for key, title, url in (
        ("new", "我反映的问题 · 待专班办公室研判", _list_url("finding_list", "state=new")),
        ("working", "我反映的问题 · 已交办整改中", _list_url("finding_list", "state=handed_off")),
        ("closed", "我反映的问题 · 已整改办结", _list_url("handoff_list", f"state={HandOff.State.CLOSED}")),
    ):
        items.append(
            TodoItem(title=title, url=url, count=stats[key], group="问题跟踪", urgency=URGENCY_INFO, order=7)
        )
    return items
