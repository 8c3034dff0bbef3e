"""A province's 督办 letter to a city (issue 20): office_province opens 进度滞后待发函的单位 from its 待办, writes to
邵阳市 (the counties' rows named in the facts) and issues it; 邵阳市's office finds 上级来函待回复 on its home and
answers; 宁川市's office sees nothing; the province office reviews the answer and accepts it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e

TITLE = "关于加快推进重点民生实事项目的工作提示函"


def login(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def test_the_province_writes_to_a_city_and_the_city_answers(page, demo, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(page, "office_province")
    todo = page.locator(".todo-item", has_text="进度滞后待发函的单位")
    expect(todo).to_contain_text("邵阳市")
    todo.locator("a").first.click()
    city = page.locator("li.list-group-item", has=page.get_by_role("heading", name="邵阳市", exact=True))
    expect(city).to_be_visible()
    expect(page.get_by_role("heading", name="洞口县", exact=True)).to_have_count(0)  # counties go through their city
    shot(page, "province-letters-lagging")
    city.get_by_role("link", name="写函").click()
    facts = page.get_by_label("事实（已按数据预填，可修改）").input_value()
    assert "贵单位承担的" in facts and "县" in facts  # the city's letter names its county
    page.get_by_label("函件类型").select_option(label="工作提示函")
    page.get_by_role("button", name="生成函件草稿").click()
    page.wait_for_selector('#render-status[data-state="ready"]', timeout=60_000)
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation(timeout=90_000):
        page.get_by_role("button", name="印发").click()
    expect(page.locator("#reply-state")).to_have_text("待回复")
    shot(page, "province-letter-issued")

    # 宁川市's office is not the addressee: nothing on its home.
    login(page, "office_ningchuan")
    expect(page.locator(".todo-item", has_text="上级来函待回复")).to_have_count(0)

    # 邵阳市's office: home → 上级来函待回复 → the letter → answer.
    login(page, "office")
    incoming = page.locator(".todo-item", has_text="上级来函待回复")
    expect(incoming).to_contain_text("截止")
    shot(page, "city-office-incoming-letter")
    incoming.locator("a").first.click()
    expect(page.get_by_role("heading", name="收到的函件")).to_be_visible()
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_label("回复内容（整改落实情况）").fill("已督促相关县市区，10 月底前补齐。")
    page.get_by_role("button", name="提交回复").click()
    expect(page.locator("#reply-state")).to_have_text("已回复待审核")

    # The province office reviews the city's answer.
    login(page, "office_province")
    review = page.locator(".todo-item", has_text="函件回复待审核")
    expect(review.locator(".badge")).to_have_text("1")
    review.locator("a").first.click()
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_text("已督促相关县市区")).to_be_visible()
    page.get_by_label("审核", exact=True).select_option(label="采纳")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#reply-state")).to_have_text("已采纳")
    shot(page, "province-letter-accepted")
