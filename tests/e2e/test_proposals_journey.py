"""Intake journeys: a citizen proposes and checks the status on a phone; the office merges and exports."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from proposals import sheet
from proposals.models import Proposal, State
from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e

PASSWORD = "Minsheng#2024"


@pytest.fixture
def solvable_captcha(settings):
    # The check itself stays real (compared with the session); only the question is predictable.
    settings.PUBLIC_FORMS = {**settings.PUBLIC_FORMS, "CAPTCHA_FIXED_ANSWER": 7}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def test_citizen_submits_and_checks_status(page, demo, solvable_captcha):
    page.goto("/proposals/")
    page.get_by_role("link", name="我要提建议").first.click()
    page.get_by_label("项目名称").fill("村道路灯安装")
    page.get_by_role("button", name="查看已有的相似建议").click()
    page.get_by_text("已有相似的建议").wait_for()
    expect(page.get_by_text("村道安装太阳能路灯")).to_be_visible()
    page.get_by_label("项目级别").select_option("city")
    page.get_by_label("项目现状").fill("晚上村里很黑")
    page.get_by_label("实施内容").fill("<b>在村道两侧安装路灯</b>")
    page.locator("#id_suggested_unit_text").fill("镇人民政府")
    page.get_by_label("建议人姓名").fill("王小明")
    page.get_by_label("联系电话").fill("13912348888")
    page.get_by_label("验证码").fill("7")
    page.get_by_label("我已阅读并同意", exact=False).check()
    assert no_sideways_scroll(page)
    shot(page, "proposals-form")
    page.get_by_role("button", name="提交建议").click()
    page.get_by_role("heading", name="建议已收到").wait_for()
    code = page.locator("#tracking-code").inner_text().strip()
    assert Proposal.objects.get(code=code).content == "<b>在村道两侧安装路灯</b>"
    shot(page, "proposals-receipt")
    page.get_by_role("link", name="查询办理进度和答复").click()
    page.get_by_label("查询码").fill(code)
    page.get_by_label("手机号（电话）后四位").fill("8888")
    page.get_by_role("button", name="查询").click()
    assert page.locator("#public-state").inner_text() == "已提交"
    body = page.content()
    assert "13912348888" not in body and "王小明" not in body
    assert no_sideways_scroll(page)
    shot(page, "proposals-status")


def test_office_merges_duplicates_and_exports(page, demo):
    primary = Proposal.objects.get(title="村道安装太阳能路灯")
    dup = Proposal.objects.get(title="农村道路安装路灯")
    login(page, "office")
    page.goto(f"/proposals/manage/?campaign={primary.campaign_id}")
    page.get_by_role("link", name="村道安装太阳能路灯").click()
    page.get_by_label(f"{dup.code} 农村道路安装路灯").check()
    page.get_by_role("button", name="将勾选的建议归并到本建议").click()
    page.get_by_text("原建议均保留并可查看").wait_for()
    expect(page.locator("#merged-from").get_by_text(dup.code)).to_be_visible()
    assert no_sideways_scroll(page)
    shot(page, "proposals-merged")
    dup.refresh_from_db()
    assert dup.state == State.MERGED and dup.merged_into_id == primary.pk

    page.goto(f"/proposals/manage/?campaign={primary.campaign_id}")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出汇总表").click()
    wb = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    combined = wb["汇总"]
    assert combined["A1"].value == f"{primary.campaign.year} 年重点民生实事项目征集汇总表"
    assert [c.value for c in combined[3]][:7] == sheet.HEADERS[:7]
    cells = [v for r in combined.iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert "张建国 13800000201" in cells  # the office sees the full phone

    # A county clerk's export holds only their unit's rows, with masked phones.
    page.goto("/")
    page.context.clear_cookies()
    login(page, "county_dongkou")
    page.goto(f"/proposals/manage/?campaign={primary.campaign_id}")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出汇总表").click()
    wb = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    cells = [
        v for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, str)
    ]
    assert "洞***** 0739****2002" in cells  # name and phone masked on the server
    assert not any("13800000201" in c for c in cells)
    assert [c.value for c in wb["洞口县"][3]] == sheet.HEADERS


def test_staff_pages_fit_the_screen(page, demo, tmp_path):
    """The staff list, a detail with similar proposals, and an import preview full of errors."""
    from tests.proposals.corpus import build as corpus

    primary = Proposal.objects.get(title="村道安装太阳能路灯")
    login(page, "office")
    page.goto(f"/proposals/manage/?campaign={primary.campaign_id}")
    page.get_by_role("link", name="村道安装太阳能路灯").wait_for()
    assert no_sideways_scroll(page)
    shot(page, "proposals-list")
    page.get_by_role("link", name="村道安装太阳能路灯").click()
    page.get_by_label(f"{Proposal.objects.get(title='农村道路安装路灯').code} 农村道路安装路灯").wait_for()
    assert no_sideways_scroll(page)
    shot(page, "proposals-detail")

    page.context.clear_cookies()
    login(page, "county_dongkou")
    page.goto(f"/proposals/manage/c/{primary.campaign_id}/import/")
    bad = tmp_path / "汇总表（有错误）.xlsx"
    bad.write_bytes(corpus.bad_files()["bad_rows.xlsx"])
    page.get_by_label("征集汇总表", exact=False).set_input_files(str(bad))
    page.get_by_role("button", name="上传并检查").click()
    page.locator("#import-errors").wait_for()
    assert "未导入任何数据" in page.locator("#import-errors").inner_text()
    assert no_sideways_scroll(page)
    shot(page, "proposals-import-errors")
