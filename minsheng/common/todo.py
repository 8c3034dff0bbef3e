"""The 待办 list at the top of every signed-in home page: what this person must do next.

Like the panels in `home.py`, each app registers its providers in its AppConfig.ready(), so
minsheng.common never imports the domain apps. A provider gets the request and today's date and
returns the items for that user (usually zero to three); each item has a count, an optional
deadline and a link that lands on the exact list or object where the work is done. A provider
must only link to pages its user can open and should cost a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

URGENCY_OVERDUE = "overdue"  # 已逾期
URGENCY_SOON = "soon"  # 两天内到期 / 今天到期
URGENCY_NORMAL = "normal"
URGENCY_INFO = "info"  # nothing to do, something to know (结果已公布 …)
_URGENCY_RANK = {URGENCY_OVERDUE: 0, URGENCY_SOON: 1, URGENCY_NORMAL: 2, URGENCY_INFO: 3}
SOON_DAYS = 2


@dataclass(frozen=True)
class TodoItem:
    """One line of a person's 待办: "本月待填报 12 / 40 项 · 截止 12月5日 · 还剩 2 天"."""

    title: str
    url: str
    count: int | None = None
    total: int | None = None  # shown as "count / total" (N of M)
    deadline: dt.date | dt.datetime | None = None
    note: str = ""
    group: str = ""  # a short heading such as 月度填报, 提示函, 观察员履职
    urgency: str = ""  # left empty: derived from the deadline
    order: int = 100

    def deadline_date(self) -> dt.date | None:
        d = self.deadline
        if isinstance(d, dt.datetime):
            return timezone.localtime(d).date() if timezone.is_aware(d) else d.date()
        return d

    def days_left(self, today: dt.date) -> int | None:
        d = self.deadline_date()
        return None if d is None else (d - today).days

    def urgency_on(self, today: dt.date) -> str:
        if self.urgency:
            return self.urgency
        left = self.days_left(today)
        if left is None:
            return URGENCY_NORMAL
        if left < 0:
            return URGENCY_OVERDUE
        return URGENCY_SOON if left <= SOON_DAYS else URGENCY_NORMAL


@dataclass(frozen=True)
class ShownTodo:
    """A TodoItem as the template shows it on a given day."""

    item: TodoItem
    urgency: str
    days_left: int | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.item, name)

    @property
    def when(self) -> str:
        """截止 12月5日 · 还剩 2 天 / 今天截止 / 已逾期 3 天 (empty without a deadline)."""
        d = self.item.deadline_date()
        if d is None:
            return ""
        date_text = f"{d.month}月{d.day}日"
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return f"截止 {date_text} · 已逾期 {-self.days_left} 天"
        if self.days_left == 0:
            return f"截止 {date_text} · 今天到期"
        return f"截止 {date_text} · 还剩 {self.days_left} 天"


TodoProvider = Callable[[Any, dt.date], Iterable[TodoItem]]
_providers: list[tuple[int, str, TodoProvider]] = []


def register_todo(key: str, provider: TodoProvider, *, order: int = 100) -> None:
    """Add (or replace, by key) a provider of 待办 items for a request."""
    _providers[:] = [p for p in _providers if p[1] != key]
    _providers.append((order, key, provider))
    _providers.sort(key=lambda p: (p[0], p[1]))


def todo_items(request, *, today: dt.date | None = None) -> list[ShownTodo]:
    """This request's 待办, most urgent first (overdue, due soon, the rest, then notices of results)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    shown = []
    for order, _key, provider in _providers:
        for item in provider(request, today) or ():
            if item.count == 0:
                continue
            urgency = item.urgency_on(today)
            shown.append((ShownTodo(item=item, urgency=urgency, days_left=item.days_left(today)), order))
    shown.sort(
        key=lambda s: (
            _URGENCY_RANK.get(s[0].urgency, 2),
            s[0].item.deadline_date() or dt.date.max,
            s[1],
            s[0].item.order,
        )
    )
    return [s for s, _ in shown]
