"""Excel export of any table a page shows (text cells neutralised against formula injection)."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from minsheng.common.excel import neutralise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(*, title: str, headers: list[str], rows: list[list]) -> bytes:
    """One sheet: a title row, the official column headers, the rows."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    ws.append([neutralise(title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([neutralise(h) for h in headers])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(
            [
                neutralise(v) if isinstance(v, str) else (float(v) if hasattr(v, "as_tuple") else v)
                for v in row
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(*, filename: str, title: str, headers: list[str], rows: list[list]) -> HttpResponse:
    """An attachment response with a UTF-8 file name."""
    resp = HttpResponse(xlsx_bytes(title=title, headers=headers, rows=rows), content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp
