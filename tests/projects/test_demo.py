"""load_demo: the seed programmes, their real figures, and idempotence."""

import os
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from minsheng.accounts.models import Organisation, Role, User
from minsheng.common import workbook as wb
from projects.models import Indicator, IndicatorTarget, Level, Matter, Programme, Project

COUNTIES = [
    "双清区",
    "大祥区",
    "北塔区",
    "邵东市",
    "新邵县",
    "邵阳县",
    "隆回县",
    "洞口县",
    "绥宁县",
    "新宁县",
    "城步苗族自治县",
    "武冈市",
    "经开区",
]


def _snapshot():
    from projects.models import Indicator as I  # noqa: N817

    return {
        "orgs": Organisation.objects.count(),
        "users": User.objects.count(),
        "programmes": Programme.objects.count(),
        "matters": Matter.objects.count(),
        "projects": Project.objects.count(),
        "indicators": Indicator.objects.count(),
        "targets": IndicatorTarget.objects.count(),
        "indicator_history": I.history.count(),
        "target_history": IndicatorTarget.history.count(),
        "upper_links": sorted(Indicator.objects.filter(upper__isnull=False).values_list("pk", "upper_id")),
        "programmes_by_unit": sorted(Programme.objects.values_list("organisation__name", "year")),
    }


@pytest.mark.django_db
def test_load_demo_is_idempotent(demo):
    before = _snapshot()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_province_2024_plan_is_linked_from_the_cities_plans(demo):
    """湖南省's demo plan: four 省定 items with no 任务分解表 of their own; 邵阳市's and 宁川市's matching indicators
    name them as 上级计划指标, and 邵东市's keep naming 邵阳市's (province → city → county)."""
    province = Programme.objects.get(year=2024, organisation__name="湖南省", organisation__kind="province")
    assert province.is_demo and province.is_public and not province.is_draft
    inds = {i.code: i for i in Indicator.objects.filter(project__matter__programme=province)}
    assert sorted(inds) == ["省10-1-1", "省2-2-1", "省4-1-1", "省5-1-1"]
    assert all(i.is_demo and i.project.matter.level == Level.PROVINCE for i in inds.values())
    assert all("演示数据" in i.note for i in inds.values())
    assert not IndicatorTarget.objects.filter(indicator__in=inds.values()).exists()
    links = {
        (i.project.matter.programme.organisation.name, i.code): i.upper.code
        for i in Indicator.objects.filter(upper__in=inds.values()).select_related(
            "upper", "project__matter__programme__organisation"
        )
    }
    assert links == {
        ("邵阳市", "省2-2-1"): "省2-2-1",
        ("邵阳市", "省4-1-1"): "省4-1-1",
        ("邵阳市", "省5-1-1"): "省5-1-1",
        ("邵阳市", "省10-1-1"): "省10-1-1",
        ("宁川市", "省2-1-1"): "省4-1-1",
        ("宁川市", "市1-1-1"): "省10-1-1",
    }
    shaodong = Indicator.objects.get(
        code="省5-1-1",
        project__matter__programme__organisation__name="邵东市",
        project__matter__programme__year=2024,
    )
    assert shaodong.upper.upper == inds["省5-1-1"]


@pytest.mark.django_db
def test_counties_and_roles(demo):
    city = Organisation.objects.get(name="邵阳市")
    names = set(city.children.filter(kind=Organisation.Kind.COUNTY).values_list("name", flat=True))
    assert set(COUNTIES) <= names
    assert {u.role for u in User.objects.filter(is_demo=True)} == set(Role.values)


@pytest.mark.django_db
def test_shaoyang_2024_programme_matches_the_seed(demo):
    p = Programme.objects.get(year=2024, organisation__name="邵阳市")
    province = p.matters.filter(level=Level.PROVINCE)
    assert province.count() == 10
    assert Project.objects.filter(matter__in=province).count() == 24
    city_indicators = Indicator.objects.filter(
        project__matter__programme=p, project__matter__level=Level.CITY
    )
    assert p.matters.filter(level=Level.CITY).count() == 10
    assert city_indicators.count() == 14
    # Real targets printed in the seed.
    assert city_indicators.get(name__contains="超期安置").target == Decimal("3200")
    assert city_indicators.filter(name__contains="失业人员再就业").get().target == Decimal("27000")
    # Indicators the seed says are tracked with the provincial ones point at them.
    assert city_indicators.filter(tracked_by__isnull=False).count() >= 4


@pytest.mark.django_db
def test_shaodong_2023_plan_has_all_three_tables(demo):
    p = Programme.objects.get(year=2023, organisation__name="邵东市")
    assert set(p.matters.values_list("level", flat=True)) == {Level.PROVINCE, Level.CITY, Level.COUNTY}
    two_cancer = Indicator.objects.get(project__matter__programme=p, name__contains="两癌")
    assert two_cancer.target == Decimal("17000") and two_cancer.unit == "人"
    assert two_cancer.lead_unit.name == "邵东市妇联" and two_cancer.lead_unit.parent.name == "邵东市"
    assert two_cancer.lead_unit.short_name == "市妇联"
    low_income = Indicator.objects.get(project__matter__programme=p, name__contains="城市低保")
    assert low_income.kind == "standard" and low_income.target == Decimal("650")
    assert Indicator.objects.filter(project__matter__programme=p, kind="pending").exists()
    assert Indicator.objects.filter(
        project__matter__programme=p, kind="deadline", due_date__isnull=False
    ).exists()
    # Shaodong reports as one unit: every indicator's target sits on 邵东市.
    assert (
        not Indicator.objects.filter(project__matter__programme=p, target__isnull=False)
        .exclude(targets__county__name="邵东市")
        .exists()
    )


@pytest.mark.django_db
def test_county_targets_add_up_to_city_targets(demo):
    p = Programme.objects.get(year=2024, organisation__name="邵阳市")
    rows = (
        Indicator.objects.filter(project__matter__programme=p, kind="quantity", target__isnull=False)
        .annotate(total=Sum("targets__target"))
        .exclude(total__isnull=True)
    )
    assert rows.exists()
    for ind in rows:
        assert ind.total == ind.target, ind.name


@pytest.mark.django_db
def test_every_level_has_its_office(demo):
    offices = Organisation.objects.filter(kind=Organisation.Kind.OFFICE)
    regions = {o.parent.name for o in offices.select_related("parent")}
    assert "邵阳市" in regions
    assert set(COUNTIES) <= regions


@pytest.mark.django_db
def test_the_demo_comes_from_workbooks_through_the_importers():
    """projects/demo holds workbooks only (no Python literals), one per set-up kind the demo needs."""
    from projects.demo_data import WORKBOOKS

    assert not list(WORKBOOKS.parent.glob("*.py"))
    kinds = set()
    for path in sorted(WORKBOOKS.glob("*.xlsx")):
        with open(path, "rb") as fh:
            kinds.add(wb.workbook_preview(uploaded=fh).kind.key)
    assert kinds == {"organisations", "users", "programme", "targets", "observers"}


@pytest.mark.django_db
def test_the_loaded_demo_matches_its_workbooks(demo):
    """Each demo workbook previewed against the loaded demo: no error and nothing to change."""
    from projects.demo_data import WORKBOOKS

    for path in sorted(WORKBOOKS.glob("*.xlsx")):
        with open(path, "rb") as fh:
            p = wb.workbook_preview(uploaded=fh)
        assert p.ok, (path.name, [(e.row, e.column, e.message) for e in p.errors][:5])
        assert not p.has_work, (path.name, [(c.label, c.diff) for c in p.shown_changes][:5])


@pytest.mark.django_db
def test_demo_units_have_full_names_unique_in_their_city_and_short_names(demo):
    city = Organisation.objects.get(name="邵阳市")
    names = [o.name for o in Organisation.objects.all() if o.name_scope() == city]
    assert len(names) == len(set(names))
    education = Organisation.objects.filter(short_name="市教育局").select_related("parent")
    assert sorted((o.name, o.parent.name) for o in education) == [
        ("宁川市教育局", "宁川市"),  # the invented second city
        ("邵东市教育局", "邵东市"),
        ("邵阳市教育局", "邵阳市"),
    ]


@pytest.mark.django_db
def test_demo_accounts_from_the_workbooks_sign_in_with_the_demo_password(demo):
    """The importers give new accounts a random first password to change; the demo replaces it."""
    from projects.demo_data import DEMO_PASSWORD

    for username in (
        "admin",
        "office",
        "county_dongkou",
        "county_shaodong",
        "dept_education",
        "observer",
        "deputy",
    ):
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD) and not user.must_change_password and user.is_demo, username
    office = User.objects.get(username="office")
    assert office.is_staff and office.organisation.name == "邵阳市实施民生可感行动工作专班办公室"
    other = User.objects.get(username="observer02")  # the rest of the roster cannot sign in
    assert not other.has_usable_password() and other.is_demo and other.observer_profile.is_demo
