"""The document as an editable .docx (python-docx): same text as the PDF, GB/T 9704 page set-up."""

from __future__ import annotations

from io import BytesIO

from docx import Document as Docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import compose
from ..compose import date_text
from ..models import Kind
from ..templatetags.reports_tags import paragraphs
from .html import annex_title, bulletin_context
from .letter import letter_docx
from .newsletter import newsletter_docx

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEI = "黑体"
KAI = "楷体_GB2312"
PAGE_FONT = "宋体"


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


def _para(d, text: str = "", *, font=BODY_FONT, size=16, bold=False, align=None, indent=True, color=None):
    p = d.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, size, bold, color)
    return p


def _section_text(d, text: str) -> None:
    for item in paragraphs(text):
        p = _para(d)
        if item["h2"]:
            _font(p.add_run(item["h2"]), KAI, 16)
        if item["lead"]:
            _font(p.add_run(item["lead"]), BODY_FONT, 16, bold=True)
        _font(p.add_run(item["rest"]), BODY_FONT, 16)


def _bulletin(d, doc) -> None:
    ctx = bulletin_context(
        snapshot=doc.snapshot, sections=doc.sections, title=doc.title, doc_date=doc.doc_date, state=doc.state
    )
    _para(
        d, ctx["office"], font=TITLE_FONT, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    _para(d, ctx["title"], font=TITLE_FONT, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(d, ctx["addressee"], indent=False)
    _section_text(d, ctx["sections"].get("intro", ""))
    _para(d, "一、工作推进情况", font=HEI)
    for para in ctx["progress"]:
        p = _para(d)
        _font(p.add_run(para["heading"]), KAI, 16)
        _font(p.add_run(para["text"]), BODY_FONT, 16)
    for key in ("measures", "highlights", "problems", "plans"):
        _para(d, compose.SECTION_LABELS[key], font=HEI)
        _section_text(d, ctx["sections"].get(key, ""))
    for i, a in enumerate(ctx["annexes"]):
        _para(d, f"{'附件：' if i == 0 else '　　　'}{a['no']}. {a['title']}")
    for line in (ctx["office"], f"（{ctx['authority']}代章）" if ctx["authority"] else "", ctx["date_text"]):
        if line:
            _para(d, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    for a in ctx["annexes"]:
        p = _para(d, indent=False)
        p.add_run().add_break(WD_BREAK.PAGE)
        _font(p.add_run(f"附件 {a['no']}"), HEI, 16)
        _para(
            d, a["title"], font=TITLE_FONT, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
        )
        table = d.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, h in zip(table.rows[0].cells, ["序号", "实事名称", "项目名称", "进展情况"], strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(h), HEI, 11)
        start = None
        for r in a["rows"]:
            cells = table.add_row().cells
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
        widths = [Mm(14), Mm(30), Mm(36), Mm(76)]
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = w


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
