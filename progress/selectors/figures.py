"""Figure lists scoped to the user, and one county's month for the entry page."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import (
    county_id_of,
    department_id_of,
    is_county_staff,
    is_department_staff,
    is_office,
)
from minsheng.common.params import is_id
from projects.models import IndicatorTarget
from projects.selectors import department_scope_q

from ..models import Evidence, Figure, ReportingPeriod
from ..status import indicator_status


def figures_visible_to(user) -> QuerySet[Figure]:
    """Figures a user may read: the office all, a county its own, a department its projects'."""
    qs = Figure.objects.select_related(
        "target__indicator__project__matter__programme", "target__county", "period__programme"
    )
    if is_office(user):
        return qs
    if is_county_staff(user):
        return qs.filter(target__county_id=county_id_of(user))
    if is_department_staff(user):
        return qs.filter(department_scope_q(department_id_of(user), "target__indicator__")).distinct()
    return qs.none()


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """Evidence files of the figures the user may read."""
    return Evidence.objects.filter(figure__in=figures_visible_to(user).values("pk")).select_related("figure")


def period_current_for_county(*, county: Organisation) -> ReportingPeriod | None:
    """The period a county reports now: the latest open month of its newest programme (else the latest)."""
    qs = (
        ReportingPeriod.objects.filter(programme__matters__projects__indicators__targets__county=county)
        .distinct()
        .order_by("-programme__year", "-month")
    )
    return qs.filter(state=ReportingPeriod.State.OPEN).first() or qs.first()


def latest_month_with_figures(*, programme) -> int | None:
    """The latest month of the programme that has any figure (an EXISTS per period: a province's 88,000 figures
    are never joined)."""
    return (
        programme.periods.filter(Exists(Figure.objects.filter(period=OuterRef("pk"))))
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def county_by_id(raw) -> Organisation | None:
    """The county-level unit with this id (a request parameter), or None."""
    return Organisation.objects.filter(pk=raw, kind=Organisation.Kind.COUNTY).first() if is_id(raw) else None


def county_month_rows(*, county, period: ReportingPeriod) -> list[dict]:
    """Every task of a county in the period's programme with its figure (or None), last month's, its
    status as of the period (完成 / 按序时 / 未达序时) and whether it was reported late."""
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
    rows = []
    for target in targets:
        figure, indicator = figures.get((target.pk, period.month)), target.indicator
        rows.append(
            {
                "target": target,
                "indicator": indicator,
                "figure": figure,
                "previous": figures.get((target.pk, period.month - 1)),
                "result": indicator_status(
                    kind=indicator.kind,
                    value=figure.effective_value if figure else None,
                    target=target.target,
                    month=period.month,
                    monthly_plan=indicator.monthly_plan,
                    due_date=indicator.due_date,
                    year=period.programme.year,
                ),
                "late": bool(figure and figure.submitted_at and period.is_late(figure.submitted_at)),
            }
        )
    return rows
