"""Letters journey: the office writes a letter to a lagging county from the 进度滞后单位 page and issues it;
the county clerk replies on the letter's page; the office accepts the reply."""

import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def login(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_letter_reply_journey(page, demo, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(page, "office")
    page.goto("/reports/letters/lagging/?month=9")
    assert "74.51%" in page.content()
    no_sideways_scroll(page)
    shot(page, "reports-letters-lagging")
    page.locator("li", has_text="洞口县").get_by_role("link", name="写函").first.click()
    assert "74.51%" in page.get_by_label("事实（已按数据预填，可修改）").input_value()
    page.get_by_label("函件类型").select_option(label="温馨提示函")
    no_sideways_scroll(page)
    shot(page, "reports-letter-form")
    page.get_by_role("button", name="生成函件草稿").click()
    page.wait_for_selector('#render-status[data-state="ready"]', timeout=60_000)
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation(timeout=90_000):
        page.get_by_role("button", name="印发").click()
    assert page.locator("#reply-state").inner_text() == "待回复"

    login(page, "county_dongkou")
    page.goto("/reports/letters/")
    page.get_by_role("link", name="关于加快推进重点民生实事项目的温馨提示函").first.click()
    page.get_by_label("回复内容（整改落实情况）").fill("已倒排工期，农村公路提质改造本月底完成。")
    no_sideways_scroll(page)
    shot(page, "reports-letter-reply")
    page.get_by_role("button", name="提交回复").click()
    assert page.locator("#reply-state").inner_text() == "已回复待审核"

    login(page, "office")
    page.goto("/reports/letters/")
    page.get_by_role("link", name="关于加快推进重点民生实事项目的温馨提示函").first.click()
    page.get_by_label("审核", exact=True).select_option(label="采纳")
    page.get_by_role("button", name="提交审核").click()
    assert page.locator("#reply-state").inner_text() == "已采纳"
    shot(page, "reports-letter-accepted")
