"""邵东市's own office generates the 通报 of its own 2024 plan from the 公文 page (issue 20: a county's office runs
its documents): the form offers its own plans only, the draft is titled for 全市 (邵东市 is a 市), and the PDF is
headed by its own office."""

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def test_county_office_generates_its_own_bulletin(page, demo, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("office_shaodong")
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")
    page.goto("/reports/")
    plans = page.get_by_label("年度计划")
    expect(plans.locator("option", has_text="邵东市 2024 年重点民生实事")).to_have_count(1)
    expect(plans.locator("option", has_text="邵阳市")).to_have_count(0)  # 邵阳市's plan is not its to issue
    page.get_by_label("类型", exact=True).select_option(label="月通报")
    plans.select_option(label="邵东市 2024 年重点民生实事")
    page.get_by_label("截至月份").fill("9")
    page.get_by_label("范围", exact=True).select_option(label="邵东市")
    page.get_by_role("button", name="生成草稿").click()
    page.wait_for_selector('#render-status[data-state="ready"]', timeout=60_000)
    expect(page.locator("h1")).to_contain_text("关于全市 1-9 月实施重点民生实事工作推进情况的通报")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "county-bulletin-draft")

    with page.expect_download() as dl:
        page.locator("#dl-pdf").click()
    pdf = Path(tempfile.mkdtemp()) / "bulletin.pdf"
    dl.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\s+", "", text)
    assert "邵东市打好重点民生保障仗工作专班办公室" in text
    assert "各乡镇（街道）、市直有关责任单位" in text
    assert "县市区工作专班" not in text
