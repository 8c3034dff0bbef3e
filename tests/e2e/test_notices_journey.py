"""Notice journey: the office returns a county's figure with a reason; the clerk signs in, sees the unread
badge, opens the inbox and follows the notice to the very figure, where the reason is shown; the badge is gone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e
REASON = "佐证照片与填报数量不符，请补充验收照片后重新报送"


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def bell(page):
    """The unread count: beside the menu button on a phone, in the navigation bar on a desktop."""
    return page.locator("#inbox-bell" if page.viewport_size["width"] < 1200 else "#mainnav a[href='/inbox/']")


def test_returned_figure_reaches_the_clerk(page, demo):
    from minsheng.accounts.models import User
    from progress import services
    from progress.models import Figure, ReportingPeriod
    from projects.models import IndicatorTarget

    clerk = User.objects.get(username="county_dongkou")
    clerk.notifications.all().delete()
    # The clerk has reported a figure this month (done through the service: the form is another journey's).
    period = (
        ReportingPeriod.objects.filter(state="open", programme__organisation__name="邵阳市")
        .order_by("-month")
        .first()
    )
    target = (
        IndicatorTarget.objects.filter(
            county=clerk.county, indicator__project__matter__programme=period.programme
        )
        .exclude(target=None)
        .exclude(figures__period=period)
        .select_related("indicator")
        .first()
    )
    previous = services.previous_verified(target_id=target.pk, period=period)
    figure = services.figure_save(
        target=target,
        period=period,
        actor=clerk,
        value=previous if previous is not None else target.target,
        submit=True,
    )
    figure = Figure.objects.select_related("target__indicator", "period").get(pk=figure.pk)
    entry = f"/progress/entry/{figure.target_id}/{figure.period_id}/"

    # 1. The office returns the figure with its reason.
    login(page, "office")
    page.goto(entry)
    page.get_by_label("退回修改").check()
    page.get_by_label("审核意见 / 核减原因").fill(REASON)
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#figure-state")).to_have_text("已退回")

    # 2. The clerk signs in: the badge counts the notice; the inbox says what happened and what to do.
    page.context.clear_cookies()
    login(page, "county_dongkou")
    expect(bell(page)).to_contain_text("1")
    shot(page, "notices-home-badge")
    bell(page).click()
    page.wait_for_url("**/inbox/")
    title = f"“{figure.target.indicator.name}”{figure.period.label}数据被退回，请修改后重新报送"
    item = page.get_by_role("link", name=title)
    expect(item).to_be_visible()
    expect(page.get_by_text(f"退回意见：{REASON}")).to_be_visible()
    shot(page, "notices-inbox")

    # 3. The link lands on the figure, which shows the reason and can be corrected; the notice is read.
    item.click()
    page.wait_for_url(f"**{entry}")
    expect(page.get_by_text(REASON).first).to_be_visible()
    expect(page.get_by_role("button", name="保存并报送")).to_be_visible()
    expect(bell(page)).not_to_contain_text("1")
    shot(page, "notices-figure")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_office_urges_an_overdue_hand_off_and_the_unit_hears_it(page, demo):
    from datetime import timedelta

    from django.utils import timezone

    from minsheng.accounts.selectors import unit_users
    from observers.models import HandOff

    hand_off = HandOff.objects.filter(state__in=["issued", "returned"]).select_related("unit").first()
    assert hand_off is not None, "演示数据中应有待整改的交办事项"
    HandOff.objects.filter(pk=hand_off.pk).update(deadline=timezone.localdate() - timedelta(days=5))
    login(page, "office")
    page.goto(f"/observers/hand-offs/{hand_off.pk}/")
    expect(page.get_by_text("已逾期")).to_be_visible()
    page.get_by_role("button", name=f"催办{hand_off.unit.name}").click()
    expect(page.get_by_text(f"已向{hand_off.unit.name}催办")).to_be_visible()
    expect(page.locator(".urge-status")).to_contain_text("已催办 1 次")
    shot(page, "notices-handoff-urged")
    clerks = list(unit_users(unit=hand_off.unit))
    assert clerks, "责任单位应有账户"
    for clerk in clerks:
        note = clerk.notifications.first()
        assert "已逾期 5 天" in note.title and note.url == f"/observers/hand-offs/{hand_off.pk}/"
