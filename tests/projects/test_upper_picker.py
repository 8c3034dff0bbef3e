"""The admin's 上级计划指标 picker offers only what the indicator may take: the same year's indicators of a unit
strictly above its programme's unit, readable by the office (its subtree, or a published public plan)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from minsheng.accounts.models import Organisation, Role
from projects.models import Indicator, Level
from projects.selectors import indicator_upper_choices
from tests.factories import IndicatorFactory, MatterFactory, ProgrammeFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind


def _ind(org, year, code, name, **programme):
    programme = ProgrammeFactory(year=year, organisation=org, **programme)
    matter = MatterFactory(programme=programme, level=Level.PROVINCE, seq=1)
    project = ProjectFactory(matter=matter, seq=1)
    return IndicatorFactory(project=project, code=code, name=name, unit="人", target=Decimal(10))


@pytest.fixture
def tree():
    province = Organisation.objects.create(name="湖东省", kind=K.PROVINCE)
    city = Organisation.objects.create(name="青山市", kind=K.CITY, parent=province)
    county = Organisation.objects.create(name="甲县", kind=K.COUNTY, parent=city)
    other = Organisation.objects.create(name="远方市", kind=K.CITY, parent=province)
    t = {"province": province, "city": city, "county": county}
    # the province's 2025 plan is not public yet: only the province's own office (and full scope) reads it
    t["p"] = _ind(province, 2025, "省1-1-1", "城镇新增就业", is_public=False)
    t["c"] = _ind(city, 2025, "省1-1-1", "城镇新增就业", is_public=True)
    t["k"] = _ind(county, 2025, "省1-1-1", "城镇新增就业", is_public=True)
    t["r"] = _ind(other, 2025, "省1-1-1", "城镇新增就业", is_public=True)  # not above 甲县
    t["c_old"] = _ind(city, 2024, "省1-1-1", "城镇新增就业", is_public=True)  # another year
    t["admin"] = UserFactory(role=Role.ADMIN, organisation=None, is_staff=True)
    for key, parent in [("office_province", province), ("office_city", city), ("office_county", county)]:
        unit = Organisation.objects.create(name=f"{parent.name}专班办公室", kind=K.OFFICE, parent=parent)
        t[key] = UserFactory(role=Role.OFFICE, organisation=unit, is_staff=True)
    return t


def choices(tree, who, key):
    return set(indicator_upper_choices(indicator=tree[key], user=tree[who]))


def test_only_same_year_indicators_of_units_above(tree):
    assert choices(tree, "admin", "k") == {tree["p"], tree["c"]}
    assert choices(tree, "admin", "c") == {tree["p"]}
    assert choices(tree, "admin", "p") == set()
    assert choices(tree, "admin", "r") == {tree["p"]}
    assert choices(tree, "admin", "c_old") == set()  # no 2024 province plan


def test_only_what_the_office_may_read(tree):
    assert choices(tree, "office_province", "k") == {tree["p"], tree["c"]}
    assert choices(tree, "office_city", "k") == {tree["c"]}  # the province's plan is not public
    assert choices(tree, "office_county", "k") == {tree["c"]}  # the city's plan is issued (public) to it
    prog = tree["c"].project.matter.programme
    prog.is_draft = True
    prog.save()
    assert choices(tree, "office_county", "k") == set()  # a draft above is not the county office's to read
    assert choices(tree, "office_city", "k") == {tree["c"]}


def test_the_admin_form_field_and_its_search_offer_the_same(tree, client):
    model_admin = admin.site._registry[Indicator]
    request = RequestFactory().get("/")
    request.user = tree["office_city"]
    form = model_admin.get_form(request, tree["k"], change=True)(instance=tree["k"])
    field = form.fields["upper"]
    assert set(field.queryset) == {tree["c"]}
    assert field.label_from_instance(tree["c"]) == "青山市 2025 年 · 省1-1-1 城镇新增就业"
    bound = model_admin.get_form(request, tree["k"], change=True)({"upper": tree["r"].pk}, instance=tree["k"])
    assert not bound.is_valid() and "upper" in bound.errors  # another city's indicator is refused

    client.force_login(tree["office_city"])
    url = reverse("admin:projects_indicator_change", args=[tree["k"].pk])
    page = client.get(url).content.decode()
    search = reverse("admin:projects_indicator_upper_autocomplete")
    assert f'data-ajax--url="{search}?indicator={tree["k"].pk}"' in page
    params = {"app_label": "projects", "model_name": "indicator", "field_name": "upper", "term": "就业"}
    got = client.get(search, {**params, "indicator": tree["k"].pk}).json()["results"]
    assert got == [{"id": str(tree["c"].pk), "text": "青山市 2025 年 · 省1-1-1 城镇新增就业"}]
    client.force_login(tree["admin"])
    got = client.get(search, {**params, "indicator": tree["k"].pk}).json()["results"]
    assert [r["text"] for r in got] == [
        "湖东省 2025 年 · 省1-1-1 城镇新增就业",
        "青山市 2025 年 · 省1-1-1 城镇新增就业",
    ]
    # a new indicator (no programme yet): readable indicators of units that have units below them
    got = client.get(search, params).json()["results"]
    assert {r["id"] for r in got} == {str(tree[k].pk) for k in ("p", "c", "r", "c_old")}
