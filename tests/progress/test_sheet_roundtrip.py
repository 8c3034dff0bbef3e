"""The monthly sheet as clerks really use it: downloaded, partly filled, uploaded back; numbers as people type
them; one unambiguous percent column; explicit submission; the sheet's layout (frozen, protected, printable)."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progress import importers
from progress.models import Figure, FigureState
from tests.factories import IndicatorFactory, IndicatorTargetFactory, MatterFactory, ProjectFactory
from tests.proposals.corpus.build import real_xls

pytestmark = pytest.mark.django_db


def download(client, w):
    client.force_login(w["clerk_a"])
    r = client.get(reverse("progress:sheet_download", args=[w["p9"].pk]))
    assert r.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(r.content))


def as_file(wb, name="填报.xlsx"):
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def rows_by_task(ws):
    return {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}


def post(client, w, wb):
    return client.post(reverse("progress:sheet_upload", args=[w["p9"].pk]), {"file": as_file(wb)})


H, PCT, L = 8, 9, 12


def test_sheet_layout_frozen_protected_printable_province_first(client, world):
    w = world
    city = MatterFactory(programme=w["programme"], level="city", seq=1)
    ind_city = IndicatorFactory(project=ProjectFactory(matter=city), name="市定指标")
    IndicatorTargetFactory(indicator=ind_city, county=w["a"], target=D("10"))
    w["ind"].project.matter.__class__.objects.filter(pk=w["ind"].project.matter_id).update(seq=5)
    ws = download(client, w).active
    assert "灰色列请勿修改" in ws["A1"].value
    assert ws.freeze_panes == "C3"
    assert ws.protection.sheet
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$2"
    levels = [ws.cell(r, 2).value for r in range(3, ws.max_row + 1)]
    assert levels == ["省定", "省定", "市定"] or levels.index("市定") > max(i for i, v in enumerate(levels) if v == "省定")
    r = rows_by_task(ws)[w["ta"].pk]
    assert ws.cell(r, H).protection.locked is False and ws.cell(r, L).protection.locked is False
    assert ws.cell(r, 1).protection.locked is not False and ws.cell(r, 6).protection.locked is not False


def test_unchanged_submitted_and_verified_rows_are_accepted(client, world):
    w = world
    Figure.objects.create(target=w["ta"], period=w["p9"], value=D("70"), narrative="-5℃ 停工两天；=正常",
                          state=FigureState.SUBMITTED)
    wb = download(client, w)
    ws = wb.active
    ws.cell(rows_by_task(ws)[w["ta2"].pk], H).value = 30
    r = post(client, w, wb)
    page = r.content.decode()
    assert r.context["token"], page[:3000]
    assert "另有 1 条已报送（或已审核、已锁定）的数据与表中一致" in page
    assert "累计完成：（空） → <strong>30</strong>" in page
    client.post(reverse("progress:sheet_upload", args=[w["p9"].pk]), {"token": r.context["token"], "submit": "1"})
    assert Figure.objects.get(target=w["ta2"], period=w["p9"]).state == FigureState.SUBMITTED
    assert Figure.objects.get(target=w["ta"], period=w["p9"]).narrative == "-5℃ 停工两天；=正常"


def test_changed_submitted_row_is_refused_without_double_yi(client, world):
    w = world
    Figure.objects.create(target=w["ta"], period=w["p9"], value=D("70"), state=FigureState.SUBMITTED)
    wb = download(client, w)
    ws = wb.active
    ws.cell(rows_by_task(ws)[w["ta"].pk], H).value = 75
    page = post(client, w, wb).content.decode()
    assert "该任务本月已报送，数值不能再修改" in page and "已已" not in page
    assert Figure.objects.get(target=w["ta"], period=w["p9"]).value == D("70")


def test_whole_sheet_unchanged_says_so(client, world):
    w = world
    Figure.objects.create(target=w["ta"], period=w["p9"], value=D("70"), state=FigureState.VERIFIED, verified_value=D("70"))
    page = post(client, w, download(client, w)).content.decode()
    assert importers.ERR_NOTHING_CHANGED in page


def test_submit_is_chosen_on_the_confirm_button_and_counted(client, world):
    w = world
    wb = download(client, w)
    ws = wb.active
    rows = rows_by_task(ws)
    ws.cell(rows[w["ta"].pk], H).value = 70
    ws.cell(rows[w["ta2"].pk], L).value = "已完成招标"  # text only: stays a draft even when submitting
    url = reverse("progress:sheet_upload", args=[w["p9"].pk])
    assert "导入后直接报送" not in client.get(url).content.decode()
    r = post(client, w, wb)
    page = r.content.decode()
    assert "导入并报送 1 条" in page and "导入为草稿（暂不报送）" in page
    r = client.post(url, {"token": r.context["token"], "submit": "1"}, follow=True)
    assert "已导入 2 条数据：报送 1 条，保存为草稿 1 条。" in r.content.decode()
    states = dict(Figure.objects.filter(period=w["p9"], target__county=w["a"]).values_list("target_id", "state"))
    assert states == {w["ta"].pk: FigureState.SUBMITTED, w["ta2"].pk: FigureState.DRAFT}


def test_draft_button_submits_nothing(client, world):
    w = world
    wb = download(client, w)
    ws = wb.active
    ws.cell(rows_by_task(ws)[w["ta"].pk], H).value = 70
    r = post(client, w, wb)
    r = client.post(reverse("progress:sheet_upload", args=[w["p9"].pk]), {"token": r.context["token"], "submit": "0"},
                    follow=True)
    assert "全部保存为草稿（尚未报送）" in r.content.decode()
    assert Figure.objects.get(target=w["ta"], period=w["p9"]).state == FigureState.DRAFT


def test_percent_indicator_has_one_column(client, world):
    w = world
    w["ind2"].kind = "percent"
    w["ind2"].unit = "%"
    w["ind2"].save()
    wb = download(client, w)
    ws = wb.active
    r = rows_by_task(ws)[w["ta2"].pk]
    assert ws.cell(r, H).protection.locked is not False and ws.cell(r, PCT).protection.locked is False
    ws.cell(r, H).value = 60
    page = post(client, w, wb).content.decode()
    assert importers.ERR_PERCENT_COLUMN in page
    ws.cell(r, H).value = None
    ws.cell(r, PCT).value = 0.98
    ws.cell(r, PCT).number_format = "0%"  # Excel shows 98%
    resp = post(client, w, wb)
    assert resp.context["token"], resp.content.decode()[:3000]
    client.post(reverse("progress:sheet_upload", args=[w["p9"].pk]), {"token": resp.context["token"], "submit": "1"})
    f = Figure.objects.get(target=w["ta2"], period=w["p9"])
    assert f.value == D("98") and f.state == FigureState.SUBMITTED


@pytest.mark.parametrize("typed", ["1e5", "1,234", "约300", "12%", "300 左右"])
def test_number_noise_gets_a_specific_hint(client, world, typed):
    w = world
    wb = download(client, w)
    ws = wb.active
    ws.cell(rows_by_task(ws)[w["ta"].pk], H).value = typed
    page = post(client, w, wb).content.decode()
    assert "请只填数字，不要带逗号、%或“约”" in page


def test_whole_units_refuse_decimals_and_long_numbers_get_chinese(client, world):
    w = world
    wb = download(client, w)
    ws = wb.active
    rows = rows_by_task(ws)
    ws.cell(rows[w["ta"].pk], H).value = 12.5  # unit 个
    ws.cell(rows[w["ta2"].pk], H).value = "12345678901234"
    page = post(client, w, wb).content.decode()
    assert "单位为“个”，请填写整数（当前为 12.5）。" in page
    assert "数字“12345678901234”过长：整数部分最多 12 位，小数最多 4 位。" in page
    assert "确认总共不超过" not in page


def test_real_xls_asks_to_save_as_xlsx(client, world):
    w = world
    client.force_login(w["clerk_a"])
    r = client.post(reverse("progress:sheet_upload", args=[w["p9"].pk]),
                    {"file": SimpleUploadedFile("填报.xls", real_xls())})
    page = r.content.decode()
    assert "请另存为 .xlsx 后上传" in page and "请勿仅修改文件扩展名" not in page
