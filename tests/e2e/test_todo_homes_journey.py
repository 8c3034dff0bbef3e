"""待办 homes at 375 px (issue 14 §1): clerk, department, observer and deputy sign in, see 我的待办 first, and
one tap on an item lands on the exact list or object."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def tap_todo(page, text: str, name: str):
    """Home → the 待办 item containing `text` → the page it links to (returned with its href)."""
    todo = page.locator("section.todo")
    assert todo.locator("h2").inner_text() == "我的待办"
    item = todo.locator("a", has_text=text).first
    href = item.get_attribute("href")
    no_sideways_scroll(page)
    shot(page, f"todo-home-{name}")
    item.click()
    page.wait_for_load_state()
    assert page.url.endswith(href), (page.url, href)
    no_sideways_scroll(page)
    shot(page, f"todo-landed-{name}")
    return href


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_todo_homes_at_375px(page, demo, live_server):
    from django.utils import timezone

    from candidates.models import SessionState, VoterRecord, VotingSession
    from minsheng.accounts.models import User

    # Clerk: this month's figures to report → the month's list of exactly those rows.
    login(page, "county_shaodong")
    expect(page.get_by_role("link", name="填报本月进度 · 截止")).to_have_count(1)
    href = tap_todo(page, "进度待报送", "clerk")
    assert href.endswith("?show=todo")
    assert "仅显示待报送的数据" in page.locator("#row-filter").inner_text()
    page.goto("/")
    tap_todo(page, "被核减", "clerk-deducted")
    expect(page.locator("a[href^='/progress/entry/']")).to_have_count(1)
    page.goto("/")
    tap_todo(page, "请整改并反馈", "clerk-handoff")
    assert page.locator("h1").inner_text().strip() != ""
    page.context.clear_cookies()

    # Department: its indicators' reporting → its dashboard.
    login(page, "dept_education")
    tap_todo(page, "牵头指标", "department")
    assert "/progress/dashboard/" in page.url
    page.context.clear_cookies()

    # Observer: this month's duty → the report form.
    login(page, "observer")
    tap_todo(page, "履职尚缺", "observer")
    assert page.url.endswith("/observers/reports/new/")
    page.context.clear_cookies()

    # Deputy: an open vote → its ballot.
    deputy = User.objects.get(username="deputy")
    session = VotingSession.objects.filter(roster=deputy).first()
    VotingSession.objects.filter(pk=session.pk).update(state=SessionState.OPEN, opened_at=timezone.now())
    VoterRecord.objects.filter(deputy=deputy, session=session).delete()
    login(page, "deputy")
    href = tap_todo(page, "请参加票决", "deputy")
    assert href == f"/programme/candidates/session/{session.pk}/vote/"
