"""First journey: a citizen opens the home page; a county clerk signs in and sees their queue."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def test_home_page_in_chinese(page, demo):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    expect(page.get_by_role("heading", name="项目征集")).to_be_visible()
    expect(page.get_by_role("link", name="邵阳市 2024 年民生可感行动")).to_be_visible()
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "home")


def test_county_clerk_logs_in_and_sees_queue(page, demo):
    page.goto("/")
    if page.viewport_name == "phone":
        page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("link", name="工作人员登录").click()
    page.get_by_label("用户名").fill("county_dongkou")
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("heading", name="洞口县 · 承担的指标任务")).to_be_visible()
    expect(page.get_by_text("农村公路提质改造").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "county-queue")
