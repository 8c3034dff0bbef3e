"""Monthly progress journey: a clerk at 375 px fills two figures and uploads evidence; the office deducts
one; the dashboard, the county scorecard and the public page show the new status; the poster's QR code
decodes to the public page URL."""

import subprocess
import tempfile
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.embedded  # also the one journey of make test's SQLite pass (tests/test_embedded.py)
@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_progress_journey(page, demo, live_server, settings):
    from progress.models import ReportingPeriod

    settings.SITE_URL = live_server.url  # QR codes and the poster carry SITE_URL, never the request host
    from projects.models import IndicatorTarget

    october = ReportingPeriod.objects.get(
        programme__year=2024, programme__organisation__name="邵阳市", month=10
    )
    roads = IndicatorTarget.objects.get(
        county__name="洞口县",
        indicator__name="农村公路提质改造",
        indicator__project__matter__programme=october.programme,
    )
    other = (
        IndicatorTarget.objects.filter(
            county__name="洞口县",
            indicator__kind="quantity",
            indicator__project__matter__programme=october.programme,
        )
        .exclude(pk=roads.pk)
        .exclude(target=None)
        .select_related("indicator")
        .first()
    )
    on_schedule = (roads.target * 10 / 12).quantize(Decimal("0.001"), rounding=ROUND_CEILING)

    # 1. The county clerk (375 px) fills two figures and uploads evidence.
    login(page, "county_dongkou")
    page.goto(f"/progress/month/{october.pk}/")
    assert "1-10 月正在填报" in page.locator("#period-banner").inner_text()
    no_sideways_scroll(page)
    shot(page, "progress-county-month")
    page.get_by_role("link", name=f"{roads.indicator.project.name} · 农村公路提质改造").click()
    page.get_by_label("累计完成（公里）").fill(str(on_schedule))
    page.get_by_label("进展情况").fill("10 月新增完成提质改造路段 3 条")
    page.get_by_role("button", name="保存并报送").click()
    assert page.locator("#figure-state").inner_text() == "已报送"
    assert "按序时推进" in page.locator("#figure-status").inner_text()
    page.get_by_label("上传佐证材料（PDF、图片或 Office 文档）").set_input_files(
        files=[{"name": "验收照片.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_role("link", name="验收照片.pdf")).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "progress-figure-entry")
    roads_url = page.url
    page.goto(f"/progress/entry/{other.pk}/{october.pk}/")
    page.get_by_label(f"累计完成（{other.indicator.unit}）" if other.indicator.unit else "累计完成").fill(
        str(other.target * 2)
    )  # above September's value (some counties are already past 100%)
    page.get_by_role("button", name="保存并报送").click()
    assert "已完成全年目标任务" in page.locator("#figure-status").inner_text()

    # 2. The office deducts the road figure below the schedule.
    page.context.clear_cookies()
    login(page, "office")
    page.goto(roads_url)
    page.get_by_label("核减", exact=True).check()
    page.get_by_label("核减后的核定值").fill(str((roads.target / 2).quantize(Decimal("0.001"))))
    page.get_by_label("审核意见 / 核减原因").fill("佐证材料与进度不符，据实核减")
    page.get_by_role("button", name="提交审核").click()
    assert page.locator("#figure-state").inner_text() == "已核减"
    assert "未达序时" in page.locator("#figure-status").inner_text()
    expect(page.get_by_text("佐证材料与进度不符，据实核减").first).to_be_visible()

    # 3. Dashboard, scorecard and public page show the new status.
    page.goto(f"/progress/dashboard/?programme={october.programme_id}&month=10")
    assert "最近一次经审核的核定值" in page.locator("#carry-rule").inner_text()
    behind = page.locator(".behind-list").first.inner_text()
    assert "农村公路提质改造" in behind and "洞口县" in behind
    no_sideways_scroll(page)
    shot(page, "progress-dashboard")
    page.goto(f"/progress/periods/?programme={october.programme_id}")
    expect(page.locator("#period-10").get_by_text("填报中")).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "progress-periods")
    page.goto(f"/progress/scorecard/{roads.county_id}/?programme={october.programme_id}&month=10")
    counts = page.locator("#scorecard-counts").inner_text()
    # the other tasks, not reported in October, count with September's verified value (沿用 9 月核定值)
    assert "未报送 0" in counts
    row = page.get_by_role("row").filter(has_text="农村公路提质改造")
    assert "未达序时" in row.inner_text()
    assert (
        "已完成全年目标任务"
        in page.get_by_role("row").filter(has_text=other.indicator.name).first.inner_text()
    )
    expect(page.get_by_text("沿用 9 月核定值").first).to_be_visible()
    shot(page, "progress-scorecard")
    page.context.clear_cookies()
    code = roads.indicator.project.public_code
    page.goto(f"/progress/p/{code}/?month=10")
    page.get_by_text("各县市区").first.click()
    county_row = page.get_by_role("row").filter(has_text="洞口县")
    assert "进度滞后" in county_row.inner_text()  # the resident's words for 未达序时
    assert "佐证材料与进度不符" not in page.content() and "验收照片" not in page.content()
    no_sideways_scroll(page)
    shot(page, "progress-public")

    # 4. The poster's QR code decodes to the public page URL.
    resp = page.request.get(f"/progress/p/{code}/poster.pdf")
    assert resp.ok and resp.body()[:4] == b"%PDF"
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "poster.pdf"
        pdf.write_bytes(resp.body())
        subprocess.run(
            ["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(Path(tmp) / "p")], check=True
        )
        out = subprocess.run(
            ["zbarimg", "-q", "--raw", str(Path(tmp) / "p.png")], capture_output=True, text=True, check=True
        )
    assert out.stdout.strip() == f"{live_server.url}/progress/p/{code}/"
