"""花名册导出: the observer roster as an .xlsx for the office, every text cell formula-neutralised."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from minsheng.common.excel import neutralise
from minsheng.common.privacy import mask_phone

from .models import Observer

ROSTER_SHEET = "观察员花名册"
ROSTER_TITLE = "{city}重点民生实事观察员花名册"
ROSTER_HEADERS = (
    "序号",
    "姓名",
    "类别",
    "界别",
    "层级",
    "所属小组",
    "工作单位及职务",
    "联系电话",
    "状态",
    "聘任日期",
    "任期至",
    "聘书编号",
)
WIDTHS = (6, 10, 8, 16, 12, 14, 26, 15, 12, 12, 12, 16)
HEADER_ROW = 3
DATE_COLUMNS = ("聘任日期", "任期至")
NO_GROUP = "未分组"

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def roster_row(observer: Observer, *, seq: int, full_phone: bool) -> list:
    """The cells of one observer (phone masked unless `full_phone`; dates stay dates)."""
    return [
        seq,
        observer.name,
        observer.get_kind_display(),
        observer.get_category_display(),
        observer.level_display,
        observer.group.name if observer.group_id else NO_GROUP,
        observer.work_unit,
        observer.phone if full_phone else mask_phone(observer.phone),
        observer.get_status_display(),
        observer.appointed_on,
        observer.term_ends_on,
        observer.certificate_no,
    ]


def roster_xlsx(*, observers: Iterable[Observer], city: str, as_of: date, full_phone: bool) -> bytes:
    """One sheet: title, export date, the official headers, one row per observer."""
    wb = Workbook()
    ws = wb.active
    ws.title = ROSTER_SHEET
    last = get_column_letter(len(ROSTER_HEADERS))
    ws.append([neutralise(ROSTER_TITLE.format(city=city))])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.append([f"导出日期：{as_of.year} 年 {as_of.month} 月 {as_of.day} 日"])
    ws.merge_cells(f"A2:{last}2")
    ws.append(list(ROSTER_HEADERS))
    for i, width in enumerate(WIDTHS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
        ws.column_dimensions[get_column_letter(i)].width = width
    date_cols = {ROSTER_HEADERS.index(h) + 1 for h in DATE_COLUMNS}
    for seq, observer in enumerate(observers, start=1):
        ws.append([neutralise(v) for v in roster_row(observer, seq=seq, full_phone=full_phone)])
        r = ws.max_row
        for col in range(1, len(ROSTER_HEADERS) + 1):
            cell = ws.cell(row=r, column=col)
            cell.border = BOX
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            if col in date_cols:
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # print: all columns on one page width
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
