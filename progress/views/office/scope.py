"""What an office or department page is about: programme, month, filters (a department sees its own
projects) and the roll-ups of that scope, plus the context every such page shares."""

from __future__ import annotations

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import department_id_of, is_department_staff
from minsheng.common.params import is_id
from projects.models import Domain, Level

from ... import selectors
from ..common import pick_month, pick_programme


def _filters(request, user) -> dict:
    f = {k: request.GET.get(k) or None for k in ("level", "domain")}
    lead = request.GET.get("lead", "")
    f["lead_unit_id"] = int(lead) if is_id(lead) else None
    if is_department_staff(user):
        f["lead_unit_id"] = department_id_of(user)  # a department reads its own projects across counties
    return f


def _scoped(request):
    user = request.user
    programme = pick_programme(request)
    month = pick_month(request, programme)
    filters = _filters(request, user)
    rollups = selectors.indicator_rollup(programme=programme, month=month, **filters)
    return programme, month, filters, rollups


def _base_context(request, programme, month, filters):
    leads = Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, parent=programme.organisation)
    return {
        "programme": programme,
        "month": month,
        "months": range(1, 13),
        "filters": filters,
        "levels": Level.choices,
        "domains": Domain.choices,
        "leads": leads,
        "query": request.GET.urlencode(),
    }
