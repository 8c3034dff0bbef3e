"""The set-up checklist items of the organisation tree: a city, its departments and its 专班 office."""

from __future__ import annotations

from django.urls import reverse

from minsheng.common.workbook import CheckItem

from .models import Organisation


def organisation_checks() -> list[CheckItem]:
    """Each city has departments (lead units) and a 专班 office."""
    url = reverse("common:setup") + "?kind=organisations"
    items = []
    for city in Organisation.objects.filter(kind=Organisation.Kind.CITY, is_active=True).order_by(
        "sort_order", "id"
    ):
        kinds = set(city.children.values_list("kind", flat=True))
        has_dept = Organisation.Kind.DEPARTMENT in kinds
        items.append(CheckItem(has_dept, f"{city.name}已有直属责任单位" if has_dept else f"{city.name}没有直属责任单位（牵头单位）",
                               url, "导入组织机构", 12))  # fmt: skip
        has_office = Organisation.Kind.OFFICE in kinds
        items.append(CheckItem(has_office, f"{city.name}已有专班办公室" if has_office else f"{city.name}没有专班办公室",
                               url, "导入组织机构", 13))  # fmt: skip
    return items
