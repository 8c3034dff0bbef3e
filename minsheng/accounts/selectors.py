"""Reads about people: who acts for a unit, which office hears about a unit's work (the recipients of notices)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import DisallowedHost
from django.db.models import Q, QuerySet

from .models import Organisation, Role, User


def unit_users(*, unit: Organisation) -> QuerySet[User]:
    """The active clerks of a county or department: its own users and those of its offices below it. A city or
    province (the addressee of an upper level's 督办函) is answered by its 专班办公室's accounts."""
    if unit.kind in (Organisation.Kind.CITY, Organisation.Kind.PROVINCE):
        return User.objects.filter(
            Q(organisation=unit) | Q(organisation__parent=unit, organisation__kind=Organisation.Kind.OFFICE),
            role=Role.OFFICE,
            is_active=True,
        ).order_by("pk")
    roles = [Role.COUNTY] if unit.kind == Organisation.Kind.COUNTY else [Role.DEPARTMENT]
    return User.objects.filter(
        Q(organisation=unit) | Q(organisation__parent=unit), role__in=roles, is_active=True
    ).order_by("pk")


def office_users_for(*, org: Organisation | None) -> list[User]:
    """The 专班办公室 accounts that hear about work belonging to this organisation: the active office users whose
    level runs it (rules.office_manages: the nearest office at or above it, not a city's office for a county that
    runs its own, never another city's or the province's), plus the instance's office accounts tied to no unit.

    Candidates are read in one query from the organisation's ancestors (its materialised path); the scope check
    then costs at most two cached queries per candidate, a handful per level of government."""
    from .rules import office_manages

    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk")
    if org is None:
        return list(office.filter(organisation__isnull=True))
    ids = [int(i) for i in org.path.strip("/").split("/") if i] if org.path else [org.pk]
    near = Q(organisation__isnull=True) | Q(organisation_id__in=ids) | Q(organisation__parent_id__in=ids)
    return [u for u in office.filter(near) if office_manages(u, org)]


def office_roots() -> list[Organisation]:
    """The governments that run their own 专班办公室: the organisation each active, unit-bound office account acts
    for (rules.root_of_unit, the rule office_root_of applies), shallowest first. One query, plus a department's
    walk up to its region for an office account tied to a department."""
    from .rules import root_of_unit

    users = (
        User.objects.filter(role=Role.OFFICE, is_active=True, is_superuser=False, organisation__isnull=False)
        .select_related("organisation__parent")
        .order_by("pk")
    )
    roots: dict[int, Organisation] = {}
    for u in users:
        root = root_of_unit(u.organisation)
        roots.setdefault(root.pk, root)
    return sorted(roots.values(), key=lambda o: (o.path.count("/"), o.path))


_AREA_KINDS = (Organisation.Kind.PROVINCE, Organisation.Kind.CITY, Organisation.Kind.COUNTY)


def area_of(org: Organisation | None) -> Organisation | None:
    """The government a unit works for: itself for a province/city/county, else the nearest of those above
    it (an office or department → its city or county). One query, read from the materialised path."""
    if org is None:
        return None
    if org.kind in _AREA_KINDS:
        return org
    ids = [int(i) for i in org.path.strip("/").split("/") if i] if org.path else [org.parent_id]
    above = {o.pk: o for o in Organisation.objects.filter(pk__in=ids, kind__in=_AREA_KINDS)}
    for pk in reversed(ids):
        if pk in above:
            return above[pk]
    return None


def office_of(area: Organisation | None) -> Organisation | None:
    """The 专班办公室 of a government (the office unit directly below it), or None."""
    if area is None:
        return None
    return area.children.filter(kind=Organisation.Kind.OFFICE).order_by("sort_order", "id").first()


def site_area_for(user, *, page_owner: Organisation | None = None) -> Organisation | None:
    """Whose name a page carries: the organisation the page shows (a project's or campaign's), else an
    office user's own government, else the government of any other signed-in user's unit; None = the
    instance's default (MINSHENG_CITY_NAME)."""
    from .rules import is_office, office_root_of

    if page_owner is not None:
        return area_of(page_owner)
    if not (user and user.is_authenticated and user.organisation_id):
        return None
    if is_office(user):
        return office_root_of(user)
    area = area_of(user.organisation)
    # A county clerk or department works inside a city's programme: the city names the site.
    while area is not None and area.kind == Organisation.Kind.COUNTY and area.parent_id:
        area = area_of(area.parent)
    return area


# ── The site a host name belongs to ────────────────────────────────────────────────────────────────
HOST_CACHE_SECONDS = 300  # a renamed government shows on its mapped host within five minutes


@dataclass(frozen=True)
class HostSite:
    """The government a host name is mapped to, as anonymous pages need it (no model instance: cached)."""

    organisation_id: int
    path: str
    city_name: str
    office_name: str

    def ancestor_ids(self) -> list[int]:
        """The governments above this one (a province's campaign reaches its cities' residents)."""
        ids = [int(i) for i in self.path.strip("/").split("/") if i]
        return ids[:-1]

    def scope_q(self, field: str = "organisation") -> Q:
        """Rows of this government's subtree or of a government above it: what a resident of it expects."""
        q = (
            Q(**{f"{field}__path__startswith": self.path})
            if self.path
            else Q(**{field: self.organisation_id})
        )
        above = self.ancestor_ids()
        return q | Q(**{f"{field}_id__in": above}) if above else q

    def holds(self, org: Organisation) -> bool:
        """The organisation is in scope_q (its path already loaded: no query)."""
        return bool(org.path and org.path.startswith(self.path)) or org.pk in self.ancestor_ids()

    def own_first(self, field: str = "organisation"):
        """An ordering expression: 0 for this government's own rows, 1 for the rest."""
        from django.db.models import Case, IntegerField, Value, When

        return Case(
            When(**{f"{field}_id": self.organisation_id}, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )


def host_site(host: str) -> HostSite | None:
    """The government mapped to this host name (SiteHost), or None; cached, so a page pays at most two queries
    the first time a host is seen and none after (an unmapped host is cached too)."""
    from django.core.cache import cache

    from .models import HOST_CACHE_GENERATION, SiteHost, normalise_host

    host = normalise_host(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)
    if not host:
        return None
    gen = cache.get(HOST_CACHE_GENERATION) or 1
    key = f"accounts:sitehost:{gen}:{host}"
    hit = cache.get(key)
    if hit is not None:
        return HostSite(**hit) if hit else None
    mapping = SiteHost.objects.select_related("organisation").filter(host=host).first()
    site = None
    if mapping is not None:
        area = mapping.organisation
        office = office_of(area)
        site = HostSite(
            organisation_id=area.pk,
            path=area.path,
            city_name=area.name,
            office_name=office.name if office else f"{area.name}重点民生实事工作专班办公室",
        )
    cache.set(key, site.__dict__ if site else {}, HOST_CACHE_SECONDS)
    return site


def request_site(request) -> HostSite | None:
    """host_site for this request's host (Django's get_host: ALLOWED_HOSTS already checked), read once."""
    if request is None:
        return None
    if not hasattr(request, "_host_site"):
        try:
            request._host_site = host_site(request.get_host())
        except DisallowedHost:  # answered 400 by CommonMiddleware before any page; here it maps to nothing
            request._host_site = None
    return request._host_site


def public_site(request) -> HostSite | None:
    """The mapped host's government for a visitor's lists (None for office staff, who have their own scope)."""
    from .rules import is_office

    user = getattr(request, "user", None)
    if user is not None and is_office(user):
        return None
    return request_site(request)


def public_scope_q(request, field: str = "organisation") -> Q:
    """What a list page shows by default to a visitor on a mapped host (anyone but office staff, who have their
    own scope): the host government's subtree and the governments above it, i.e. what its residents are
    concerned by; Q() on an unmapped host (today's behaviour: everything public)."""
    site = public_site(request)
    return site.scope_q(field) if site is not None else Q()
