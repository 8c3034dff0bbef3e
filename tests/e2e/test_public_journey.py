"""Public journey (issue 17): on a 375 px phone a resident finds a project from the home page (民生实事 → 项目进展,
filter and search), leaves an 意见建议 about their county and gets a receipt code; the county's clerk answers it
from the 待办 on their home page; the resident reads the answer with the code and the last four phone digits."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e
TEXT = "洞口县城到乡镇的改造路段施工时请设置夜间警示灯。"


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_resident_finds_a_project_leaves_an_opinion_and_reads_the_countys_answer(page, demo, settings):
    from progress.models import PublicOpinion
    from projects.models import IndicatorTarget

    settings.PUBLIC_FORMS = {**settings.PUBLIC_FORMS, "CAPTCHA_FIXED_ANSWER": 7}
    cache.clear()
    roads = (
        IndicatorTarget.objects.filter(county__name="洞口县", indicator__name="农村公路提质改造")
        .select_related("indicator__project")
        .order_by("-indicator__project__matter__programme__year")
        .first()
    )
    project = roads.indicator.project

    # 1. Home → 民生实事 (the folded menu of a phone) → 项目进展, then county filter and search.
    page.goto("/")
    page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("link", name="民生实事", exact=True).click()
    page.get_by_role("link", name="查看全部项目进展").click()
    expect(page.locator(".project-row").first).to_be_visible()
    assert page.locator(".project-row").count() > 5
    page.get_by_label("县市区").select_option(label="洞口县")
    page.get_by_label("搜索项目").fill("农村 公路")
    page.get_by_role("button", name="查看").click()
    row = page.locator(".project-row").filter(has_text=project.name).first
    assert re.search("已完成|进度正常|进度滞后|暂无数据", row.inner_text())
    no_sideways_scroll(page)
    shot(page, "public-index")
    row.get_by_role("link", name=project.name).click()
    expect(page.get_by_role("heading", name="项目概况")).to_be_visible()
    assert "数据截至" in page.locator("#project-summary").inner_text()
    no_sideways_scroll(page)
    shot(page, "public-project")

    # 2. The opinion, about 洞口县: a receipt code and who answers by when.
    page.locator("#op-content").fill(TEXT)
    page.get_by_label("您说的是哪个县市区的情况（选填）").select_option(label="洞口县")
    page.get_by_label("联系电话（选填，不公开）").fill("139 0739 2468")
    page.get_by_label("验证码：请计算图中算式的结果").fill("7")
    page.get_by_role("button", name="提交", exact=True).click()
    receipt = page.get_by_text("您的查询码").inner_text()
    code = re.search(r"YJ[A-Z0-9]{8}", receipt).group(0)
    assert "洞口县将在" in receipt
    shot(page, "public-opinion-receipt")
    assert PublicOpinion.objects.get(code=code).unit.name == "洞口县"

    # 3. The county's clerk answers from the 待办 on their home page.
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("county_dongkou")
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")
    page.locator(".todo-item").filter(has_text="群众意见建议待答复").get_by_role("link").click()
    card = page.locator(".card").filter(has_text=TEXT)
    assert "139****2468" in card.inner_text() and "1390739" not in page.content()
    card.get_by_label("答复", exact=True).fill("已要求施工单位在改造路段设置夜间警示灯，本周内完成。")
    no_sideways_scroll(page)
    shot(page, "public-opinion-unit-list")
    card.get_by_role("button", name="答复").click()
    page.get_by_text("已答复。").first.wait_for()
    page.context.clear_cookies()

    # 4. The resident reads the answer with the code (typed with spaces, lower case) and 2468.
    page.goto("/")
    page.get_by_role("link", name="查询意见建议答复").click()
    page.get_by_label("查询码").fill(" ".join(code.lower()))
    page.get_by_label("所留电话的后四位").fill("2468")
    page.get_by_role("button", name="查询").click()
    result = page.locator("#opinion-result").inner_text()
    assert "已答复" in result and "夜间警示灯，本周内完成" in result and "洞口县" in result
    assert "2468" not in page.locator("#opinion-result").inner_text().replace(code, "")
    no_sideways_scroll(page)
    shot(page, "public-opinion-answer")
    page.goto(f"/progress/p/{project.public_code}/")
    assert "洞口县答复" in page.locator(".public-reply").first.inner_text()
