"""Spreadsheet path: pre-filled download, preview with errors by row/column, all-or-nothing commit."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progress import importers
from progress.models import Figure, FigureState, FigureTransition

pytestmark = pytest.mark.django_db


def download(client, w):
    client.force_login(w["clerk_a"])
    r = client.get(reverse("progress:sheet_download", args=[w["p9"].pk]))
    assert r.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(r.content))


def upload(wb):
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("填报.xlsx", buf.getvalue())


def rows_by_task(ws):
    return {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}


def test_download_is_prefilled(client, world):
    ws = download(client, world).active
    assert [c.value for c in ws[2]] == importers.HEADERS
    rows = rows_by_task(ws)
    assert set(rows) == {world["ta"].pk, world["ta2"].pk}
    r = rows[world["ta"].pk]
    assert ws.cell(r, 6).value == 100 and ws.cell(r, 7).value == 60  # target, last month's verified


def test_errors_by_row_and_column_and_nothing_saved(client, world):
    w = world
    wb = download(client, w)
    ws = wb.active
    rows = rows_by_task(ws)
    ws.cell(rows[w["ta"].pk], 8).value = 50  # below last month's 60 without a reason
    ws.cell(rows[w["ta2"].pk], 8).value = -3
    ws.append([w["tb"].pk, "", "", "", "", "", "", 5])  # another county's task
    r = client.post(reverse("progress:sheet_upload", args=[w["p9"].pk]), {"file": upload(wb), "submit": "on"})
    page = r.content.decode()
    assert "第 3 行" in page or "第 4 行" in page
    assert importers.ERR_FALL.format(previous="60") in page
    assert importers.ERR_NEGATIVE in page
    assert importers.ERR_UNKNOWN_TASK.format(value=w["tb"].pk) in page
    assert "M 列（低于上月核定值的原因）" in page and "H 列（累计完成）" in page
    assert not Figure.objects.filter(period=w["p9"], target__county=w["a"]).exists()
    assert not FigureTransition.objects.filter(source="import").exists()


def test_preview_then_commit_and_warning(client, world):
    w = world
    wb = download(client, w)
    ws = wb.active
    rows = rows_by_task(ws)
    ws.cell(rows[w["ta"].pk], 8).value = 70
    ws.cell(rows[w["ta2"].pk], 8).value = 400  # > 3× target: a warning, not an error
    ws.cell(rows[w["ta2"].pk], 12).value = '=HYPERLINK("x")'
    url = reverse("progress:sheet_upload", args=[w["p9"].pk])
    r = client.post(url, {"file": upload(wb), "submit": "on"})
    assert importers.WARN_OVER_3X in r.content.decode()
    assert not Figure.objects.filter(period=w["p9"], target__county=w["a"]).exists()  # preview writes nothing
    token = r.context["token"]
    r = client.post(url, {"token": token, "submit": "1"})
    assert r.status_code == 302
    figs = {f.target_id: f for f in Figure.objects.filter(period=w["p9"], target__county=w["a"])}
    assert figs[w["ta"].pk].value == D("70") and figs[w["ta"].pk].state == FigureState.SUBMITTED
    assert FigureTransition.objects.filter(source="import").count() == 2
    h = figs[w["ta"].pk].history.get()  # the row copied in the database mirrors the figure
    assert (h.history_change_reason, h.history_type, h.history_user, h.value, h.state, h.narrative) == (
        "表格导入",
        "+",
        w["clerk_a"],
        D("70"),
        FigureState.SUBMITTED,
        "",
    )
    assert h.target_id == w["ta"].pk and h.period_id == w["p9"].pk
    t = FigureTransition.objects.get(figure=figs[w["ta"].pk])
    assert (t.actor, t.from_state, t.to_state, t.old_value, t.new_value, t.comment, t.at) == (
        w["clerk_a"],
        "",
        FigureState.SUBMITTED,
        None,
        D("70"),
        "表格导入（逾期报送）",  # the world's September deadline is long past: marked late
        h.history_date,
    )
    # a second import of a returned figure: updated in place, its own history and transition rows
    f = figs[w["ta"].pk]
    Figure.objects.filter(pk=f.pk).update(state=FigureState.RETURNED)
    rows = [
        {
            "target_id": w["ta"].pk,
            "row": 3,
            "value": D("72"),
            "progress_percent": None,
            "planned_investment": None,
            "completed_investment": None,
            "narrative": "更正",
            "fall_reason": "",
        }
    ]
    importers.sheet_commit(rows=rows, period=w["p9"], actor=w["clerk_a"], submit=True)
    assert f.history.count() == 2 and f.history.first().value == D("72")
    t = FigureTransition.objects.filter(figure=f).latest("id")
    assert (t.from_state, t.to_state, t.old_value, t.new_value) == ("returned", "submitted", D("70"), D("72"))


def test_locked_rows_cannot_change(client, world):
    w = world
    Figure.objects.create(
        target=w["ta"], period=w["p9"], value=D("70"), verified_value=D("70"), state=FigureState.VERIFIED
    )
    wb = download(client, w)
    ws = wb.active
    ws.cell(rows_by_task(ws)[w["ta"].pk], 8).value = 75
    r = client.post(reverse("progress:sheet_upload", args=[w["p9"].pk]), {"file": upload(wb)})
    assert importers.ERR_LOCKED.format(state="已审核") in r.content.decode()
    assert Figure.objects.get(target=w["ta"], period=w["p9"]).value == D("70")


def test_commit_is_all_or_nothing(world):
    w = world
    Figure.objects.create(target=w["ta2"], period=w["p9"], value=D("1"), state=FigureState.LOCKED)
    rows = [
        {
            "target_id": w["ta"].pk,
            "row": 3,
            "value": D("70"),
            "progress_percent": None,
            "planned_investment": None,
            "completed_investment": None,
            "narrative": "",
            "fall_reason": "",
        },
        {
            "target_id": w["ta2"].pk,
            "row": 4,
            "value": D("9"),
            "progress_percent": None,
            "planned_investment": None,
            "completed_investment": None,
            "narrative": "",
            "fall_reason": "",
        },
    ]
    with pytest.raises(ValueError):
        importers.sheet_commit(rows=rows, period=w["p9"], actor=w["clerk_a"], submit=True)
    assert not Figure.objects.filter(target=w["ta"], period=w["p9"]).exists()


def test_not_an_xlsx_is_refused(client, world):
    client.force_login(world["clerk_a"])
    r = client.post(
        reverse("progress:sheet_upload", args=[world["p9"].pk]),
        {"file": SimpleUploadedFile("a.xlsx", b"not really a workbook")},
    )
    assert "不被接受" in r.content.decode() or "不是有效" in r.content.decode()
