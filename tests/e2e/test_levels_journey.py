"""Programmes at every level (issue 20 §2): 邵东市's clerk reports 城镇新增就业 once, on 邵阳市's row; 邵阳市's office
verifies it; 邵阳市's dashboard and scorecard and 邵东市's own 2024 plan (which names 邵阳市's indicator as its
上级计划指标) both show the figure, and 邵东市's pages say where it is entered; the province's own demo plan (湖南省
2024, which 邵阳市's indicator names in turn) is the province office's dashboard and its 各市（州）小计."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ENTERED = "在《邵阳市 2024 年民生可感行动》指标 省5-1-1 中填报，本计划自动引用"


def login(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_a_county_reports_linked_work_once_and_every_level_sees_it(page, demo, live_server):
    from progress.models import ReportingPeriod
    from projects.models import IndicatorTarget, Programme

    october = ReportingPeriod.objects.get(
        programme__year=2024, programme__organisation__name="邵阳市", month=10
    )
    county_plan = Programme.objects.get(year=2024, organisation__name="邵东市")
    row = IndicatorTarget.objects.get(
        county__name="邵东市",
        indicator__code="省5-1-1",
        indicator__project__matter__programme=october.programme,
    )
    value = Decimal("5800")
    rate = f"{(value * 100 / row.target).quantize(Decimal('0.01'))}%"  # 93.13% of 邵东市's 6228
    # 邵东市's plan holds the same work as 省5-1-1 with no row of its own: nothing to enter twice
    assert not IndicatorTarget.objects.filter(
        indicator__project__matter__programme=county_plan, indicator__code="省5-1-1"
    ).exists()

    # 1. 邵东市's clerk: the month page lists the work once (邵阳市's row); report it.
    login(page, "county_shaodong")
    page.goto(f"/progress/month/{october.pk}/")
    link = page.get_by_role("link", name=f"{row.indicator.project.name} · 城镇新增就业")
    expect(link).to_have_count(1)
    link.click()
    page.get_by_label("累计完成（人）").fill(str(value))
    page.get_by_label("进展情况").fill("10 月城镇新增就业 5800 人")
    page.get_by_role("button", name="保存并报送").click()
    expect(page.locator("#figure-state")).to_have_text("已报送")
    page.get_by_label("上传佐证材料（PDF、图片或 Office 文档）").set_input_files(
        files=[{"name": "就业台账.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_role("link", name="就业台账.pdf")).to_be_visible()
    entry_url = page.url
    shot(page, "levels-clerk-reports-once")

    # 2. 邵阳市's office verifies it; its scorecard of 邵东市 shows the figure.
    login(page, "office")
    page.goto(entry_url)
    page.get_by_label("审核通过").check()
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#figure-state")).to_have_text("已审核")
    page.goto(f"/progress/scorecard/{row.county_id}/?programme={october.programme_id}&month=10")
    city_row = page.get_by_role("row").filter(has_text="城镇新增就业")
    expect(city_row).to_contain_text("5,800")
    expect(city_row).to_contain_text(rate)
    shot(page, "levels-shaoyang-scorecard")
    page.goto(f"/progress/dashboard/?programme={october.programme_id}&month=10")
    page.get_by_text("全部指标").first.click()
    expect(page.get_by_role("row").filter(has_text="城镇新增就业").first).to_be_visible()
    assert ENTERED not in page.locator("main").inner_text()  # the city enters it itself
    shot(page, "levels-shaoyang-dashboard")

    # 3. 邵东市's office: its own 2024 plan shows the same figure, read from 邵阳市's row, and where it is entered.
    login(page, "office_shaodong")
    page.goto(f"/progress/dashboard/?programme={county_plan.pk}&month=10")
    page.get_by_text("全部指标").first.click()
    county_row = page.get_by_role("row").filter(has_text="城镇新增就业")
    expect(county_row).to_contain_text(rate)
    expect(county_row).to_contain_text("1/1")
    expect(county_row).to_contain_text(ENTERED)
    source = county_row.get_by_role("link", name="邵阳市 2024 年民生可感行动")
    expect(source).to_have_attribute("href", f"/progress/p/{row.indicator.project.public_code}/")
    shot(page, "levels-shaodong-dashboard")
    page.goto(f"/progress/scorecard/{row.county_id}/?programme={county_plan.pk}&month=10")
    own_row = page.get_by_role("row").filter(has_text="城镇新增就业")
    expect(own_row).to_contain_text("5,800")
    expect(own_row).to_contain_text(rate)
    expect(own_row).to_contain_text(ENTERED)
    shot(page, "levels-shaodong-scorecard")
    # its entry page for that row stays 邵阳市's: 邵东市's office follows the link to the public page
    source_page = page.goto(f"/progress/p/{row.indicator.project.public_code}/")
    assert source_page.status == 200

    # 4. The province's office: its own 2024 plan (湖南省, no rows of its own) is its dashboard's default; the same
    # work sums 邵阳市's rows (邵东市's figure among them, entered once) and says where it is entered.
    login(page, "office_province")
    expect(page.locator(".navbar-brand")).to_contain_text("湖南省")  # signed in before moving on
    page.goto("/progress/dashboard/?month=10")
    expect(page.locator("h1")).to_contain_text("2024 年重点民生实事")
    page.get_by_text("全部指标").first.click()
    province_row = page.get_by_role("row").filter(has_text="城镇新增就业")
    expect(province_row).to_contain_text(ENTERED.replace("，本计划自动引用", ""))
    expect(page.locator("#no-period")).to_contain_text("各县市区的任务在下级（市、县）计划中分解和填报")
    two_cancer = page.get_by_role("row").filter(has_text="“两癌”免费检查")
    expect(two_cancer).to_contain_text("宁川市 2024 年重点民生实事")  # both cities' rows
    shot(page, "levels-province-dashboard")
    page.goto("/progress/cities/?year=2024&month=10")
    own = page.locator("section.own-programme")
    expect(own.locator("h2")).to_have_text("湖南省 2024 年重点民生实事 · 分市（州）小计")
    expect(own.locator("li.subtotal")).to_have_count(2)  # 邵阳市 and 宁川市, each from its own counties' rows
    shot(page, "levels-province-cities")
    own.get_by_role("link", name="查看调度总览 ›").click()
    page.wait_for_url("**/progress/dashboard/**")
    expect(page.locator("h1")).to_contain_text("2024 年重点民生实事 · 1-10 月调度总览")
