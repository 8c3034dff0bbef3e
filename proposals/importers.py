"""Reading a unit's 征集汇总表: tolerant of Excel/WPS/LibreOffice quirks, strict about content.

Every row is validated and every error reported by row and column in Chinese; a sheet with any error
imports nothing (the commit happens only from a clean preview, in one transaction).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.common.excel import cell_text, xlsx_open
from minsheng.common.files import UNKNOWN_MIME, sniff_mime

from . import sheet
from .contacts import split_proposer
from .domains import domain_suggest
from .models import (
    Campaign,
    Channel,
    Proposal,
    ProposalEvent,
    State,
    UnitSheet,
    new_tracking_codes,
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
ERR_UNIT_UNKNOWN = "未能识别“单位名称”：{got}。请填写规范的单位全称，或由专班办公室选择报送单位。{closest}"
ERR_UNIT_CLOSEST = "最接近的单位：{names}。"
WARN_UNIT_WORDING = "“单位名称”为“{got}”，未能与单位名录对应，按当前账户单位“{want}”导入。"
ERR_UNIT_MISSING = "请填写“单位名称（盖章）”，或由专班办公室选择报送单位。"
ERR_CELL_REQUIRED = "不能为空。"
ERR_CELL_TOO_LONG = "不能超过 {n} 个字（当前 {m} 个）。"
ERR_CELL_LEVEL = "应为“省级”或“市级”{extra}，实际为“{got}”。"
ERR_CELL_LEVEL_NOT_ALLOWED = "本次征集不接受“{got}”项目。"
ERR_CELL_PHONE = "未找到有效的联系电话（手机号码或带区号的固定电话）。"
ERR_CELL_PHONE_UNREADABLE = "未找到有效的联系电话：“{got}”看起来是电话号码，但不是有效的手机号码（11 位）或带区号的固定电话，请核对。"
ERR_CELL_FORMULA_NO_VALUE = "该单元格是公式（{formula}），没有计算结果，请直接填写“省级”或“市级”。"
WARN_FORMULA = "该单元格是公式（{formula}），将按公式原文保存，不是计算结果；如需保存计算结果，请在表格中改为直接填写的文字。"
WARN_SEVERAL = "该格有 {people} 位建议人、{phones} 个电话：第一位存入“建议人”和“联系电话”，其余（{rest}）已写入备注。"
SEVERAL_REMARK = "建议人栏另有：{rest}"
ERR_ALREADY_COMMITTED = "该汇总表已导入，不能重复导入。"

FK_FIELDS = ["campaign", "unit", "sheet", "suggested_unit", "created_by", "merged_into"]
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
    warnings: list[CellError] = field(default_factory=list)
    unit: Organisation | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


ANY_LABEL = re.compile(r"\s*(?:联系人|联系方式|联系电话|手机号码|时间|单位名称)\s*(?:[（(][^）)]*[）)])?\s*[:：]")


def _label_re(label: str) -> re.Pattern:
    key = re.sub(r"（[^）]*）$", "", sheet.norm_header(label).rstrip("："))
    return re.compile(r"(?:^|(?<=\s))\s*" + r"\s*".join(map(re.escape, key)) + r"\s*(?:[（(][^）)]*[）)])?\s*[:：]?\s*")


def _after_label(cells: list[str], label: str) -> str:
    """'联系人：王五' in one cell, or the label in one cell and the value in the next one.

    The label may carry its bracketed note or not ("联系方式（手机号码）", "单位名称(盖章)"), either colon or none;
    a value ends where another label of the same line starts ("联系人：王五  联系方式：139…" in one cell).
    """
    pattern = _label_re(label)
    for i, text in enumerate(cells):
        m = pattern.search(text or "")
        if not m:
            continue
        rest = ANY_LABEL.split(text[m.end():], maxsplit=1)[0].strip()
        if rest:
            return rest
        for nxt in cells[i + 1:]:
            if nxt:
                return "" if ANY_LABEL.match(nxt) else nxt.strip()
        return ""
    return ""


def unit_sheet_parse(*, uploaded, campaign: Campaign) -> ParsedSheet:
    """Read and validate a 汇总表 (raises ValidationError for a file that is not a safe xlsx)."""
    # Formulas are read as formulas: a cached result is never stored as if someone had typed it.
    wb = xlsx_open(uploaded, data_only=False)
    formulas: dict[tuple[int, int], str] = {}
    try:
        ws = wb.worksheets[0]
        result = ParsedSheet()
        header_at = None
        raw_rows = []
        for idx, row_cells in enumerate(ws.iter_rows(), start=1):
            cells = []
            for col, c in enumerate(row_cells):
                if getattr(c, "data_type", None) == "f" and isinstance(c.value, str):
                    formulas[(idx, col)] = c.value
                cells.append(cell_text(c.value))
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
    cached = _cached_values(uploaded, formulas) if formulas else {}
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
        if footer or first.startswith(("联系人", "联系方式", "联系电话")):
            footer = True
            result.contact_name = result.contact_name or _after_label(cells, sheet.CONTACT_LABEL)
            result.contact_phone = (result.contact_phone or _after_label(cells, sheet.CONTACT_PHONE_LABEL)
                                    or _after_label(cells, "联系电话："))
            continue
        data_rows.append((idx, cells))
    if not data_rows:
        result.errors.append(CellError(row=0, col=-1, message=ERR_NO_ROWS))
    if len(data_rows) > MAX_ROWS:
        result.errors.append(CellError(row=0, col=-1, message=ERR_TOO_MANY_ROWS.format(n=MAX_ROWS)))
        return result
    for idx, cells in data_rows:
        row_formulas = {col: f for (r, col), f in formulas.items() if r == idx}
        row, errs, warns = _parse_row(idx, cells, campaign=campaign, formulas=row_formulas,
                                      cached={col: v for (r, col), v in cached.items() if r == idx})
        result.errors.extend(errs)
        result.warnings.extend(warns)
        result.rows.append(row)
    return result


def _cached_values(uploaded, formulas: dict[tuple[int, int], str]) -> dict[tuple[int, int], str]:
    """The results Excel or WPS cached for the formula cells (a program-written workbook has none)."""
    uploaded.seek(0)
    wb = xlsx_open(uploaded)
    wanted_rows = {r for r, _ in formulas}
    out = {}
    try:
        for idx, row_cells in enumerate(wb.worksheets[0].iter_rows(max_row=max(wanted_rows)), start=1):
            if idx in wanted_rows:
                for col, c in enumerate(row_cells):
                    if (idx, col) in formulas:
                        out[(idx, col)] = cell_text(c.value)
    finally:
        wb.close()
    return out


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


def _parse_row(idx: int, cells: list[str], *, campaign: Campaign, formulas: dict[int, str] | None = None,
               cached: dict[int, str] | None = None) -> tuple[dict, list[CellError], list[CellError]]:
    cells = cells + [""] * (len(sheet.HEADERS) - len(cells))
    formulas, cached = formulas or {}, cached or {}
    errors: list[CellError] = []
    warnings: list[CellError] = []
    row = {"row": idx, "formulas": []}
    for i, (_header, fld) in enumerate(sheet.COLUMNS):
        value = cells[i].strip()
        if i in formulas and fld not in ("seq", "level"):
            # A text column: the formula's own text is what the sheet holds; say so in the preview.
            warnings.append(CellError(idx, i, WARN_FORMULA.format(formula=formulas[i][:60])))
            row["formulas"].append(sheet.HEADERS[i])
        if fld == "seq":
            row["seq"] = cached.get(i, "") if i in formulas else value
        elif fld == "level":
            if i in formulas:
                value = cached.get(i, "")
                if not value:
                    errors.append(CellError(idx, i, ERR_CELL_FORMULA_NO_VALUE.format(formula=formulas[i][:60])))
                    row["level"], row["level_label"] = "", ""
                    continue
            level = sheet.LEVEL_WORDS.get(value.replace(" ", ""))
            row["level_label"] = sheet.LEVEL_LABEL.get(level or "", value)
            if not value:
                errors.append(CellError(idx, i, ERR_CELL_REQUIRED))
            elif level is None:
                errors.append(CellError(idx, i, ERR_CELL_LEVEL.format(got=value, extra="")))
            elif campaign.levels and level not in campaign.levels:
                errors.append(CellError(idx, i, ERR_CELL_LEVEL_NOT_ALLOWED.format(got=value)))
            row["level"] = level or ""
        elif fld == "proposer":
            who = split_proposer(value)
            if who.unreadable:
                errors.append(CellError(idx, i, ERR_CELL_PHONE_UNREADABLE.format(got="、".join(who.unreadable)[:40])))
            name = who.name
            if len(name) > LIMITS["proposer_name"]:
                errors.append(CellError(idx, i, ERR_CELL_TOO_LONG.format(n=LIMITS["proposer_name"], m=len(name))))
            row["proposer_name"], row["proposer_phone"], row["proposer_rest"] = name, who.phone, who.rest
            if who.several:
                warnings.append(CellError(idx, i, WARN_SEVERAL.format(people=max(len(who.names), 1),
                                                                      phones=len(who.phones), rest=who.rest)))
        else:
            if fld in ("title", "content") and not value:
                errors.append(CellError(idx, i, ERR_CELL_REQUIRED))
            limit = LIMITS.get(fld)
            if limit and len(value) > limit:
                errors.append(CellError(idx, i, ERR_CELL_TOO_LONG.format(n=limit, m=len(value))))
            row[fld] = value
    if row.get("proposer_rest"):
        extra = SEVERAL_REMARK.format(rest=row["proposer_rest"])
        row["remark"] = f"{row['remark']}；{extra}" if row["remark"] else extra
        if len(row["remark"]) > LIMITS["remark"]:
            errors.append(CellError(idx, sheet.FIELD_COLUMN["remark"],
                                    ERR_CELL_TOO_LONG.format(n=LIMITS["remark"], m=len(row["remark"]))))
    return row, errors, warnings


UNIT_PREFIXES = ("中国共产党", "中共")
UNIT_SUFFIXES = ("人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府办", "政府", "办公室", "委员会",
                 "（盖章）", "(盖章)", "盖章")


def unit_core(name: str, *, cities: tuple[str, ...] = ()) -> str:
    """A unit's name without what stamps add: "邵阳市隆回县人民政府", "隆回县人民政府办公室", "中共隆回县委" → "隆回县";
    "邵阳市交通运输局" and "市交通运输局" → "交通运输局"."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    text = text.replace("(", "（").replace(")", "）")
    changed = True
    while changed and text:
        changed = False
        for prefix in (*UNIT_PREFIXES, *cities):
            if prefix and text.startswith(prefix) and len(text) > len(prefix) + 1:
                text, changed = text[len(prefix):], True
        for suffix in UNIT_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text, changed = text[: -len(suffix)], True
        m = re.fullmatch(r"(.+[县市区])委", text)
        if m:
            text, changed = m.group(1), True
    if text.startswith("市") and len(text) > 3:
        text = text[1:]
    return text


def _unit_candidates() -> tuple[list[Organisation], tuple[str, ...]]:
    units = list(Organisation.objects.filter(
        kind__in=[Organisation.Kind.COUNTY, Organisation.Kind.DEPARTMENT], is_active=True).order_by("kind", "sort_order", "id"))
    cities = tuple(n for n in Organisation.objects.filter(
        kind__in=[Organisation.Kind.PROVINCE, Organisation.Kind.CITY]).values_list("name", flat=True) if n)
    cities += tuple(n for n in Organisation.objects.filter(
        kind__in=[Organisation.Kind.PROVINCE, Organisation.Kind.CITY]).values_list("short_name", flat=True) if n)
    return units, tuple(sorted(set(cities), key=len, reverse=True))


def unit_match(name: str) -> tuple[Organisation | None, list[Organisation]]:
    """(the unit the stamp names, or None; the closest units when none matches) — full or short names,
    with or without the city's name in front and the stamp's suffixes (人民政府、办公室、中共…委)."""
    units, cities = _unit_candidates()
    core = unit_core(name, cities=cities)
    if not core:
        return None, []
    cores = {}
    for u in units:
        for n in (u.name, u.short_name):
            if n:
                cores.setdefault(unit_core(n, cities=cities), set()).add(u)
    found = cores.get(core, set())
    if len(found) == 1:
        return next(iter(found)), []
    scored = sorted(units, key=lambda u: -max(
        difflib.SequenceMatcher(None, core, unit_core(n, cities=cities)).ratio() for n in (u.name, u.short_name) if n))
    return None, scored[:3]


def resolve_unit(parsed: ParsedSheet, *, user, chosen: Organisation | None, own_unit: Organisation | None) -> None:
    """Which unit the sheet belongs to: the clerk's own (checked against the sheet), or the office's choice.

    A clerk's own sheet is accepted whatever the stamp's wording, unless the stamp plainly names another unit.
    """
    name = parsed.unit_name.strip()
    if own_unit is not None:
        if name:
            unit, _closest = unit_match(name)
            stamp = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
            own = [unit_core(n) for n in (own_unit.name, own_unit.short_name) if n]
            short = [re.sub(r"[县市区]$", "", c) for c in own]
            if unit == own_unit or (unit is None and any(c in stamp for c in own)):
                pass
            elif unit is None and any(len(c) >= 2 and c in stamp for c in short):
                parsed.warnings.insert(0, CellError(row=2, col=-1, message=WARN_UNIT_WORDING.format(got=name, want=own_unit.name)))
            else:
                parsed.errors.insert(0, CellError(row=2, col=-1, message=ERR_UNIT_MISMATCH.format(got=name, want=own_unit.name)))
        parsed.unit = own_unit
        return
    if chosen is not None:
        parsed.unit = chosen
        return
    if not name:
        parsed.errors.insert(0, CellError(row=2, col=-1, message=ERR_UNIT_MISSING))
        return
    unit, closest = unit_match(name)
    if unit is None:
        hint = ERR_UNIT_CLOSEST.format(names="、".join(u.name for u in closest)) if closest else ""
        parsed.errors.insert(0, CellError(row=2, col=-1, message=ERR_UNIT_UNKNOWN.format(got=name, closest=hint)))
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
