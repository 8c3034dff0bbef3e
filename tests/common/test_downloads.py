"""The one download helper: stored type, nosniff, attachment unless image/PDF, a sandboxing CSP, safe names."""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import unquote

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.http import Http404

from minsheng.common.downloads import (
    DOWNLOAD_CSP,
    content_disposition,
    safe_filename,
    serve_stored_file,
)
from minsheng.common.files import fill_sniffed_mime, sniff_stored, suffix_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG_HTML = b"\xff\xd8\xff\xe0<html><script>document.title='XSS'</script></html>"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def stored(content: bytes, name: str = "whatever.bin") -> File:
    return File(io.BytesIO(content), name=name)


def filename_star(header: str) -> str:
    found = re.search(r"filename\*=UTF-8''([^;\s]+)", header)
    assert found, header
    return unquote(found.group(1))


@pytest.mark.parametrize(
    ("name", "mime", "expected"),
    [
        ("整改照片.JPG", "image/jpeg", "整改照片.jpg"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        # A JPEG polyglot named like a page or a script is offered under its real type.
        ("x.html", "image/jpeg", "x.jpg"),
        ("x.htm", "image/gif", "x.gif"),
        ("x.js", "image/png", "x.png"),
        ("x.svg", "application/pdf", "x.pdf"),
        # CR/LF, NUL, quotes, path separators and Windows-reserved characters go.
        ("a\r\nb\x00c\"d'e/f\\g:h*i?j<k>l|m;n.pdf", "application/pdf", "abcdefghijklmn.pdf"),
        ("../../etc/passwd", "application/pdf", "etcpasswd.pdf"),
        # A right-to-left override (spoofing "gpj.exe" as "exe.jpg") and zero-width characters go.
        ("\u202egpj.exe", "image/png", "gpj.png"),
        ("整\u200b改.pdf", "application/pdf", "整改.pdf"),
        ("  多  空格\u3000名.pdf ", "application/pdf", "多 空格 名.pdf"),
        # A dot inside a title is not an extension: nothing is cut, the suffix is added.
        ("邵政发〔2024〕1.5号", "application/pdf", "邵政发〔2024〕1.5号.pdf"),
        ("....", "application/pdf", "文件.pdf"),
        ("", "image/gif", "文件.gif"),
        ("a.xls", "application/msword", "a.xls"),
        ("a.docx", DOCX, "a.docx"),
        ("evil.svg", "application/octet-stream", "evil.bin"),
    ],
)
def test_safe_filename(name, mime, expected):
    assert safe_filename(name, mime=mime) == expected


def test_safe_filename_keeps_long_names_bounded():
    name = safe_filename("长" * 500 + ".pdf", mime="application/pdf")
    assert name == "长" * 100 + ".pdf"


@pytest.mark.parametrize(
    ("filename", "inline", "fallback", "star"),
    [
        ("report-2024.pdf", True, "report-2024.pdf", "report-2024.pdf"),
        ("整改照片.jpg", True, "download.jpg", "%E6%95%B4%E6%94%B9%E7%85%A7%E7%89%87.jpg"),
        ("1-9月通报.docx", False, "1-9.docx", "1-9%E6%9C%88%E9%80%9A%E6%8A%A5.docx"),
        ("a b (1).pdf", False, "a b (1).pdf", "a%20b%20%281%29.pdf"),
    ],
)
def test_content_disposition_is_rfc_6266(filename, inline, fallback, star):
    header = content_disposition(filename, inline=inline)
    assert header == f"{'inline' if inline else 'attachment'}; filename=\"{fallback}\"; filename*=UTF-8''{star}"
    assert filename_star(header) == filename
    assert header.isascii() and "\r" not in header and "\n" not in header


def test_polyglot_image_is_served_as_its_sniffed_type_inline_and_sandboxed():
    resp = serve_stored_file(stored(JPEG_HTML, "evidence/abc.html"), mime="image/jpeg", filename="整改<script>.html")
    assert resp["Content-Type"] == "image/jpeg"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Content-Security-Policy"] == DOWNLOAD_CSP == "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    assert resp["Cross-Origin-Resource-Policy"] == "same-origin"
    assert resp["Cache-Control"] == "private, no-store"
    assert resp["Content-Disposition"].startswith("inline;")
    assert filename_star(resp["Content-Disposition"]) == "整改script.jpg"
    assert b"".join(resp.streaming_content) == JPEG_HTML


def test_pdf_is_inline_and_office_documents_are_attachments():
    pdf = serve_stored_file(stored(PDF), mime="application/pdf", filename="方案.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith("inline;")
    docx = serve_stored_file(stored(b"PK\x03\x04..."), mime=DOCX, filename="报告.docx")
    assert docx["Content-Type"] == DOCX and docx["Content-Disposition"].startswith("attachment;")
    assert docx["Content-Security-Policy"] == DOWNLOAD_CSP


def test_inline_false_downloads_even_an_image():
    resp = serve_stored_file(stored(PDF), mime="application/pdf", filename="回复.pdf", inline=False)
    assert resp["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("mime", ["text/html", "image/svg+xml", "application/javascript", "", "text/plain"])
def test_a_type_never_stored_by_an_upload_is_opaque_bytes_to_download(mime):
    resp = serve_stored_file(stored(b"<svg onload=alert(1)>"), mime=mime, filename="x.svg")
    assert resp["Content-Type"] == "application/octet-stream"
    assert resp["Content-Disposition"].startswith("attachment;")
    assert filename_star(resp["Content-Disposition"]) == "x.bin"


def test_cache_control_can_be_chosen():
    resp = serve_stored_file(stored(PDF), mime="application/pdf", filename="a", cache_control="private, max-age=3600")
    assert resp["Cache-Control"] == "private, max-age=3600"


@pytest.mark.django_db
def test_missing_or_empty_file_is_a_404():
    from progress.models import PolicyDocument

    with pytest.raises(Http404):
        serve_stored_file(PolicyDocument().file, mime="application/pdf", filename="a.pdf")
    doc = PolicyDocument(file="progress/policy/gone.pdf")
    with pytest.raises(Http404):
        serve_stored_file(doc.file, mime="application/pdf", filename="a.pdf")


def test_stored_suffix_follows_the_type():
    assert suffix_for("image/jpeg") == ".jpg"
    assert suffix_for("application/pdf") == ".pdf"
    assert suffix_for("text/html") == ".bin"
    assert suffix_for("") == ".bin"


@pytest.mark.django_db
def test_data_migration_sniffs_content_never_the_name(settings, tmp_path):
    """fill_sniffed_mime (the data migrations' step) reads the bytes: a JPEG polyglot called .html is a JPEG."""
    from progress.models import PolicyDocument
    from tests.factories import ProjectFactory

    settings.MEDIA_ROOT = str(tmp_path)
    project = ProjectFactory()
    polyglot = PolicyDocument.objects.create(project=project, title="a", published_on=date(2024, 1, 1), mime="")
    polyglot.file.save("x.html", ContentFile(JPEG_HTML), save=True)
    pdf = PolicyDocument.objects.create(project=project, title="b", published_on=date(2024, 1, 1), mime="")
    pdf.file.save("x.js", ContentFile(PDF), save=True)
    junk = PolicyDocument.objects.create(project=project, title="c", published_on=date(2024, 1, 1), mime="")
    junk.file.save("x.pdf", ContentFile(b"<html>not a pdf</html>"), save=True)
    PolicyDocument.objects.create(
        project=project, title="d", published_on=date(2024, 1, 1), mime="", file="progress/policy/gone.pdf"
    )
    known = PolicyDocument.objects.create(project=project, title="e", published_on=date(2024, 1, 1), mime="image/png")
    known.file.save("x.png", ContentFile(PDF), save=True)
    no_file = PolicyDocument.objects.create(project=project, title="f", published_on=date(2024, 1, 1), mime="")

    assert fill_sniffed_mime(PolicyDocument, file_field="file", mime_field="mime") == 3
    mimes = dict(PolicyDocument.objects.values_list("title", "mime"))
    assert mimes == {
        "a": "image/jpeg",
        "b": "application/pdf",
        "c": "application/octet-stream",
        "d": "",  # the file is gone: nothing to sniff (its download is a 404)
        "e": "image/png",  # already stored: left alone
        "f": "",
    }
    assert no_file.mime == "" and sniff_stored(PolicyDocument.objects.get(title="a").file) == "image/jpeg"
