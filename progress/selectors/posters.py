"""Posters printed and posted (issue 17 §7): what a unit's publishing page lists, what the public page says, and
the 海报 input of the 信息公开 estimate."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from minsheng.accounts.rules import is_office
from projects.models import IndicatorTarget

from ..models import PosterPrint
from .publishing import publishing_unit_of

POSTER_MISSING_NAMES = 5  # projects named in 还缺什么 before "等"


def poster_prints_for(*, project, user) -> QuerySet[PosterPrint]:
    """The prints of a project a user sees on its publishing page: the office every unit's, a clerk their own
    unit's (one query)."""
    qs = PosterPrint.objects.filter(project=project).select_related("unit", "printed_by", "posted_by")
    if is_office(user):
        return qs
    unit = publishing_unit_of(user)
    return qs.filter(unit=unit) if unit else qs.none()


def poster_is_posted(*, project) -> bool:
    """A unit marked one of the project's posters 已张贴 (the public page says 现场已张贴公示牌)."""
    return PosterPrint.objects.filter(project=project, posted_at__isnull=False).exists()


def poster_coverage(
    *, programme, county_ids: list[int], printed_before: dt.datetime | None = None
) -> dict[int, tuple[list[str], set[str]]]:
    """{county pk: ([names of its projects, in programme order], {names of those it printed a poster of (before
    `printed_before`)})} — the county's projects are those where it has a target. Two queries whatever the number
    of counties."""
    projects: dict[int, dict[int, str]] = {}
    for county_id, project_id, name in (
        IndicatorTarget.objects.filter(
            indicator__project__matter__programme=programme, county_id__in=county_ids
        )
        .order_by(
            "county_id",
            "indicator__project__matter__level_order",
            "indicator__project__matter__seq",
            "indicator__project__seq",
            "indicator__project_id",
        )
        .values_list("county_id", "indicator__project_id", "indicator__project__name")
        .distinct()
    ):
        projects.setdefault(county_id, {})[project_id] = name
    printed: dict[int, set[int]] = {}
    prints = PosterPrint.objects.filter(project__matter__programme=programme, unit_id__in=county_ids)
    if printed_before is not None:
        prints = prints.filter(printed_at__lt=printed_before)
    for unit_id, project_id in prints.values_list("unit_id", "project_id").distinct():
        printed.setdefault(unit_id, set()).add(project_id)
    out = {}
    for county_id, names in projects.items():
        done = printed.get(county_id, set())
        out[county_id] = (list(names.values()), {names[pk] for pk in done if pk in names})
    return out
