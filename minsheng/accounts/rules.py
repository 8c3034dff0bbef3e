"""Role predicates shared by every app's rules.py."""

import rules

from .models import Role


@rules.predicate
def is_office(user) -> bool:
    return bool(user and user.is_authenticated and user.is_office)


def _role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.role == role)

    return predicate


is_county_staff = _role(Role.COUNTY)
is_department_staff = _role(Role.DEPARTMENT)
is_observer = _role(Role.OBSERVER)
is_deputy = _role(Role.DEPUTY)
is_staff_member = rules.is_authenticated & (is_office | is_county_staff | is_department_staff)

rules.add_perm("accounts.view_inbox", rules.is_authenticated)
