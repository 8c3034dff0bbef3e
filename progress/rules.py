"""Object permissions (django-rules). Lists are filtered by selectors.figures_visible_to instead."""

from __future__ import annotations

import rules

from minsheng.accounts.models import Role

from .models import EDITABLE_STATES


@rules.predicate
def is_office(user) -> bool:
    return bool(user and user.is_authenticated and user.is_office)


@rules.predicate
def is_county_clerk(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.COUNTY and user.county is not None)


@rules.predicate
def owns_figure_county(user, figure) -> bool:
    county = user.county if user.is_authenticated else None
    return figure is not None and county is not None and figure.target.county_id == county.pk


@rules.predicate
def department_of_figure(user, figure) -> bool:
    if (
        figure is None
        or not user.is_authenticated
        or user.role != Role.DEPARTMENT
        or not user.organisation_id
    ):
        return False
    indicator = figure.target.indicator
    org = user.organisation_id
    return (
        indicator.lead_unit_id == org
        or indicator.project.lead_unit_id == org
        or indicator.project.responsible_units.filter(pk=org).exists()
    )


@rules.predicate
def figure_editable(user, figure) -> bool:
    return figure is not None and figure.state in EDITABLE_STATES


@rules.predicate
def is_letter_recipient(user, letter) -> bool:
    if letter is None or not user.is_authenticated or not user.organisation_id:
        return False
    return letter.recipient_id in (user.organisation_id, getattr(user.county, "pk", None))


rules.add_perm("progress.view_figure", is_office | owns_figure_county | department_of_figure)
rules.add_perm("progress.change_figure", owns_figure_county & figure_editable)
rules.add_perm("progress.add_evidence", is_office | owns_figure_county)
rules.add_perm("progress.review_figure", is_office)


@rules.predicate
def is_department(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.DEPARTMENT and user.organisation_id)


rules.add_perm("progress.view_dashboard", is_office | is_department)
rules.add_perm("progress.manage", is_office)
rules.add_perm("progress.reply_letter", is_office | is_letter_recipient)
