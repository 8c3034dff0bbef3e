"""Who a user is and what they act for, written once: every app's rules.py and selectors compose these.

A role predicate is true only for an active, signed-in user of that role; the county and department
roles also need the unit they work for (a clerk without one has no scope, so no rights).
"""

from __future__ import annotations

import rules

from .models import Role


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
