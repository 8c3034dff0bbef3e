"""Figure lists scoped to the user, and one county's month for the entry page."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from minsheng.accounts.models import Role
from projects.models import IndicatorTarget

from ..models import Evidence, Figure, ReportingPeriod


def figures_visible_to(user) -> QuerySet[Figure]:
    """Figures a user may read: the office all, a county its own, a department its projects'."""
    qs = Figure.objects.select_related(
        "target__indicator__project__matter__programme", "target__county", "period__programme"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_office:
        return qs
    if user.role == Role.COUNTY and user.county is not None:
        return qs.filter(target__county=user.county)
    if user.role == Role.DEPARTMENT and user.organisation_id:
        org = user.organisation_id
        ind = "target__indicator__"
        return qs.filter(
            Q(**{f"{ind}lead_unit_id": org})
            | Q(**{f"{ind}project__lead_unit_id": org})
            | Q(**{f"{ind}project__responsible_units": org})
        ).distinct()
    return qs.none()


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """Evidence files of the figures the user may read."""
    return Evidence.objects.filter(figure__in=figures_visible_to(user).values("pk")).select_related("figure")


def county_month_rows(*, county, period: ReportingPeriod) -> list[dict]:
    """Every task of a county in the period's programme with its figure (or None) and last month's."""
    targets = list(
        IndicatorTarget.objects.filter(
            county=county, indicator__project__matter__programme_id=period.programme_id
        )
        .select_related("indicator__project__matter")
        .order_by(
            "indicator__project__matter__level",
            "indicator__project__matter__seq",
            "indicator__project__seq",
            "indicator__seq",
        )
    )
    figures = {
        (f.target_id, f.period.month): f
        for f in Figure.objects.filter(
            target__county=county,
            period__programme_id=period.programme_id,
            period__month__in=[period.month - 1, period.month],
        )
        .select_related("period")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("id", "figure_id")))
    }
    return [
        {
            "target": t,
            "indicator": t.indicator,
            "figure": figures.get((t.pk, period.month)),
            "previous": figures.get((t.pk, period.month - 1)),
        }
        for t in targets
    ]
