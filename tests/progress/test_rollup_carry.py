"""One roll-up rule for counties that have not reported this month: their latest verified value counts
(marked “沿用 X 月”), and every city figure carries “已报送 x/y 县市区”. Pages, exports, open data and the
selectors the reports app reads all agree."""

import io
import json
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse

from progress import selectors, services
from progress.models import FigureState
from progress.status import Status

from .factories import FigureFactory, PeriodFactory

pytestmark = pytest.mark.django_db


def _by_name(rollups, name):
    return next(r for r in rollups if r.indicator.name == name)


def test_non_reporter_counts_with_latest_verified_value(world):
    w = world
    r = _by_name(selectors.indicator_rollup(programme=w["programme"], month=9), "新增托位")
    a, b = (next(c for c in r.cells if c.county == w[k]) for k in ("a", "b"))
    assert (a.value, a.carried_month, a.is_reported) == (D("60"), 8, False)
    # 乙县 reported 80, not yet verified: reported, shown, but not counted (no earlier verified value)
    assert (b.value, b.reported, b.carried_month, b.is_reported, b.awaiting) == (None, D("80"), None, True, True)
    assert r.value == D("60") and r.target == D("200")
    assert (r.reporters, r.units, r.reported_share) == (1, 2, "1/2")
    assert a.status == Status.BEHIND  # 60% < 75% expected after September
    assert r.result.rate_percent == D("30.00") and r.status == Status.BEHIND
    # once 甲县 reports, its own value replaces the carried one
    f = services.figure_save(target=w["ta"], period=w["p9"], actor=w["clerk_a"], value=D("90"))
    services.figure_submit(figure=f, actor=w["clerk_a"])
    r = _by_name(selectors.indicator_rollup(programme=w["programme"], month=9), "新增托位")
    assert (r.value, r.reported_share) == (D("60"), "2/2")  # reported, counted once verified
    services.figure_verify(figure=f, actor=w["office"])
    r = _by_name(selectors.indicator_rollup(programme=w["programme"], month=9), "新增托位")
    assert (r.value, r.reported_share) == (D("90"), "2/2")


def test_carry_reaches_back_past_drafts_and_unverified_months(world):
    w = world
    p7 = PeriodFactory(programme=w["programme"], month=7)
    FigureFactory(target=w["ta2"], period=p7, value=D("50"), verified_value=D("50"), state=FigureState.LOCKED)
    FigureFactory(target=w["ta2"], period=w["p8"], value=D("65"), state=FigureState.SUBMITTED)  # not verified
    FigureFactory(
        target=w["ta2"], period=w["p9"], value=D("70"), state=FigureState.DRAFT
    )  # a draft is no report
    r = _by_name(selectors.indicator_rollup(programme=w["programme"], month=9), "道路改造")
    (cell,) = r.cells
    assert (cell.value, cell.carried_month, cell.previous) == (D("50"), 7, D("50"))  # August's 65: unverified
    assert r.reported_share == "0/1" and cell.status == Status.BEHIND
    trend = selectors.indicator_trend(indicator=w["ind2"], month=9)
    # August's 65 is unverified and September has no report: both months carry July's verified value.
    assert trend["actual"][6:] == [50.0, 50.0, 50.0]


def test_summary_keeps_its_shape_and_adds_reporting_keys(world):
    w = world
    s = selectors.programme_status_summary(programme=w["programme"], month=9)
    assert {"programme", "month", "expected_percent", "levels", "falls"} <= set(s)
    assert (
        s["carry_rule"] == selectors.CARRY_RULE and s["reported_share"] == "1/2"
    )  # 乙县 reported its one task
    (lv,) = s["levels"]
    assert {
        "level",
        "label",
        "unit",
        "unit_label",
        "projects",
        "indicators",
        "counts",
        "sentence",
        "behind_items",
        "behind_by_indicator",
        "behind_counties",
        "rollups",
    } <= set(lv)
    assert lv["reported_share"] == "1/2" and lv["carried_cells"] == 1
    item = next(b for b in lv["behind_items"] if b["indicator"] == w["ind"])
    assert {"indicator", "project", "rate_percent", "counties"} <= set(item) and item[
        "reported_share"
    ] == "1/2"


def test_pages_exports_and_open_data_show_the_share_and_the_rule(client, world):
    w = world
    client.force_login(w["office"])
    url = reverse("progress:dashboard") + f"?programme={w['programme'].pk}&month=9"
    page = client.get(url).content.decode()
    assert selectors.CARRY_RULE in page and "已报送 1/2" in page and ">1/2<" in page
    wb = openpyxl.load_workbook(io.BytesIO(client.get(url + "&export=indicators").content))
    rows = list(wb.active.iter_rows(values_only=True))
    col = rows[1].index("已报送县市区")
    assert {r[3]: r[col] for r in rows[2:]}["新增托位"] == "1/2"
    card = client.get(reverse("progress:scorecard", args=[w["a"].pk]) + "?month=9").content.decode()
    assert "沿用 8 月核定值" in card
    public = client.get(reverse("progress:public_project", args=[w["ind"].project.public_code]) + "?month=9")
    assert "已报送 1/2 个县市区" in public.content.decode()
    data = json.loads(client.get(reverse("progress:open_data_file", args=["json"]) + "?month=9").content)
    rows = [r for r in data["rows"] if r["indicator"] == "新增托位"]
    assert {r["area"]: r["reporting"] for r in rows} == {
        "全市": "1/2",
        "甲县": "沿用 8 月核定值",
        "乙县": "已报未审（不计入）",
    }
    assert {r["area"]: r["value"] for r in rows}["全市"] == "60"
