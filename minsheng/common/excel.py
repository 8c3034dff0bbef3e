"""Spreadsheet safety: bounded, bomb-resistant reading and formula-neutral writing.

openpyxl parses XML with defusedxml when it is installed (it is a dependency), which stops entity
expansion (XML bombs). It does nothing against zip bombs, which upload_check refuses before openpyxl sees the file.
"""

from __future__ import annotations

import zipfile
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError

from .files import upload_check

MAX_XLSX_BYTES = 10 * 1024 * 1024

ERR_NOT_XLSX = "文件“{name}”不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中“另存为 .xlsx”后再上传。"
ERR_XML_BOMB = "文件“{name}”含有不安全的 XML 内容（如实体定义），已拒绝。"
ERR_UNREADABLE = "文件“{name}”无法读取：文件可能已损坏。"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Make a text cell safe from formula injection: a leading = + - @ is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def quote_prefix(cell) -> None:
    """Keep a formula-looking text cell as text the way Excel does (the cell's 以文本形式存储 / quote prefix):
    the stored and displayed text stays exactly what was written, with no apostrophe added to it."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_text_row(ws, values) -> None:
    """ws.append(values), every formula-looking text cell kept as text through its quote prefix."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        quote_prefix(cell)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ERR_LEGACY_XLS = "文件“{name}”是旧版 Excel 97-2003 格式（.xls），请另存为 .xlsx 后上传（Excel 或 WPS：文件 → 另存为 → Excel 工作簿）。"


def is_legacy_xls(uploaded) -> bool:
    """An Excel 97-2003 workbook (WPS "Excel 97-2003 文件"): an OLE compound file with a Workbook/Book stream."""
    uploaded.seek(0)
    data = uploaded.read(MAX_XLSX_BYTES + 1)
    uploaded.seek(0)
    if not data.startswith(OLE_MAGIC):
        return False
    return "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data


def xlsx_open(uploaded, *, max_bytes: int = MAX_XLSX_BYTES, data_only: bool = True) -> openpyxl.Workbook:
    """Open an uploaded .xlsx read-only, refusing bombs and non-xlsx files.

    With data_only (the default) a formula cell reads as its cached result (None when the writing program
    stored none); with data_only=False it reads as its formula text and its cell's data_type is "f".
    """
    if is_legacy_xls(uploaded):
        raise ValidationError(ERR_LEGACY_XLS.format(name=getattr(uploaded, "name", "") or "未命名"), code="legacy_xls")
    # upload_check refuses a non-xlsx file and a zip bomb; what is left here is the XML inside.
    checked = upload_check(uploaded, kinds=("xlsx",), max_bytes=max_bytes)
    name = checked.name
    try:
        with zipfile.ZipFile(uploaded) as zf:
            for info in zf.infolist():
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as fh:
                        head = fh.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise ValidationError(ERR_XML_BOMB.format(name=name), code="xml_bomb")
    except zipfile.BadZipFile as exc:
        raise ValidationError(ERR_NOT_XLSX.format(name=name), code="not_xlsx") from exc
    finally:
        uploaded.seek(0)
    try:
        return openpyxl.load_workbook(uploaded, read_only=True, data_only=data_only)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is the user's file, not our bug
        raise ValidationError(ERR_UNREADABLE.format(name=name), code="unreadable") from exc


def cell_text(value: Any) -> str:
    """A cell's value as trimmed text: numbers stored as numbers or as text read the same."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
