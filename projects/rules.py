"""The department scope of the programme, written once: a department works on the indicators it leads,
or those of the projects it leads or shares responsibility for. Lists use selectors.department_scope_q."""

from __future__ import annotations

import rules

from minsheng.accounts.rules import department_id_of, in_department, office_over


def project_owner(project):
    """The organisation whose programme holds this project (the anchor of the office scope)."""
    return project.matter.programme.organisation if project is not None else None


def indicator_owner(indicator):
    return project_owner(indicator.project)


# Office staff whose subtree holds the programme of a project / an indicator (read), or whose own level
# runs it (write): the predicates of minsheng.accounts.rules applied to the programme's organisation.
office_sees_project = office_over(project_owner, name="office_sees_project")
office_runs_project = office_over(project_owner, manage=True, name="office_runs_project")
office_sees_indicator = office_over(indicator_owner, name="office_sees_indicator")


@rules.predicate
def leads_project(user, project) -> bool:
    """The user's department leads this project (it may publish its public page)."""
    return project is not None and in_department(user, project.lead_unit_id)


@rules.predicate
def is_indicator_department(user, indicator) -> bool:
    """The user's department leads this indicator or its project, or is one of the project's units."""
    if indicator is None or department_id_of(user) is None:
        return False
    project = indicator.project
    return in_department(user, indicator.lead_unit_id, project.lead_unit_id) or (
        project.responsible_units.filter(pk=department_id_of(user)).exists()
    )
