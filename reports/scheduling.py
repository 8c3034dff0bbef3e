"""Which periods, programmes and scopes the scheduled tasks work on (pure date arithmetic + two queries)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from minsheng.accounts.models import Organisation
from progress.selectors import CITY_SELF_NAMES
from projects.models import IndicatorTarget, Programme


def month_before(today: date) -> tuple[int, int]:
    """(year, month) of the month before `today` (January → December of last year)."""
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def dekad_before(today: date) -> tuple[int, int, int]:
    """(year, month, dekad 1..3) of the ten days that ended before `today`."""
    if today.day > 20:
        return today.year, today.month, 2
    if today.day > 10:
        return today.year, today.month, 1
    y, m = month_before(today)
    return y, m, 3


def quarter_before(today: date) -> tuple[int, int]:
    """(year, last month) of the quarter before `today`'s quarter."""
    q_start = (today.month - 1) // 3 * 3 + 1
    return month_before(date(today.year, q_start, 1))


def programmes_for(*, year: int, month: int) -> QuerySet[Programme]:
    """The programmes of the year with a reporting period for that month that issue their own documents: every
    city's, and a county-level government's own when it has its 专班办公室 (邵东市's)."""
    own_county = Q(organisation__kind=Organisation.Kind.COUNTY, office__isnull=False)
    return (
        Programme.objects.filter(
            Q(organisation__kind=Organisation.Kind.CITY) | own_county, year=year, periods__month=month
        )
        .select_related("organisation", "office")
        .distinct()
    )


def scopes_for(programme: Programme) -> list[Organisation]:
    """The city itself, then every county that carries a target of the programme (not 市本级); a county-level
    government's own programme: the county alone (its rows are its own)."""
    if programme.organisation.kind == Organisation.Kind.COUNTY:
        return [programme.organisation]
    county_ids = (
        IndicatorTarget.objects.filter(indicator__project__matter__programme=programme)
        .values_list("county_id", flat=True)
        .distinct()
    )
    counties = (
        Organisation.objects.filter(pk__in=county_ids)
        .exclude(name__in=CITY_SELF_NAMES)
        .order_by("sort_order", "id")
    )
    return [programme.organisation, *counties]
