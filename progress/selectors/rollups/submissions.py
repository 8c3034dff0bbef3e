"""This month's submission status per county (two queries)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Max, Q

from minsheng.accounts.models import Organisation
from projects.models import IndicatorTarget

from ...models import Figure, FigureState, ReportingPeriod


def submission_status(*, period: ReportingPeriod, now: datetime) -> list[dict]:
    """This month's submission per county: {"county", "assigned", "submitted", "drafts", "missing",
    "last_submitted_at", "late" (submitted after the deadline, or still missing past it)}. Two queries."""
    assigned = {
        row["county"]: row["n"]
        for row in IndicatorTarget.objects.filter(
            indicator__project__matter__programme_id=period.programme_id
        )
        .order_by()
        .values("county")
        .annotate(n=Count("id"))
    }
    done_states = [s for s in FigureState if s not in (FigureState.DRAFT, FigureState.RETURNED)]
    # .order_by(): the models' default orderings would join seven more tables into the grouping
    stats = {
        row["target__county"]: row
        for row in Figure.objects.filter(period=period)
        .order_by()
        .values("target__county")
        .annotate(
            submitted=Count("id", filter=Q(state__in=done_states)),
            drafts=Count("id", filter=Q(state__in=[FigureState.DRAFT, FigureState.RETURNED])),
            last=Max("submitted_at"),
        )
    }
    counties = Organisation.objects.in_bulk(list(assigned))
    rows = []
    for pk, n in assigned.items():
        s = stats.get(pk, {})
        submitted = s.get("submitted", 0)
        last = s.get("last")
        missing = n - submitted
        late = (missing > 0 and now > period.deadline) or (last is not None and last > period.deadline)
        rows.append(
            {
                "county": counties[pk],
                "assigned": n,
                "submitted": submitted,
                "drafts": s.get("drafts", 0),
                "missing": missing,
                "last_submitted_at": last,
                "late": late,
            }
        )
    rows.sort(key=lambda r: (r["county"].sort_order, r["county"].pk))
    return rows
