"""A county clerk mixes the web form and the monthly sheet in one month (375 px): one figure typed in the form
as a draft with two evidence files chosen in the same form, the month's sheet downloaded, another figure filled
in the sheet, the sheet uploaded back with the draft row unchanged; the preview lists the change old → new and
the confirm button says it submits; both figures end up 已报送 with the typed value and the evidence kept."""

import io

import openpyxl
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


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_clerk_mixes_form_and_sheet(page, demo, live_server):
    from progress.models import Evidence, Figure, FigureState, ReportingPeriod
    from projects.models import IndicatorTarget

    october = ReportingPeriod.objects.get(
        programme__year=2024, programme__organisation__name="邵阳市", month=10
    )
    quantity = (
        IndicatorTarget.objects.filter(
            county__name="洞口县",
            indicator__kind="quantity",
            indicator__project__matter__programme=october.programme,
        )
        .exclude(target=None)
        .select_related("indicator")
        .order_by("pk")
    )
    typed, in_sheet = [t for t in quantity if not Figure.objects.filter(target=t, period=october).exists()][
        :2
    ]
    prev = {
        t.pk: (
            Figure.objects.filter(target=t, period__month=9, period__programme=october.programme)
            .values_list("verified_value", flat=True)
            .first()
            or 0
        )
        for t in (typed, in_sheet)
    }
    value_typed = max(prev[typed.pk], 1)
    value_sheet = max(prev[in_sheet.pk], 1)

    # 1. The web form: a draft with two evidence files chosen in the same form.
    login(page, "county_dongkou")
    page.goto(f"/progress/entry/{typed.pk}/{october.pk}/")
    unit = typed.indicator.unit
    page.get_by_label(f"累计完成（{unit}）" if unit else "累计完成").fill(str(value_typed))
    page.get_by_label("进展情况").fill("网页填报：本月完成验收")
    page.get_by_label("佐证材料（可一次选择多个文件：PDF、图片或 Office 文档）").set_input_files(
        files=[
            {"name": "验收单.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "会议纪要.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("link", name="验收单.pdf").wait_for()
    assert page.locator("#figure-state").inner_text() == "草稿"
    expect(page.get_by_role("link", name="会议纪要.pdf")).to_be_visible()
    shot(page, "sheet-journey-form-draft")

    # 2. The sheet: downloaded with the session, one more figure filled, the draft row left as it is.
    data = page.request.get(f"/progress/month/{october.pk}/sheet.xlsx").body()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    assert ws.cell(rows[typed.pk], 8).value == float(value_typed)  # the form's draft is in the sheet
    ws.cell(rows[in_sheet.pk], 8).value = float(value_sheet)
    ws.cell(rows[in_sheet.pk], 12).value = "表格填报：已开工"
    buf = io.BytesIO()
    wb.save(buf)

    page.goto(f"/progress/month/{october.pk}/import/")
    page.get_by_label("填好的 Excel 文件（.xlsx）").set_input_files(
        files=[
            {
                "name": "洞口县10月.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": buf.getvalue(),
            }
        ]
    )
    page.get_by_role("button", name="上传并预览").click()
    changes = page.locator("#import-changes")
    changes.wait_for()
    text = changes.inner_text()
    assert "表格填报：已开工" in text and "（空） →" in text
    assert "数值不变" in text  # the form's draft row: nothing changes, it is submitted with the rest
    shot(page, "sheet-journey-preview")
    page.get_by_role("button", name="导入并报送 2 条").click()
    page.wait_for_url(f"**/progress/month/{october.pk}/")
    assert "报送 2 条，保存为草稿 0 条" in page.content()

    # 3. Both figures submitted; the typed value and the evidence of the form are kept.
    f_typed = Figure.objects.get(target=typed, period=october)
    f_sheet = Figure.objects.get(target=in_sheet, period=october)
    assert f_typed.state == f_sheet.state == FigureState.SUBMITTED
    assert f_typed.narrative == "网页填报：本月完成验收" and f_sheet.narrative == "表格填报：已开工"
    assert Evidence.objects.filter(figure=f_typed).count() == 2
    page.goto(f"/progress/entry/{typed.pk}/{october.pk}/")
    assert page.locator("#figure-state").inner_text() == "已报送"
    expect(page.get_by_role("button", name="删除")).to_have_count(0)  # evidence is no longer deletable
    shot(page, "sheet-journey-submitted")
