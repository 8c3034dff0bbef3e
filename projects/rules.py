"""The department scope of the programme, written once: a department works on the indicators it leads,
or those of the projects it leads or shares responsibility for. Lists use selectors.department_scope_q."""

from __future__ import annotations

import rules

from minsheng.accounts.rules import department_id_of, in_department


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
