"""Who a user is and what they act for, written once: every app's rules.py and selectors compose these.

A role predicate is true only for an active, signed-in user of that role; the county and department
roles also need the unit they work for (a clerk without one has no scope, so no rights).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db.models import Q

from .models import Organisation, Role


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_office(user) -> bool:
    """专班办公室 staff, the system administrator and superusers (User.is_office)."""
    return bool(user and user.is_authenticated and user.is_office)


@rules.predicate
def is_county_staff(user) -> bool:
    """A 县市区专班 clerk working for a county-level unit."""
    return bool(is_signed_in(user) and user.role == Role.COUNTY and user.county is not None)


@rules.predicate
def is_department_staff(user) -> bool:
    """A 市直责任单位 clerk working for their department."""
    return bool(is_signed_in(user) and user.role == Role.DEPARTMENT and user.organisation_id)


@rules.predicate
def is_observer(user) -> bool:
    return bool(is_signed_in(user) and user.role == Role.OBSERVER)


@rules.predicate
def is_deputy(user) -> bool:
    return bool(is_signed_in(user) and user.role == Role.DEPUTY)


def county_id_of(user) -> int | None:
    """The county a county clerk works for (None for every other user)."""
    return user.county.pk if is_county_staff(user) else None


def department_id_of(user) -> int | None:
    """The department a department clerk works for (None for every other user)."""
    return user.organisation_id if is_department_staff(user) else None


def unit_ids_of(user) -> set[int]:
    """The units a clerk acts for: their own organisation, and for a county clerk also the county."""
    if is_county_staff(user):
        return {i for i in (user.organisation_id, user.county.pk) if i}
    if is_department_staff(user):
        return {user.organisation_id}
    return set()


def in_county(user, county_id: int | None) -> bool:
    """County scope: the user is the clerk of this county."""
    return county_id is not None and county_id_of(user) == county_id


def in_department(user, *unit_ids: int | None) -> bool:
    """Department scope: the user is a clerk of one of these units (a project's lead or responsible units)."""
    own = department_id_of(user)
    return own is not None and own in unit_ids


def acts_for_unit(user, unit_id: int | None) -> bool:
    """The user is a clerk of this unit (a hand-off's or letter's addressee)."""
    return unit_id is not None and unit_id in unit_ids_of(user)


# ── Office scope: one place ────────────────────────────────────────────────────────────────────────
# An office (专班办公室) user acts for an organisation root: the parent of their office unit (a city, a
# county-level city such as 邵东市, or the province). They see the root's whole subtree (a province office
# sees every city, read-only) and change only what their own level owns: the subtree minus the parts
# below that run their own 专班 office. Superusers, the system administrator and an office account tied
# to no unit (the instance's own top office, e.g. the first account of the setup wizard) keep the whole
# instance. The subtree is a prefix match on Organisation.path, so every check is a constant number of
# queries (at most two per request, cached on the user object).

_REGION_KINDS = (
    Organisation.Kind.PROVINCE,
    Organisation.Kind.CITY,
    Organisation.Kind.COUNTY,
    Organisation.Kind.TOWN,
)
_NOTHING = Q(pk__in=[])


def has_full_scope(user) -> bool:
    """Superusers, the system administrator and an office account tied to no unit see the whole instance."""
    if not is_office(user):
        return False
    # getattr: scheduled jobs read as the office through a stand-in without these fields (reports.window).
    return bool(
        getattr(user, "is_superuser", False)
        or getattr(user, "role", None) == Role.ADMIN
        or not getattr(user, "organisation_id", None)
    )


def office_root_of(user) -> Organisation | None:
    """The organisation an office user acts for (None for full-scope staff and for everyone else)."""
    if not is_office(user) or has_full_scope(user):
        return None
    if not hasattr(user, "_office_root"):
        org = Organisation.objects.select_related("parent").get(pk=user.organisation_id)
        user._office_unit = org if org.kind == Organisation.Kind.OFFICE else None  # names the pages
        user._office_root = root_of_unit(org)
    return user._office_root


def root_of_unit(org: Organisation) -> Organisation:
    """The government an office account tied to this unit acts for: an office unit's parent, a province, city,
    county or town itself, else (a department) the unit's region."""
    if org.kind == Organisation.Kind.OFFICE and org.parent_id:
        return org.parent
    if org.kind in _REGION_KINDS:
        return org
    return org.region


def _own_office_paths(user) -> list[str]:
    """Paths of the regions below the user's root that run their own office (their subtree is theirs): an
    office unit with at least one active office account. A county whose office exists only on paper (no one
    signs in for it) is still run by the level above, as in the demo's 北塔区."""
    root = office_root_of(user)
    if root is None:
        return []
    if not hasattr(user, "_own_office_paths"):
        user._own_office_paths = sorted(
            set(
                Organisation.objects.filter(
                    path__startswith=root.path,
                    kind=Organisation.Kind.OFFICE,
                    users__role=Role.OFFICE,
                    users__is_active=True,
                )
                .exclude(parent_id=root.pk)
                .exclude(parent__isnull=True)
                .values_list("parent__path", flat=True)
            )
        )
    return user._own_office_paths


def _org(org: Organisation | int | None) -> Organisation | None:
    if org is None or isinstance(org, Organisation):
        return org
    return Organisation.objects.filter(pk=org).only("pk", "path").first()


def in_office_scope(user, org: Organisation | int | None) -> bool:
    """The user is office staff and this organisation is in their subtree (reading)."""
    if has_full_scope(user):
        return True
    root = office_root_of(user)
    org = _org(org)
    return root is not None and org is not None and org.is_within(root)


def office_manages(user, org: Organisation | int | None) -> bool:
    """The user is office staff of the level that owns this organisation's work (changing)."""
    if has_full_scope(user):
        return True
    if not in_office_scope(user, org):
        return False
    path = _org(org).path
    return not any(path.startswith(p) for p in _own_office_paths(user))


def office_scope_q(user, field: str = "", *, manage: bool = False) -> Q:
    """A filter for a queryset: rows whose organisation (`field`, a path to an Organisation FK; "" for
    Organisation itself) the office user may see (or, with manage=True, change). Q() for full scope."""
    if has_full_scope(user):
        return Q()
    root = office_root_of(user)
    if root is None:
        return _NOTHING
    prefix = f"{field}__path" if field else "path"
    q = Q(**{f"{prefix}__startswith": root.path})
    if manage:
        for p in _own_office_paths(user):
            q &= ~Q(**{f"{prefix}__startswith": p})
    return q


def office_over(anchor: Callable[[Any], Organisation | int | None], *, manage: bool = False, name: str = ""):
    """A rules predicate: office staff whose scope holds the object's organisation, `anchor(obj)`.

    Called without an object (a list or a create page) it is plain is_office: the lists are filtered by
    the *_visible_to selectors with office_scope_q, and services check the organisation they write to.
    """

    def check(user, obj=None) -> bool:
        if not is_office(user):
            return False
        if obj is None or has_full_scope(user):
            return True  # no object to anchor, or no limit to apply: reading the anchor would cost queries
        org = anchor(obj)
        return office_manages(user, org) if manage else in_office_scope(user, org)

    return rules.predicate(check, name=name or f"office_over_{'manage' if manage else 'view'}")


def letter_unit_ids_of(user) -> set[int]:
    """The units whose letters (提示函/交办函/督办函) the user receives and answers: a clerk's units; for an office
    user also the government it acts for, so a province's 督办函 to a city is the city office's to answer."""
    ids = unit_ids_of(user)
    root = office_root_of(user)
    return ids | {root.pk} if root is not None else ids


ERR_ORG_OUTSIDE_SCOPE = "“{org}”不在本专班办公室（{root}）的管辖范围内，不能把用户分配到该单位；请联系上级专班办公室或系统管理员。"


def check_assignable(actor, org: Organisation | None, *, who: str = "") -> None:
    """Refuse (ValidationError) putting a user into a unit outside the acting office's subtree."""
    if org is None or has_full_scope(actor) or not is_office(actor):
        return
    if not in_office_scope(actor, org):
        msg = ERR_ORG_OUTSIDE_SCOPE.format(org=org.name, root=office_root_of(actor).name)
        raise ValidationError(f"{who}：{msg}" if who else msg, code="outside_scope")


ERR_IMPORT_OUTSIDE_SCOPE = (
    "“{org}”不属于本专班办公室（{root}）管理的范围，不能导入{what}；请由它所属的专班办公室或系统管理员导入。"
)
ERR_IMPORT_TOP_LEVEL = "只有系统管理员可以导入没有上级的单位（省）。"


def import_scope_error(actor, org: Organisation | None, *, what: str) -> str:
    """The Chinese refusal of a set-up workbook row or column naming a unit outside the importing office's own
    level (its subtree minus the parts that run their own office), or "" when it may (full scope, no actor)."""
    if actor is None or org is None or has_full_scope(actor) or office_manages(actor, org):
        return ""
    root = office_root_of(actor)
    return ERR_IMPORT_OUTSIDE_SCOPE.format(org=org.name, root=root.name if root else "无", what=what)
