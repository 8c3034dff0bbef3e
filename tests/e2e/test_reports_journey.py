"""Reports journey: the office generates the city 1-9 月 通报 from the page, watches it become ready,
is refused issuing it with the 印发前检查 list, fills the placeholder, the count and the date, edits
五、工作打算, issues it and downloads the PDF, whose text names the items behind schedule."""

import re
import subprocess
import tempfile
from pathlib import Path

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


def test_reports_journey(page, demo, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from tests.reports.conftest import remove_demo_documents

    remove_demo_documents()  # the journey generates the 1-9 月 通报 the demo has already issued
    login(page, "office")
    page.goto("/reports/")
    page.get_by_label("类型", exact=True).select_option(label="月通报")
    page.get_by_label("年度计划").select_option(label="邵阳市 2024 年民生可感行动")
    page.get_by_label("截至月份").fill("9")
    page.get_by_label("范围", exact=True).select_option(label="邵阳市")
    shot(page, "reports-list")
    page.get_by_role("button", name="生成草稿").click()
    page.wait_for_selector('#render-status[data-state="ready"]', timeout=60_000)
    assert "关于全市 1-9 月实施民生可感行动工作推进情况的通报" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "reports-draft")

    # The generated draft cannot be issued as it is: the 印发前检查 lists what the office must do.
    checks = page.locator("#issue-checks")
    expect(checks).to_contain_text("（请在此补充各地各部门的特色做法和典型经验。）")
    expect(checks).to_contain_text("印发工作通报0期")
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation(timeout=90_000):
        page.get_by_role("button", name="印发").click()
    expect(page.locator(".alert-danger, .alert-error, [role=alert]").first).to_contain_text("不能印发")
    assert page.locator("#doc-state").inner_text() == "草稿"

    highlights = page.get_by_label("三、特色亮点")
    highlights.fill(re.sub(r"（请在此补充[^）]*）", "邵东市构建“双窗联动”机制。", highlights.input_value()))
    measures = page.get_by_label("二、主要工作举措")
    text = re.sub(r"印发工作通报\s*0\s*期", "印发工作通报 7 期", measures.input_value())
    measures.fill(re.sub(r"工作提示函\s*0\s*个", "工作提示函 15 个", text))
    page.get_by_label("五、工作打算").fill("一是集中攻坚滞后项目。对未达序时项目逐一挂牌督办。")
    page.get_by_label("成文日期").fill("2024-10-09")
    with page.expect_navigation(timeout=90_000):
        page.get_by_role("button", name="保存并重新生成").click()
    page.wait_for_selector('#render-status[data-state="ready"]', timeout=60_000)
    assert page.locator("#doc-state").inner_text() == "已编辑"
    expect(page.locator("#issue-checks")).to_have_count(0)

    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation(timeout=90_000):
        page.get_by_role("button", name="印发").click()
    page.wait_for_selector('#render-status[data-state="ready"]', timeout=60_000)
    assert page.locator("#doc-state").inner_text() == "已印发"
    assert "2024 年第 1 期" in page.content()
    expect(page.get_by_label("五、工作打算")).to_have_count(0)  # locked
    shot(page, "reports-issued")

    with page.expect_download() as dl:
        page.locator("#dl-pdf").click()
    pdf = Path(tempfile.mkdtemp()) / "bulletin.pdf"
    dl.value.save_as(pdf)
    text = re.sub(
        r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    )
    for s in (
        "“市县两级应急广播建设工程”中的“市级应急广播建设”指标未达序时",
        "“化解超期安置3200户”1个指标未达序时",
        "邵阳县未达序时，进度为45.56%",
        "邵东市未达序时，进度为38.69%",
        "洞口县未达序时，进度为74.51%",
        "一是集中攻坚滞后项目。",
    ):
        assert s in text, s
    assert "征求意见稿" not in text
