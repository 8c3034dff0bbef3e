"""Read-back of the demo's documents as a reader gets them (GB/T 9704-2012): the 1-9 月 2024 通报, the 专报
and a 工作提示函 rendered to PDF and read back with poppler — red 发文机关标志, the 仿宋/黑体/楷体/标宋 faces
embedded as subsets, the 22 × 28 body grid, whole words at line ends, no number on a letter's first page."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reports.models import Document, Kind, RenderState
from reports.render.breaks import WORDS
from reports.services import document_render

MM = 72 / 25.4


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _render(doc) -> Path:
    doc = document_render(document_id=doc.pk)
    assert doc.render_state == RenderState.READY, doc.render_error
    return Path(doc.pdf.path)


_RENDERED: dict[str, Path] = {}


@pytest.fixture
def pdfs(demo_documents, media, tmp_path_factory):
    """The three documents rendered once for the module (the demo data is the same in every test)."""
    if not _RENDERED:
        keep = tmp_path_factory.mktemp("readback")
        docs = {
            "bulletin": Document.objects.get(kind=Kind.BULLETIN, year=2024, period="M09", scope__name="邵阳市"),
            "newsletter": Document.objects.filter(kind=Kind.NEWSLETTER).order_by("pk").first(),
            "letter": Document.objects.filter(kind=Kind.WORK).order_by("pk").first(),
        }
        for name, doc in docs.items():
            _RENDERED[name] = Path(shutil.copy(_render(doc), keep / f"{name}.pdf"))
    return dict(_RENDERED)


def _red_pixels(path: Path, page: int = 1, top_mm: float = 110) -> int:
    """Strongly red pixels in the top `top_mm` of a page (rasterised at 20 dpi)."""
    ppm = subprocess.run(
        ["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page), str(path)], check=True, capture_output=True
    ).stdout
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    w, h = int(header.group(1)), int(header.group(2))
    data = ppm[header.end():]
    rows = int(h * top_mm / 297)
    red = 0
    for i in range(0, w * rows * 3, 3):
        r, g, b = data[i], data[i + 1], data[i + 2]
        if r > 170 and g < 90 and b < 90:
            red += 1
    return red


def _lines(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, text) of each text line of a page, from pdftotext -bbox-layout."""
    xml = _run("pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(path), "-")
    out = []
    for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', xml, re.S):
        words = re.findall(r">([^<]*)</word>", m.group(5))
        out.append((*(float(v) for v in m.groups()[:4]), "".join(words)))
    return out


def _pages(path: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path))).group(1))


def test_red_masthead_on_bulletin_newsletter_and_letter(pdfs):
    for name, path in pdfs.items():
        assert _red_pixels(path) > 50, name
    # Below the masthead the 通报's body is black: the red is the masthead and its line only.
    assert _red_pixels(pdfs["bulletin"], page=2) == 0


def test_official_faces_embedded_as_subsets(pdfs):
    fonts = _run("pdffonts", str(pdfs["bulletin"])).splitlines()[2:]
    names = {line.split()[0].split("+", 1)[1]: line.split() for line in fonts}
    for family in ("FandolFang", "FandolHei", "FandolKai", "FandolSong-Bold"):
        assert family in names, (family, list(names))
        cols = names[family]
        assert re.match(r"^[A-Z]{6}\+", cols[0]) and cols[-5:-2] == ["yes", "yes", "yes"], cols


def test_body_grid_22_lines_of_28_characters(pdfs):
    path = pdfs["bulletin"]
    body_pages = 0
    for page in range(2, _pages(path)):
        lines = [ln for ln in _lines(path, page) if 35 * MM < ln[1] < 262 * MM]
        full = [ln for ln in lines if ln[2] - ln[0] > 150 * MM]
        if len(full) < 8 or len(lines) > 40:  # the signature page, or an annex table (small type)
            continue
        body_pages += 1
        assert 21 <= len(lines) <= 23, (page, len(lines))
        for ln in full:
            n = sum(1 for c in ln[4] if ord(c) > 0x2000) + sum(1 for c in ln[4] if ord(c) < 0x2000) / 2
            assert 27 <= n <= 29.5, (page, n, ln[4])
    assert body_pages >= 2, [(p, len(_lines(path, p))) for p in range(1, _pages(path) + 1)]


def _ends_mid_word(line: str, following: str) -> str | None:
    joined = line + following
    cut = len(line)
    for w in (*WORDS, "实施民生可感行动工作专班办公室", "人力资源和社会保障局"):
        start = joined.find(w)
        while start != -1:
            if start < cut < start + len(w):
                return w
            start = joined.find(w, start + 1)
    return None


def test_titles_and_signature_keep_words_whole(pdfs):
    first = [ln[4] for ln in _lines(pdfs["bulletin"], 1)]
    title_at = next(i for i, t in enumerate(first) if t.startswith("关于"))
    title = first[title_at : title_at + 2]
    assert "".join(title) == "关于全市1-9月实施民生可感行动工作推进情况的通报", first
    assert _ends_mid_word(title[0], title[1]) is None, title
    texts = []
    for page in range(1, _pages(pdfs["bulletin"]) + 1):
        texts += [ln[4] for ln in _lines(pdfs["bulletin"], page)]
    assert "邵阳市实施民生可感行动工作专班办公室" in texts
    assert "（邵阳市人力资源和社会保障局代章）" in texts
    letter = [ln[4] for ln in _lines(pdfs["letter"], 1)]
    at = next(i for i, t in enumerate(letter) if t.startswith("关于"))
    assert _ends_mid_word(letter[at], letter[at + 1]) is None, letter[at : at + 2]


def test_letter_in_letter_format(pdfs):
    text = _run("pdftotext", "-f", "1", "-l", "1", "-layout", str(pdfs["letter"]), "-")
    flat = re.sub(r"\s+", "", text)
    assert "—1—" not in flat  # no page number on the first page of a letter
    assert "2024年第1期" in flat
    assert "洞口县工作专班：" in flat
    assert re.search(r"\d+月\d+日前", flat) and "日 前" not in text
    # The masthead sits 30 mm from the top edge (信函格式), not at the 37 mm of the other documents.
    masthead = next(ln for ln in _lines(pdfs["letter"], 1) if "办公室" in ln[4])
    assert masthead[1] == pytest.approx(30 * MM, abs=3 * MM)
    # Its Word file too: a first page of its own (no footer number) and the thick-over-thin red line.
    import io
    import zipfile

    letter = Document.objects.filter(kind=Kind.WORK).order_by("pk").first()
    with zipfile.ZipFile(io.BytesIO(document_render(document_id=letter.pk).docx.read())) as zf:
        body = zf.read("word/document.xml").decode()
    assert "<w:titlePg/>" in body and 'w:val="thickThinSmallGap"' in body


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by scripts/bootstrap test")
def test_docx_pages_within_one_of_pdf(demo_documents, media, tmp_path):
    bulletin = Document.objects.get(kind=Kind.BULLETIN, year=2024, period="M09", scope__name="邵阳市")
    doc = document_render(document_id=bulletin.pk)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), doc.docx.path],
        check=True, capture_output=True, timeout=240,
    )
    converted = next(tmp_path.glob("*.pdf"))
    assert abs(_pages(converted) - _pages(Path(doc.pdf.path))) <= 1, (_pages(converted), _pages(Path(doc.pdf.path)))


def test_docx_grid_styles_and_banji(demo_documents, media):
    """The annex grid declares the cells' widths (14/30/36/76 mm), paragraphs carry named styles a WPS
    writer restyles (标题, 正文, 一级标题, 二级标题 …), the red head and the 版记 are there."""
    import io
    import zipfile

    bulletin = Document.objects.get(kind=Kind.BULLETIN, year=2024, period="M09", scope__name="邵阳市")
    doc = document_render(document_id=bulletin.pk)
    with zipfile.ZipFile(io.BytesIO(doc.docx.read())) as zf:
        body = zf.read("word/document.xml").decode()
        styles = zf.read("word/styles.xml").decode()
    for grid in re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", body):
        assert re.findall(r'w:w="(\d+)"', grid) == ["794", "1701", "2041", "4309"], grid
    assert body.count('<w:tblLayout w:type="fixed"/>') >= 2
    for name in ("标题", "正文", "一级标题", "二级标题", "发文机关标志", "版记"):
        assert f'<w:name w:val="{name}"/>' in styles, name
    used = set(re.findall(r'<w:pStyle w:val="([^"]+)"/>', body))
    assert {"正文", "一级标题", "二级标题", "标题"} <= used, used
    assert 'w:color w:val="D00000"' in body  # the red 发文机关标志
    assert "抄送：" in body and "印发" in body
