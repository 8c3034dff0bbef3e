"""Letters journey (one letter pipeline): the office writes a 工作提示函 to a lagging county from the 进度滞后单位
page and issues it; the county clerk finds it in 待办, in the 函件 inbox and in 消息 (with its deadline),
replies with a photo; the office sees the reply in its 待办 and accepts it; the clerk is told."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e

TITLE = "关于加快推进重点民生实事项目的工作提示函"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


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
    # 洞口县 already has an open letter (the demo's): no second one with another deadline.
    dongkou = page.locator("li.list-group-item", has=page.get_by_role("heading", name="洞口县", exact=True))
    expect(dongkou.locator("a.open-letter")).to_contain_text("回复期限")
    expect(dongkou.locator("a.write-letter")).to_have_count(0)
    no_sideways_scroll(page)
    shot(page, "reports-letters-lagging")
    shaodong = page.locator("li.list-group-item", has=page.get_by_role("heading", name="邵东市", exact=True))
    shaodong.get_by_role("link", name="写函").click()
    assert "38.69%" in page.get_by_label("事实（已按数据预填，可修改）").input_value()
    page.get_by_label("函件类型").select_option(label="工作提示函")
    no_sideways_scroll(page)
    shot(page, "reports-letter-form")
    page.get_by_role("button", name="生成函件草稿").click()
    page.wait_for_selector('#render-status[data-state="ready"]', timeout=60_000)
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation(timeout=90_000):
        page.get_by_role("button", name="印发").click()
    expect(page.locator("#reply-state")).to_have_text("待回复")

    # The clerk: 待办 → inbox → the letter; the notice carries the deadline.
    login(page, "county_shaodong")
    todo = page.locator(".todo-item", has_text="待回复的函件")
    expect(todo).to_contain_text("截止")
    expect(page.locator("nav a.nav-link", has_text="函件")).to_have_count(1)
    no_sideways_scroll(page)
    shot(page, "reports-letter-clerk-todo")
    page.goto("/inbox/")
    notice = page.locator("li", has_text=f"您单位收到工作提示函：{TITLE}").first
    expect(notice).to_contain_text(re.compile(r"请于 \d{4}年\d{1,2}月\d{1,2}日 前"))
    page.goto("/")
    todo.locator("a").click()
    expect(page.get_by_role("heading", name="收到的函件")).to_be_visible()
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_label("回复内容（整改落实情况）").fill("已开工 1771 套，附现场照片。")
    page.get_by_label("回复附件（PDF 或照片，可选）").set_input_files(
        {"name": "现场.png", "mimeType": "image/png", "buffer": PNG}
    )
    no_sideways_scroll(page)
    shot(page, "reports-letter-reply")
    page.get_by_role("button", name="提交回复").click()
    expect(page.locator("#reply-state")).to_have_text("已回复待审核")
    expect(page.get_by_role("link", name="现场.png")).to_be_visible()

    # The office: 待办 → the reply → accept.
    login(page, "office")
    review = page.locator(".todo-item", has_text="函件回复待审核")
    expect(review.locator(".badge")).to_have_text("1")
    review.locator("a").click()
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_label("审核", exact=True).select_option(label="采纳")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#reply-state")).to_have_text("已采纳")
    shot(page, "reports-letter-accepted")

    # The clerk hears of it.
    login(page, "county_shaodong")
    page.goto("/inbox/")
    expect(
        page.locator("li", has_text=f"专班办公室已采纳您单位对工作提示函的回复：{TITLE}").first
    ).to_be_visible()
    shot(page, "reports-letter-clerk-inbox")
