"""The new-year copy carries 上级计划指标: a copied indicator whose source named an upper takes that upper's copy in
the upper unit's next-year programme, whichever of the two programmes is copied first; a link Indicator.clean()
refuses (a county holding two rows of the family) or whose upper has no copy is not made, and the draft says so."""

from decimal import Decimal

import pytest
from django.urls import reverse

from candidates import newyear as ny
from candidates import newyear_links as nl
from minsheng.accounts.models import Organisation
from projects.models import ERR_FAMILY_DUPLICATE, Indicator, IndicatorTarget, Level, Programme
from tests.factories import (
    CountyFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MatterFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
)

from .factories import office

pytestmark = pytest.mark.django_db


def _indicator(programme, level, name, code, **kw):
    matter = MatterFactory(programme=programme, level=level, name=name, seq=int(code.split("-")[0][1:]))
    project = ProjectFactory(matter=matter, name=name, seq=1)
    return IndicatorFactory(project=project, name=name, code=code, unit="人", target=Decimal("100"),
                            is_continuing=True, **kw)  # fmt: skip


@pytest.fixture
def world():
    city = OrganisationFactory(name="青山市", kind=Organisation.Kind.CITY)
    jia = CountyFactory(name="甲县", parent=city)
    yi = CountyFactory(name="乙县", parent=city)
    city_2025 = ProgrammeFactory(year=2025, organisation=city)
    jobs = _indicator(city_2025, Level.PROVINCE, "城镇新增就业", "省1-1-1")
    IndicatorTargetFactory(indicator=jobs, county=jia, target=Decimal("60"))
    IndicatorTargetFactory(indicator=jobs, county=yi, target=Decimal("40"))
    roads = _indicator(city_2025, Level.CITY, "农村公路提质改造", "市1-1-1")
    IndicatorTargetFactory(indicator=roads, county=yi, target=Decimal("100"))
    county_2025 = ProgrammeFactory(year=2025, organisation=jia)
    k_jobs = _indicator(county_2025, Level.PROVINCE, "城镇新增就业", "省1-1-1")
    k_jobs.upper = jobs
    k_jobs.full_clean()
    k_jobs.save()
    k_roads = _indicator(county_2025, Level.CITY, "农村公路提质改造", "市1-1-1")
    IndicatorTargetFactory(
        indicator=k_roads, county=jia, target=Decimal("20")
    )  # its own row: 乙县's only above
    k_roads.upper = roads
    k_roads.full_clean()
    k_roads.save()
    return {"city": city, "jia": jia, "yi": yi, "city_2025": city_2025, "county_2025": county_2025,
            "user": office()}  # fmt: skip


def _copy(source, user) -> Programme:
    return ny.programme_copy_next_year(source=source, by=user)


def _by_code(programme) -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(project__matter__programme=programme)}


def test_lower_copied_after_the_upper_takes_the_uppers_copies(world):
    city_2026 = _copy(world["city_2025"], world["user"])
    county_2026 = _copy(world["county_2025"], world["user"])
    up, low = _by_code(city_2026), _by_code(county_2026)
    assert low["省1-1-1"].upper == up["省1-1-1"] and low["市1-1-1"].upper == up["市1-1-1"]
    assert up["省1-1-1"].copied_from.project.matter.programme == world["city_2025"]
    assert nl.indicator_upper_gaps(programme=county_2026) == []
    # 甲县 still reports the work once: on the city's row for 城镇新增就业, on its own row for 农村公路.
    assert set(IndicatorTarget.objects.filter(county=world["jia"], indicator__project__matter__programme__year=2026)
               .values_list("indicator_id", flat=True)) == {up["省1-1-1"].pk, low["市1-1-1"].pk}  # fmt: skip


def test_upper_copied_later_links_the_lower_copies_then(world, client):
    county_2026 = _copy(world["county_2025"], world["user"])
    low = _by_code(county_2026)
    assert low["省1-1-1"].upper is None and low["市1-1-1"].upper is None
    gaps = nl.indicator_upper_gaps(programme=county_2026)
    assert [g.reason for g in gaps] == [nl.GAP_NO_PROGRAMME.format(org="青山市", year=2026)] * 2
    client.force_login(world["user"])
    page = reverse("candidates:new_year_draft", args=[county_2026.pk])
    body = client.get(page).content.decode()
    assert "以下 2 项上级计划指标未能沿用：" in body and "请在上级计划印发后补填" in body
    assert "上年对应 青山市：省1-1-1；青山市 2026 年计划尚未生成" in body

    city_2026 = _copy(world["city_2025"], world["user"])
    up, low = _by_code(city_2026), _by_code(county_2026)
    assert low["省1-1-1"].upper == up["省1-1-1"] and low["市1-1-1"].upper == up["市1-1-1"]
    assert "未能沿用" not in client.get(page).content.decode()
    body = client.get(reverse("candidates:new_year_draft", args=[county_2026.pk])).content.decode()
    assert "已沿用上级计划指标 2 项" in body
    assert body.count("在上级计划中分解") == 1  # 城镇新增就业 (its 农村公路 keeps its own row for 甲县)


def test_an_upper_left_out_of_the_uppers_copy_is_listed(world):
    Indicator.objects.filter(code="市1-1-1", project__matter__programme=world["city_2025"]).update(
        is_continuing=False
    )  # finished in 2025: not copied
    city_2026 = _copy(world["city_2025"], world["user"])
    plan = ny.new_year_plan(source=world["county_2025"])
    assert [(line.indicator, line.reason) for line in plan.uppers] == [
        ("城镇新增就业", nl.NOTE_UPPER_KEPT.format(org="青山市", code="省1-1-1"))
    ]
    missing = nl.GAP_NOT_CARRIED.format(programme=city_2026, code="市1-1-1")
    assert [(line.indicator, line.reason) for line in plan.upper_gaps] == [("农村公路提质改造", missing)]
    county_2026 = _copy(world["county_2025"], world["user"])
    (gap,) = nl.indicator_upper_gaps(programme=county_2026)
    assert gap.indicator.code == "市1-1-1" and gap.reason == missing
    assert nl.gaps_message([gap]).startswith("以下 1 项上级计划指标未能沿用：“市1-1-1 农村公路提质改造”")


def test_an_upper_programme_imported_not_copied_is_found_by_code(world):
    city_2026 = ProgrammeFactory(year=2026, organisation=world["city"])
    jobs = _indicator(city_2026, Level.PROVINCE, "城镇新增就业（2026）", "省1-1-1")
    county_2026 = _copy(world["county_2025"], world["user"])
    low = _by_code(county_2026)
    assert low["省1-1-1"].upper == jobs
    (gap,) = nl.indicator_upper_gaps(programme=county_2026)  # 市1-1-1 is not in the imported plan
    assert gap.indicator == low["市1-1-1"]


def test_a_link_giving_a_county_two_rows_is_refused_and_said(world, client):
    city_2026 = _copy(world["city_2025"], world["user"])
    up = _by_code(city_2026)
    # the city's 2026 plan now splits 农村公路 to 甲县 as well, where 甲县's own plan kept its own row
    IndicatorTargetFactory(indicator=up["市1-1-1"], county=world["jia"], target=Decimal("30"))
    county_2026 = _copy(world["county_2025"], world["user"])
    low = _by_code(county_2026)
    assert low["省1-1-1"].upper == up["省1-1-1"]
    assert low["市1-1-1"].upper is None  # not linked: 甲县 would hold two rows of the family
    (gap,) = nl.indicator_upper_gaps(programme=county_2026)
    clash = ERR_FAMILY_DUPLICATE.format(
        county="甲县", programme=city_2026, indicator="市1-1-1 农村公路提质改造"
    )
    assert gap.reason == clash
    client.force_login(world["user"])
    body = client.get(reverse("candidates:new_year_draft", args=[county_2026.pk])).content.decode()
    assert "以下 1 项上级计划指标未能沿用" in body and "“甲县”已在《" in body


def test_upper_copied_later_refuses_a_clash_and_tells_the_upper_office(world, client):
    county_2026 = _copy(world["county_2025"], world["user"])
    low = _by_code(county_2026)
    # 甲县's office splits 城镇新增就业 to itself in its 2026 draft while the city's 2026 plan is not there yet
    IndicatorTargetFactory(indicator=low["省1-1-1"], county=world["jia"], target=Decimal("70"))
    city_2026 = _copy(
        world["city_2025"], world["user"]
    )  # its copy keeps the city's 甲县 row for 城镇新增就业
    up, low = _by_code(city_2026), _by_code(county_2026)
    assert low["省1-1-1"].upper is None and low["市1-1-1"].upper == up["市1-1-1"]
    (gap,) = nl.indicator_lower_gaps(programme=city_2026)
    assert gap.indicator == low["省1-1-1"] and "“甲县”已在《" in gap.reason
    client.force_login(world["user"])
    body = client.get(reverse("candidates:new_year_draft", args=[city_2026.pk])).content.decode()
    assert "以下 1 项下级计划指标上年对应本计划，本次未能挂接：甲县“省1-1-1 城镇新增就业”" in body


def test_preview_page_lists_the_uppers(world, client):
    client.force_login(world["user"])
    body = client.get(reverse("candidates:new_year"), {"source": world["county_2025"].pk}).content.decode()
    assert "上级计划指标" in body and "以下 2 项上级计划指标未能沿用" in body
    assert "青山市：省1-1-1" in body and "青山市 2026 年计划尚未生成" in body
