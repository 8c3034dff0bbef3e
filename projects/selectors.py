"""Read-side queries of the programme. Every list a view shows goes through here."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import (
    county_id_of,
    department_id_of,
    has_full_scope,
    is_county_staff,
    is_department_staff,
    is_deputy,
    is_observer,
    is_office,
    office_scope_q,
)

from .models import Indicator, IndicatorTarget, Matter, Programme, Project


def programmes_visible_to(user) -> QuerySet[Programme]:
    """Programmes an office user works on or reports on: those of their organisation's subtree (all for
    full-scope staff); every other signed-in role reads programmes through their own rows."""
    qs = Programme.objects.select_related("organisation", "office")
    if is_office(user):
        return qs.filter(office_scope_q(user, "organisation"))
    return qs


def programme_list_public() -> QuerySet[Programme]:
    """Public programmes with their matter/project counts, newest year first."""
    return (
        Programme.objects.filter(is_public=True)
        .select_related("organisation")
        .annotate(
            matter_count=Count("matters", distinct=True),
            project_count=Count("matters__projects", distinct=True),
        )
    )


def programme_tree(*, programme: Programme) -> list[Matter]:
    """Matters with projects, indicators and their lead units, in four queries whatever the size."""
    indicators = Indicator.objects.select_related("lead_unit").annotate(
        county_total=Coalesce(Sum("targets__target"), Value(Decimal(0), output_field=DecimalField())),
        county_count=Count("targets"),
    )
    projects = Project.objects.select_related("lead_unit").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )
    return list(
        programme.matters.select_related("lead_unit").prefetch_related(
            Prefetch("projects", queryset=projects)
        )
    )


def indicator_target_totals(*, indicator: Indicator) -> dict:
    """City target beside the sum of county targets, so a mismatch in the 任务分解表 is visible."""
    agg = indicator.targets.aggregate(total=Sum("target"), n=Count("id"))
    total = agg["total"]
    return {
        "target": indicator.target,
        "county_total": total,
        "county_count": agg["n"],
        "mismatch": indicator.target is not None and total is not None and total != indicator.target,
    }


def indicator_targets_for_county(
    *, county: Organisation, year: int | None = None
) -> QuerySet[IndicatorTarget]:
    """The 任务分解表 rows a county carries, with their indicator, project and matter."""
    qs = IndicatorTarget.objects.filter(county=county).select_related(
        "indicator__project__matter__programme", "indicator__lead_unit"
    )
    if year is not None:
        qs = qs.filter(indicator__project__matter__programme__year=year)
    return qs.order_by(
        "-indicator__project__matter__programme__year",
        "indicator__project__matter__level_order",
        "indicator__project__matter__seq",
        "indicator__project__seq",
        "indicator__seq",
    )


def indicators_visible_to(user) -> QuerySet[Indicator]:
    """Indicators a signed-in user may see in staff views (public ones are read elsewhere)."""
    qs = Indicator.objects.select_related("project__matter__programme", "lead_unit")
    if not user.is_authenticated:
        return qs.none()
    if is_office(user):
        return qs.filter(office_scope_q(user, "project__matter__programme__organisation"))
    if is_observer(user) or is_deputy(user):
        return qs
    if is_county_staff(user):
        return qs.filter(targets__county_id=county_id_of(user)).distinct()
    if is_department_staff(user):
        return qs.filter(department_scope_q(department_id_of(user))).distinct()
    return qs.none()


def indicator_upper_choices(*, indicator: Indicator | None, user) -> QuerySet[Indicator]:
    """Indicators `indicator` may take as its 上级计划指标: those of the same year's programmes of a unit strictly
    above its programme's unit, that the user may read (their office's subtree, or a published public programme
    — an upper level's plan issued to them). Without an indicator (a new one), every such readable indicator of
    a unit that has units below it. Indicator.clean() still checks the family rules on saving."""
    qs = Indicator.objects.select_related("project__matter__programme__organisation").order_by(
        "-project__matter__programme__year",
        "project__matter__programme__organisation__path",
        "project__matter__level_order",
        "project__matter__seq",
        "project__seq",
        "seq",
        "id",
    )
    if not is_office(user):
        return qs.none()
    if not has_full_scope(user):  # (office_scope_q is Q() then, and Q() | X would be X alone)
        readable = office_scope_q(user, "project__matter__programme__organisation") | Q(
            project__matter__programme__is_public=True, project__matter__programme__is_draft=False
        )
        qs = qs.filter(readable)
    if indicator is None or not indicator.project_id:
        return qs.exclude(project__matter__programme__organisation__kind=Organisation.Kind.COUNTY)
    own = Programme.objects.select_related("organisation").get(matters__projects__indicators=indicator)
    above = [int(pk) for pk in own.organisation.path.strip("/").split("/") if pk][:-1]
    qs = qs.filter(
        project__matter__programme__year=own.year, project__matter__programme__organisation_id__in=above
    )
    return qs.exclude(pk=indicator.pk) if indicator.pk else qs


def indicator_upper_label(indicator: Indicator) -> str:
    """How a candidate 上级计划指标 is named in a picker: its unit, year and code beside its name."""
    programme = indicator.project.matter.programme
    code = f"{indicator.code} " if indicator.code else ""
    return f"{programme.organisation.name} {programme.year} 年 · {code}{indicator.name}"


def department_scope_q(department_id: int, prefix: str = "") -> Q:
    """Indicators (at `prefix`, e.g. "target__indicator__") in a department's scope: those it leads, or
    those of projects it leads or shares (the queryset form of rules.is_indicator_department)."""
    return (
        Q(**{f"{prefix}lead_unit_id": department_id})
        | Q(**{f"{prefix}project__lead_unit_id": department_id})
        | Q(**{f"{prefix}project__responsible_units": department_id})
    )


def indicators_led_by(*, organisation: Organisation) -> QuerySet[Indicator]:
    """Indicators this department leads (directly, or through the project it leads)."""
    return (
        Indicator.objects.filter(
            Q(lead_unit=organisation) | Q(lead_unit__isnull=True, project__lead_unit=organisation)
        )
        .select_related("project__matter__programme")
        .annotate(county_count=Count("targets"))
        .order_by(
            "-project__matter__programme__year",
            "project__matter__level_order",
            "project__matter__seq",
            "project__seq",
            "seq",
        )
    )


def programme_target_mismatches(*, programme: Programme) -> list[Indicator]:
    """Indicators whose county targets do not add up to the city target."""
    return [
        ind
        for ind in Indicator.objects.filter(
            project__matter__programme=programme, target__isnull=False, kind="quantity"
        )
        .annotate(county_total=Sum("targets__target"))
        .select_related("project")
        if ind.county_total is not None and ind.county_total != ind.target
    ]
