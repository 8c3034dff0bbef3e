"""Duties that tell the truth at 375 px (issue 18 §5, §6): the office publishes a planned 集中观察, the observer sees
it among "可报名的集中观察", signs up and withdraws; the office answers an observer's 意见建议 and the observer reads
the answer from the inbox notice."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from minsheng.accounts.models import User
from observers.models import Inspection
from tests.e2e.conftest import shot
from tests.e2e.test_observers_field_app import login, phone  # noqa: F401  (the phone fixture)

pytestmark = pytest.mark.e2e


def test_office_publishes_and_observer_signs_up_for_an_inspection(phone, demo):  # noqa: F811
    me = User.objects.get(username="observer").observer_profile
    group_project = me.group.projects.order_by("pk").first()
    day = timezone.localdate() + timedelta(days=10)

    office = phone()
    login(office, "office")
    office.goto("/observers/inspections/")
    office.get_by_label("活动名称").fill("助餐点集中观察（报名测试）")
    office.get_by_label("类型").select_option(label="集中观察")
    office.get_by_label("开始日期").fill(day.isoformat())
    office.get_by_label("察看项目").select_option(str(group_project.pk))
    office.get_by_role("button", name="登记").click()
    office.get_by_text("活动已发布，相关观察员可在“我的履职”中报名。").wait_for()
    inspection = Inspection.objects.get(title="助餐点集中观察（报名测试）")
    assert not inspection.participants.exists()

    page = phone()
    login(page, "observer")
    expect(
        page.get_by_text("今年已参加检查活动")
    ).to_be_visible()  # the yearly line, whatever the month shows
    page.goto("/observers/")
    item = page.locator("li", has_text="助餐点集中观察（报名测试）")
    item.get_by_role("button", name="报名参加").click()
    page.get_by_text("已报名“助餐点集中观察（报名测试）”。").wait_for()
    assert list(inspection.registrants.all()) == [me]
    assert page.locator("body").evaluate("b => b.scrollWidth <= window.innerWidth")
    shot(page, "observer-inspection-signed-up")
    page.locator("li", has_text="助餐点集中观察（报名测试）").get_by_role("button", name="取消报名").click()
    page.get_by_text("已取消报名“助餐点集中观察（报名测试）”。").wait_for()
    assert not inspection.registrants.exists()
    page.locator("li", has_text="助餐点集中观察（报名测试）").get_by_role("button", name="报名参加").click()
    page.get_by_text("已报名").first.wait_for()

    office.goto("/observers/inspections/")
    expect(
        office.locator("li", has_text="助餐点集中观察（报名测试）").get_by_text(f"报名 1 人（{me.name}）")
    ).to_be_visible()


def test_office_answers_a_suggestion_and_the_observer_reads_it(phone, demo):  # noqa: F811
    from observers.models import FieldReport

    me = User.objects.get(username="observer").observer_profile
    report = (
        FieldReport.objects.filter(observer=me, state=FieldReport.State.SUBMITTED)
        .exclude(suggestions="")
        .first()
    )
    FieldReport.objects.filter(pk=report.pk).update(suggestion_reply="", suggestion_replied_at=None)

    office = phone()
    login(office, "office")
    office.goto("/observers/reports/?suggestion=unanswered")
    office.locator(f"a[href='/observers/reports/{report.pk}/']").first.click()
    office.get_by_role("button", name="发送答复").click()  # empty: refused in Chinese
    office.get_by_text("请填写对意见建议的答复。").wait_for()
    office.get_by_label("答复意见建议").fill("已转交市住建局研究，月底前书面回复。")
    office.get_by_role("button", name="发送答复").click()
    office.get_by_text("答复已发送给观察员。").wait_for()

    page = phone()
    login(page, "observer")
    page.goto("/inbox/")
    page.get_by_text("专班办公室已答复您的意见建议").first.click()
    page.get_by_text("已转交市住建局研究，月底前书面回复。").wait_for()
    expect(page.get_by_text("专班办公室答复")).to_be_visible()
    expect(page.get_by_role("button", name="发送答复")).to_have_count(0)
    assert page.locator("body").evaluate("b => b.scrollWidth <= window.innerWidth")
    shot(page, "observer-reads-suggestion-reply")
    page.goto("/observers/")
    expect(page.get_by_text("今年意见建议：已答复")).to_be_visible()
