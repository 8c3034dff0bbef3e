"""Reads about people: who acts for a unit (the recipients of its notices)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Organisation, Role, User


def unit_users(*, unit: Organisation) -> QuerySet[User]:
    """The active clerks of a county or department: its own users and those of its offices below it."""
    roles = [Role.COUNTY] if unit.kind == Organisation.Kind.COUNTY else [Role.DEPARTMENT]
    return User.objects.filter(
        Q(organisation=unit) | Q(organisation__parent=unit), role__in=roles, is_active=True
    ).order_by("pk")


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
