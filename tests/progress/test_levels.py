"""Programmes at every level (issue 20 §2): an indicator linked to the same work in an upper level's programme
(上级计划指标) keeps one row per county in the family, and each level's roll-up reads the family's rows within
its own subtree, with the figures of the programme where each row is entered."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.accounts.models import Organisation
from progress import selectors
from progress.models import FigureState, RollupStamp
from progress.stamps import rollup_stamp, rollup_stamp_renew
from projects.models import (
    ERR_UPPER_CYCLE,
    ERR_UPPER_DEPTH,
    ERR_UPPER_NOT_ABOVE,
    ERR_UPPER_SELF,
    ERR_UPPER_SHARED,
    ERR_UPPER_YEAR,
    Indicator,
    IndicatorTarget,
    Level,
)
from tests.factories import IndicatorFactory, MatterFactory, ProgrammeFactory, ProjectFactory

from .factories import FigureFactory, PeriodFactory

pytestmark = pytest.mark.django_db

MONTH = 9


def org(name, kind, parent=None):
    o, _ = Organisation.objects.get_or_create(name=name, parent=parent, defaults={"kind": kind})
    return o


def indicator(programme, level=Level.PROVINCE, code="", upper=None, target="100"):
    project = ProjectFactory(matter=MatterFactory(programme=programme, level=level))
    return IndicatorFactory(project=project, code=code, upper=upper, target=Decimal(target))


def verified(target, value, month=MONTH):
    period = PeriodFactory(programme=target.indicator.project.matter.programme, month=month)
    return FigureFactory(
        target=target,
        period=period,
        value=Decimal(value),
        verified_value=Decimal(value),
        state=FigureState.VERIFIED,
    )


@pytest.fixture
def world():
    """湘省 > 甲市 > 甲县 (with its own programme), 乙县; 湘省 > 丙市 > 丙县. 2024: the province's Z, 甲市's Y (upper Z),
    甲县's X (upper Y) and its own 县定 K, 丙市's W (upper Z). Rows: Y for 甲县 and 乙县, W for 丙县, K for 甲县."""
    province = org("湘省", Organisation.Kind.PROVINCE)
    city = org("甲市", Organisation.Kind.CITY, province)
    other_city = org("丙市", Organisation.Kind.CITY, province)
    a = org("甲县", Organisation.Kind.COUNTY, city)
    b = org("乙县", Organisation.Kind.COUNTY, city)
    c = org("丙县", Organisation.Kind.COUNTY, other_city)
    p0 = ProgrammeFactory(organisation=province, year=2024)
    p1 = ProgrammeFactory(organisation=city, year=2024)
    p2 = ProgrammeFactory(organisation=other_city, year=2024)
    pa = ProgrammeFactory(organisation=a, year=2024)
    z = indicator(p0, code="省1-1-1")
    y = indicator(p1, code="省1-1-1", upper=z)
    w = indicator(p2, code="省1-1-1", upper=z)
    x = indicator(pa, code="省1-1-1", upper=y)
    k = indicator(pa, level=Level.COUNTY, code="县1-1-1", target="5")
    ya = IndicatorTarget.objects.create(indicator=y, county=a, target=10)
    yb = IndicatorTarget.objects.create(indicator=y, county=b, target=20)
    wc = IndicatorTarget.objects.create(indicator=w, county=c, target=30)
    ka = IndicatorTarget.objects.create(indicator=k, county=a, target=5)
    verified(ya, "4")
    verified(yb, "8")
    verified(wc, "12")
    verified(ka, "2")
    return {
        "orgs": (province, city, other_city, a, b, c),
        "programmes": (p0, p1, p2, pa),
        "indicators": {"z": z, "y": y, "w": w, "x": x, "k": k},
        "rows": {"ya": ya, "yb": yb, "wc": wc, "ka": ka},
    }


def by_indicator(rollups):
    return {r.indicator.pk: r for r in rollups}


def test_county_programme_shows_its_linked_item_from_the_city_row(world):
    p0, p1, p2, pa = world["programmes"]
    ind = world["indicators"]
    rollups = by_indicator(selectors.indicator_rollup(programme=pa, month=MONTH))
    x = rollups[ind["x"].pk]
    assert [(c.county.name, c.target, c.value) for c in x.cells] == [("甲县", Decimal(10), Decimal(4))]
    assert x.cells[0].target_id == world["rows"]["ya"].pk
    assert x.cells[0].entered_in.pk == ind["y"].pk
    assert [i.project.matter.programme for i in x.entered_in] == [p1]
    assert (x.value, x.target) == (Decimal(4), Decimal(10))
    k = rollups[ind["k"].pk]  # its own 县定 item: its own row, nothing borrowed
    assert [(c.county.name, c.value, c.entered_in) for c in k.cells] == [("甲县", Decimal(2), None)]
    assert k.entered_in == []


def test_city_rolls_up_its_own_rows_only(world):
    _p0, p1, _p2, _pa = world["programmes"]
    y = by_indicator(selectors.indicator_rollup(programme=p1, month=MONTH))[world["indicators"]["y"].pk]
    assert [(c.county.name, c.value) for c in y.cells] == [("甲县", Decimal(4)), ("乙县", Decimal(8))]
    assert (y.value, y.target, y.entered_in) == (Decimal(12), Decimal(30), [])


def test_province_rolls_up_every_city_rows(world):
    p0, p1, p2, _pa = world["programmes"]
    z = by_indicator(selectors.indicator_rollup(programme=p0, month=MONTH))[world["indicators"]["z"].pk]
    assert sorted((c.county.name, c.value) for c in z.cells) == [
        ("丙县", Decimal(12)),
        ("乙县", Decimal(8)),
        ("甲县", Decimal(4)),
    ]
    assert (z.value, z.target, z.reported_share) == (Decimal(24), Decimal(60), "3/3")
    assert {i.project.matter.programme.pk for i in z.entered_in} == {p1.pk, p2.pk}


def test_a_row_entered_in_the_county_programme_counts_upwards(world):
    """The family's one row for 乙县 may live in any programme of the family: here a county-level indicator
    linked to Y holds it, and the city and the province read it."""
    province, city, _oc, _a, b, _c = world["orgs"]
    p0, p1, _p2, _pa = world["programmes"]
    pb = ProgrammeFactory(organisation=b, year=2024)
    xb = indicator(pb, code="省1-1-1", upper=world["indicators"]["y"])
    world["rows"]["yb"].figures.all().delete()
    world["rows"]["yb"].delete()
    row = IndicatorTarget.objects.create(indicator=xb, county=b, target=20)
    verified(row, "9")
    y = by_indicator(selectors.indicator_rollup(programme=p1, month=MONTH))[world["indicators"]["y"].pk]
    assert [(c.county.name, c.value, bool(c.entered_in)) for c in y.cells] == [
        ("甲县", Decimal(4), False),
        ("乙县", Decimal(9), True),
    ]
    z = by_indicator(selectors.indicator_rollup(programme=p0, month=MONTH))[world["indicators"]["z"].pk]
    assert z.value == Decimal(25)


def test_scorecard_of_the_county_reads_the_borrowed_row(world):
    _p0, _p1, _p2, pa = world["programmes"]
    a = world["orgs"][3]
    card = selectors.county_scorecard(programme=pa, county=a, month=MONTH)
    values = {r.indicator.pk: (c.value, c.entered_in) for r, c in card["rows"]}
    assert values[world["indicators"]["x"].pk] == (Decimal(4), world["indicators"]["y"])
    assert values[world["indicators"]["k"].pk] == (Decimal(2), None)


def test_same_programme_tracked_by_still_takes_its_source(world):
    _p0, p1, _p2, _pa = world["programmes"]
    y = world["indicators"]["y"]
    follower = indicator(p1, level=Level.CITY, code="市1-1-1")
    follower.tracked_by = y
    follower.save()
    rollups = by_indicator(selectors.indicator_rollup(programme=p1, month=MONTH))
    assert rollups[follower.pk].tracked_by.indicator.pk == y.pk
    assert rollups[follower.pk].value == Decimal(12)


def queries(programme):
    with CaptureQueriesContext(connection) as ctx:
        selectors.indicator_rollup(programme=programme, month=MONTH)
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_linked_rows(world):
    province, city, _oc, a, b, c = world["orgs"]
    p0, p1, p2, pa = world["programmes"]
    before = {p.pk: queries(p) for p in (p0, p1, pa)}
    # indicators, targets, counties, figures of months 8-9, earlier verified values (none in month 8); and one more
    # where rows of another programme are read: their indicators and programmes (甲县's and the province's)
    assert before[p1.pk] == 5
    assert before[pa.pk] == 6
    assert before[p0.pk] == 6
    for n in range(3):
        county = org(f"新{n}县", Organisation.Kind.COUNTY, city)
        verified(
            IndicatorTarget.objects.create(indicator=world["indicators"]["y"], county=county, target=1), "1"
        )
        more = indicator(pa, code=f"省2-{n}-1", upper=indicator(p1, code=f"省2-{n}-1"))
        verified(IndicatorTarget.objects.create(indicator=more.upper, county=a, target=1), "1")
    assert {p.pk: queries(p) for p in (p0, p1, pa)} == before


def test_a_figure_change_renews_the_stamps_of_the_linked_programmes(world):
    p0, p1, p2, pa = world["programmes"]
    unlinked = ProgrammeFactory(organisation=world["orgs"][1], year=2023)
    stamps = {p.pk: rollup_stamp(programme_id=p.pk) for p in (p0, p1, p2, pa, unlinked)}
    rollup_stamp_renew(programme_id=p1.pk)
    now = dict(RollupStamp.objects.values_list("programme_id", "token"))
    assert now[p1.pk] != stamps[p1.pk]
    assert now[pa.pk] != stamps[pa.pk]  # reads 甲市's row of 甲县
    assert now[p0.pk] != stamps[p0.pk]  # reads every city's rows
    assert now[unlinked.pk] == stamps[unlinked.pk]


# Refusals -----------------------------------------------------------------------------------------------------


def refused(obj, message):
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    assert message in str(exc.value.message_dict), exc.value.message_dict


def test_upper_must_be_of_the_same_year(world):
    _p0, _p1, _p2, pa = world["programmes"]
    city = world["orgs"][1]
    old = indicator(ProgrammeFactory(organisation=city, year=2023), code="省1-1-1")
    x = world["indicators"]["x"]
    x.upper = old
    refused(x, ERR_UPPER_YEAR.format(year=2024, programme=old.project.matter.programme))


def test_upper_must_belong_to_a_unit_above(world):
    x = world["indicators"]["x"]
    x.upper = world["indicators"]["w"]  # 丙市 is not above 甲县
    refused(x, ERR_UPPER_NOT_ABOVE.format(upper="丙市", own="甲县"))
    y = world["indicators"]["y"]
    y.upper = indicator(world["programmes"][1], code="省9-9-9")  # its own programme's unit
    refused(y, ERR_UPPER_NOT_ABOVE.format(upper="甲市", own="甲市"))


def test_upper_refuses_itself_and_cycles(world):
    x, y = world["indicators"]["x"], world["indicators"]["y"]
    x.upper = x
    refused(x, ERR_UPPER_SELF)
    y.upper = x  # x is already below y
    refused(y, ERR_UPPER_CYCLE)


def test_upper_refuses_a_fourth_level(world):
    a = world["orgs"][3]
    town = org("甲镇", Organisation.Kind.TOWN, a)
    below = indicator(ProgrammeFactory(organisation=town, year=2024), code="省1-1-1")
    below.upper = world["indicators"]["x"]
    refused(below, ERR_UPPER_DEPTH)


def test_one_indicator_per_programme_in_a_family(world):
    pa = world["programmes"][3]
    again = indicator(pa, code="省5-5-5")
    again.upper = world["indicators"]["y"]
    refused(again, ERR_UPPER_SHARED.format(other="省1-1-1"))


def test_a_second_row_for_a_county_in_the_family_is_refused(world):
    a = world["orgs"][3]
    p1 = world["programmes"][1]
    row = IndicatorTarget(indicator=world["indicators"]["x"], county=a, target=10)
    programme = str(p1)
    refused(row, f"“甲县”已在《{programme}》的指标“省1-1-1")
    # the province's indicator too: 甲县 already reports the work on 甲市's row
    row = IndicatorTarget(indicator=world["indicators"]["z"], county=a, target=10)
    refused(row, f"“甲县”已在《{programme}》")
    assert (
        IndicatorTarget.objects.filter(
            county=a, indicator__in=[world["indicators"]["x"], world["indicators"]["z"]]
        ).count()
        == 0
    )


def test_linking_an_indicator_whose_rows_clash_is_refused(world):
    a = world["orgs"][3]
    pa = world["programmes"][3]
    x = world["indicators"]["x"]
    x.upper = None
    x.save()
    IndicatorTarget.objects.create(indicator=x, county=a, target=10)
    x.upper = world["indicators"]["y"]
    refused(x, f"“甲县”已在《{world['programmes'][1]}》")
    assert pa.pk  # stored data untouched
    x.refresh_from_db()
    assert x.upper_id is None


def test_the_demo_county_plan_reads_its_linked_items_from_the_city_rows(demo):
    from projects.models import Programme

    city = Programme.objects.get(year=2024, organisation__name="邵阳市")
    county = Programme.objects.get(year=2024, organisation__name="邵东市")
    city_cells = {
        (r.indicator.code, c.county.name): c
        for r in selectors.indicator_rollup(programme=city, month=MONTH)
        for c in r.cells
    }
    rollups = {r.indicator.code: r for r in selectors.indicator_rollup(programme=county, month=MONTH)}
    for code in ("省4-1-1", "省5-1-1", "省10-1-1", "市2-1-1"):
        r = rollups[code]
        (cell,) = r.cells
        source = city_cells[(code, "邵东市")]
        assert (cell.target_id, cell.value, cell.target) == (source.target_id, source.value, source.target)
        assert cell.value is not None  # the demo's September figures, entered once on 邵阳市's rows
        assert [i.project.matter.programme for i in r.entered_in] == [city]
    for code in ("县1-1-1", "县2-1-1"):  # its own 县定 work: its own row for 邵东市 itself
        (cell,) = rollups[code].cells
        assert cell.county.name == "邵东市" and cell.entered_in is None
    assert not IndicatorTarget.objects.filter(
        indicator__project__matter__programme=county, indicator__upper__isnull=False
    ).exists()


def test_the_demo_province_plan_sums_the_cities_rows_once(demo):
    """湖南省's 2024 demo plan holds no rows: each of its indicators reads the rows of 邵阳市's and 宁川市's linked
    indicators (邵东市's own plan adds none), cell for cell as on the cities' dashboards."""
    from projects.models import Programme

    province = Programme.objects.get(year=2024, organisation__name="湖南省")
    cities = {
        name: Programme.objects.get(year=2024, organisation__name=name) for name in ("邵阳市", "宁川市")
    }
    city_cells = {
        (r.indicator.pk, c.county.pk): c
        for p in cities.values()
        for r in selectors.indicator_rollup(programme=p, month=MONTH)
        for c in r.cells
    }
    rollups = {r.indicator.code: r for r in selectors.indicator_rollup(programme=province, month=MONTH)}
    assert set(rollups) == {"省2-2-1", "省4-1-1", "省5-1-1", "省10-1-1"}
    linked = {"省2-2-1": ["省2-2-1"], "省4-1-1": ["省4-1-1", "省2-1-1"], "省5-1-1": ["省5-1-1"],
              "省10-1-1": ["省10-1-1", "市1-1-1"]}  # fmt: skip
    for code, r in rollups.items():
        lowers = Indicator.objects.filter(upper=r.indicator).select_related("project__matter__programme")
        assert sorted(i.code for i in lowers) == sorted(linked[code])
        assert {i.project.matter.programme for i in lowers} <= set(cities.values())
        expected = {key: c for key, c in city_cells.items() if key[0] in {i.pk for i in lowers}}
        assert len(r.cells) == len(expected) == len({c.county.pk for c in r.cells})  # each county once
        for cell in r.cells:
            source = next(c for (ind, county), c in expected.items() if county == cell.county.pk)
            assert (cell.target_id, cell.value, cell.target, cell.status) == (
                source.target_id,
                source.value,
                source.target,
                source.status,
            )
        assert {i.project.matter.programme for i in r.entered_in} == {
            i.project.matter.programme for i in lowers
        }
    two_cancer = rollups["省4-1-1"]
    assert {c.county.name for c in two_cancer.cells} >= {
        "邵东市",
        "洞口县",
        "云岭县",
    }  # both cities' counties
    assert not IndicatorTarget.objects.filter(indicator__project__matter__programme=province).exists()


def test_the_province_office_defaults_to_its_own_plan_read_from_the_cities(demo, client):
    """湖南省's plan has no months of its own: its office's dashboard still opens on it, at the cities' latest
    month with accepted figures, and says where the counties report; full scope keeps 邵阳市's plan by default."""
    from minsheng.accounts.models import User
    from minsheng.common.workbook import setup_checklist
    from progress.selectors import latest_month
    from progress.setup_checks import MSG_READ_BELOW
    from projects.models import Programme

    province = Programme.objects.get(year=2024, organisation__name="湖南省")
    city = Programme.objects.get(year=2024, organisation__name="邵阳市")
    assert not province.periods.exists()
    assert latest_month(programme=province) == latest_month(programme=city) > 1
    client.force_login(User.objects.get(username="office_province"))
    resp = client.get("/progress/dashboard/")
    assert resp.context["programme"] == province and resp.context["month"] == latest_month(programme=city)
    body = resp.content.decode()
    assert "各县市区的任务在下级（市、县）计划中分解和填报" in body and "省定重点民生实事" in body
    items = setup_checklist(User.objects.get(username="office_province"))
    assert [i.text for i in items if not i.ok] == []  # its home shows no 建账 待办
    texts = [i.text for i in items]
    assert f"{province}：4 个指标" in texts and "湖南省下有 17 个县市区" in texts
    assert MSG_READ_BELOW.format(programme=province, month=latest_month(programme=city)) in texts
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/progress/dashboard/").context["programme"] == city
