"""cities_rollup: the province office's roll-up of every city in its subtree for one year and month.

One row per city: each programme of the year run in that city (the city's own first, then its counties' own),
with its indicators' statuses counted as on that programme's dashboard, the month's figures submitted /
verified / missing, and the counties with most indicators behind. Below it, for the office's own
programmes (a province's, with targets per county), a subtotal per city: each indicator summed over the
city's counties, its status by the same rule as the province-wide roll-up.

Every programme is read in one batch — indicators, targets, counties, figures of months m-1 and m, and
(only when some county lacks a verified value in them) the carried values — so the page runs the same
number of queries for 2 cities or 14, 20 indicators or 2,000. The cells and each indicator's roll-up are
computed by the dashboard's own functions (rollups.build, progress.status underneath).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Subquery

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import office_scope_q
from minsheng.common.batch import gc_paused
from projects.models import Indicator, Programme

from ...models import Figure, ReportingPeriod, RollupStamp
from ...status import Status
from .build import (
    build_rollups,
    indicator_of_cells,
    read_carried,
    read_figures,
    read_indicators,
    read_targets,
    take_sources,
)
from .cells import ACCEPTED, CARRY_RULE, REPORTED_STATES, IndicatorRollup, _count

WORST_COUNTIES_SHOWN = 3  # counties named per city (most indicators behind first)


@dataclass
class ProgrammeLine:
    """One programme's month: its indicator roll-ups and status counts, and who reported."""

    programme: Programme
    period: ReportingPeriod | None  # None: the month is not open for this programme
    rollups: list[IndicatorRollup]
    counts: dict  # _count of the indicators' statuses (total/done/on_track/behind/not_reported/no_target)
    assigned: int  # county targets (one figure expected per target and month)
    submitted: int  # figures of the month submitted or accepted
    verified: int  # figures of the month accepted (审核、核减或锁定)

    @property
    def missing(self) -> int:
        return self.assigned - self.submitted

    @property
    def behind_indicators(self) -> int:
        """Indicators behind for the whole programme or for one of its units: the dashboard's "未达序时指标 N"
        (behind_rows counted by behind_indicator_count, summed over the levels)."""
        return sum(1 for r in self.rollups if r.status == Status.BEHIND or r.behind_cells)

    @property
    def awaiting(self) -> int:
        """Submitted and not yet verified (已报未审)."""
        return self.submitted - self.verified


@dataclass
class WorstCounty:
    county: Organisation
    behind: int  # indicators behind schedule in the county (all the city's programmes)
    mean_rate_percent: Decimal


@dataclass
class CityRow:
    city: Organisation
    programmes: list[ProgrammeLine] = field(default_factory=list)
    worst: list[WorstCounty] = field(default_factory=list)

    @property
    def own(self) -> ProgrammeLine | None:
        """The city's own programme (None when the city has none this year)."""
        return next((p for p in self.programmes if p.programme.organisation_id == self.city.pk), None)


@dataclass
class CitySubtotal:
    """The office's own programme summed over one city's counties."""

    city: Organisation
    rollups: list[IndicatorRollup]  # one per indicator decomposed to the city, over its counties only
    counts: dict
    assigned: int
    submitted: int
    verified: int

    @property
    def missing(self) -> int:
        return self.assigned - self.submitted

    @property
    def behind(self) -> list[IndicatorRollup]:
        return [r for r in self.rollups if r.status == Status.BEHIND]


@dataclass
class OwnProgramme:
    line: ProgrammeLine
    subtotals: list[CitySubtotal]


@dataclass
class CitiesScope:
    """The cities of an office's scope and the year's programmes: each city's (own first, then its counties'
    in tree order) and the office's own level above them (a province's programme, targets per county)."""

    cities: list[Organisation]
    by_city: dict[int, list[Programme]]
    own: list[Programme]


def _scope(user, year: int, city_id: int | None) -> CitiesScope:
    """Two queries: the cities, the programmes (each with its change stamp as `.token`)."""
    cities = list(
        Organisation.objects.filter(
            office_scope_q(user), kind=Organisation.Kind.CITY, is_active=True
        ).order_by("sort_order", "pk")
    )
    if city_id is not None:
        cities = [c for c in cities if c.pk == city_id]
    token = RollupStamp.objects.filter(programme=OuterRef("pk")).values("token")[:1]
    programmes = list(
        Programme.objects.filter(office_scope_q(user, "organisation"), year=year, is_draft=False)
        .select_related("organisation")
        .annotate(token=Subquery(token))
        .order_by("organisation__path", "pk")
    )
    by_city: dict[int, list[Programme]] = {c.pk: [] for c in cities}
    own = []
    for p in programmes:
        city = next((c for c in cities if p.organisation.path.startswith(c.path)), None)
        if city is not None:
            by_city[city.pk].append(p)
        elif city_id is None and p.organisation.kind == Organisation.Kind.PROVINCE:
            own.append(p)
    for city in cities:
        by_city[city.pk].sort(key=lambda p, c=city: (p.organisation_id != c.pk, p.organisation.path))
    return CitiesScope(cities=cities, by_city=by_city, own=own)


def cities_stamps(*, user, year: int, city_id: int | None = None) -> dict:
    """What each part of the roll-up depends on that changes through the services, for cache keys: {"cities":
    {city pk: "programme:stamp;…" of its programmes}, "own": {programme pk: "programme:stamp;city pks"}}. The
    stamps (progress.stamps) are renewed in every figure or period service; a programme without one counts as
    "-". Two queries."""
    scope = _scope(user, year, city_id)

    def tokens(programmes) -> str:
        return ";".join(f"{p.pk}:{p.token or '-'}" for p in programmes)

    cities = ",".join(str(c.pk) for c in scope.cities)
    return {
        "cities": {c.pk: tokens(scope.by_city[c.pk]) for c in scope.cities},
        "own": {p.pk: f"{tokens([p])};{cities}" for p in scope.own},
    }


def cities_rollup(
    *,
    user,
    year: int,
    month: int,
    city_id: int | None = None,
    only_cities: Collection[int] | None = None,
    only_own: Collection[int] | None = None,
    as_of=None,
) -> dict:
    """The cities in the user's office scope for `year` / `month` (nine queries at most, whatever the size).

    Returns {"year", "month", "expected_percent", "cities": [CityRow] (in tree order), "own":
    [OwnProgramme] (the programmes of the user's scope above any city, e.g. the province's, each with a
    CitySubtotal per city), "carry_rule"}. `city_id` keeps one city (no row when it is not in the scope: the
    caller answers 404). `only_cities` / `only_own` (city pks / own programme pks) compute just those rows and
    sections, the others being cached (each row and section is the same as in the whole roll-up)."""
    with gc_paused():  # thousands of cells: no cyclic collections meanwhile (minsheng.common.batch)
        scope = _scope(user, year, city_id)
        cities = [c for c in scope.cities if only_cities is None or c.pk in only_cities]
        own = [p for p in scope.own if only_own is None or p.pk in only_own]
        lines = _lines([p for c in cities for p in scope.by_city[c.pk]] + own, month, year, as_of)
        rows = []
        for city in cities:
            row = CityRow(city=city, programmes=[lines[p.pk] for p in scope.by_city[city.pk]])
            row.worst = _worst_counties(row.programmes)
            rows.append(row)
        own_out = [
            OwnProgramme(
                line=lines[p.pk], subtotals=_subtotals(lines[p.pk], scope.cities, month, year, as_of)
            )
            for p in own
        ]
    return {
        "year": year,
        "month": month,
        "expected_percent": (Decimal(month) * 100 / 12).quantize(Decimal("0.01")),
        "cities": rows,
        "own": own_out,
        "carry_rule": CARRY_RULE,
    }


def cities_years(*, user) -> list[int]:
    """The years with reporting months among the programmes of the user's office scope, newest first."""
    return sorted(
        set(
            ReportingPeriod.objects.filter(office_scope_q(user, "programme__organisation"))
            .order_by()
            .values_list("programme__year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def cities_latest_year(*, user) -> int | None:
    """The year the roll-up shows by default: the newest with accepted figures in the user's scope (a next
    year's plan with its months opened but nothing reported yet is not it), else the newest with reporting
    months. One query."""
    periods = ReportingPeriod.objects.filter(office_scope_q(user, "programme__organisation"))
    accepted = Figure.objects.filter(period=OuterRef("pk"), state__in=ACCEPTED)
    got = periods.order_by().aggregate(
        a=Max("programme__year", filter=Exists(accepted)), y=Max("programme__year")
    )
    return got["a"] or got["y"]


def cities_latest_month(*, user, year: int) -> int:
    """The month the roll-up shows by default: the latest with accepted figures in any programme of the year in
    the user's scope (else the latest reporting month, else 1). One query."""
    periods = ReportingPeriod.objects.filter(
        office_scope_q(user, "programme__organisation"), programme__year=year
    )
    accepted = Figure.objects.filter(period=OuterRef("pk"), state__in=ACCEPTED)
    got = periods.order_by().aggregate(a=Max("month", filter=Exists(accepted)), m=Max("month"))
    return got["a"] or got["m"] or 1


def _lines(programmes: list[Programme], month: int, year: int, as_of) -> dict[int, ProgrammeLine]:
    """Every programme's roll-up in one batch of queries (indicators.indicator_rollup's rules per programme)."""
    if not programmes:
        return {}
    pids = [p.pk for p in programmes]
    periods = {p.programme_id: p for p in ReportingPeriod.objects.filter(programme_id__in=pids, month=month)}
    indicators = read_indicators(programme_ids=pids)
    rows = read_targets(indicators=indicators, organisation_of={p.pk: p.organisation_id for p in programmes})
    figures = read_figures(programme_ids=pids, month=month, rows=rows)
    carried = read_carried(
        programme_ids=rows.programme_ids, month=month, target_ids=rows.row_ids, figures=figures
    )

    by_programme: dict[int, list[Indicator]] = defaultdict(list)
    for ind in indicators:
        by_programme[ind.project.matter.programme_id].append(ind)
    out = {}
    for p in programmes:
        rollups = build_rollups(
            indicators=by_programme[p.pk],
            targets=rows.targets,
            month=month,
            year=year,
            figures=figures,
            carried=carried,
            as_of=as_of,
        )
        rs = list(rollups.values())
        cells = [c for r in rs for c in r.cells]
        out[p.pk] = ProgrammeLine(
            programme=p,
            period=periods.get(p.pk),
            rollups=rs,
            counts=_count([r.status for r in rs]),
            assigned=len(cells),
            submitted=sum(1 for c in cells if c.state in REPORTED_STATES),
            verified=sum(1 for c in cells if c.state in ACCEPTED),
        )
    return out


def _worst_counties(lines: list[ProgrammeLine]) -> list[WorstCounty]:
    """The counties with most indicators behind over the city's programmes, then the lowest mean completion."""
    behind: dict[int, int] = defaultdict(int)
    rates: dict[int, list[Decimal]] = defaultdict(list)
    counties: dict[int, Organisation] = {}
    one = Decimal(1)
    for line in lines:
        for r in line.rollups:
            for c in r.cells:  # `.id`, not `.pk`: the property costs a call per cell (profiled)
                county = c.county
                counties[county.id] = county
                result = c.result
                behind[county.id] += result.status == Status.BEHIND
                if result.rate is not None:
                    rates[county.id].append(min(result.rate, one))
    out = []
    for pk, n in behind.items():
        if not n:
            continue
        rs = rates[pk]
        mean = (sum(rs) * 100 / len(rs)).quantize(Decimal("0.01")) if rs else Decimal(0)
        out.append(WorstCounty(county=counties[pk], behind=n, mean_rate_percent=mean))
    out.sort(key=lambda w: (-w.behind, w.mean_rate_percent, w.county.sort_order, w.county.pk))
    return out[:WORST_COUNTIES_SHOWN]


def _subtotals(
    line: ProgrammeLine, cities: list[Organisation], month: int, year: int, as_of
) -> list[CitySubtotal]:
    """The programme's indicators per city: each indicator's cells of the city's counties rolled up by the
    dashboard's rule (quantities summed, percents averaged, targets summed); indicators not decomposed to a
    city's counties are not the city's. No query."""
    city_of: dict[int, int | None] = {}  # county pk → city pk, found once per county
    by_city: dict[int, dict[int, list]] = {c.pk: {} for c in cities}  # city → indicator → cells
    for r in line.rollups:
        if r.tracked_by is not None:
            continue
        indicator_id = r.indicator.id
        for c in r.cells:  # `.id`, not `.pk`: the property costs a call per cell (profiled)
            pk = c.county.id
            if pk not in city_of:
                city_of[pk] = next((city.pk for city in cities if c.county.path.startswith(city.path)), None)
            if city_of[pk] is not None:
                by_city[city_of[pk]].setdefault(indicator_id, []).append(c)
    out = []
    for city in cities:
        cells_of = by_city[city.pk]
        rollups: dict[int, IndicatorRollup] = {}
        for r in line.rollups:
            if r.indicator.pk in cells_of:
                rollups[r.indicator.pk] = indicator_of_cells(
                    indicator=r.indicator, cells=cells_of[r.indicator.pk], month=month, year=year, as_of=as_of
                )
        for r in line.rollups:  # tracked indicators follow their source's subtotal in this city
            if r.tracked_by is not None and r.indicator.tracked_by_id in rollups:
                rollups[r.indicator.pk] = indicator_of_cells(
                    indicator=r.indicator, cells=[], month=month, year=year, as_of=as_of
                )
        take_sources(rollups)
        ordered = [rollups[r.indicator.pk] for r in line.rollups if r.indicator.pk in rollups]
        cells = [c for r in ordered for c in r.cells]
        out.append(
            CitySubtotal(
                city=city,
                rollups=ordered,
                counts=_count([r.status for r in ordered]),
                assigned=len(cells),
                submitted=sum(1 for c in cells if c.state in REPORTED_STATES),
                verified=sum(1 for c in cells if c.state in ACCEPTED),
            )
        )
    return out
