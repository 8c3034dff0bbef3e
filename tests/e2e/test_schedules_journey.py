"""The office on a phone: 定时任务 from the navigation, a task run now, its time changed (issue 14 §6); the
entries are the office's own, and 邵东市's office keeps its own time (issue 20)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations
from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def open_schedules(page):
    page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("button", name="管理").click()  # the office's tools are one menu
    page.get_by_role("link", name="定时任务").click()


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_office_runs_a_task_now_and_moves_the_monthly_opening(page, demo):
    login(page, "office")
    open_schedules(page)
    expect(page.get_by_role("heading", name="定时任务", level=1)).to_be_visible()
    opening = page.locator("section.card", has=page.get_by_role("heading", name="开启当月月度调度填报"))
    expect(opening.locator("[data-role=when]")).to_have_text("每月1日 00:10")
    shot(page, "schedules-list")

    expect(page.locator("[data-role=scope]")).to_contain_text("邵阳市专班办公室自己的定时任务")
    expect(page.get_by_role("heading", name="清理过期的会话")).to_have_count(0)  # the administrator's
    term = "观察员聘期 30 天内届满时提醒本人和专班办公室（每个聘期一次）"
    expiry = page.locator("section.card", has=page.get_by_role("heading", name=term))
    expiry.get_by_role("button", name="立即运行").click()
    expect(page.get_by_text(f"已提交运行：{term}")).to_be_visible()
    expect(expiry).to_contain_text("成功")
    expect(page.locator("ul.list-group li").first).to_contain_text("专班办公室演示账户手动运行")

    opening = page.locator("section.card", has=page.get_by_role("heading", name="开启当月月度调度填报"))
    opening.get_by_role("link", name="调整时间 / 停用").click()
    page.get_by_label("运行时间").fill("25:00")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("请按“时:分”填写运行时间")).to_be_visible()
    shot(page, "schedules-edit-error")
    page.get_by_label("运行时间").fill("06:30")
    page.get_by_role("button", name="保存").click()
    opening = page.locator("section.card", has=page.get_by_role("heading", name="开启当月月度调度填报"))
    expect(opening.locator("[data-role=when]")).to_contain_text("每月1日 06:30")
    expect(opening).to_contain_text("已调整")
    shot(page, "schedules-after")

    # 邵东市 runs its own office: its monthly opening did not move, and it changes its own.
    page.context.clear_cookies()
    login(page, "office_shaodong")
    open_schedules(page)
    expect(page.locator("[data-role=scope]")).to_contain_text("邵东市专班办公室自己的定时任务")
    opening = page.locator("section.card", has=page.get_by_role("heading", name="开启当月月度调度填报"))
    expect(opening.locator("[data-role=when]")).to_have_text("每月1日 00:10")
    expect(page.locator("ul.list-group li").first).not_to_contain_text("专班办公室演示账户手动运行")
    shot(page, "schedules-shaodong")
    assert axe_violations(page) == []

    # The administrator: the system's jobs, then one folding group per office, each with its own entries.
    page.context.clear_cookies()
    login(page, "admin")
    open_schedules(page)
    expect(page.get_by_role("heading", name="系统维护任务")).to_be_visible()
    shaodong = page.locator("details[data-role=office]", has=page.get_by_role("heading", name="邵东市"))
    shaodong.locator("summary").click()
    expect(shaodong.get_by_role("heading", name="开启当月月度调度填报")).to_be_visible()
    assert axe_violations(page) == []
    shot(page, "schedules-admin")
