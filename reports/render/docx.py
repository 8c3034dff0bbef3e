"""The document as an editable .docx (python-docx): same text as the PDF, GB/T 9704 page set-up."""

from __future__ import annotations

from io import BytesIO

from docx import Document as Docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import compose
from ..compose import date_text
from ..models import Kind
from ..templatetags.reports_tags import paragraphs
from .breaks import balanced_lines
from .html import ANNEX_TITLE_EM, TITLE_EM, annex_title, bulletin_context, masthead_pt, org_words, tighten
from .letter import letter_docx
from .newsletter import newsletter_docx

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEI = "黑体"
KAI = "楷体_GB2312"
PAGE_FONT = "宋体"
RED = RGBColor(0xD0, 0x00, 0x00)
# Paragraph styles named as a WPS writer expects them, so that a whole class of paragraphs can be
# restyled at once: (name, font, size, bold, centred, first-line indent in characters).
STYLES = (
    ("正文", BODY_FONT, 16, False, False, 2),
    ("标题", TITLE_FONT, 22, True, True, 0),
    ("发文机关标志", TITLE_FONT, 26, True, True, 0),
    ("一级标题", HEI, 16, False, False, 2),
    ("二级标题", KAI, 16, False, False, 2),
    ("附件标题", TITLE_FONT, 18, True, True, 0),
    ("表格", BODY_FONT, 11, False, False, 0),
    ("版记", BODY_FONT, 14, False, False, 0),
)
# Annex columns (mm), the same as the PDF's (static/reports/print.css col.c1-c4).
ANNEX_WIDTHS_MM = (14, 30, 36, 76)


def _font(run, name: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if color is not None:
        run.font.color.rgb = color


def _setup(d) -> None:
    for s in d.sections:
        s.page_width, s.page_height = Mm(210), Mm(297)
        s.top_margin, s.bottom_margin = Mm(37), Mm(35)
        s.left_margin, s.right_margin = Mm(28), Mm(26)
    normal = d.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    pf = normal.paragraph_format
    pf.line_spacing = Pt(28.95)
    pf.space_before = pf.space_after = Pt(0)
    for name, font, size, bold, centred, indent in STYLES:
        st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.quick_style = True
        st.font.name, st.font.size, st.font.bold = font, Pt(size), bold
        st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        if centred:
            st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent:
            st.paragraph_format.first_line_indent = Pt(size * indent)
        if size > 16:
            st.paragraph_format.line_spacing = 1.25
        if name == "表格":
            st.paragraph_format.line_spacing = 1.15
        if name in ("表格", "标题", "发文机关标志", "附件标题", "版记"):
            # Off the 22-line grid: the grid would stretch every table line to the body's 10.2 mm.
            snap = OxmlElement("w:snapToGrid")
            snap.set(qn("w:val"), "0")
            st.element.get_or_add_pPr().append(snap)
    # The 22-line grid of GB/T 9704 (line pitch 225 mm / 22 = 579.8 twips), as WPS sets it up.
    for section in d.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), "579")


_STYLE_FOR = {TITLE_FONT: "标题", HEI: "一级标题", KAI: "二级标题"}


def _para(
    d, text: str = "", *, font=BODY_FONT, size=16, bold=False, align=None, indent=True, color=None, style=None
):
    if style is None:
        style = "正文" if font == BODY_FONT else _STYLE_FOR.get(font, "正文")
        if font == TITLE_FONT and size == 18:
            style = "附件标题"
    p = d.add_paragraph(style=style if style in d.styles else None)
    if not indent:
        p.paragraph_format.first_line_indent = Pt(0)
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, size, bold, color)
    return p


def _section_text(d, text: str) -> None:
    for item in paragraphs(text):
        # A paragraph led by "（一）…。" is a level-2 heading run into its text (GB/T 9704 §7.3.3).
        p = _para(d, style="二级标题" if item["h2"] else None)
        if item["h2"]:
            _font(p.add_run(item["h2"]), KAI, 16)
        if item["lead"]:
            _font(p.add_run(item["lead"]), BODY_FONT, 16, bold=True)
        _font(p.add_run(item["rest"]), BODY_FONT, 16)


def _border(paragraph, side: str, size_eighths: int, color: str = "000000", val: str = "single") -> None:
    """A rule above or below a paragraph (red separator line, 版记 lines)."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), val)
    el.set(qn("w:sz"), str(size_eighths))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), color)
    bdr.append(el)


def title_para(d, title: str, *, size: int, max_em: float, words=()) -> None:
    """A title in lines broken between whole words (the same lines as the PDF's)."""
    p = _para(d, font=TITLE_FONT, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for i, line in enumerate(balanced_lines(tighten(title), max_em, words)):
        run = p.add_run()
        if i:
            run.add_break()
        _font(p.add_run(line), TITLE_FONT, size, True)


def red_head(d, masthead: str, number: str, *, letter: bool = False) -> None:
    """The red 发文机关标志, the 期号 and the red separator line (a letter: the double line, thick over
    thin, under the masthead, the 期号 at the right, and no page number on the first page)."""
    if letter:
        for section in d.sections:
            section.different_first_page_header_footer = True
        p = _para(d, masthead, font=TITLE_FONT, size=masthead_pt(masthead), bold=True,
                  align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, color=RED, style="发文机关标志")
        _border(p, "bottom", 24, "D00000", val="thickThinSmallGap")
        _para(d, number, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        _para(d, "", indent=False)
        return
    _para(d, masthead, font=TITLE_FONT, size=masthead_pt(masthead), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          color=RED, style="发文机关标志")
    p = _para(d, number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _border(p, "bottom", 18, "D00000")
    _para(d, "", indent=False)


def banji(d, copy_to: str, printed_by: str, printed_date: str) -> None:
    """版记 (GB/T 9704 §7.3): 抄送, then 印发机关 and 印发日期 on one line, between rules."""
    d.add_paragraph(style="版记")
    rows = ([f"抄送：{copy_to}"] if copy_to else []) + [f"{printed_by}\t{printed_date}印发"]
    for i, text in enumerate(rows):
        p = d.add_paragraph(style="版记")
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(14)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(28), alignment=2)  # right-aligned tab
        _font(p.add_run(text), BODY_FONT, 14)
        if i == 0:
            _border(p, "top", 8)
        _border(p, "bottom", 8 if i == len(rows) - 1 else 4)


def _bulletin(d, doc) -> None:
    ctx = bulletin_context(
        snapshot=doc.snapshot, sections=doc.sections, title=doc.title, doc_date=doc.doc_date, state=doc.state,
        number=doc.number, year=doc.year,
    )
    red_head(d, ctx["masthead"], ctx["number_text"])
    title_para(d, ctx["title"], size=22, max_em=TITLE_EM, words=org_words(doc.snapshot))
    _para(d, ctx["addressee"], indent=False)
    _section_text(d, ctx["sections"].get("intro", ""))
    _para(d, "一、工作推进情况", font=HEI)
    if ctx["progress_text"]:
        _section_text(d, ctx["progress_text"])
    for para in [] if ctx["progress_text"] else ctx["progress"]:
        p = _para(d, style="二级标题")
        _font(p.add_run(para["heading"]), KAI, 16)
        _font(p.add_run(para["text"]), BODY_FONT, 16)
    for key in ("measures", "highlights", "problems", "plans"):
        _para(d, compose.SECTION_LABELS[key], font=HEI)
        _section_text(d, ctx["sections"].get(key, ""))
    for i, a in enumerate(ctx["annexes"]):
        _para(d, f"{'附件：' if i == 0 else '　　　'}{a['no']}. {a['title']}")
    _para(d, "", indent=False)
    for line in (ctx["signature"], f"（{ctx['authority']}代章）" if ctx["authority"] else "", ctx["date_text"]):
        if line:
            p = _para(d, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            p.paragraph_format.right_indent = Pt(16 * 2)
    for a in ctx["annexes"]:
        p = _para(d, indent=False)
        p.add_run().add_break(WD_BREAK.PAGE)
        _font(p.add_run(f"附件 {a['no']}"), HEI, 16)
        title_para(d, a["title"], size=18, max_em=ANNEX_TITLE_EM, words=org_words(doc.snapshot))
        table = d.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        fixed_grid(table, ANNEX_WIDTHS_MM)
        for cell, h in zip(table.rows[0].cells, ["序号", "实事名称", "项目名称", "进展情况"], strict=True):
            cell.text = ""
            cell.paragraphs[0].style = d.styles["表格"]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(cell.paragraphs[0].add_run(h), HEI, 11)
        start = None
        for r in a["rows"]:
            cells = table.add_row().cells
            for c in cells:
                c.paragraphs[0].style = d.styles["表格"]
            if r["rowspan"]:
                start = len(table.rows) - 1
                _font(cells[0].paragraphs[0].add_run(str(r["matter_no"])), BODY_FONT, 11)
                _font(cells[1].paragraphs[0].add_run(r["matter"]), BODY_FONT, 11)
            _font(cells[2].paragraphs[0].add_run(f"{r['project_no']}{r['project']}"), BODY_FONT, 11)
            _font(cells[3].paragraphs[0].add_run(r["progress"]), BODY_FONT, 11)
            if r["rowspan"] > 1:
                end = start + r["rowspan"] - 1
                r["_merge"] = (start, end)
        for r in a["rows"]:
            if "_merge" in r:
                s, e = r["_merge"]
                for col in (0, 1):
                    table.cell(s, col).merge(table.cell(e, col)) if e < len(table.rows) else None
        widths = [Mm(w) for w in ANNEX_WIDTHS_MM]
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = w
    banji(d, ctx["copy_to"], ctx["printed_by"], ctx["printed_date"])


def fixed_grid(table, widths_mm) -> None:
    """The table's grid columns as wide as its cells, a fixed layout and the total width: without them
    LibreOffice and WPS lay the columns out equal (python-docx writes an equal grid)."""
    table.autofit = False
    tbl = table._tbl
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    tbl_pr = tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    tbl_w.set(qn("w:type"), "dxa")


def _field(paragraph, instr: str) -> None:
    """A Word field (PAGE) inside a paragraph: begin, instruction, separate, placeholder, end."""
    def fld(kind: str):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    run = paragraph.add_run()
    run._r.append(fld("begin"))
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    paragraph.add_run()._r.append(fld("separate"))
    _font(paragraph.add_run("1"), PAGE_FONT, 14)
    paragraph.add_run()._r.append(fld("end"))


def _page_numbers(d) -> None:
    """GB/T 9704 page numbers "— 1 —" in 14 pt: odd pages right, even pages left (one character in)."""
    d.settings.odd_and_even_pages_header_footer = True
    for section in d.sections:
        section.footer_distance = Mm(28)  # 35 mm bottom margin − 7 mm: the number sits 7 mm below the block
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            p.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                p.paragraph_format.right_indent = Pt(14)
            else:
                p.paragraph_format.left_indent = Pt(14)
            _font(p.add_run("— "), PAGE_FONT, 14)
            _field(p, "PAGE")
            _font(p.add_run(" —"), PAGE_FONT, 14)


def document_docx(doc) -> bytes:
    """The .docx bytes of a document."""
    d = Docx()
    _setup(d)
    _page_numbers(d)
    if doc.kind in (Kind.BULLETIN, Kind.TENDAY, Kind.QUARTERLY):
        _bulletin(d, doc)
    elif doc.kind == Kind.NEWSLETTER:
        newsletter_docx(d, doc, _para, _font, _section_text)
    else:
        letter_docx(d, doc, _para, _font, _section_text)
    out = BytesIO()
    d.save(out)
    return out.getvalue()


__all__ = ["document_docx", "date_text", "annex_title", "RGBColor"]
