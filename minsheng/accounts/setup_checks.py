"""The set-up checklist items of the organisation tree: a city, its departments and its 专班 office."""

from __future__ import annotations

from django.urls import reverse

from minsheng.common.workbook import CheckItem

from .models import Organisation
from .rules import office_root_of, office_scope_q


def organisation_checks(*, user=None) -> list[CheckItem]:
    """Each city has departments (lead units) and a 专班 office; for an office, only its own government (a city,
    or a county-level city such as 邵东市) or, for a province office, the cities it runs itself."""
    url = reverse("common:setup") + "?kind=organisations"
    items = []
    regions = Organisation.objects.filter(kind=Organisation.Kind.CITY, is_active=True)
    root = office_root_of(user) if user is not None else None
    if root is not None and root.kind in (Organisation.Kind.CITY, Organisation.Kind.COUNTY):
        regions = Organisation.objects.filter(pk=root.pk)
    elif user is not None:
        regions = regions.filter(office_scope_q(user, manage=True))
    for city in regions.order_by("sort_order", "id"):
        kinds = set(city.children.values_list("kind", flat=True))
        has_dept = Organisation.Kind.DEPARTMENT in kinds
        items.append(CheckItem(has_dept, f"{city.name}已有直属责任单位" if has_dept else f"{city.name}没有直属责任单位（牵头单位）",
                               url, "导入组织机构", 12))  # fmt: skip
        has_office = Organisation.Kind.OFFICE in kinds
        items.append(CheckItem(has_office, f"{city.name}已有专班办公室" if has_office else f"{city.name}没有专班办公室",
                               url, "导入组织机构", 13))  # fmt: skip
    return items
