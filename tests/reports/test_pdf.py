"""PDF output: GB/T 9704 geometry read back from the file, embedded CJK subsets, Chinese text, the fetcher."""

import re
import subprocess
from pathlib import Path

import pytest

from reports.models import RenderState
from reports.render.pdf import UrlRefused, html_to_pdf, url_fetcher
from reports.services import document_render

MM = 72 / 25.4


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def rendered(city_bulletin):
    doc = document_render(document_id=city_bulletin.pk)
    assert doc.render_state == RenderState.READY, doc.render_error
    return doc, Path(doc.pdf.path)


def test_pdf_text_fonts_and_geometry(rendered):
    doc, path = rendered
    info = _run("pdfinfo", str(path))
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(w, 2), round(h, 2)) == (595.28, 841.89)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 4
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    cjk = [f for f in fonts if "CJK" in f or "UKai" in f or "Zen" in f]
    assert cjk, fonts
    for line in cjk:
        name, cols = line.split()[0], line.split()
        assert re.match(r"^[A-Z]{6}\+", name), line  # subset prefix
        assert cols[-5:-2] == ["yes", "yes", "yes"], line  # emb sub uni
    text = re.sub(r"\s+", "", _run("pdftotext", str(path), "-"))
    for sentence in (
        "关于全市1-9月实施民生可感行动工作推进情况的通报",
        "其中，“市县两级应急广播建设工程”中的“市级应急广播建设”指标未达序时",
        "“化解超期安置3200户”1个指标未达序时",
        "其中，邵阳县未达序时，进度为45.56%",
        "其中，邵东市未达序时，进度为38.69%",
        "其中，洞口县未达序时，进度为74.51%",
        "（邵阳市人力资源和社会保障局代章）",
        "—1—",
    ):
        assert sentence in text, sentence
    # Text block read back from page 1: left edge at the 28 mm binding margin, top at 37 mm,
    # right edge within 28 + 156 mm, page number 7 mm below the 225 mm block.
    bbox = _run("pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-")
    words = [
        tuple(float(v) for v in m)
        for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', bbox)
    ]
    body = [w for w in words if 30 * MM < w[1] < 262 * MM]  # (the draft mark sits in the top margin)
    footer = [w for w in words if w[1] >= 262 * MM]
    assert min(w[0] for w in body) == pytest.approx(28 * MM, abs=1.5)
    assert max(w[2] for w in body) <= (28 + 156) * MM + 1.5
    assert min(w[1] for w in body) >= 37 * MM - 1
    assert min(w[1] for w in body) <= 37 * MM + 12
    assert footer and min(w[1] for w in footer) == pytest.approx((37 + 225 + 7) * MM, abs=1.5)
    assert max(w[2] for w in footer) <= (28 + 156) * MM + 1  # odd page: right-aligned in the block


def test_fetcher_allows_only_data_and_our_static():
    f = url_fetcher()
    for url in (
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/a.css",
        "https://minsheng-static.invalid/static/../../etc/passwd",
        "https://minsheng-static.invalid/static/vendor/bootstrap/bootstrap.min.css",
    ):
        with pytest.raises(UrlRefused):
            f.fetch(url)
    assert f.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert b"@page" in f.fetch("https://minsheng-static.invalid/static/reports/print.css").read()


def test_content_urls_are_not_fetched(caplog):
    html = (
        '<html><body><p>正文</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<link rel="stylesheet" href="file:///etc/passwd"></body></html>'
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF") and b"root:x:0:0" not in pdf
    refused = [r.getMessage() for r in caplog.records if "拒绝读取外部资源" in r.getMessage()]
    assert any("file:///etc/passwd" in m for m in refused)
    assert any("http://127.0.0.1:9/x.png" in m for m in refused)


def test_user_text_is_escaped(city_bulletin, office):
    from reports.render.html import document_html
    from reports.services import document_edit

    doc = document_edit(
        document=city_bulletin, actor=office, sections={"plans": '<img src="file:///etc/passwd">计划'}
    )
    html = document_html(doc)
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img" in html


def test_banji_pinned_annex_continuation_and_docx_page_numbers(rendered, office):
    """版记 at the bottom of the last page; annex header row and a matter's name repeated after a page
    break ("（续）"); the .docx footer carries "— PAGE —" fields, odd right / even left."""
    import io
    import zipfile

    from reports.services import document_edit

    doc, path = rendered
    # The office writes a long 进展情况 for ⑫, so that 6 提高养老服务水平 (⑫⑬⑭) crosses a page break.
    doc = document_edit(document=doc, actor=office, sections={"annex:province-12": "老年助餐点建设情况说明。" * 45})
    doc = document_render(document_id=doc.pk)
    path = Path(doc.pdf.path)
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path))).group(1))
    last = _run("pdftotext", "-bbox", "-f", str(pages), "-l", str(pages), str(path), "-")
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', last)
    printed = [float(y_max) for _y, y_max, w in words if "印发" in w]
    assert printed, "版记的印发行应在最后一页"
    assert max(printed) == pytest.approx((37 + 225) * MM, abs=10 * MM)  # at the foot of the text block
    assert any("抄送" in w for *_, w in words)

    annex_pages = [_run("pdftotext", "-f", str(n), "-l", str(n), str(path), "-") for n in range(1, pages + 1)]
    with_table = [t for t in annex_pages if "进展情况" in t]
    assert len(with_table) >= 3  # the header row repeats on each annex page
    text = re.sub(r"\s+", "", "".join(annex_pages))
    assert "（续）" in text  # a matter crossing a page break names itself again
    # …but only at page tops: every "（续）" is the first body row after the repeated header.
    for t in annex_pages:
        flat = re.sub(r"\s+", "", t)
        if "（续）" in flat:
            assert flat.index("（续）") < flat.index("进展情况") + 60

    with zipfile.ZipFile(io.BytesIO(doc.docx.read())) as zf:
        names = zf.namelist()
        footers = [zf.read(n).decode() for n in names if n.startswith("word/footer")]
        settings_xml = zf.read("word/settings.xml").decode()
    assert "evenAndOddHeaders" in settings_xml
    assert len(footers) >= 2
    for xml in footers:
        assert "PAGE" in xml and "— " in xml and " —" in xml
    assert any('w:val="right"' in x for x in footers) and any('w:val="left"' in x for x in footers)


def test_font_configuration_is_shared_and_gives_the_same_pdf(city_bulletin):
    """Renders reuse one font configuration per thread; a warm configuration gives byte for byte the PDF
    that a freshly loaded one gives (WeasyPrint's default is a new configuration per render)."""
    import threading

    from reports.render import pdf as pdf_mod
    from reports.render.html import document_html

    html = document_html(city_bulletin)
    pdf_mod.font_config_reset()
    fresh = html_to_pdf(html)
    config = pdf_mod.font_config()
    warm = html_to_pdf(html)
    assert pdf_mod.font_config() is config
    assert warm == fresh
    other = []
    thread = threading.Thread(target=lambda: other.append(pdf_mod.font_config()))
    thread.start()
    thread.join()
    assert other[0] is not config  # Pango's font map is not shared between threads


def test_failed_render_reloads_the_font_configuration(monkeypatch):
    from reports.render import pdf as pdf_mod

    config = pdf_mod.font_config()

    def fail(document):
        raise OSError("字体正在安装")

    monkeypatch.setattr(pdf_mod, "reveal_continued_matters", fail)
    with pytest.raises(OSError):
        html_to_pdf("<p>正文</p>")
    monkeypatch.undo()
    assert pdf_mod.font_config() is not config
    assert html_to_pdf("<p>正文</p>").startswith(b"%PDF")
