"""A new year from the last one: the copy's rule (carried / finished), the vote's items merged with their targets
or waiting for them, the draft that cannot report or publish until they are defined, one copy per year."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from candidates import newyear as ny
from candidates.models import CandidateStage, CandidateYearTarget
from minsheng.accounts.models import Organisation
from progress.services import periods as ps
from projects import services as ps_projects
from projects.models import Indicator, IndicatorKind, IndicatorTarget, Programme
from projects.setup_checks import programme_checks
from tests.factories import (
    CountyFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MatterFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
)

from .factories import CandidateFactory, RoundFactory, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city = OrganisationFactory(name="青山市", kind=Organisation.Kind.CITY)
    county = CountyFactory(name="甲县", parent=city)
    old = ProgrammeFactory(year=2025, organisation=city)
    matter = MatterFactory(programme=old, name="教育提质", seq=1)
    road = ProjectFactory(matter=matter, name="农村公路提质改造", seq=1)
    school = ProjectFactory(matter=matter, name="新建幼儿园", seq=2)
    relief = ProjectFactory(
        matter=MatterFactory(programme=old, name="困难群体救助", seq=2), name="城乡低保", seq=1
    )
    inds = {
        "road": IndicatorFactory(project=road, name="改造农村公路", unit="公里", target=Decimal("50"),
                                 due_date=date(2026, 12, 31), code="省1-1-1"),
        "school": IndicatorFactory(project=school, name="新建普惠性幼儿园", unit="所", target=Decimal("4"),
                                   due_date=date(2025, 12, 31)),
        "jobs": IndicatorFactory(project=school, name="新增学位", unit="个", target=Decimal("900")),
        "relief": IndicatorFactory(project=relief, name="城市低保标准", unit="元/月", target=Decimal("650"),
                                   kind=IndicatorKind.STANDARD, target_text="不低于650元/月"),
    }  # fmt: skip
    IndicatorTargetFactory(indicator=inds["relief"], county=county, target=Decimal("650"))
    IndicatorTargetFactory(indicator=inds["road"], county=county, target=Decimal("50"))
    rnd = RoundFactory(organisation=city, year=2026)
    water = CandidateFactory(
        round=rnd, stage=CandidateStage.CHOSEN, name="城乡供水提质改造", budget_confirmed=True
    )
    CandidateYearTarget.objects.create(candidate=water, year=2026, description="改造供水管网",
                                       quantity=Decimal("30"), unit="公里")  # fmt: skip
    CandidateFactory(round=rnd, stage=CandidateStage.CHOSEN, name="社区食堂", budget_confirmed=True)
    CandidateFactory(round=rnd, stage=CandidateStage.NOT_CHOSEN, name="未入选项目")
    return {"city": city, "county": county, "old": old, "inds": inds, "user": office()}


def test_preview_stores_nothing_and_follows_the_rule(world):
    plan = ny.new_year_plan(source=world["old"])
    assert not plan.refusal and plan.year == 2026
    assert [(line.indicator, line.reason) for line in plan.carried] == [
        ("改造农村公路", "跨年度项目，完成时限 2026-12-31"),
        ("城市低保标准", ny.REASON_STANDARD),
    ]
    assert sorted(line.indicator for line in plan.left_out) == ["新增学位", "新建普惠性幼儿园"]
    assert [line.project for line in plan.adopted] == ["城乡供水提质改造"]
    assert [line.project for line in plan.waiting] == ["社区食堂"]
    assert Programme.objects.count() == 1


def test_copy_makes_a_draft_with_carried_items_and_the_votes_items(world):
    draft = ny.programme_copy_next_year(source=world["old"], by=world["user"])
    assert (draft.year, draft.is_draft, draft.is_public) == (2026, True, False)
    assert (draft.copied_from, draft.copied_by) == (world["old"], world["user"]) and draft.copied_at
    inds = {i.name: i for i in Indicator.objects.filter(project__matter__programme=draft)}
    assert set(inds) == {"改造农村公路", "城市低保标准", "改造供水管网", "社区食堂按期完成"}
    road = inds["改造农村公路"]
    assert (road.target, road.code) == (Decimal("50"), "省1-1-1") and "沿用 2025 年目标" in road.note
    assert IndicatorTarget.objects.filter(indicator=road).count() == 1
    assert inds["改造供水管网"].target == 30 and not inds["改造供水管网"].needs_definition
    waiting = inds["社区食堂按期完成"]
    assert waiting.needs_definition and waiting.target_display == "待补充"
    # the old programme is untouched
    assert Indicator.objects.filter(project__matter__programme=world["old"]).count() == 4


def test_a_second_copy_is_refused_with_who_and_when(world):
    ny.programme_copy_next_year(source=world["old"], by=world["user"])
    with pytest.raises(ValidationError) as exc:
        ny.programme_copy_next_year(source=world["old"], by=world["user"])
    assert "青山市 2026 年的计划已经由" in exc.value.messages[0] and "不能再复制一次" in exc.value.messages[0]
    assert Programme.objects.filter(year=2026).count() == 1


def test_a_draft_cannot_report_or_publish_until_the_adopted_item_is_defined(world):
    user = world["user"]
    draft = ny.programme_copy_next_year(source=world["old"], by=user)
    with pytest.raises(ValidationError) as exc:
        ps.period_open_next(programme=draft, actor=user)
    assert exc.value.messages == [ps.ERR_DRAFT.format(programme=draft)]
    with pytest.raises(ValidationError) as exc:
        ps_projects.programme_publish(programme=draft, actor=user)
    assert exc.value.messages == [ps_projects.ERR_PUBLISH_UNDEFINED.format(n=1, names="社区食堂")]
    texts = [i.text for i in programme_checks() if not i.ok]
    assert f"{draft}：1 个票决项目尚未填写指标和年度目标" in texts
    assert any("仍是草稿" in t for t in texts)
    waiting = Indicator.objects.get(project__matter__programme=draft, needs_definition=True)
    define = {"indicator": waiting, "name": "新建社区食堂", "unit": "", "kind": IndicatorKind.QUANTITY,
              "target": None, "target_text": "", "due_date": None, "actor": user}  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        ps_projects.indicator_define(**define)
    assert exc.value.message_dict == {
        "unit": [ps_projects.ERR_DEFINE_UNIT.format(kind="累计数量")],
        "target": [ps_projects.ERR_DEFINE_TARGET.format(kind="累计数量")],
    }
    waiting.refresh_from_db()
    assert waiting.needs_definition and waiting.name == "社区食堂按期完成"
    ps_projects.indicator_define(**{**define, "unit": "个", "target": Decimal("12")})
    waiting.refresh_from_db()
    assert (waiting.name, waiting.unit, waiting.target, waiting.needs_definition) == (
        "新建社区食堂",
        "个",
        12,
        False,
    )
    published = ps_projects.programme_publish(programme=draft, actor=user)
    assert (published.is_draft, published.is_public, published.published_by) == (False, True, user)
    assert ps.period_open_next(programme=published, actor=user).month == 1


def test_an_adopted_programme_without_targets_cannot_open_a_month():
    user = office()
    rnd = RoundFactory(year=2026)
    CandidateFactory(
        round=rnd, stage=CandidateStage.CHOSEN, name="社区食堂", budget_confirmed=True, deadline=None
    )
    from candidates.programme import programme_adopt_chosen

    programme = programme_adopt_chosen(round=rnd, by=user)
    ind = Indicator.objects.get(project__matter__programme=programme)
    assert (ind.kind, ind.needs_definition, ind.target_display) == (IndicatorKind.PENDING, True, "待补充")
    with pytest.raises(ValidationError) as exc:
        ps.period_open_next(programme=programme, actor=user)
    assert exc.value.messages == [ps.ERR_UNDEFINED.format(programme=programme, n=1)]


def test_nothing_to_carry_and_nothing_adopted_is_refused():
    old = ProgrammeFactory(year=2025)
    IndicatorFactory(project=ProjectFactory(matter=MatterFactory(programme=old)), due_date=date(2025, 6, 30))
    plan = ny.new_year_plan(source=old)
    assert plan.refusal == ny.ERR_NOTHING_TO_COPY.format(source=old, year=2026)
    with pytest.raises(ValidationError):
        ny.programme_copy_next_year(source=old, by=office())
    assert not Programme.objects.filter(year=2026).exists()


def test_pages_preview_then_copy_then_define_and_publish(world, client):
    from django.urls import reverse

    client.force_login(world["user"])
    url = reverse("candidates:new_year")
    body = client.get(url, {"source": world["old"].pk}).content.decode()
    assert "延续 2 个指标（2 个项目）" in body and "已完成、不复制 2 个指标" in body
    assert "票决入选 1 项待补充指标和目标" in body and "哪些指标延续" in body
    assert not Programme.objects.filter(year=2026).exists()
    resp = client.post(url, {"source": world["old"].pk})
    draft = Programme.objects.get(year=2026)
    assert resp.status_code == 302 and resp["Location"] == reverse(
        "candidates:new_year_draft", args=[draft.pk]
    )
    again = client.post(url, {"source": world["old"].pk}).content.decode()
    assert "不能再复制一次" in again and Programme.objects.filter(year=2026).count() == 1
    page = reverse("candidates:new_year_draft", args=[draft.pk])
    body = client.get(page).content.decode()
    assert "待补充指标和目标的票决项目：1 项" in body
    waiting = Indicator.objects.get(project__matter__programme=draft, needs_definition=True)
    p = f"i{waiting.pk}"
    bad = client.post(page, {"indicator": waiting.pk, f"{p}-name": "新建社区食堂", f"{p}-kind": "quantity",
                             f"{p}-unit": "个", f"{p}-target": ""})  # fmt: skip
    assert ps_projects.ERR_DEFINE_TARGET.format(kind="累计数量") in bad.content.decode()
    assert "新建社区食堂" in bad.content.decode()  # the typed input survives the refusal
    client.post(page, {"action": "publish"})
    draft.refresh_from_db()
    assert draft.is_draft
    client.post(page, {"indicator": waiting.pk, f"{p}-name": "新建社区食堂", f"{p}-kind": "quantity",
                       f"{p}-unit": "个", f"{p}-target": "12"})  # fmt: skip
    client.post(page, {"action": "publish"})
    draft.refresh_from_db()
    assert not draft.is_draft and draft.is_public


def test_office_home_shows_the_checklist_while_not_reporting(world, client):
    from progress.services.periods import period_ensure

    client.force_login(world["user"])
    body = client.get("/").content.decode()
    assert "建账检查清单：2025 年还有" in body
    period_ensure(programme=world["old"], month=1)
    assert "建账检查清单：" not in client.get("/").content.decode()
    ny.programme_copy_next_year(source=world["old"], by=world["user"])  # the draft year is being set up now
    assert "建账检查清单：2026 年还有" in client.get("/").content.decode()


def test_re_importing_the_programme_workbook_defines_the_adopted_item_only_with_a_target(world):
    from minsheng.common import workbook as wb
    from projects import workbooks as pw
    from tests.workbooks import book

    draft = ny.programme_copy_next_year(source=world["old"], by=world["user"])
    waiting = Indicator.objects.get(project__matter__programme=draft, needs_definition=True)
    code = pw.indicator_code(waiting.project.matter.level, waiting.project.matter.seq, waiting.project.seq, 1)
    headers = [c.header for c in pw.ProgrammeKind.columns]

    def export_with(change):
        # the draft as its pre-filled template gives it, with one row changed as the office would in Excel
        rows = pw.ProgrammeKind().template_rows(programme=draft)
        for r in rows:
            if r[7] == code:
                change(r)
        f = book("年度实事计划", headers, rows)
        wb.workbook_commit(uploaded=f, expected="programme", actor=world["user"])

    export_with(lambda r: None)  # re-imported unchanged: still waiting
    waiting.refresh_from_db()
    assert waiting.needs_definition
    export_with(lambda r: r.__setitem__(slice(8, 12), ["新建社区食堂", "个", "累计数量", 12]))
    waiting = Indicator.objects.get(project__matter__programme=draft, code=code)
    assert (waiting.name, waiting.target, waiting.needs_definition) == ("新建社区食堂", 12, False)


def test_the_programme_page_tells_the_office_about_adopted_items_without_targets(client):
    from django.urls import reverse

    from candidates.programme import programme_adopt_chosen

    user = office()
    rnd = RoundFactory(year=2026)
    CandidateFactory(
        round=rnd, stage=CandidateStage.CHOSEN, name="社区食堂", budget_confirmed=True, deadline=None
    )
    programme = programme_adopt_chosen(round=rnd, by=user)
    page = reverse("projects:programme_detail", args=[programme.pk])
    assert "票决项目还没有指标和年度目标" not in client.get(page).content.decode()  # not for citizens
    client.force_login(user)
    body = client.get(page).content.decode()
    assert "1 个票决项目还没有指标和年度目标" in body
    assert reverse("candidates:new_year_draft", args=[programme.pk]) in body


def test_copying_into_a_programme_the_vote_already_made_appends_without_duplicates(world):
    from candidates.programme import programme_adopt_chosen
    from projects.models import Level

    city_matter = MatterFactory(programme=world["old"], level=Level.CITY, seq=1, name="公交惠民")
    IndicatorFactory(project=ProjectFactory(matter=city_matter, name="公交票价", seq=1), name="公交票价标准",
                     code="市1-1-1", kind=IndicatorKind.STANDARD, target=None, target_text="不高于1元")  # fmt: skip
    rnd = RoundFactory(organisation=world["city"], year=2026)
    adopted = programme_adopt_chosen(round=rnd, by=world["user"])  # the office adopted the vote first
    assert not adopted.is_draft
    draft = ny.programme_copy_next_year(source=world["old"], by=world["user"])
    assert draft.pk == adopted.pk and draft.is_draft
    rows = {
        name: (level, seq, code)
        for name, level, seq, code in Indicator.objects.filter(project__matter__programme=draft).values_list(
            "name", "project__matter__level", "project__matter__seq", "code"
        )
    }
    assert set(rows) == {"城市低保标准", "改造供水管网", "改造农村公路", "社区食堂按期完成", "公交票价标准"}
    assert rows["改造农村公路"] == (Level.PROVINCE, 1, "省1-1-1")  # nothing at its level before: kept
    assert rows["公交票价标准"] == (Level.CITY, 3, "")  # after the vote's two 市定 items, coded by position


def test_only_the_office_defines_or_publishes(world):
    from django.core.exceptions import PermissionDenied

    from minsheng.accounts.models import Role
    from tests.factories import UserFactory

    draft = ny.programme_copy_next_year(source=world["old"], by=world["user"])
    clerk = UserFactory(role=Role.COUNTY, organisation=world["county"])
    waiting = Indicator.objects.get(project__matter__programme=draft, needs_definition=True)
    with pytest.raises(PermissionDenied):
        ps_projects.indicator_define(indicator=waiting, name="x", unit="个", kind=IndicatorKind.QUANTITY,
                                     target=Decimal(1), target_text="", due_date=None, actor=clerk)  # fmt: skip
    with pytest.raises(PermissionDenied):
        ps_projects.programme_publish(programme=draft, actor=clerk)
    with pytest.raises(PermissionDenied):
        ny.programme_copy_next_year(source=world["old"], by=clerk)
