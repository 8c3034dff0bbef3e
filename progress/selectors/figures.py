"""Figure lists scoped to the user, and one county's month for the entry page."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import (
    county_id_of,
    department_id_of,
    is_county_staff,
    is_department_staff,
    is_office,
    office_scope_q,
)
from minsheng.common.params import is_id
from projects.models import IndicatorTarget
from projects.selectors import department_scope_q

from ..models import FIGURE_OWNER, Evidence, Figure, FigureState, ReportingPeriod
from ..status import indicator_status
from .rollups.behind import CITY_SELF_NAMES


def figures_visible_to(user) -> QuerySet[Figure]:
    """Figures a user may read: the office all, a county its own, a department its projects'."""
    qs = Figure.objects.select_related(
        "target__indicator__project__matter__programme", "target__county", "period__programme"
    )
    if is_office(user):
        return qs.filter(office_scope_q(user, FIGURE_OWNER))
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
    targets = IndicatorTarget.objects.filter(
        county=county, indicator__project__matter__programme_id=period.programme_id
    )
    return _month_rows(targets=targets, period=period)


def _month_rows(*, targets: QuerySet[IndicatorTarget], period: ReportingPeriod) -> list[dict]:
    """The rows of a month's entry list for these tasks (two queries whatever their number)."""
    targets = list(
        targets.select_related("indicator__project__matter", "county").order_by(
            "indicator__project__matter__level_order",
            "indicator__project__matter__seq",
            "indicator__project__seq",
            "indicator__seq",
            "county__sort_order",
        )
    )
    figures = {
        (f.target_id, f.period.month): f
        for f in Figure.objects.filter(
            target__in=[t.pk for t in targets],
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


def led_by_q(department_id: int | None, prefix: str = "indicator__") -> Q:
    """Indicators (at `prefix`) whose lead unit is this department: the indicator's own lead, else its
    project's — the same lead the 市本级 notices and the "who is behind" letters address."""
    return Q(**{f"{prefix}lead_unit_id": department_id}) | Q(
        **{f"{prefix}lead_unit__isnull": True, f"{prefix}project__lead_unit_id": department_id}
    )


def city_self_targets_led_by(
    *, department_id: int | None, programme_id: int | None = None
) -> QuerySet[IndicatorTarget]:
    """The 市本级 rows (city-level tasks with no county split, carried by the city itself) of the indicators
    this department leads: the lead department reports them (seed 004: "牵头单位"), the counties never do."""
    if department_id is None:
        return IndicatorTarget.objects.none()
    qs = IndicatorTarget.objects.filter(led_by_q(department_id), county__name__in=CITY_SELF_NAMES)
    if programme_id is not None:
        qs = qs.filter(indicator__project__matter__programme_id=programme_id)
    return qs


def period_current_for_department(*, department_id: int | None) -> ReportingPeriod | None:
    """The period a department reports its 市本级 rows in now: the latest open month of the newest programme
    holding such rows (else the latest month), None when it leads none."""
    programmes = city_self_targets_led_by(department_id=department_id).values(
        "indicator__project__matter__programme"
    )
    qs = (
        ReportingPeriod.objects.filter(programme__in=programmes)
        .select_related("programme")
        .order_by("-programme__year", "-month")
    )
    return qs.filter(state=ReportingPeriod.State.OPEN).first() or qs.first()


def department_month_rows(*, department_id: int | None, period: ReportingPeriod) -> list[dict]:
    """The department's own reporting list of a month: its 市本级 rows with figure, last month and status."""
    targets = city_self_targets_led_by(department_id=department_id, programme_id=period.programme_id)
    return _month_rows(targets=targets, period=period)


def city_self_missing_by_department(*, period: ReportingPeriod) -> list[tuple[Organisation, int]]:
    """The lead departments with 市本级 rows of this month still to report (not yet submitted, or returned),
    with how many: whom the deadline reminders and the office's 催办 of 市本级 reach. Two queries."""
    done = Figure.objects.filter(period=period).exclude(state__in=[FigureState.DRAFT, FigureState.RETURNED])
    missing = (
        IndicatorTarget.objects.filter(
            county__name__in=CITY_SELF_NAMES, indicator__project__matter__programme_id=period.programme_id
        )
        .exclude(pk__in=done.values("target_id"))
        .annotate(lead=Coalesce("indicator__lead_unit_id", "indicator__project__lead_unit_id"))
        .exclude(lead=None)
        .order_by()
        .values("lead")
        .annotate(n=Count("id"))
    )
    counts = {row["lead"]: row["n"] for row in missing}
    units = Organisation.objects.filter(pk__in=list(counts)).order_by("sort_order", "pk")
    return [(u, counts[u.pk]) for u in units]
