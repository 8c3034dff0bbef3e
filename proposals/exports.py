"""Writing the 征集汇总表 (template and export) with the official layout; every formula-looking text cell is
kept as text through the cell's quote prefix (never an apostrophe added to the text)."""
from __future__ import annotations

import io
import re
from collections import OrderedDict

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from minsheng.common.excel import append_text_row
from minsheng.common.privacy import mask_name, mask_phone

from . import sheet
from .models import Campaign, Proposal

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
COMBINED_SHEET = "汇总"
COMBINED_UNIT_COLUMN = "报送单位"


def _safe_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:28] or "单位"
    title, n = base, 2
    while title in used:
        title, n = f"{base[:25]}({n})", n + 1
    used.add(title)
    return title


def proposal_row(p: Proposal, *, seq: int, full_phone: bool) -> list:
    """The cells of one proposal in the 汇总表 (phone masked unless `full_phone`)."""
    phone = p.proposer_phone if full_phone else mask_phone(p.proposer_phone)
    proposer = " ".join(x for x in (p.proposer_name if full_phone else mask_name(p.proposer_name), phone) if x)
    return [seq, p.title, sheet.LEVEL_LABEL.get(p.level, p.level), proposer, p.suggested_unit_display, p.full_text,
            p.remark, p.responsible_text, p.necessity, p.schedule, p.investment]


def write_sheet(ws: Worksheet, *, year: int, unit_name: str, rows: list[list], contact: str = "",
                contact_phone: str = "", extra_header: str | None = None, date_text: str = "") -> None:
    """Fill a worksheet: title, unit and date line, headers, rows, then 联系人 / 联系方式 under the table."""
    headers = [*sheet.HEADERS, *([extra_header] if extra_header else [])]
    ncols = len(headers)
    last = sheet.column_letter(ncols - 1)
    ws.append([sheet.TITLE.format(year=year)])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32
    append_text_row(ws, [sheet.UNIT_LABEL + unit_name, *[None] * 5, sheet.DATE_LABEL + (date_text or "    年  月  日")])
    ws.merge_cells("A2:F2")
    ws.merge_cells(f"G2:{last}2")
    ws.append(headers)
    for i, _ in enumerate(headers):
        cell = ws.cell(row=3, column=i + 1)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = BOX
        ws.column_dimensions[sheet.column_letter(i)].width = (sheet.WIDTHS + [16])[i]
    for row in rows:
        append_text_row(ws, row)
        r = ws.max_row
        for i in range(ncols):
            c = ws.cell(row=r, column=i + 1)
            c.border = BOX
            c.alignment = WRAP
    ws.append([])
    append_text_row(ws, [sheet.CONTACT_LABEL + contact])
    append_text_row(ws, [sheet.CONTACT_PHONE_LABEL + contact_phone])
    ws.freeze_panes = "A4"


def template_xlsx(*, campaign: Campaign, unit_name: str = "") -> bytes:
    """The blank 汇总表 a unit downloads and fills in."""
    wb = Workbook()
    ws = wb.active
    ws.title = "征集汇总表"
    write_sheet(ws, year=campaign.year, unit_name=unit_name, rows=[])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_xlsx(*, campaign: Campaign, proposals: list[Proposal], full_phone: bool) -> bytes:
    """One combined sheet plus one sheet per submitting unit (群众直接提交 as its own), official headers."""
    by_unit: OrderedDict[str, list[Proposal]] = OrderedDict()
    for p in proposals:
        by_unit.setdefault(p.unit.name if p.unit_id else "群众直接提交", []).append(p)
    contacts = {}
    for s in campaign.sheets.filter(state="committed").select_related("unit").order_by("created_at"):
        contacts[s.unit.name] = (s.contact_name, s.contact_phone if full_phone else mask_phone(s.contact_phone))
    wb = Workbook()
    ws = wb.active
    ws.title = COMBINED_SHEET
    today = timezone.localdate()
    date_text = f"{today.year} 年 {today.month} 月 {today.day} 日"
    combined = []
    for i, p in enumerate(proposals, 1):
        combined.append([*proposal_row(p, seq=i, full_phone=full_phone),
                         p.unit.name if p.unit_id else "群众直接提交"])
    write_sheet(ws, year=campaign.year, unit_name=campaign.organisation.name + "（各单位汇总）", rows=combined,
                extra_header=COMBINED_UNIT_COLUMN, date_text=date_text)
    used = {COMBINED_SHEET}
    for unit_name, items in by_unit.items():
        uws = wb.create_sheet(_safe_title(unit_name, used))
        contact, contact_phone = contacts.get(unit_name, ("", ""))
        write_sheet(uws, year=campaign.year, unit_name=unit_name, date_text=date_text,
                    rows=[proposal_row(p, seq=i, full_phone=full_phone) for i, p in enumerate(items, 1)],
                    contact=contact, contact_phone=contact_phone)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
