"""Home-page panels of the programme: the public project list and each staff role's work queue (a deputy's
votes and ratings are the candidates app's panel)."""

from __future__ import annotations

from minsheng.accounts.rules import is_county_staff, is_department_staff, is_office, office_scope_q
from minsheng.accounts.selectors import public_scope_q
from minsheng.common.home import Panel

from . import selectors


def public_programme_panel(request) -> Panel | None:
    """Everyone sees the public programmes (citizens first of all); an office user those of its subtree."""
    qs = selectors.programme_list_public()
    if is_office(request.user):
        qs = qs.filter(office_scope_q(request.user, "organisation"))
    else:
        qs = qs.filter(public_scope_q(request))  # a mapped host: its own government's and those above
    programmes = list(qs[:6])
    return Panel(
        template="projects/panels/public_programmes.html", context={"programmes": programmes}, order=50
    )


def staff_queue_panel(request) -> Panel | None:
    """A signed-in county clerk sees their indicators; a department the ones it leads; the office the checks."""
    user = request.user
    if is_county_staff(user):
        rows = list(selectors.indicator_targets_for_county(county=user.county)[:200])
        return Panel(
            template="projects/panels/county_queue.html",
            context={"rows": rows, "county": user.county},
            order=10,
        )
    if is_department_staff(user):
        rows = list(selectors.indicators_led_by(organisation=user.organisation)[:200])
        return Panel(
            template="projects/panels/department_queue.html",
            context={"rows": rows, "department": user.organisation},
            order=10,
        )
    if is_office(user):
        # The office's own subtree only (宁川市's office never sees 邵阳市's plans), newest first.
        programmes = list(selectors.programme_list_public().filter(office_scope_q(user, "organisation")))
        checks = [(p, selectors.programme_target_mismatches(programme=p)) for p in programmes[:6]]
        return Panel(template="projects/panels/office_queue.html", context={"checks": checks}, order=10)
    return None
