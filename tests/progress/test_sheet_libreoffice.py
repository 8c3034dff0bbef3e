"""The monthly sheet re-saved by LibreOffice (as a clerk on LibreOffice or a WPS-like suite does): a formula typed in
a value cell is read as its cached result, a percent cell formatted by the suite as 98%, a text cell kept as typed."""

import io
import shutil
import subprocess
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progress.models import Figure, FigureState

from .test_sheet_roundtrip import PCT, H, L, download, rows_by_task

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice Calc is installed by scripts/bootstrap test"),
]


def resave_with_libreoffice(wb, tmp_path) -> bytes:
    """Write the workbook with openpyxl, open and save it again in LibreOffice Calc (headless)."""
    src = tmp_path / "in" / "填报.xlsx"
    src.parent.mkdir()
    wb.save(src)
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--calc", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    data = (out / "填报.xlsx").read_bytes()
    # What LibreOffice stored: the formula with its cached result (openpyxl alone stores no result).
    cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True).active
    assert any(cell.value == 70 for row in cached.iter_rows() for cell in row)
    return data


def test_libreoffice_resaved_sheet_reads_formula_results_and_percent_cells(client, world, tmp_path):
    w = world
    w["ind2"].kind = "percent"
    w["ind2"].unit = "%"
    w["ind2"].save()
    wb = download(client, w)
    ws = wb.active
    rows = rows_by_task(ws)
    ws.cell(rows[w["ta"].pk], H).value = "=50+20"  # the clerk adds up two towns in the cell
    ws.cell(rows[w["ta"].pk], L).value = "两个乡镇合计；+1 所在建"
    ws.cell(rows[w["ta2"].pk], PCT).value = 0.98
    ws.cell(rows[w["ta2"].pk], PCT).number_format = "0%"
    data = resave_with_libreoffice(wb, tmp_path)

    url = reverse("progress:sheet_upload", args=[w["p9"].pk])
    r = client.post(url, {"file": SimpleUploadedFile("填报.xlsx", data)})
    page = r.content.decode()
    assert r.context["token"], page[:3000]
    assert "累计完成：（空） → <strong>70</strong>" in page
    client.post(url, {"token": r.context["token"], "submit": "1"})
    a = Figure.objects.get(target=w["ta"], period=w["p9"])
    b = Figure.objects.get(target=w["ta2"], period=w["p9"])
    assert (a.value, a.state, a.narrative) == (D("70"), FigureState.SUBMITTED, "两个乡镇合计；+1 所在建")
    assert (b.value, b.state) == (D("98"), FigureState.SUBMITTED)
