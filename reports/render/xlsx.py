"""The annex tables as an .xlsx (one sheet per level, the official column headers, text neutralised)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from minsheng.common.excel import neutralise

from .. import compose
from .html import annex_title

HEADERS = ["序号", "实事名称", "项目名称", "进展情况"]
WIDTHS = [6, 24, 30, 80]


def annex_xlsx(doc) -> bytes:
    """附件 1..n as sheets; a matter's cells are merged over its projects' rows as in the PDF."""
    snapshot = doc.snapshot
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    for level in snapshot.get("levels", []):
        ws = wb.create_sheet(f"附件{level['annex_no']}（{level['label']}）")
        ws.append([neutralise(annex_title(snapshot, level))])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append(HEADERS)
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center")
        for i, w in enumerate(WIDTHS):
            ws.column_dimensions["ABCD"[i]].width = w
        rows = compose.annex_rows(
            level, is_city=snapshot["scope"]["is_city"], sections=doc.sections, **compose.area_words(snapshot)
        )
        spans = []
        for r in rows:
            first = r["rowspan"] > 0
            ws.append(
                [
                    r["matter_no"] if first else None,
                    neutralise(r["matter"]) if first else None,
                    neutralise(f"{r['project_no']}{r['project']}"),
                    neutralise(r["progress"]),
                ]
            )
            row = ws.max_row
            for cell in ws[row]:
                cell.border = border
                cell.alignment = wrap
            if r["rowspan"] > 1:
                spans.append((row, row + r["rowspan"] - 1))
        for start, end in spans:
            ws.merge_cells(start_row=start, start_column=1, end_row=end, end_column=1)
            ws.merge_cells(start_row=start, start_column=2, end_row=end, end_column=2)
        ws.freeze_panes = "A3"
    if not wb.sheetnames:
        wb.create_sheet("附件")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
