"""Hostile input files for the bad-input corpus, generated at test time (bombs are never committed).

`python tests/corpus/generate.py OUTDIR` writes every file to OUTDIR for manual testing; the tests call
`build(name)` directly. Each builder returns (file name, bytes). See README.md for the list.
"""

from __future__ import annotations

import functools
import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path


def _xlsx(rows, *, merged: str | None = None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merged:
        ws.merge_cells(merged)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy an xlsx, replacing or adding members."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = (replace or {}).get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, body)
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def png(width: int, height: int, *, idat: bytes | None = None) -> bytes:
    """A PNG with the given header size; `idat` defaults to one tiny compressed row set."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    if idat is None:
        idat = zlib.compress(b"\x00" * (1 + 3 * min(width, 4)) * min(height, 4))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png_decompression_bomb() -> bytes:
    """~1 GB of pixels once decoded (18000×18000 RGB) in a file of ~1 MB."""
    width = height = 18000
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * (3 * width)
    parts = [comp.compress(row) for _ in range(height)]
    parts.append(comp.flush())
    return png(width, height, idat=b"".join(parts))


def gif_bomb() -> bytes:
    """An animated GIF header claiming 65535×65535 with 10,000 frame descriptors."""
    head = b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    frame = (
        b"\x21\xf9\x04\x00\x00\x00\x00\x00"
        + b"\x2c"
        + struct.pack("<HHHH", 0, 0, 65535, 65535)
        + b"\x00\x02\x02\x44\x01\x00"
    )
    return head + loop + frame * 10000 + b"\x3b"


def zip_bomb() -> bytes:
    """A zip named .xlsx whose single member expands to 300 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, zf.open(
        "xl/worksheets/sheet1.xml", "w", force_zip64=True
    ) as fh:
        block = b"\x00" * (1 << 20)
        for _ in range(300):
            fh.write(block)
    return _bomb_with_content_types(out.getvalue())


def _bomb_with_content_types(bomb: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(bomb))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        dst.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""

SVG_SCRIPT = b"""<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">
<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>"""

HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
PDF_MIN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def xlsx_with_sheet(sheet: bytes) -> bytes:
    return _rezip(_xlsx([["项目名称"], ["x"]]), replace={"xl/worksheets/sheet1.xml": sheet})


def builders() -> dict[str, object]:
    """name → zero-argument function returning the file's bytes."""
    return {
        "not_a_zip.xlsx": lambda: b"this is plain text, not a workbook\n" * 10,
        "truncated.xlsx": lambda: _xlsx([["a", "b"], [1, 2]])[:700],
        "empty.xlsx": lambda: b"",
        "plain_zip.xlsx": lambda: _plain_zip(),
        "pdf_renamed.xlsx": lambda: PDF_MIN,
        "zip_bomb.xlsx": zip_bomb,
        "billion_laughs.xlsx": lambda: xlsx_with_sheet(BILLION_LAUGHS),
        "xxe.xlsx": lambda: xlsx_with_sheet(XXE),
        "wrong_headers.xlsx": lambda: _xlsx([["甲", "乙", "丙"], ["1", "2", "3"]]),
        "merged_cells.xlsx": lambda: _xlsx([["项目名称", "级别"], ["a", "b"], ["c", "d"]], merged="A1:B3"),
        "formulas.xlsx": lambda: _xlsx([["=1+1", "=cmd|' /C calc'!A0", "+SUM(A1)", "-2+3", "@SUM(1)"]]),
        "blank_10000.xlsx": lambda: _xlsx([[None]] * 5 + [[""] * 3 for _ in range(10000)]),
        "exe_as.jpg": lambda: EXE,
        "elf_as.png": lambda: ELF,
        "html_as.pdf": lambda: HTML_PAGE,
        "svg_script.svg": lambda: SVG_SCRIPT,
        "svg_as.png": lambda: SVG_SCRIPT,
        "png_header_30000.png": lambda: png(30000, 30000),
        "png_decompression_bomb.png": png_decompression_bomb,
        "gif_bomb.gif": gif_bomb,
        "truncated.jpg": lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20,
        "empty.jpg": lambda: b"",
        "gbk_text.pdf": lambda: "中文内容".encode("gbk") * 50,
        "utf16_bom.jpg": lambda: "\ufeff文本".encode("utf-16"),
        "nul_bytes.png": lambda: b"\x00" * 4096,
        "huge_pdf.pdf": lambda: PDF_MIN + b"0" * (11 * 1024 * 1024),
    }


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return out.getvalue()


@functools.cache
def build(name: str) -> bytes:
    return builders()[name]()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")
    target.mkdir(parents=True, exist_ok=True)
    for fname, fn in builders().items():
        (target / fname).write_bytes(fn())
        print(fname, (target / fname).stat().st_size)
