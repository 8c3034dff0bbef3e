"""Home-page panels: the office's overdue hand-offs, an observer's duty, a unit's open hand-offs."""

from __future__ import annotations

from django.utils import timezone

from minsheng.accounts.rules import is_observer, is_office, unit_ids_of
from minsheng.common.home import Panel

from . import selectors
from .models import Finding, HandOff


def observers_panel(request) -> Panel | None:
    """One panel per role; None for the public and for roles without observer work."""
    user = request.user
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    if is_office(user):
        overdue = selectors.handoffs_overdue(as_of=today)
        return Panel(
            template="observers/panels/office.html",
            order=15,
            context={
                "overdue": list(overdue.select_related("finding")[:8]),
                "overdue_count": overdue.count(),
                "new_count": selectors.findings_visible_to(user).filter(state=Finding.State.NEW).count(),
                "replied_count": HandOff.objects.filter(state=HandOff.State.REPLIED).count(),
            },
        )
    if is_observer(user):
        observer = selectors.observer_for(user)
        if observer is None:
            return None
        duty = selectors.duty_statuses(observers=[observer], year=today.year, month=today.month)[observer.pk]
        return Panel(template="observers/panels/observer.html", order=5, context={"duty": duty})
    if unit_ids_of(user):
        open_ = selectors.handoffs_visible_to(user).filter(state__in=selectors.OPEN_HANDOFF_STATES)
        return Panel(
            template="observers/panels/unit.html",
            order=12,
            context={"open": list(open_.order_by("deadline")[:10]), "today": today},
        )
    return None
