"""专报 (newsletter): red masthead, issue number, sections of articles, 报/发 colophon, phone and mailbox."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import RGBColor

from ..compose import date_text
from ..models import Section

RED = RGBColor(0xD0, 0x00, 0x00)
SECTION_ORDER = [s.value for s in Section]


def newsletter_context(doc) -> dict:
    """Articles grouped by 栏目 in the official order, plus the header and colophon."""
    articles = []
    for a in doc.snapshot.get("articles", []):
        lines = [x for x in a["body"].splitlines() if x.strip()]
        articles.append({**a, "first": lines[0] if lines else "", "rest": "\n".join(lines[1:])})
    groups = []
    for key in SECTION_ORDER:
        items = [a for a in articles if a["section"] == key]
        if items:
            groups.append({"label": Section(key).label, "articles": items})
    s = doc.sections
    return {
        "title": doc.title,
        "masthead": s.get("masthead", ""),
        "issue": doc.number_label if doc.number else "（印发时编号）",
        "issuer": s.get("issuer", ""),
        "date_text": date_text(doc.doc_date),
        "groups": groups,
        "report_to": s.get("report_to", ""),
        "send_to": s.get("send_to", ""),
        "phone": s.get("phone", ""),
        "mailbox": s.get("mailbox", ""),
        "draft_mark": "" if doc.is_locked else "征求意见稿（未印发）",
    }


def newsletter_docx(d, doc, para, font, section_text) -> None:
    """The 专报 as Word paragraphs (same text as the PDF)."""
    ctx = newsletter_context(doc)
    para(
        d,
        ctx["masthead"],
        font="方正小标宋简体",
        size=30,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        color=RED,
    )
    para(d, ctx["issue"], align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm

    from .docx import _border

    # 编印单位 at the left, the date at the right, on one line over the red rule.
    line = para(d, f"{ctx['issuer']}\t{ctx['date_text']}", size=14, indent=False)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=WD_TAB_ALIGNMENT.RIGHT)
    _border(line, "bottom", 18, "D00000")
    for g in ctx["groups"]:
        para(d, f"【{g['label']}】", font="黑体", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        for a in g["articles"]:
            p = para(d)
            font(p.add_run(f"{a['org']}：{a['title']}。"), "黑体", 16)
            section_text(d, a["body"])
    rows = [f"{label}：{ctx[key]}" for label, key in (("报", "report_to"), ("发", "send_to")) if ctx[key]]
    contact = "　　".join(
        x for x in (f"电话：{ctx['phone']}" if ctx["phone"] else "", f"邮箱：{ctx['mailbox']}" if ctx["mailbox"] else "") if x
    )
    if contact:
        rows.append(contact)
    para(d, "", indent=False, style="版记")
    for i, text in enumerate(rows):  # 版记 between rules, as the PDF's colophon
        p = para(d, text, size=14, indent=False, style="版记")
        if i == 0:
            _border(p, "top", 8)
        _border(p, "bottom", 8 if i == len(rows) - 1 else 4)
