"""Upload and spreadsheet safety helpers."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from minsheng.common import excel
from minsheng.common.files import upload_check
from minsheng.common.privacy import mask_name, mask_phone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def xlsx_bytes(rows=(("序号", "项目名称"), (1, "测试"))):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_pdf_and_image_accepted_by_content():
    assert upload_check(upload("a.pdf", PDF), kinds=("pdf",), max_bytes=1000).mime == "application/pdf"
    # The name says .pdf but the content is a PNG: it is an image.
    assert upload_check(upload("a.pdf", PNG), kinds=("image",), max_bytes=1000).mime == "image/png"


def test_renamed_executable_refused():
    with pytest.raises(ValidationError) as exc:
        upload_check(
            upload("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100), kinds=("image", "pdf"), max_bytes=10_000
        )
    assert "实际格式不被接受" in exc.value.messages[0]


def test_empty_and_oversized_refused():
    with pytest.raises(ValidationError, match="空文件"):
        upload_check(upload("a.pdf", b""), kinds=("pdf",), max_bytes=100)
    with pytest.raises(ValidationError, match="超过了"):
        upload_check(upload("a.pdf", PDF + b"0" * 200), kinds=("pdf",), max_bytes=100)


def test_office_document_detected_from_zip_directory():
    assert upload_check(upload("x.bin", xlsx_bytes()), kinds=("office",), max_bytes=10**6).mime.endswith(
        "sheet"
    )


def test_xlsx_open_reads_values():
    wb = excel.xlsx_open(upload("t.xlsx", xlsx_bytes()))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1] == (1, "测试")


def test_xlsx_open_refuses_non_xlsx():
    with pytest.raises(ValidationError, match="实际格式不被接受"):
        excel.xlsx_open(upload("t.xlsx", "序号,项目名称\n1,测试\n".encode()))


def test_xlsx_open_refuses_zip_bomb():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 1024 * 1024))
    with pytest.raises(ValidationError, match="压缩炸弹"):
        excel.xlsx_open(upload("bomb.xlsx", buf.getvalue()))


def test_xlsx_open_refuses_xml_entities():
    src = xlsx_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>' + body
            zout.writestr(info, data)
    with pytest.raises(ValidationError, match="不安全的 XML"):
        excel.xlsx_open(upload("lol.xlsx", out.getvalue()))


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x")'])
def test_neutralise_formulas(value):
    assert excel.neutralise(value) == "'" + value


def test_neutralise_leaves_plain_values():
    assert excel.neutralise("邵阳市") == "邵阳市"
    assert excel.neutralise(-5) == -5


def test_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0739-5123456") == "0739****3456"
    assert mask_phone("") == ""
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳修文") == "欧***"
