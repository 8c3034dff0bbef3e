"""Journey at 375 px: an observer files a 随手拍 with two photos and a problem; the office hands it to
洞口县 with a deadline; the county clerk replies; the office closes it; the observer sees it closed;
the duty table counts it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from observers.models import Finding, HandOff
from projects.models import Project
from tests.e2e.conftest import shot
from tests.observers.images import jpeg_with_gps

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


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_observer_to_rectification_journey(page, demo, tmp_path):
    project = Project.objects.get(name="建设老年助餐服务点", matter__programme__year=2024)
    photos = []
    for name in ("一.jpg", "二.jpg"):
        path = tmp_path / name
        path.write_bytes(jpeg_with_gps(name).read())
        photos.append(str(path))

    # 1. The observer files a 随手拍 on the phone.
    login(page, "observer")
    page.goto("/observers/reports/new/")
    page.get_by_text("随手拍", exact=True).click()
    page.get_by_label("观察项目").select_option(str(project.pk))
    page.get_by_text("助餐点是否正常开放").wait_for()  # the project's card arrived (htmx)
    page.get_by_label("乡镇（街道）").fill("双清区爱莲街道")
    page.get_by_label("问题 1").fill("助餐点未公示价格和补贴标准（旅程测试）")
    page.get_by_label("意见建议").fill("建议在门口公示价格")
    page.get_by_label("现场照片（最多 9 张）").set_input_files(photos)
    no_sideways_scroll(page)
    shot(page, "observers-report-form")
    submit = page.get_by_role("button", name="提交报送")
    box = submit.bounding_box()
    assert box["height"] >= 44 and box["y"] + box["height"] <= 740  # sticky at the bottom, within reach
    submit.click()
    page.get_by_text("观察信息已报送专班办公室").wait_for()
    finding = Finding.objects.get(description__contains="旅程测试")
    assert finding.report.photos.count() == 2

    # 2. The office hands it to 洞口县 with a deadline.
    login(page, "office")
    page.goto(f"/observers/findings/{finding.pk}/")
    page.get_by_label("交办方式").select_option(label="交办函")
    page.get_by_label("责任单位（县市区/市直单位）").select_option(label="洞口县")
    deadline = timezone.localdate() + timedelta(days=7)
    page.get_by_label("整改时限").fill(deadline.isoformat())
    page.get_by_role("button", name="交办", exact=True).click()
    page.get_by_text("已以交办函交办洞口县").wait_for()
    hand_off = HandOff.objects.get(finding=finding)

    # 3. The county clerk replies with the rectification.
    login(page, "county_dongkou")
    expect(page.get_by_text("助餐点未公示价格").first).to_be_visible()  # on the clerk's home panel
    page.goto(f"/observers/hand-offs/{hand_off.pk}/")
    page.get_by_role("textbox", name="整改情况").fill("已在助餐点门口公示价格和补贴标准")
    shot(page, "observers-unit-reply")
    page.get_by_role("button", name="提交整改反馈").click()
    page.get_by_text("整改情况已反馈").wait_for()

    # 4. The office accepts: closed.
    login(page, "office")
    page.goto(f"/observers/hand-offs/{hand_off.pk}/")
    page.get_by_text("整改到位，办结").click()
    page.get_by_role("button", name="提交审核结论").click()
    page.get_by_text("已审核通过，问题办结").wait_for()
    hand_off.refresh_from_db()
    assert hand_off.state == HandOff.State.CLOSED

    # 5. The observer sees it closed.
    login(page, "observer")
    page.goto("/observers/")
    item = page.locator("li", has_text="旅程测试")
    assert "已办结" in item.inner_text()
    no_sideways_scroll(page)
    shot(page, "observers-my-work")

    # 6. The duty table counts it in the month it was filed (1 information / 1 suggestion for 刘建国): the year
    # and month come from the report, not the clock, so a journey running across midnight still agrees.
    filed = timezone.localtime(Finding.objects.get(pk=finding.pk).report.submitted_at)
    login(page, "office")
    page.goto(f"/observers/duty/?year={filed.year}")
    row = page.locator("tr", has_text="刘建国")
    assert row.locator("td").nth(filed.month - 1).inner_text().startswith("1/1")
    no_sideways_scroll(page)
    shot(page, "observers-duty")
