"""Who publishes on which project's public page, what the public timeline shows, and how much each unit
published (the 1-9月 通报 counts 政策文件, 本地化更新 and 工作动态 per unit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import (
    county_id_of,
    department_id_of,
    is_county_staff,
    is_department_staff,
    is_office,
    office_scope_q,
)
from projects.models import Indicator, IndicatorTarget, Project
from projects.selectors import department_scope_q

from ..models import PolicyDocument, PublicUpdate, PublicUpdatePhoto, UpdateKind

TIMELINE_LIMIT = 30
RECENT_LIMIT = 30


def publishing_scope_q(user) -> Q | None:
    """Projects a user may publish on, as a filter (None = every project, for an office of full scope; an office
    its own level's projects; an empty Q never matches for anyone else): a county clerk those where their county has a target, a department clerk those
    it leads or shares (projects.selectors.department_scope_q, the same scope as its reporting)."""
    if is_office(user):
        own = office_scope_q(user, "matter__programme__organisation", manage=True)
        return own or None  # Q() is full scope
    if is_county_staff(user):
        return Q(
            pk__in=IndicatorTarget.objects.filter(county_id=county_id_of(user)).values(
                "indicator__project_id"
            )
        )
    if is_department_staff(user):
        dept = department_id_of(user)
        return (
            Q(lead_unit_id=dept)
            | Q(pk__in=Project.objects.filter(responsible_units=dept).values("pk"))
            | Q(pk__in=Indicator.objects.filter(department_scope_q(dept)).values("project_id"))
        )
    return Q(pk__in=[])


def projects_publishable_by(user) -> QuerySet[Project]:
    """The projects whose public page the user may publish on (the list form of progress.publish_project)."""
    qs = Project.objects.select_related("matter__programme", "lead_unit").order_by(
        "-matter__programme__year", "matter__level_order", "matter__seq", "seq"
    )
    scope = publishing_scope_q(user)
    return qs if scope is None else qs.filter(scope)


def can_publish_on(user, project) -> bool:
    """The object form of the same scope (one query for a clerk)."""
    if project is None:
        return False
    scope = publishing_scope_q(user)
    if scope is None:
        return True
    return Project.objects.filter(pk=project.pk).filter(scope).exists()


def publishing_unit_of(user) -> Organisation | None:
    """The unit a clerk publishes for (a county clerk their county, a department clerk their department);
    None for the office (shown as 专班办公室)."""
    if is_county_staff(user):
        return user.county
    if is_department_staff(user):
        return user.organisation
    return None


@dataclass(frozen=True)
class TimelineEntry:
    """One row of a project's public timeline: an update (with its photos) or a policy document."""

    kind_label: str
    item: PublicUpdate | PolicyDocument
    published_on: date
    unit_name: str
    is_policy: bool


def _sort_key(e: TimelineEntry):
    created = e.item.created_at.timestamp() if e.item.created_at else 0
    return (e.published_on, created, e.item.pk)


def public_timeline(*, project: Project, limit: int = TIMELINE_LIMIT) -> list[TimelineEntry]:
    """The public timeline of a project, newest first: published, not hidden updates (with photos) and
    policy documents, each with the publishing unit's name. Three queries whatever the number of items."""
    updates = (
        PublicUpdate.objects.filter(project=project, is_published=True, hidden_at__isnull=True)
        .select_related("unit")
        .prefetch_related(Prefetch("photos", queryset=PublicUpdatePhoto.objects.order_by("id")))
        .order_by("-published_on", "-id")[:limit]
    )
    policies = (
        PolicyDocument.objects.filter(project=project, is_published=True, hidden_at__isnull=True)
        .select_related("unit")
        .order_by("-published_on", "-id")[:limit]
    )
    entries = [
        TimelineEntry(u.get_kind_display(), u, u.published_on, u.unit.name if u.unit else "专班办公室", False)
        for u in updates
    ] + [
        TimelineEntry("政策文件", d, d.published_on, d.unit.name if d.unit else "专班办公室", True)
        for d in policies
    ]
    entries.sort(key=_sort_key, reverse=True)
    return entries[:limit]


def publish_counts_by_unit(
    *, programme=None, date_from: date | None = None, date_to: date | None = None
) -> dict[int | None, dict[str, int]]:
    """How much each unit published (for the 通报 and the 信息公开 estimate): {unit id (None = 专班办公室):
    {"policy": 政策文件, "local": 本地化更新, "news": 工作动态}}. Withdrawn and hidden items do not count;
    dates bound `published_on` (inclusive). Two queries."""
    base = Q(is_published=True, hidden_at__isnull=True)
    if programme is not None:
        base &= Q(project__matter__programme=programme)
    if date_from is not None:
        base &= Q(published_on__gte=date_from)
    if date_to is not None:
        base &= Q(published_on__lte=date_to)
    out: dict[int | None, dict[str, int]] = {}

    def row(unit_id):
        return out.setdefault(unit_id, {"policy": 0, "local": 0, "news": 0})

    for r in (
        PublicUpdate.objects.filter(base)
        .values("unit_id")
        .annotate(
            local=Count("id", filter=Q(kind=UpdateKind.LOCAL)),
            news=Count("id", filter=Q(kind=UpdateKind.NEWS)),
        )
        .order_by()
    ):
        cell = row(r["unit_id"])
        cell["local"], cell["news"] = r["local"], r["news"]
    for r in PolicyDocument.objects.filter(base).values("unit_id").annotate(n=Count("id")).order_by():
        row(r["unit_id"])["policy"] = r["n"]
    return out


def publish_items_for(*, project: Project) -> tuple[list[PublicUpdate], list[PolicyDocument]]:
    """Everything published on a project, for the publishing page (the units see what the office hid and
    why): updates with their photos, and policy documents."""
    updates = list(
        PublicUpdate.objects.filter(project=project)
        .select_related("unit", "hidden_by")
        .prefetch_related("photos")
        .order_by("-published_on", "-id")
    )
    policies = list(
        PolicyDocument.objects.filter(project=project)
        .select_related("unit", "hidden_by")
        .order_by("-published_on", "-id")
    )
    return updates, policies


def public_items_recent(
    *, user, limit: int = RECENT_LIMIT
) -> list[tuple[str, PublicUpdate | PolicyDocument]]:
    """("update" | "policy", item) newest first: the office every unit's latest items (to check and hide), a
    clerk their own unit's (with what the office hid and why); nobody else anything. Two queries."""
    updates = PublicUpdate.objects.select_related("project", "unit").order_by("-created_at", "-id")
    policies = PolicyDocument.objects.select_related("project", "unit").order_by("-created_at", "-id")
    if not is_office(user):
        unit = publishing_unit_of(user)
        if unit is None:
            return []
        updates, policies = updates.filter(unit=unit), policies.filter(unit=unit)
    items = [("update", u) for u in updates[:limit]] + [("policy", d) for d in policies[:limit]]
    items.sort(
        key=lambda kv: (kv[1].created_at.timestamp() if kv[1].created_at else 0, kv[1].pk), reverse=True
    )
    return items[:limit]
