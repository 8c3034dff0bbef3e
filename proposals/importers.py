"""Reading a unit's 征集汇总表: tolerant of Excel/WPS/LibreOffice quirks, strict about content.

Every row is validated and every error reported by row and column in Chinese; a sheet with any error
imports nothing (the commit happens only from a clean preview, in one transaction).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.common.excel import cell_text, xlsx_open
from minsheng.common.files import UNKNOWN_MIME, sniff_mime

from . import sheet
from .domains import domain_suggest
from .models import (
    Campaign,
    Channel,
    Proposal,
    ProposalEvent,
    State,
    UnitSheet,
    new_tracking_codes,
    normalise_phone,
)

MAX_ROWS = 5000
HEADER_SCAN_ROWS = 15

ERR_NO_HEADER = "未找到表头：第一张工作表中应有“序号、项目名称、项目级别（省级/市级）……”一行。请使用下载的模板填写。"
ERR_HEADER = "表头第 {col} 列应为“{want}”，实际为“{got}”。"
ERR_EXTRA_HEADER = "表头第 {col} 列“{got}”不是汇总表的列。"
ERR_NO_ROWS = "表中没有项目数据。"
ERR_TOO_MANY_ROWS = "一次最多导入 {n} 行。"
ERR_TITLE_YEAR = "标题中的年度（{got}）与本次征集年度（{want}）不一致。"
ERR_UNIT_MISMATCH = "表中“单位名称”为“{got}”，与当前账户单位“{want}”不一致。"
ERR_UNIT_UNKNOWN = "未能识别“单位名称”：{got}。请填写规范的单位全称，或由专班办公室选择报送单位。"
ERR_UNIT_MISSING = "请填写“单位名称（盖章）”，或由专班办公室选择报送单位。"
ERR_CELL_REQUIRED = "不能为空。"
ERR_CELL_TOO_LONG = "不能超过 {n} 个字（当前 {m} 个）。"
ERR_CELL_LEVEL = "应为“省级”或“市级”{extra}，实际为“{got}”。"
ERR_CELL_LEVEL_NOT_ALLOWED = "本次征集不接受“{got}”项目。"
ERR_CELL_PHONE = "未找到有效的联系电话（手机号码或带区号的固定电话）。"
ERR_ALREADY_COMMITTED = "该汇总表已导入，不能重复导入。"

FK_FIELDS = ["campaign", "unit", "sheet", "suggested_unit", "created_by", "merged_into"]
PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}[-－ ]?[1-9]\d{6,7})(?!\d)")
LIMITS = {"title": 100, "content": 3000, "remark": 500, "responsible_text": 300, "necessity": 2000,
          "schedule": 2000, "investment": 1000, "suggested_unit": 100, "proposer_name": 50}


@dataclass
class CellError:
    row: int
    col: int  # 0-based column index
    message: str

    @property
    def column_letter(self) -> str:
        return sheet.column_letter(self.col)

    @property
    def header(self) -> str:
        return sheet.HEADERS[self.col] if 0 <= self.col < len(sheet.HEADERS) else ""

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "表格"
        if self.col >= 0:
            where += f" · {self.column_letter} 列（{self.header}）"
        return f"{where}：{self.message}"


@dataclass
class ParsedSheet:
    unit_name: str = ""
    date_text: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    title_year: int | None = None
    rows: list[dict] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    unit: Organisation | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _after_label(cells: list[str], label: str) -> str:
    """'单位名称（盖章）：洞口县' in one cell, or the label in one cell and the value in the next."""
    key = sheet.norm_header(label).rstrip("：")
    for i, text in enumerate(cells):
        n = sheet.norm_header(text)
        if n.startswith(key):
            rest = n[len(key):].lstrip("：")
            if rest:
                return text.split("：", 1)[-1].split(":", 1)[-1].strip() if ("：" in text or ":" in text) else rest
            for nxt in cells[i + 1:]:
                if nxt:
                    return nxt.strip()
            return ""
    return ""


def _split_proposer(text: str) -> tuple[str, str, bool]:
    """'张三 13812345678' → ('张三', '13812345678', ok)."""
    if not text:
        return "", "", True
    m = PHONE_IN_TEXT.search(text.replace(" ", "") if not PHONE_IN_TEXT.search(text) else text)
    if not m:
        return text.strip(), "", not re.search(r"\d{5,}", text)
    phone = m.group(1)
    name = (text[: m.start()] + text[m.end():]).strip(" ，,、;；:：/\n\t")
    try:
        return name, normalise_phone(phone), True
    except ValidationError:
        return name, "", False


def unit_sheet_parse(*, uploaded, campaign: Campaign) -> ParsedSheet:
    """Read and validate a 汇总表 (raises ValidationError for a file that is not a safe xlsx)."""
    wb = xlsx_open(uploaded)
    try:
        ws = wb.worksheets[0]
        result = ParsedSheet()
        header_at = None
        raw_rows = []
        for idx, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if header_at is None:
                joined = "".join(cells)
                if idx > HEADER_SCAN_ROWS:
                    break
                norm = [sheet.norm_header(c) for c in cells]
                if "序号" in norm and "项目名称" in norm:
                    header_at = idx
                    result.errors.extend(_check_headers(norm))
                    continue
                if "汇总表" in joined and result.title_year is None:
                    m = re.search(r"(\d{4})\s*年", joined)
                    result.title_year = int(m.group(1)) if m else None
                if sheet.norm_header(sheet.UNIT_LABEL).rstrip("：")[:4] in sheet.norm_header(joined):
                    result.unit_name = _after_label(cells, sheet.UNIT_LABEL)
                    result.date_text = _after_label(cells, sheet.DATE_LABEL)
                continue
            if len(raw_rows) > MAX_ROWS + 50:
                break
            raw_rows.append((idx, cells))
    finally:
        wb.close()
    if header_at is None:
        result.errors.append(CellError(row=0, col=-1, message=ERR_NO_HEADER))
        return result
    if result.errors:
        return result
    if result.title_year and result.title_year != campaign.year:
        result.errors.append(CellError(row=1, col=-1, message=ERR_TITLE_YEAR.format(got=result.title_year,
                                                                                    want=campaign.year)))
    data_rows = []
    footer = False
    for idx, cells in raw_rows:
        first = next((c for c in cells if c), "")
        if not first:
            continue  # blank rows (trailing ones from Excel/WPS, or spacing)
        if footer or first.startswith(("联系人", "联系方式")):
            footer = True
            if first.startswith("联系人"):
                result.contact_name = _after_label(cells, sheet.CONTACT_LABEL)
            elif first.startswith("联系方式"):
                result.contact_phone = _after_label(cells, "联系方式")
            continue
        data_rows.append((idx, cells))
    if not data_rows:
        result.errors.append(CellError(row=0, col=-1, message=ERR_NO_ROWS))
    if len(data_rows) > MAX_ROWS:
        result.errors.append(CellError(row=0, col=-1, message=ERR_TOO_MANY_ROWS.format(n=MAX_ROWS)))
        return result
    for idx, cells in data_rows:
        row, errs = _parse_row(idx, cells, campaign=campaign)
        result.errors.extend(errs)
        result.rows.append(row)
    return result


def _check_headers(norm: list[str]) -> list[CellError]:
    errors = []
    while norm and not norm[-1]:
        norm = norm[:-1]
    for i, want in enumerate(sheet.NORM_HEADERS):
        got = norm[i] if i < len(norm) else ""
        if i >= sheet.REQUIRED_COLUMNS and not got:
            continue
        if got != want and not (i == 2 and got.startswith("项目级别")) and not (i == 3 and got.startswith("建议人姓名")):
            errors.append(CellError(row=0, col=-1, message=ERR_HEADER.format(col=sheet.column_letter(i),
                                                                                  want=sheet.HEADERS[i], got=got or "（空）")))
    for i in range(len(sheet.HEADERS), len(norm)):
        if norm[i]:
            errors.append(CellError(row=0, col=-1, message=ERR_EXTRA_HEADER.format(col=sheet.column_letter(i), got=norm[i])))
    return errors


def _parse_row(idx: int, cells: list[str], *, campaign: Campaign) -> tuple[dict, list[CellError]]:
    cells = cells + [""] * (len(sheet.HEADERS) - len(cells))
    errors: list[CellError] = []
    row = {"row": idx}
    for i, (_header, fld) in enumerate(sheet.COLUMNS):
        value = cells[i].strip()
        if fld == "seq":
            row["seq"] = value
        elif fld == "level":
            level = sheet.LEVEL_WORDS.get(value.replace(" ", ""))
            if not value:
                errors.append(CellError(idx, i, ERR_CELL_REQUIRED))
            elif level is None:
                errors.append(CellError(idx, i, ERR_CELL_LEVEL.format(got=value, extra="")))
            elif campaign.levels and level not in campaign.levels:
                errors.append(CellError(idx, i, ERR_CELL_LEVEL_NOT_ALLOWED.format(got=value)))
            row["level"] = level or ""
        elif fld == "proposer":
            name, phone, ok = _split_proposer(value)
            if not ok:
                errors.append(CellError(idx, i, ERR_CELL_PHONE))
            if len(name) > LIMITS["proposer_name"]:
                errors.append(CellError(idx, i, ERR_CELL_TOO_LONG.format(n=LIMITS["proposer_name"], m=len(name))))
            row["proposer_name"], row["proposer_phone"] = name, phone
        else:
            if fld in ("title", "content") and not value:
                errors.append(CellError(idx, i, ERR_CELL_REQUIRED))
            limit = LIMITS.get(fld)
            if limit and len(value) > limit:
                errors.append(CellError(idx, i, ERR_CELL_TOO_LONG.format(n=limit, m=len(value))))
            row[fld] = value
    return row, errors


def resolve_unit(parsed: ParsedSheet, *, user, chosen: Organisation | None, own_unit: Organisation | None) -> None:
    """Which unit the sheet belongs to: the clerk's own (checked against the sheet), or the office's choice."""
    name = parsed.unit_name.strip()
    if own_unit is not None:
        if name and sheet.norm_header(name) not in (sheet.norm_header(own_unit.name), sheet.norm_header(own_unit.short_name or "-")):
            parsed.errors.insert(0, CellError(row=2, col=-1, message=ERR_UNIT_MISMATCH.format(got=name, want=own_unit.name)))
        parsed.unit = own_unit
        return
    if chosen is not None:
        parsed.unit = chosen
        return
    if not name:
        parsed.errors.insert(0, CellError(row=2, col=-1, message=ERR_UNIT_MISSING))
        return
    unit = Organisation.objects.filter(name=name, kind__in=[Organisation.Kind.COUNTY, Organisation.Kind.DEPARTMENT]).first()
    if unit is None:
        parsed.errors.insert(0, CellError(row=2, col=-1, message=ERR_UNIT_UNKNOWN.format(got=name)))
    parsed.unit = unit


def _units_by_name() -> dict[str, Organisation]:
    return {o.name: o for o in Organisation.objects.filter(
        kind__in=[Organisation.Kind.COUNTY, Organisation.Kind.DEPARTMENT], is_active=True)}


IMPORT_COMMENT = "由汇总表“{name}”第 {row} 行导入。"
BATCH_SIZE = 1000  # 1,000 rows × 34 columns stays under PostgreSQL's 65,535 parameters per statement


def _events_for_sheet(*, unit_sheet: UnitSheet, actor, at) -> int:
    """One 已提交 history row per imported proposal, written by the database in one INSERT … SELECT.

    Same rows as ProposalEvent(proposal=p, actor=actor, at=at, from_state="", to_state=SUBMITTED,
    comment=IMPORT_COMMENT) for each proposal of the sheet, without building 2,000 model instances.
    """
    ev, pr = ProposalEvent._meta, Proposal._meta
    qn = connection.ops.quote_name
    prefix, suffix = IMPORT_COMMENT.split("{row}")
    prefix = prefix.format(name=unit_sheet.original_name)
    at_db = ProposalEvent._meta.get_field("at").get_db_prep_value(at, connection)
    cols = ", ".join(qn(ev.get_field(f).column) for f in
                     ("proposal", "actor", "at", "from_state", "to_state", "comment", "public_note"))
    # Only quoted table/column names from the models are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {qn(ev.db_table)} ({cols}) "  # noqa: S608
        f"SELECT {qn(pr.pk.column)}, %s, %s, '', %s, %s || CAST({qn(pr.get_field('sheet_row').column)} AS TEXT) || %s, '' "
        f"FROM {qn(pr.db_table)} WHERE {qn(pr.get_field('sheet').column)} = %s "
        f"ORDER BY {qn(pr.get_field('sheet_row').column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [getattr(actor, "pk", None), at_db, State.SUBMITTED.value, prefix, suffix, unit_sheet.pk])
        return cursor.rowcount


@transaction.atomic
def unit_sheet_commit(*, unit_sheet: UnitSheet, parsed: ParsedSheet, actor) -> list[Proposal]:
    """Create every row of a clean sheet as a proposal of its unit, all or nothing."""
    if not parsed.ok:
        raise ValidationError([str(e) for e in parsed.errors])
    # Lock the sheet: a double click or two tabs must not import it twice.
    locked = UnitSheet.objects.select_for_update().only("state").get(pk=unit_sheet.pk)
    if locked.state != UnitSheet.State.PREVIEW:
        raise ValidationError(ERR_ALREADY_COMMITTED, code="committed")
    campaign = unit_sheet.campaign
    units = _units_by_name()
    now = timezone.now()
    actor = actor if getattr(actor, "pk", None) else None
    codes = new_tracking_codes(len(parsed.rows))
    proposals = []
    for row, code in zip(parsed.rows, codes, strict=True):
        unit = units.get(row["suggested_unit"])
        title, content = row["title"], row["content"]
        proposals.append(Proposal(
            campaign=campaign, code=code, channel=Channel.DIRECTED, unit=unit_sheet.unit, sheet=unit_sheet,
            sheet_row=row["row"], title=title, level=row["level"], proposer_name=row["proposer_name"],
            proposer_phone=row["proposer_phone"], suggested_unit=unit,
            suggested_unit_text="" if unit else row["suggested_unit"], content=content, remark=row["remark"],
            responsible_text=row["responsible_text"], necessity=row["necessity"], schedule=row["schedule"],
            investment=row["investment"], created_by=actor, created_at=now, state=State.SUBMITTED,
            domain_suggested=domain_suggest(text=title + content),
        ))
        # Every cell was validated by _parse_row against the model's own limits (LIMITS mirrors the
        # fields' max_length, a test keeps them equal), and the state/foreign keys hold by construction;
        # a per-row full_clean() would double the time of a 2,000-row sheet for no extra safety.
    Proposal.objects.bulk_create(proposals, batch_size=BATCH_SIZE)
    _events_for_sheet(unit_sheet=unit_sheet, actor=actor, at=now)
    unit_sheet.state = UnitSheet.State.COMMITTED
    unit_sheet.committed_at = now
    unit_sheet.row_count = len(proposals)
    unit_sheet.contact_name = parsed.contact_name[:50]
    unit_sheet.contact_phone = parsed.contact_phone[:30]
    unit_sheet.filled_on = parsed.date_text[:30]
    unit_sheet.full_clean()
    unit_sheet.save()
    return proposals


@transaction.atomic
def unit_sheet_preview(*, campaign: Campaign, uploaded, actor, own_unit: Organisation | None,
                       chosen_unit: Organisation | None = None) -> tuple[ParsedSheet, UnitSheet | None]:
    """Validate an uploaded 汇总表; only a clean one is kept (as 待确认) for the commit step."""
    parsed = unit_sheet_parse(uploaded=uploaded, campaign=campaign)
    resolve_unit(parsed, user=actor, chosen=chosen_unit, own_unit=own_unit)
    if not parsed.ok:
        return parsed, None
    uploaded.seek(0)
    us = UnitSheet(campaign=campaign, unit=parsed.unit, original_name=(getattr(uploaded, "name", "") or "")[:200],
                   row_count=len(parsed.rows), uploaded_by=actor, contact_name=parsed.contact_name[:50],
                   contact_phone=parsed.contact_phone[:30], filled_on=parsed.date_text[:30],
                   mime=sniff_mime(uploaded) or UNKNOWN_MIME)
    us.file.save("sheet.xlsx", uploaded, save=False)
    us.full_clean()
    us.save()
    return parsed, us
