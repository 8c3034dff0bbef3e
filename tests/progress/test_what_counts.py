"""What counts as a county's value: returned or unverified figures never count in roll-ups (rankings, the
dashboard headline, the 通报, open data); they are labelled instead. The open-data CSV has no lone apostrophes."""

import csv
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse

from progress import selectors
from progress.models import Figure, FigureState, effective_value

pytestmark = pytest.mark.django_db


def _csv(client, w, month=9):
    r = client.get(reverse("progress:open_data_file", args=["csv"]), {"programme": w["programme"].pk, "month": month})
    assert r.status_code == 200
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def test_returned_typo_is_not_published_in_open_data(client, world):
    """The seed's case: 100,000 typed against a target of 785, returned by the office, once published as
    全市 1420.24%."""
    w = world
    w["ta"].target = D("785")
    w["ta"].save()
    Figure.objects.create(target=w["ta"], period=w["p9"], value=D("100000"), state=FigureState.RETURNED,
                          review_comment="多打了几个 0")
    rows = [r for r in _csv(client, w) if r["indicator"] == w["ind"].name]
    by_area = {r["area"]: r for r in rows}
    assert by_area["甲县"]["value"] == "60"  # last month's verified value stands in
    assert by_area["甲县"]["reporting"] == "已退回（不计入），沿用 8 月核定值"
    assert by_area["乙县"]["value"] == "" and by_area["乙县"]["reporting"] == "已报未审（不计入）"
    assert by_area["全市"]["value"] == "60"
    assert "100000" not in str(rows) and "1420" not in str(rows)


def test_open_data_csv_never_has_a_lone_apostrophe(client, world):
    for row in _csv(client, world):
        for key, value in row.items():
            assert value != "'", key
            assert not value.startswith("'") or value[1:2] in "=+-@", (key, value)


def test_rankings_dashboard_and_bulletin_count_verified_values_only(world):
    w = world
    Figure.objects.create(target=w["ta"], period=w["p9"], value=D("100000"), state=FigureState.SUBMITTED)
    Figure.objects.create(target=w["ta2"], period=w["p9"], value=D("100000"), state=FigureState.RETURNED)
    rollups = selectors.indicator_rollup(programme=w["programme"], month=9)
    cells = {(c.target_id): c for r in rollups for c in r.cells}
    a, a2, b = cells[w["ta"].pk], cells[w["ta2"].pk], cells[w["tb"].pk]
    assert (a.value, a.reported, a.awaiting, a.carried_month) == (D("60"), D("100000"), True, 8)
    assert (a2.value, a2.returned) == (None, True)
    assert (b.value, b.reported, b.awaiting) == (None, D("80"), True)
    ind_rollup = next(r for r in rollups if r.indicator == w["ind"])
    assert ind_rollup.value == D("60")  # the city's sum: verified values only
    ranking = selectors.county_ranking(programme=w["programme"], month=9, rollups=rollups)
    for row in ranking:
        assert row["counts"]["done"] == 0  # nobody "completed" on an unverified or returned 100,000
    summary = selectors.programme_status_summary(programme=w["programme"], month=9, rollups=rollups)
    assert all(lv["indicators"]["done"] == 0 for lv in summary["levels"])
    # verified: now it counts
    f = Figure.objects.get(target=w["ta"], period=w["p9"])
    Figure.objects.filter(pk=f.pk).update(state=FigureState.VERIFIED, verified_value=D("90"))
    cells = {c.target_id: c for r in selectors.indicator_rollup(programme=w["programme"], month=9) for c in r.cells}
    assert cells[w["ta"].pk].value == D("90") and cells[w["ta"].pk].is_reported


def test_a_returned_figure_has_no_effective_value():
    assert effective_value(FigureState.RETURNED, D("100000"), None) is None
    assert effective_value(FigureState.SUBMITTED, D("5"), None) == D("5")
    assert effective_value(FigureState.VERIFIED, D("5"), D("4")) == D("4")
