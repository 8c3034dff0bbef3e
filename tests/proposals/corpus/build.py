"""Builds the xlsx corpus: official-layout sheets with the quirks of Excel/WPS/LibreOffice, and bad files.

Run `python -m tests.proposals.corpus.build` to (re)write the files beside this script; the tests call
`build(directory)` on a temporary directory so they never depend on stale files.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

from proposals import sheet

GOOD_ROWS = [
    [1, "农村公路安装路灯", "市级", "张三 13812345678", "市交通运输局", "村道夜间无照明，拟安装太阳能路灯 500 盏", "", "", "", "", ""],
    ["2", "社区老年助餐点建设", "省级", "李四，0739-5026059", "市民政局", "新建 20 个社区老年助餐点", "", "市民政局", "", "", ""],
]


def sheet_bytes(rows, *, year=2025, unit="洞口县", headers=None, title=None, trailing_blank=0, footer=True) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "征集汇总表"
    ws.append([title or sheet.TITLE.format(year=year)])
    ws.merge_cells("A1:K1")
    ws.append([sheet.UNIT_LABEL + unit, None, None, None, None, None, sheet.DATE_LABEL + "2025 年 1 月 2 日"])
    ws.merge_cells("A2:F2")
    ws.merge_cells("G2:K2")
    ws.append(headers or sheet.HEADERS)
    for r in rows:
        ws.append(r)
    for i in range(trailing_blank):
        ws.cell(row=ws.max_row + 1, column=1).number_format = "@"  # styled but empty (WPS/Excel leave these)
        ws.cell(row=ws.max_row, column=2, value=None)
        ws.cell(row=ws.max_row, column=3, value="" if i % 2 else None)
    if footer:
        ws.append([])
        ws.append([sheet.CONTACT_LABEL + "王五"])
        ws.append([sheet.CONTACT_PHONE_LABEL + "13900001111"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_quirky() -> bytes:
    """LibreOffice-like headers (line breaks, half-width brackets), numbers as text, phone as a number."""
    headers = list(sheet.HEADERS)
    headers[2] = "项目级别 (省级/市级)"
    headers[3] = "建议人姓名及\n联系电话"
    rows = [list(r) for r in GOOD_ROWS]
    rows.append(["3", "中小学课后服务", "市级", 13812349999, "市教育局", "全市中小学开展课后服务", "", "", "", "", ""])
    return sheet_bytes(rows, headers=headers, trailing_blank=30)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _members(xlsx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def zip_bomb() -> bytes:
    members = _members(sheet_bytes(GOOD_ROWS))
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"] + b" " * (30 * 1024 * 1024)
    return _zip(members)


def xml_bomb() -> bytes:
    members = _members(sheet_bytes(GOOD_ROWS))
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
           + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           + b"<si><t>&lol9;</t></si></sst>")
    members["xl/sharedStrings.xml"] = lol
    return _zip(members)


def bad_files() -> dict[str, bytes]:
    """name → content; each must be refused with a Chinese message and store nothing."""
    good = sheet_bytes(GOOD_ROWS)
    wrong_headers = list(sheet.HEADERS)
    wrong_headers[1], wrong_headers[2] = wrong_headers[2], wrong_headers[1]
    return {
        "not_xlsx_text.xlsx": "序号,项目名称\n1,路灯\n".encode(),
        "legacy_xls.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048,
        "pdf_renamed.xlsx": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + b"x" * 200,
        "truncated.xlsx": good[: len(good) // 2],
        "plain_zip.xlsx": _zip({"readme.txt": b"hello"}),
        "zip_bomb.xlsx": zip_bomb(),
        "xml_bomb.xlsx": xml_bomb(),
        "wrong_headers.xlsx": sheet_bytes(GOOD_ROWS, headers=wrong_headers),
        "extra_column.xlsx": sheet_bytes([r + ["x"] for r in GOOD_ROWS], headers=[*sheet.HEADERS, "多余列"]),
        "no_header.xlsx": sheet_bytes([], headers=["随便", "写写"], footer=False),
        "no_rows.xlsx": sheet_bytes([], trailing_blank=5),
        "wrong_year.xlsx": sheet_bytes(GOOD_ROWS, year=2019),
        "bad_rows.xlsx": sheet_bytes([
            *GOOD_ROWS,
            [3, "", "市级", "王五 13812345678", "", "内容", "", "", "", "", ""],
            [4, "标题", "国家级", "赵六 12345", "", "", "", "", "", "", ""],
            [5, "长" * 101, "县级", "", "", "内容", "", "", "", "", ""],
        ]),
        "wrong_unit.xlsx": sheet_bytes(GOOD_ROWS, unit="邵东市"),
        "formula_cells.xlsx": sheet_bytes([[1, "=1+1", "市级", "", "", "", "", "", "", "", ""]]),
    }


def with_cached(xlsx: bytes, cached: dict[str, str]) -> bytes:
    """What Excel or WPS writes when it saves a formula: the formula and its last result (<v>), as text results."""
    import re
    from xml.sax.saxutils import escape

    members = _members(xlsx)
    xml = members["xl/worksheets/sheet1.xml"].decode()
    for ref, value in cached.items():
        xml, n = re.subn(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?',
                         lambda m, v=value, ref=ref: f'<c r="{ref}"{m.group(1)} t="str"><f>{m.group(2)}</f><v>{escape(v)}</v>', xml)
        assert n == 1, ref
    members["xl/worksheets/sheet1.xml"] = xml.encode()
    return _zip(members)


def real_xls() -> bytes:
    """The start of an Excel 97-2003 workbook as WPS saves it: an OLE compound file whose directory holds the
    "Workbook" stream (only the parts the upload check reads)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header += b"\0" * (512 - len(header))
    entry = "Root Entry".encode("utf-16-le").ljust(64, b"\0") + b"\x16\x00\x05\x01" + b"\0" * 60
    entry += "Workbook".encode("utf-16-le").ljust(64, b"\0") + b"\x12\x00\x02\x01" + b"\0" * 60
    return header + entry.ljust(512, b"\0") + b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\0" * 1024


def too_big() -> bytes:
    return b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 10)


def build(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in {**bad_files(), "good_quirky.xlsx": good_quirky()}.items():
        path = directory / name
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent):
        print(p, p.stat().st_size)
