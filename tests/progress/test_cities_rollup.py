"""The province office's roll-up of its cities (issue 20 §5): every city's programmes with the statuses of that
city's own dashboard, the province's own programme summed per city, the scope (province: all, a city: its own,
another city: 404, a county office: 403), and a query count that does not grow with the cities."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.accounts.models import Organisation, Role
from progress import selectors
from progress.models import FigureState
from progress.status import Status, indicator_status
from progress.views.office.cities import ERR_CITIES_NOT_YOURS
from projects.models import Level, Matter, Programme, Project
from tests.factories import IndicatorFactory, IndicatorTargetFactory, UserFactory

from .factories import FigureFactory, PeriodFactory
from .test_rollup_narrow import rollup_key

pytestmark = pytest.mark.django_db
K = Organisation.Kind
MONTH = 9
URL = "/progress/cities/"


def org(name, kind, parent=None):
    return Organisation.objects.create(name=name, kind=kind, parent=parent)


def programme(owner, indicators: dict[str, list[tuple]], level=Level.CITY):
    """A programme of 2024 for `owner`: {indicator name: [(county, target, value month 8, value month 9, state 9)]}."""
    prog = Programme.objects.create(year=2024, organisation=owner, name="重点民生实事")
    matter = Matter.objects.create(programme=prog, level=level, seq=1, name=f"{owner.name}实事")
    project = Project.objects.create(matter=matter, seq=1, name=f"{owner.name}项目")
    p8, p9 = PeriodFactory(programme=prog, month=8), PeriodFactory(programme=prog, month=9)
    for name, rows in indicators.items():
        ind = IndicatorFactory(project=project, name=name, target=sum(r[1] for r in rows))
        for county, target, v8, v9, state9 in rows:
            t = IndicatorTargetFactory(indicator=ind, county=county, target=D(target))
            if v8 is not None:
                FigureFactory(
                    target=t, period=p8, value=D(v8), verified_value=D(v8), state=FigureState.LOCKED
                )
            if v9 is not None:
                verified = D(v9) if state9 in (FigureState.VERIFIED, FigureState.LOCKED) else None
                FigureFactory(target=t, period=p9, value=D(v9), verified_value=verified, state=state9)
    return prog


def add_city(t, name, n_counties=2):
    """A city with counties, an office (with its account) and its own programme of two indicators."""
    city = org(name, K.CITY, t["province"])
    counties = [org(f"{name}第{i + 1}县", K.COUNTY, city) for i in range(n_counties)]
    office = org(f"{name}专班办公室", K.OFFICE, city)
    UserFactory(username=f"office_{city.pk}", role=Role.OFFICE, organisation=office)
    rows = [(c, 100, "60", "80", FigureState.VERIFIED) for c in counties]
    programme(
        city,
        {f"{name}托位": rows, f"{name}道路": [(c, 100, "50", "60", FigureState.VERIFIED) for c in counties]},
    )
    return city, counties


@pytest.fixture
def tree():
    t = {"province": org("甲省", K.PROVINCE)}
    t["city_a"], t["city_b"] = org("甲市", K.CITY, t["province"]), org("乙市", K.CITY, t["province"])
    t["a1"], t["a2"] = org("甲一县", K.COUNTY, t["city_a"]), org("甲二市", K.COUNTY, t["city_a"])
    t["b1"] = org("乙一县", K.COUNTY, t["city_b"])
    for key, parent in (("province", "province"), ("a", "city_a"), ("b", "city_b"), ("a2", "a2")):
        unit = org(f"{t[parent].name}专班办公室", K.OFFICE, t[parent])
        t[f"office_{key}"] = UserFactory(username=f"office_{key}", role=Role.OFFICE, organisation=unit)
    a1, a2, b1 = t["a1"], t["a2"], t["b1"]
    V, S, R = FigureState.VERIFIED, FigureState.SUBMITTED, FigureState.RETURNED
    # 甲市: 托位 150/200 = 75% on schedule (甲一县 done, 甲二市 behind); 道路 behind: 甲一县 60, 甲二市's 90 is
    # submitted and not verified, so its August 70 stands in (130/200).
    t["prog_a"] = programme(t["city_a"], {
        "甲市托位": [(a1, 100, "70", "100", V), (a2, 100, "40", "50", V)],
        "甲市道路": [(a1, 100, "50", "60", V), (a2, 100, "70", "90", S)],
    })  # fmt: skip
    # 甲二市 runs its own small programme too (a county office).
    t["prog_a2"] = programme(a2, {"甲二市路灯": [(a2, 10, "5", "9", V)]}, level=Level.COUNTY)
    # 乙市: one indicator, its only county's figure returned (so it counts its August value, carried).
    t["prog_b"] = programme(t["city_b"], {"乙市托位": [(b1, 50, "30", "45", R)]})
    # The province's own programme, targets per county in both cities.
    t["prog_p"] = programme(t["province"], {
        "全省两癌筛查": [(a1, 100, "60", "90", V), (a2, 300, "100", "150", V), (b1, 100, "70", "80", V)],
        "全省农村公路": [(a1, 50, "10", "20", V), (b1, 50, "40", None, None)],
    }, level=Level.PROVINCE)  # fmt: skip
    t["dept"] = UserFactory(
        username="dept_a", role=Role.DEPARTMENT, organisation=org("甲市教育局", K.DEPARTMENT, t["city_a"])
    )
    return t


def cities_in(resp) -> list[int]:
    """The cities a page shows, in order (each city's card)."""
    return [
        int(pk) for pk in re.findall(r'class="card h-100 city-row" data-city="(\d+)"', resp.content.decode())
    ]


def rollup(user, **kw):
    return selectors.cities_rollup(user=user, year=2024, month=MONTH, **kw)


def test_each_city_row_has_the_statuses_and_counts_of_that_city_dashboard(tree):
    data = rollup(tree["office_province"])
    rows = {r.city.name: r for r in data["cities"]}
    assert list(rows) == ["甲市", "乙市"]
    # 甲市: its own programme first, then 甲二市's own.
    assert [ln.programme for ln in rows["甲市"].programmes] == [tree["prog_a"], tree["prog_a2"]]
    assert [ln.programme for ln in rows["乙市"].programmes] == [tree["prog_b"]]
    for row in data["cities"]:
        for line in row.programmes:
            p = line.programme
            whole = selectors.indicator_rollup(programme=p, month=MONTH)
            assert [rollup_key(r) for r in line.rollups] == [rollup_key(r) for r in whole]
            summary = selectors.programme_status_summary(programme=p, month=MONTH, rollups=whole)
            for key in ("total", "done", "on_track", "behind", "not_reported"):
                assert line.counts[key] == sum(lv["indicators"][key] for lv in summary["levels"]), (p, key)
            assert line.behind_indicators == sum(lv["behind_indicator_count"] for lv in summary["levels"])
            period = p.periods.get(month=MONTH)
            subs = selectors.submission_status(period=period, now=period.deadline)
            assert line.assigned == sum(s["assigned"] for s in subs)
            assert line.submitted == sum(s["submitted"] for s in subs)
            assert line.missing == sum(s["missing"] for s in subs)
    a = rows["甲市"].own
    assert (a.counts["done"], a.counts["on_track"], a.counts["behind"]) == (0, 1, 1)
    assert (a.assigned, a.submitted, a.verified, a.missing, a.awaiting) == (4, 4, 3, 0, 1)
    b = rows["乙市"].own
    assert (b.submitted, b.missing) == (0, 1)  # returned: to report again
    assert b.rollups[0].cells[0].carried_month == 8
    # The worst counties of 甲市: 甲二市 (托位 and 道路 behind; its own 路灯 90% on schedule), then 甲一县 (道路).
    assert [(w.county.name, w.behind) for w in rows["甲市"].worst] == [("甲二市", 2), ("甲一县", 1)]


def test_the_province_programme_is_summed_per_city_from_its_counties(tree):
    data = rollup(tree["office_province"])
    [own] = data["own"]
    assert own.line.programme == tree["prog_p"]
    sub = {s.city.name: s for s in own.subtotals}
    screening_a = sub["甲市"].rollups[0]
    assert (screening_a.target, screening_a.value) == (D(400), D(240))  # 100+300, 90+150
    assert screening_a.result == indicator_status(kind="quantity", value=D(240), target=D(400), month=MONTH)
    assert screening_a.status == Status.BEHIND  # 60% < 75%
    roads_a = sub["甲市"].rollups[1]
    assert [c.county.name for c in roads_a.cells] == [
        "甲一县"
    ]  # only the counties the indicator is decomposed to
    assert roads_a.status == Status.BEHIND  # 20/50
    screening_b = sub["乙市"].rollups[0]
    assert (screening_b.target, screening_b.value, screening_b.status) == (D(100), D(80), Status.ON_TRACK)
    roads_b = sub["乙市"].rollups[1]
    assert roads_b.cells[0].carried_month == 8 and roads_b.status == Status.ON_TRACK  # August's 40/50 = 80%
    assert (sub["乙市"].assigned, sub["乙市"].submitted, sub["乙市"].missing) == (2, 1, 1)
    assert sum(s.assigned for s in own.subtotals) == own.line.assigned  # every county counted once


def test_scope_province_sees_both_a_city_its_own_and_another_city_is_refused(tree, client):
    client.force_login(tree["office_province"])
    resp = client.get(URL, {"year": 2024, "month": MONTH})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert cities_in(resp) == [tree["city_a"].pk, tree["city_b"].pk] and "分市（州）小计" in html
    assert f"?programme={tree['prog_b'].pk}&amp;month={MONTH}" in html  # each city links to its dashboard
    # …which the province reads (read-only).
    assert (
        client.get("/progress/dashboard/", {"programme": tree["prog_b"].pk, "month": MONTH}).status_code
        == 200
    )

    client.force_login(tree["office_a"])
    resp = client.get(URL, {"year": 2024, "month": MONTH})
    assert resp.status_code == 200
    assert cities_in(resp) == [tree["city_a"].pk] and "分市（州）小计" not in resp.content.decode()
    assert "乙市" not in resp.content.decode() and "甲省 2024" not in resp.content.decode()
    resp = client.get(URL, {"city": tree["city_b"].pk})
    assert resp.status_code == 404 and "页面不存在" in resp.content.decode()  # the site's Chinese 404 page
    assert client.get(URL, {"city": "1¿'"}).status_code == 404

    client.force_login(tree["office_b"])
    assert cities_in(client.get(URL)) == [tree["city_b"].pk]
    assert client.get(URL, {"city": tree["city_a"].pk}).status_code == 404

    for user in (tree["office_a2"], tree["dept"]):  # a county's office, a department
        client.force_login(user)
        resp = client.get(URL)
        assert resp.status_code == 403 and ERR_CITIES_NOT_YOURS in resp.content.decode()
    client.logout()
    assert client.get(URL).status_code == 302


def test_defaults_to_the_latest_year_and_month_with_verified_figures(tree, client):
    # next year's plan has its months opened and nothing reported: the page still opens on 2024's September
    nxt = Programme.objects.create(year=2025, organisation=tree["city_a"], name="重点民生实事")
    PeriodFactory(programme=nxt, month=1)
    client.force_login(tree["office_province"])
    resp = client.get(URL)
    assert (resp.context["year"], resp.context["month"]) == (2024, MONTH)
    assert client.get(URL, {"year": 2025}).context["year"] == 2025


def test_home_and_dashboard_link_to_the_roll_up_for_the_province(tree, client):
    client.force_login(tree["office_province"])
    assert 'id="cities-link"' in client.get("/").content.decode()
    dash = client.get(
        "/progress/dashboard/", {"programme": tree["prog_p"].pk, "month": MONTH}
    ).content.decode()
    assert 'id="nav-cities"' in dash
    client.force_login(tree["office_a2"])
    assert 'id="cities-link"' not in client.get("/").content.decode()


def test_query_count_does_not_grow_with_cities(tree, client, settings):
    settings.PROGRESS_ROLLUP_CACHE_SECONDS = 0  # measure the computing path, not the cached one
    client.force_login(tree["office_province"])
    client.get(URL, {"year": 2024, "month": MONTH})  # warm the process caches (content types, sessions)

    def count() -> int:
        with CaptureQueriesContext(connection) as q:
            resp = client.get(URL, {"year": 2024, "month": MONTH})
        assert resp.status_code == 200
        return len(q)

    before = count()
    add_city(tree, "丙市", n_counties=3)
    add_city(tree, "丁市", n_counties=1)
    after = count()
    assert len(cities_in(client.get(URL, {"year": 2024, "month": MONTH}))) == 4
    assert after == before, (before, after)
    rollup(tree["office_province"])  # the office's root is read once per user object
    with CaptureQueriesContext(connection) as q:
        rollup(tree["office_province"])
    # cities, programmes, periods, indicators, targets, counties, figures; the eighth (the values carried from
    # before August) only runs when some county lacks a verified value in both months, not the case here.
    assert len(q) == 7


def test_on_the_demo_every_programme_line_is_its_dashboard_roll_up(demo):
    """The demo's cities (邵阳市 with 邵东市's own plan, the invented 宁川市): carried months, tracked indicators,
    deductions and 市本级 rows all come out as on each programme's own dashboard."""
    from minsheng.accounts.models import User

    province = User.objects.get(username="office_province")
    data = selectors.cities_rollup(user=province, year=2024, month=MONTH)
    names = [r.city.name for r in data["cities"]]
    assert "邵阳市" in names and "宁川市" in names
    lines = [ln for r in data["cities"] for ln in r.programmes]
    assert lines
    for line in lines:
        whole = selectors.indicator_rollup(programme=line.programme, month=MONTH)
        assert [rollup_key(r) for r in line.rollups] == [rollup_key(r) for r in whole], line.programme
        summary = selectors.programme_status_summary(programme=line.programme, month=MONTH, rollups=whole)
        assert line.behind_indicators == sum(lv["behind_indicator_count"] for lv in summary["levels"])


def test_cached_page_follows_every_change_through_the_services(tree, client, settings):
    """The roll-up part is cached under the programmes' change stamps: a figure verified through the service
    shows at once; the cached page runs a fixed number of queries too."""
    from progress.services import figure_verify

    settings.PROGRESS_ROLLUP_CACHE_SECONDS = 600
    client.force_login(tree["office_province"])
    query = {"year": 2024, "month": MONTH}

    def awaiting_a() -> str:
        html = client.get(URL, query).content.decode()
        pk = tree["city_a"].pk
        pattern = rf'data-city="{pk}".*?已报送 <span class="n-submitted">(\d+)</span>（已审核 <span class="n-verified">(\d+)</span>'
        return re.search(pattern, html, re.S).groups()

    assert awaiting_a() == ("4", "3")
    with CaptureQueriesContext(connection) as q1:
        client.get(URL, query)
    figure = tree["prog_a"].periods.get(month=MONTH).figures.get(state=FigureState.SUBMITTED)
    figure_verify(figure=figure, actor=tree["office_a"])
    assert awaiting_a() == ("4", "4")

    # 乙市's card came from the cache, 甲市's was computed again: the page is the one computed whole.
    def rollup_part(resp) -> str:  # the page's roll-up (the rest holds a per-request CSRF token)
        html = resp.content.decode()
        return html[html.index('id="cities-h"') : html.index("<footer")]

    cached = rollup_part(client.get(URL, query))
    settings.PROGRESS_ROLLUP_CACHE_SECONDS = 0
    assert rollup_part(client.get(URL, query)) == cached
    settings.PROGRESS_ROLLUP_CACHE_SECONDS = 600
    add_city(tree, "丙市")
    client.get(URL, query)
    with CaptureQueriesContext(connection) as q2:
        client.get(URL, query)
    assert len(q1) == len(q2)
