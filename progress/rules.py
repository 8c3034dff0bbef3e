"""Object permissions (django-rules). Lists are filtered by selectors.figures_visible_to instead."""

from __future__ import annotations

import rules

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import (
    acts_for_unit,
    has_full_scope,
    in_county,
    in_department,
    is_county_staff,
    is_department_staff,
    is_office,
    office_over,
    office_root_of,
)
from projects.rules import (
    indicator_owner,
    is_indicator_department,
    office_runs_project,
    office_sees_indicator,
)

from .models import EDITABLE_STATES
from .selectors.publishing import can_publish_on
from .selectors.rollups.behind import is_city_self


@rules.predicate
def is_own_county(user, county) -> bool:
    return county is not None and in_county(user, county.pk)


@rules.predicate
def is_own_department(user, department) -> bool:
    return department is not None and in_department(user, department.pk)


@rules.predicate
def owns_target_county(user, target) -> bool:
    return target is not None and in_county(user, target.county_id)


@rules.predicate
def department_of_target(user, target) -> bool:
    return target is not None and is_indicator_department(user, target.indicator)


@rules.predicate
def reports_city_self_target(user, target) -> bool:
    """The user's department leads the indicator of this 市本级 row (city-level, no county split): it reports
    the row itself. Only 市本级 rows: a county's row stays the county's even when the department leads it."""
    if target is None or not is_city_self(target.county):
        return False
    indicator = target.indicator
    lead_id = indicator.lead_unit_id or indicator.project.lead_unit_id
    return in_department(user, lead_id)


@rules.predicate
def reports_city_self_figure(user, figure) -> bool:
    return figure is not None and reports_city_self_target(user, figure.target)


@rules.predicate
def owns_figure_county(user, figure) -> bool:
    return figure is not None and owns_target_county(user, figure.target)


@rules.predicate
def department_of_figure(user, figure) -> bool:
    return figure is not None and department_of_target(user, figure.target)


@rules.predicate
def figure_editable(user, figure) -> bool:
    return figure is not None and figure.state in EDITABLE_STATES


@rules.predicate
def answers_opinion(user, opinion) -> bool:
    """The user is a clerk of the unit the 意见建议 was routed to."""
    return opinion is not None and acts_for_unit(user, opinion.unit_id)


@rules.predicate
def publishes_on_project(user, project) -> bool:
    """A county with a target in the project, or a department leading or sharing it (selectors.publishing)."""
    return can_publish_on(user, project)


def _target_owner(target):
    return indicator_owner(target.indicator)


def _figure_owner(figure):
    return _target_owner(figure.target)


office_sees_county = office_over(lambda county: county, name="office_sees_county")
office_sees_target = office_over(_target_owner, name="office_sees_target")
office_sees_figure = office_over(_figure_owner, name="office_sees_figure")
office_runs_figure = office_over(_figure_owner, manage=True, name="office_runs_figure")
office_runs_opinion = office_over(
    lambda op: op.project.matter.programme.organisation, manage=True, name="office_runs_opinion"
)

rules.add_perm("progress.view_county_month", office_sees_county | is_own_county)
rules.add_perm("progress.view_indicator", office_sees_indicator | is_indicator_department)
rules.add_perm("progress.view_target", office_sees_target | owns_target_county | department_of_target)
rules.add_perm("progress.enter_figure", owns_target_county | reports_city_self_target)
rules.add_perm("progress.view_figure", office_sees_figure | owns_figure_county | department_of_figure)
rules.add_perm("progress.change_figure", (owns_figure_county | reports_city_self_figure) & figure_editable)
rules.add_perm("progress.add_evidence", office_runs_figure | owns_figure_county | reports_city_self_figure)
# The lead department's own reporting list (its 市本级 rows); the list itself is filtered by the selector.
rules.add_perm("progress.view_department_month", is_own_department)
rules.add_perm("progress.review_figure", office_runs_figure)
rules.add_perm("progress.view_dashboard", is_office | is_department_staff)


@rules.predicate
def office_over_cities(user) -> bool:
    """An office acting for a province or a city (or with the whole instance): the roll-up of its cities. A
    county's office has no city below it; its own dashboard is its roll-up."""
    if not is_office(user):
        return False
    if has_full_scope(user):
        return True
    root = office_root_of(user)
    return root is not None and root.kind in (Organisation.Kind.PROVINCE, Organisation.Kind.CITY)


# A rule, not a permission: minsheng.accounts.backends.OfficeRoleBackend grants every office user each
# model-level "progress.*" permission, so the view and the links test this rule instead.
rules.add_rule("progress.view_cities", office_over_cities)
rules.add_perm("progress.view_scorecard", office_sees_county | is_department_staff | is_own_county)
# Given a programme, only the office of the level that runs it (宁川市's office cannot urge 邵阳市's counties).
office_runs_programme = office_over(lambda p: p.organisation, manage=True, name="office_runs_programme")
rules.add_perm("progress.manage", office_runs_programme)
# The 信息公开 estimate: the office sees every county, a county's staff their own (the view scopes the rows).
rules.add_perm("progress.view_disclosure_estimate", is_office | is_county_staff)
rules.add_perm("progress.publish_project", office_runs_project | publishes_on_project)
# The list of projects to publish on (filtered by selectors.projects_publishable_by).
rules.add_perm("progress.publish_any", is_office | is_county_staff | is_department_staff)
rules.add_perm("progress.hide_public_item", office_runs_project)
rules.add_perm("progress.answer_opinions", is_county_staff | is_department_staff)
rules.add_perm("progress.reply_opinion", office_runs_opinion | answers_opinion)
