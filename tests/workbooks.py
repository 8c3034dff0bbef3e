"""Building set-up workbooks in memory for tests (what an office would type in Excel or WPS)."""

from __future__ import annotations

import io

from openpyxl import Workbook


def book(title: str, headers: list, rows: list[list]) -> io.BytesIO:
    """An .xlsx whose first sheet is `title` with a header row and data rows, as an upload-like file object."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = f"{title}.xlsx"
    return buf
