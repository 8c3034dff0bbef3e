"""Journey: the year-end 满意度测评 is 无记名. Deputies follow the link on their home page and rate on phones
(375 px); the office sees only how many took part and keys in one paper 测评表; after closing, the graded
result (满意 / 基本满意 / 不满意, quorum) is public."""

import pytest
from playwright.sync_api import expect

from candidates import programme as pg
from candidates.models import CandidateStage, SatisfactionRating, SurveyParticipation
from tests.candidates.factories import CandidateFactory, RoundFactory, deputy
from tests.e2e.conftest import VIEWPORTS, shot
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e
PASSWORD = "Test#2024pass"
PROJECTS = ["城乡供水提质改造", "背街小巷照明改造"]


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def rate(page, number, name, value):
    page.get_by_role("group", name=f"{number}. {name}" if number else name).get_by_label(
        value, exact=True
    ).check()


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_anonymous_survey(page, browser, live_server):
    office = UserFactory(username="e2e_survey_office")
    rnd = RoundFactory(year=2026)
    for name in PROJECTS:
        CandidateFactory(round=rnd, stage=CandidateStage.CHOSEN, budget_confirmed=True, name=name)
    prog = pg.programme_adopt_chosen(round=rnd, by=office)
    deputies = [deputy(username=f"e2e_rater{i}", real_name=f"测评代表{i}") for i in range(3)]
    pg.survey_open(programme=prog, by=office, roster=deputies)

    for i, values in enumerate([("满意", "基本满意"), ("满意", "不满意")]):
        ctx = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN", base_url=live_server.url)
        ctx.set_default_timeout(15_000)
        phone = ctx.new_page()
        phone.viewport_name = "phone"
        login(phone, deputies[i].username)
        phone.get_by_role("link", name="去测评").click()
        assert "无记名测评" in phone.locator("#anonymous-note").inner_text()
        for n, (name, value) in enumerate(zip(PROJECTS, values, strict=True), start=1):
            rate(phone, n, name, value)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        if i == 0:
            shot(phone, "survey-sheet")
        phone.get_by_role("button", name="提交测评表").click()
        phone.get_by_text("您已参加本次测评").wait_for()
        expect(phone.get_by_text("您的评价：")).to_have_count(0)  # not shown back: it is not linked to them
        if i == 0:
            shot(phone, "survey-done")
        phone.goto("/")
        phone.get_by_text("已参加").wait_for()
        ctx.close()
    assert SurveyParticipation.objects.count() == 2 and SatisfactionRating.objects.count() == 0

    login(page, office.username)
    page.goto(f"/programme/candidates/survey/{prog.pk}/")
    assert page.locator("#n-participants").inner_text() == "2"
    expect(page.locator("#survey-results")).to_have_count(0)
    page.get_by_label("领取纸质测评表的代表").select_option(label="测评代表2")
    page.get_by_role("button", name="登记领取纸质测评表").click()
    page.get_by_text("已登记领取纸质测评表。").wait_for()
    rate(page, None, PROJECTS[0], "满意")
    rate(page, None, PROJECTS[1], "基本满意")
    page.get_by_role("button", name="录入一张纸质测评表").click()
    page.get_by_text("纸质测评表已录入。").wait_for()
    shot(page, "survey-office-open")
    page.get_by_role("button", name="结束测评并公布结果").click()
    page.get_by_text("测评已结束，结果已公布。").wait_for()
    rows = page.locator("#survey-results tbody tr")
    grades = {}
    for r in range(rows.count()):
        cells = [c.strip() for c in rows.nth(r).locator("td, th").all_inner_texts()]
        grades[cells[0]] = (cells[1], cells[-1])
    # 3 of 3 took part; 满意 3/3 → 满意; 满意 0, 基本满意 2 of 3 → 基本满意.
    assert grades == {PROJECTS[0]: ("3（100.0%）", "满意"), PROJECTS[1]: ("0（0.0%）", "基本满意")}
    assert "测评有效" in page.locator("#survey-quorum").inner_text()
    shot(page, "survey-results")

    citizen = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN", base_url=live_server.url)
    anon = citizen.new_page()
    anon.goto(f"/programme/{prog.pk}/")
    anon.get_by_role("link", name="年终满意度测评结果").click()
    anon.locator("#survey-results").wait_for()
    citizen.close()
