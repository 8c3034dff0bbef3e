"""The roll-ups' whole output on a generated data set, compared with the output recorded before the roll-up was
made faster (tests/progress/data/rollup_golden.txt: a digest per block of the rendered text): every indicator and county cell of every programme
(dashboard, cities roll-up with the province's per-city subtotals, public index standings) for several months
and `as_of` dates, Decimals compared as written (exponent and trailing zeros included), so a speed-up that
changes any value, status, rate, order or carried month fails here.

The data set (seeded, so the same on every run): a province with two cities and five counties, the province's
programme (every indicator kind, monthly plans, due dates before / in / after the year, zero and missing
targets, tracked indicators), each city's programme with indicators linked to the province's (上级计划指标: rows
entered in the province's programme, read by the city's), one county's programme linked two levels up, and twelve
months of figures in every state, with gaps (CARRY_RULE), deductions and falls.

To record the output again after a deliberate change of what the roll-ups show: ROLLUP_GOLDEN_WRITE=1 pytest
tests/progress/test_rollup_golden.py (and say why in the commit). To see what changed, ROLLUP_GOLDEN_DUMP=<file>
writes the whole text: run it at the recording commit and now, and diff the two files."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
from decimal import Decimal as D
from pathlib import Path

import pytest

from minsheng.accounts.models import Organisation, Role
from progress import selectors
from progress.models import Figure, FigureState, ReportingPeriod, default_deadline
from progress.selectors.index import _standings
from projects.models import Indicator, IndicatorTarget, Level, Matter, Programme, Project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).parent / "data" / "rollup_golden.txt"
K = Organisation.Kind
YEAR = 2024
MONTHS = (1, 2, 3, 4, 6, 8, 9, 11, 12)
AS_OF = (None, dt.date(2024, 5, 31), dt.date(2024, 10, 15), dt.date(2025, 2, 1))
STATES = [
    FigureState.DRAFT,
    FigureState.SUBMITTED,
    FigureState.RETURNED,
    FigureState.VERIFIED,
    FigureState.VERIFIED,
    FigureState.DEDUCTED,
    FigureState.LOCKED,
    FigureState.LOCKED,
]
ACCEPTED = {FigureState.VERIFIED, FigureState.DEDUCTED, FigureState.LOCKED}
PLAN = [5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100]
# (kind, yearly target per county or None, monthly plan, due date, tracked by the previous indicator)
SPECS = [
    ("quantity", "100", None, None, False),
    ("quantity", "37.5", PLAN, None, False),
    ("quantity", "0", None, None, False),
    ("quantity", None, None, None, False),
    ("percent", None, None, None, False),
    ("percent", "80", None, None, False),
    ("standard", "650", None, None, False),
    ("standard", None, None, None, False),
    ("deadline", None, None, dt.date(2024, 6, 30), False),
    ("deadline", None, None, dt.date(2023, 12, 31), False),
    ("deadline", None, None, dt.date(2025, 3, 31), False),
    ("deadline", None, None, dt.date(2024, 10, 1), False),
    ("pending", "10", None, None, False),
    ("quantity", "3", None, None, True),
]


def _org(name, kind, parent=None):
    return Organisation.objects.create(name=name, kind=kind, parent=parent)


def _programme(owner, name):
    prog = Programme.objects.create(year=YEAR, organisation=owner, name=name)
    for m in range(1, 13):
        ReportingPeriod.objects.create(programme=prog, month=m, deadline=default_deadline(YEAR, m))
    return prog


def _indicator(project, seq, kind, target, plan, due, **kw):
    return Indicator.objects.create(
        project=project,
        seq=seq,
        name=f"{project.name}指标{seq}",
        kind=kind,
        target=None if target is None else D(target) * 5,
        monthly_plan=plan,
        due_date=due,
        **kw,
    )


def _figures(
    rng: random.Random, target: IndicatorTarget, periods: dict[int, ReportingPeriod], kind: str
) -> list:
    """Twelve months of one county's row: cumulative values rising, some months missing or not accepted, a
    deduction now and then (a value below last month's)."""
    out = []
    value = D(0)
    top = (target.target or D(100)) if kind == "quantity" else D(100)
    for m in range(1, 13):
        roll = rng.random()
        if roll < 0.15:
            continue  # nothing this month
        step = (top / 10 * D(rng.randint(0, 25)) / 10).quantize(D("0.01"))
        value = value + step if rng.random() > 0.1 else max(D(0), value - step)
        state = rng.choice(STATES)
        verified = None
        if state in ACCEPTED:
            verified = value if state != FigureState.DEDUCTED else (value * D("0.9")).quantize(D("0.0001"))
        reason = "佐证不足" if state == FigureState.DEDUCTED else ""
        out.append(
            Figure(
                target=target,
                period=periods[m],
                value=value,
                verified_value=verified,
                state=state,
                deduction_reason=reason,
            )
        )
    return out


@pytest.fixture
def generated():
    rng = random.Random(20241)
    province = _org("金省", K.PROVINCE)
    cities = [_org("金一市", K.CITY, province), _org("金二市", K.CITY, province)]
    counties = {
        cities[0]: [_org(n, K.COUNTY, cities[0]) for n in ("金一甲县", "金一乙区", "金一丙市")],
        cities[1]: [_org(n, K.COUNTY, cities[1]) for n in ("金二甲县", "金二乙县")],
    }
    every_county = [c for cs in counties.values() for c in cs]
    unit = _org("金省专班办公室", K.OFFICE, province)
    office = UserFactory(username="golden_office", role=Role.OFFICE, organisation=unit)
    figures = []

    def periods_of(prog):
        return {p.month: p for p in prog.periods.all()}

    # The province's programme: two matters, every kind, rows in every county (a few left out).
    prov = _programme(province, "省实事")
    prov_periods = periods_of(prov)
    prov_inds = []
    seq = 0
    for mi, level in enumerate((Level.PROVINCE, Level.PROVINCE)):
        matter = Matter.objects.create(programme=prov, level=level, seq=mi + 1, name=f"省实事{mi + 1}")
        project = Project.objects.create(matter=matter, seq=1, name=f"省项目{mi + 1}")
        for kind, target, plan, due, tracked in SPECS[mi::2]:
            seq += 1
            ind = _indicator(project, seq, kind, target, plan, due)
            if tracked and prov_inds:
                ind.tracked_by = prov_inds[-1]
                ind.save()
                prov_inds.append(ind)
                continue
            prov_inds.append(ind)
            for county in every_county:
                if rng.random() < 0.15:
                    continue
                t = IndicatorTarget.objects.create(
                    indicator=ind, county=county, target=None if target is None else D(target)
                )
                figures += _figures(rng, t, prov_periods, kind)
    # Each city's programme: own indicators and two linked to the province's (no rows of their own).
    city_inds = {}
    for ci, city in enumerate(cities):
        prog = _programme(city, f"{city.name}实事")
        periods = periods_of(prog)
        matter = Matter.objects.create(programme=prog, level=Level.CITY, seq=1, name=f"{city.name}实事")
        project = Project.objects.create(matter=matter, seq=1, name=f"{city.name}项目")
        for si, (kind, target, plan, due, _) in enumerate(SPECS[ci : ci + 5]):
            ind = _indicator(project, si + 1, kind, target, plan, due)
            for county in counties[city]:
                t = IndicatorTarget.objects.create(
                    indicator=ind, county=county, target=None if target is None else D(target)
                )
                figures += _figures(rng, t, periods, kind)
        linked = []
        for si, upper in enumerate(prov_inds[:2]):
            linked.append(
                _indicator(
                    project, 10 + si, upper.kind, None, upper.monthly_plan, upper.due_date, upper=upper
                )
            )
        city_inds[city.pk] = linked
    # One county's own programme, linked two levels up (county → city → province).
    county = counties[cities[0]][0]
    prog = _programme(county, f"{county.name}实事")
    matter = Matter.objects.create(programme=prog, level=Level.COUNTY, seq=1, name=f"{county.name}实事")
    project = Project.objects.create(matter=matter, seq=1, name=f"{county.name}项目")
    _indicator(project, 1, "quantity", None, None, None, upper=city_inds[cities[0].pk][0])
    ind = _indicator(project, 2, "percent", "90", None, None)
    t = IndicatorTarget.objects.create(indicator=ind, county=county, target=D("90"))
    figures += _figures(rng, t, periods_of(prog), "percent")
    Figure.objects.bulk_create(figures)
    return {"office": office, "province": prov}


def _d(x) -> str:
    return "-" if x is None else str(x)


def _result(r) -> str:
    return f"{r.status.name}|{_d(r.rate)}|{_d(r.expected)}"


def _mom(m) -> str:
    return f"{_d(m.delta_value)}|{_d(m.delta_points)}|{m.fell}"


def _cell(c) -> str:
    gap = c.gap
    return (
        f"    {c.county.name} t={_d(c.target)} st={c.state or '-'} rep={_d(c.reported)} ver={_d(c.verified)}"
        f" val={_d(c.value)} prev={_d(c.previous)} res={_result(c.result)} momt={_d(c.mom_target)}"
        f" mom={_mom(c.mom)} gap={_d(gap.reported_percent)}|{_d(gap.accepted_percent)}|{_d(gap.gap_points)}|"
        f"{gap.flagged} fig={c.figure_id is not None} ded={c.deduction_reason or '-'}"
        f" carried={_d(c.carried_month)} in={c.entered_in.name if c.entered_in else '-'}"
        f" counted={c.counted} awaiting={c.awaiting} reported={c.is_reported}"
    )


def _rollup(r) -> list[str]:
    head = (
        f"  {r.indicator.name} t={_d(r.target)} val={_d(r.value)} prev={_d(r.previous)} res={_result(r.result)}"
        f" mom={_mom(r.mom)} share={r.reported_share} tracked={r.tracked_by.indicator.name if r.tracked_by else '-'}"
        f" in={','.join(i.name for i in r.entered_in) or '-'} behind={len(r.behind_cells)}"
        f" fallen={len(r.fallen_cells)} carried={len(r.carried_cells)}"
    )
    return [head] + [_cell(c) for c in r.cells]


def _render(generated) -> list[str]:
    out = []
    for prog in Programme.objects.filter(year=YEAR).order_by("organisation__path", "pk"):
        for month in MONTHS:
            for as_of in AS_OF:
                out.append(f"{prog.name} month={month} as_of={_d(as_of)}")
                for r in selectors.indicator_rollup(programme=prog, month=month, as_of=as_of):
                    out += _rollup(r)
    for month in MONTHS:
        data = selectors.cities_rollup(user=generated["office"], year=YEAR, month=month)
        out.append(f"cities month={month} expected={data['expected_percent']}")
        for row in data["cities"]:
            out.append(
                f" {row.city.name} worst={[(w.county.name, w.behind, str(w.mean_rate_percent)) for w in row.worst]}"
            )
            for line in row.programmes:
                out.append(
                    f"  {line.programme.name} counts={line.counts} assigned={line.assigned}"
                    f" submitted={line.submitted} verified={line.verified} behind={line.behind_indicators}"
                )
                for r in line.rollups:
                    out += _rollup(r)
        for own in data["own"]:
            out.append(f" own {own.line.programme.name} counts={own.line.counts}")
            for sub in own.subtotals:
                out.append(
                    f"  {sub.city.name} counts={sub.counts} assigned={sub.assigned} submitted={sub.submitted}"
                    f" verified={sub.verified} behind={[r.indicator.name for r in sub.behind]}"
                )
                for r in sub.rollups:
                    out += _rollup(r)
    prov = generated["province"]
    names = dict(Organisation.objects.values_list("pk", "name"))
    projects = dict(Project.objects.values_list("pk", "name"))
    for month in MONTHS:
        st = _standings(prov, month)
        out.append(f"standings month={month} counties={[names[pk] for pk in st['counties']]}")
        for pk, (status, rate, per_county) in sorted(st["projects"].items(), key=lambda kv: projects[kv[0]]):
            per = {names[c]: (s, _d(r)) for c, (s, r) in per_county.items()}
            out.append(f"  {projects[pk]} {status} {_d(rate)} {per}")
    return out


def _digests(lines: list[str]) -> dict[str, str]:
    """{block header: sha256 of the block's lines}: a block is a header line (no leading space) and the indented
    lines under it."""
    blocks: dict[str, list[str]] = {}
    header = ""
    for line in lines:
        if not line.startswith(" "):
            header = line
            blocks[header] = []
        else:
            blocks[header].append(line)
    return {h: hashlib.sha256("\n".join(b).encode()).hexdigest()[:24] for h, b in blocks.items()}


def test_rollups_are_the_same_as_recorded(generated, settings):
    settings.PROGRESS_ROLLUP_CACHE_SECONDS = 0  # compute every time
    lines = _render(generated)
    assert len(lines) > 5000  # the data set is not empty
    if dump := os.environ.get("ROLLUP_GOLDEN_DUMP"):  # the whole text, to diff two commits' outputs
        Path(dump).write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = _digests(lines)
    if os.environ.get("ROLLUP_GOLDEN_WRITE") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text("".join(f"{h}\t{d}\n" for h, d in got.items()), encoding="utf-8")
    want = dict(line.split("\t") for line in GOLDEN.read_text(encoding="utf-8").splitlines())
    changed = [h for h in want.keys() | got.keys() if want.get(h) != got.get(h)]
    assert not changed, f"roll-up output changed in {len(changed)} blocks, e.g. {sorted(changed)[:5]}"
