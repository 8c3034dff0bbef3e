"""Workbook imports for setting up a city or a year: a template per kind, read and validate every row, a preview
(new / changed / unchanged / removed), then everything committed in one transaction or nothing.

Each app registers its kinds in its AppConfig.ready() (organisations and users in accounts, the programme and its
任务分解表 in projects, …) so this module never imports the domain apps. A kind is recognised from the name of the
workbook's first sheet, which the template sets.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .excel import append_text_row, cell_text, xlsx_open

MAX_ROWS = 20_000
INSTRUCTIONS_SHEET = "填写说明"
EXAMPLE_SHEET = "示例"

ERR_UNKNOWN_KIND = "无法识别工作簿的类型：第一个工作表的名称应为 {titles} 之一。请使用本平台下载的模板。"
ERR_WRONG_KIND = "这是“{got}”工作簿，不是所选的“{want}”。请选择正确的类型或上传正确的文件。"
ERR_HEADER = "列标题应为“{expected}”，实为“{got}”。请使用本平台下载的模板，不要增删或改动列标题。"
ERR_HEADER_MISSING = "缺少列“{expected}”。请使用本平台下载的模板。"
ERR_EMPTY = "表中没有可导入的数据行。"
ERR_TOO_MANY = "表中数据行超过 {n} 行，请分批导入。"
ERR_REQUIRED = "必填，不能为空。"
ERR_NOT_NUMBER = "“{value}”不是数字：请只填数字，不要带单位、逗号或“约”。"
ERR_NEGATIVE = "不能为负数。"
ERR_TOO_LONG_NUMBER = "数字“{value}”过长：整数部分最多 12 位，小数最多 4 位。"
ERR_NOT_INTEGER = "“{value}”不是正整数。"
ERR_NOT_DATE = "“{value}”不是日期：请填写如 2025-12-31 或 2025年12月31日。"
ERR_DUPLICATE = "“{value}”在表中重复出现（首次出现在第 {first} 行）。"
ERR_CHOICE = "“{value}”不是可选值，可选：{choices}。"
ERR_TOO_LONG_TEXT = "内容过长：最多 {n} 个字。"
ERR_STALE = "导入预览已过期，请重新上传。"
ERR_CONFLICT = "导入失败，未保存任何数据：表中的修改与平台中已有的数据冲突（例如要删除的行已被其他记录引用），请重新上传预览后再试。"
HINT_CLOSEST = "您是否要找“{name}”？"

NEW, CHANGED, UNCHANGED, REMOVED, KEPT = "new", "changed", "unchanged", "removed", "kept"
ACTION_LABELS = {
    NEW: "新增",
    CHANGED: "修改",
    UNCHANGED: "不变",
    REMOVED: "删除",
    KEPT: "表中未列出，已有填报数据，保留",
}


@dataclass(frozen=True)
class Column:
    header: str
    note: str = ""
    required: bool = False
    width: int = 14


@dataclass
class CellError:
    row: int  # 0: the whole file
    column: str  # "C 列（指标编码）"
    message: str


@dataclass
class Change:
    action: str
    label: str  # what the row is, in words
    row: int = 0
    diff: list[tuple[str, str, str]] = field(default_factory=list)  # (field label, old, new)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class Preview:
    kind: WorkbookKind
    headers: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    plan: dict[str, Any] = field(default_factory=dict)  # what commit writes, built by the kind's parse
    actor: Any = None  # who imports: an office acts only within its own level (None: a command or the demo)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(ACTION_LABELS, 0)
        for c in self.changes:
            out[c.action] += 1
        return out

    @property
    def has_work(self) -> bool:
        return any(c.action != UNCHANGED for c in self.changes)

    @property
    def shown_changes(self) -> list[Change]:
        """The rows a person should look at (unchanged ones are only counted), at most 500."""
        return [c for c in self.changes if c.action != UNCHANGED][:500]

    def col(self, header: str) -> str:
        """“C 列（指标编码）” for a header of this sheet."""
        try:
            i = self.headers.index(header)
        except ValueError:
            return f"列（{header}）"
        return f"{get_column_letter(i + 1)} 列（{header}）"

    def error(self, row: int, header: str, message: str) -> None:
        self.errors.append(CellError(row, self.col(header) if header else "—", message))

    def warn(self, row: int, header: str, message: str) -> None:
        self.warnings.append(CellError(row, self.col(header) if header else "—", message))


@dataclass
class Result:
    message: str
    counts: dict[str, int] = field(default_factory=dict)
    sheet: list[dict[str, str]] | None = None  # rows to show once on a printable page (initial passwords)


class WorkbookKind:
    """One kind of set-up workbook. Subclasses set the class attributes and implement parse and commit."""

    key: str = ""
    title: str = ""  # the first sheet's name, which is also how the kind is recognised
    columns: list[Column] = []
    instructions: list[str] = []
    examples: list[list[Any]] = []
    order: int = 100

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def check_headers(self, got: list[str], preview: Preview) -> bool:
        """Fixed headers: exactly the template's, in order (trailing empty cells ignored)."""
        expected = self.headers()
        preview.headers = expected
        ok = True
        for i, want in enumerate(expected):
            have = got[i] if i < len(got) else ""
            letter = f"{get_column_letter(i + 1)} 列"
            if have == "":
                preview.errors.append(CellError(1, letter, ERR_HEADER_MISSING.format(expected=want)))
                ok = False
            elif have != want:
                preview.errors.append(CellError(1, letter, ERR_HEADER.format(expected=want, got=have[:30])))
                ok = False
        return ok

    def template_rows(self, **options) -> list[list[Any]]:
        """Rows pre-filled in the data sheet (none by default: examples go to their own sheet)."""
        return []

    def template_headers(self, **options) -> list[str]:
        return self.headers()

    def parse(self, rows: list[tuple[int, list[Any]]], preview: Preview) -> None:
        raise NotImplementedError

    def commit(self, preview: Preview, *, actor) -> Result:
        raise NotImplementedError


_kinds: dict[str, WorkbookKind] = {}


def register_kind(kind: WorkbookKind) -> None:
    """Add (or replace, by key) a kind of set-up workbook."""
    _kinds[kind.key] = kind


def workbook_kinds() -> list[WorkbookKind]:
    """The registered kinds in set-up order."""
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def workbook_kind(key: str) -> WorkbookKind | None:
    return _kinds.get(key)


# ---- reading cells ------------------------------------------------------------------------------------------------


def text(
    raw: Any, preview: Preview, row: int, header: str, *, required: bool = False, max_len: int = 200
) -> str:
    """A text cell, trimmed; required and length checked."""
    value = cell_text(raw)
    if required and value == "":
        preview.error(row, header, ERR_REQUIRED)
    elif len(value) > max_len:
        preview.error(row, header, ERR_TOO_LONG_TEXT.format(n=max_len))
        return value[:max_len]
    return value


def number(raw: Any, preview: Preview, row: int, header: str, *, required: bool = False) -> Decimal | None:
    """A non-negative number cell as people fill it (a number, or text holding only a number)."""
    value_text = cell_text(raw)
    if value_text == "":
        if required:
            preview.error(row, header, ERR_REQUIRED)
        return None
    if isinstance(raw, bool):
        preview.error(row, header, ERR_NOT_NUMBER.format(value=value_text[:30]))
        return None
    if isinstance(raw, int | float):
        value = Decimal(repr(float(raw))) if isinstance(raw, float) else Decimal(raw)
    else:
        stripped = value_text.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
        try:
            value = Decimal(stripped)
            if "e" in stripped.lower():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            preview.error(row, header, ERR_NOT_NUMBER.format(value=value_text[:30]))
            return None
    if not value.is_finite():
        preview.error(row, header, ERR_NOT_NUMBER.format(value=value_text[:30]))
        return None
    value = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
    _sign, digits, exp = value.as_tuple()
    if len(digits) + exp > 12:
        preview.error(row, header, ERR_TOO_LONG_NUMBER.format(value=value_text[:30]))
        return None
    if value < 0:
        preview.error(row, header, ERR_NEGATIVE)
        return None
    return value


def positive_int(raw: Any, preview: Preview, row: int, header: str, *, required: bool = True) -> int | None:
    """A sequence number: a whole number from 1 to 32767."""
    value_text = cell_text(raw)
    if value_text == "":
        if required:
            preview.error(row, header, ERR_REQUIRED)
        return None
    if value_text.isdigit() and 0 < int(value_text) < 32768:
        return int(value_text)
    preview.error(row, header, ERR_NOT_INTEGER.format(value=value_text[:30]))
    return None


DATE_CN = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")


def a_date(raw: Any, preview: Preview, row: int, header: str) -> date | None:
    """A date cell: an Excel date, 2025-12-31, 2025/12/31 or 2025年12月31日."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    value_text = cell_text(raw)
    if value_text == "":
        return None
    m = DATE_CN.match(value_text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    preview.error(row, header, ERR_NOT_DATE.format(value=value_text[:30]))
    return None


def choice(
    raw: Any, preview: Preview, row: int, header: str, options: dict[str, str], *, default: str = ""
) -> str:
    """A value picked from labels (several spellings may map to one value)."""
    value_text = cell_text(raw)
    if value_text == "":
        if default:
            return default
        preview.error(row, header, ERR_REQUIRED)
        return ""
    if value_text in options:
        return options[value_text]
    shown = "、".join(dict.fromkeys(k for k in options if not k.isascii()))
    preview.error(row, header, ERR_CHOICE.format(value=value_text[:30], choices=shown))
    return ""


def closest_hint(name: str, candidates: Iterable[str]) -> str:
    """“您是否要找“市教育局”？” for the closest known name, or ""."""
    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.4)
    return HINT_CLOSEST.format(name=found[0]) if found else ""


def show(value: Any) -> str:
    """A value as shown in the preview."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value) or "（空）"
    return str(value)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        if a is None or b is None:
            return a is None and b is None
        return Decimal(a) == Decimal(b)
    return (a or "") == (b or "")


def diff_fields(pairs: Iterable[tuple[str, Any, Any]]) -> list[tuple[str, str, str]]:
    """The (label, old, new) of the fields that differ."""
    return [(label, show(old), show(new)) for label, old, new in pairs if not same(old, new)]


# ---- templates ----------------------------------------------------------------------------------------------------


def template_build(*, kind: WorkbookKind, **options) -> bytes:
    """The kind's template: the data sheet (headers, pre-filled rows if any), the instructions, the examples."""
    wb = Workbook()
    ws = wb.active
    ws.title = kind.title
    headers = kind.template_headers(**options)
    ws.append(headers)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for values in kind.template_rows(**options):
        append_text_row(ws, values)
    widths = {c.header: c.width for c in kind.columns}
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(h, 12)
    ws.freeze_panes = "A2"

    info = wb.create_sheet(INSTRUCTIONS_SHEET)
    append_text_row(info, [f"{kind.title}：填写说明"])
    info["A1"].font = Font(bold=True, size=13)
    for line in [
        *kind.instructions,
        f"请在第一个工作表“{kind.title}”中填写，第 1 行为列标题，请勿改动；从第 2 行起每行一条。",
        "上传后先预览（新增 / 修改 / 不变 / 删除），确认后一次导入；表中任何一处有误都不会保存任何数据。",
        "本表与“示例”工作表可以保留，导入时只读取第一个工作表。",
    ]:
        append_text_row(info, [line])
    info.append([])
    append_text_row(info, ["列", "是否必填", "说明"])
    for cell in info[info.max_row]:
        cell.font = Font(bold=True)
    for c in kind.columns:
        append_text_row(info, [c.header, "必填" if c.required else "选填", c.note])
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 10
    info.column_dimensions["C"].width = 90

    if kind.examples:
        ex = wb.create_sheet(EXAMPLE_SHEET)
        ex_headers = kind.template_headers(example=True, **options)
        append_text_row(ex, ex_headers)
        for cell in ex[1]:
            cell.font = Font(bold=True)
        for values in kind.examples:
            append_text_row(ex, values)
        for i, h in enumerate(ex_headers, start=1):
            ex.column_dimensions[get_column_letter(i)].width = widths.get(h, 12)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---- reading a workbook -------------------------------------------------------------------------------------------


def workbook_preview(*, uploaded, expected: str | None = None, actor=None) -> Preview:
    """Read and validate every row of an uploaded workbook; nothing is written. Raises ValidationError for a file
    that is not a safe .xlsx or whose kind is not recognised. With an actor, a row or column naming a unit
    outside the actor's own level is an error (the kinds check it with accounts.rules.import_scope_error)."""
    wb = xlsx_open(uploaded)
    try:
        by_title = {k.title: k for k in _kinds.values()}
        first = wb.worksheets[0] if wb.worksheets else None
        kind = by_title.get(first.title.strip()) if first is not None else None
        if kind is None:
            titles = "、".join(f"“{k.title}”" for k in workbook_kinds())
            raise ValidationError(ERR_UNKNOWN_KIND.format(titles=titles), code="unknown_kind")
        if expected and expected != kind.key:
            want = _kinds[expected].title if expected in _kinds else expected
            raise ValidationError(ERR_WRONG_KIND.format(got=kind.title, want=want), code="wrong_kind")
        preview = Preview(kind=kind, actor=actor)
        rows: list[tuple[int, list[Any]]] = []
        header_ok = False
        for r, values in enumerate(first.iter_rows(values_only=True), start=1):
            values = list(values)
            if r == 1:
                got = [cell_text(v) for v in values]
                while got and got[-1] == "":
                    got.pop()
                header_ok = kind.check_headers(got, preview)
                if not header_ok:
                    break
                continue
            if all(cell_text(v) == "" for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                preview.errors.append(CellError(0, "—", ERR_TOO_MANY.format(n=MAX_ROWS)))
                return preview
            width = len(preview.headers)
            rows.append((r, (values + [None] * width)[:width]))
    finally:
        wb.close()
    if header_ok:
        if not rows:
            preview.errors.append(CellError(0, "—", ERR_EMPTY))
        else:
            kind.parse(rows, preview)
    preview.errors.sort(key=lambda e: e.row)
    return preview


def workbook_commit(*, uploaded, expected: str, actor) -> Result:
    """Read the workbook again and write it in one transaction: any error (including one that appeared since the
    preview) stores nothing."""
    try:
        with transaction.atomic():
            preview = workbook_preview(uploaded=uploaded, expected=expected, actor=actor)
            if preview.errors:
                first = preview.errors[0]
                where = f"第 {first.row} 行 {first.column}：" if first.row else ""
                raise ValidationError(f"导入失败，未保存任何数据。{where}{first.message}", code="invalid")
            return preview.kind.commit(preview, actor=actor)
    except (IntegrityError, ProtectedError) as exc:  # a row changed by someone else since the preview
        raise ValidationError(ERR_CONFLICT, code="conflict") from exc


# ---- the set-up checklist ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckItem:
    ok: bool
    text: str
    url: str = ""
    link_text: str = ""
    order: int = 100


CheckProvider = Callable[..., list[CheckItem]]  # called with user=: the office whose checklist it is
_checks: dict[str, CheckProvider] = {}


def register_check(key: str, provider: CheckProvider) -> None:
    """Add (or replace, by key) a provider of set-up checklist items."""
    _checks[key] = provider


def setup_checklist(user=None) -> list[CheckItem]:
    """Every registered check for this office's own level (everything for full scope or no user), open items
    first, then in their order."""
    items = [item for provider in _checks.values() for item in provider(user=user)]
    return sorted(items, key=lambda i: (i.ok, i.order))
