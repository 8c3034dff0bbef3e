"""Letters (温馨提示函 / 工作提示函 / 工作交办函 / 提醒函) in the 信函格式 of GB/T 9704-2012 §10.1: red
发文机关标志 30 mm from the top, red double lines (thick over thin below the masthead, thin over thick 20 mm
above the bottom edge), 期号 at the right under the lines, no page number on the first page; then the
title, the full addressee, facts, requirement, reply deadline, signature and date."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..compose import date_text


def full_addressee(org) -> str:
    """The addressee as a letter names it: a county's 工作专班, a department by its full name."""
    if org is None:
        return ""
    kind = getattr(org, "kind", "")
    if kind in ("county", "town", "city") and not org.name.endswith("专班"):
        return f"{org.name}工作专班"
    return org.name


def letter_context(doc) -> dict:
    from .breaks import balanced_lines, lines_html
    from .html import TITLE_EM, masthead_pt, number_text

    s = doc.sections
    office = s.get("signature") or doc.snapshot.get("office", "")
    addressee = s.get("addressee") or full_addressee(doc.addressee)
    return {
        "title": doc.title,
        "title_html": lines_html(balanced_lines(doc.title, TITLE_EM, [office])),
        "kind": doc.get_kind_display(),
        "masthead": s.get("masthead") or office,
        # a long office name (邵东市打好重点民生保障仗工作专班办公室) shrinks to stay on one line, as in the 通报
        "masthead_pt": masthead_pt(s.get("masthead") or office),
        "number": number_text(doc.year, doc.number),
        "copy_no": s.get("copy_no", ""),
        "secrecy": s.get("secrecy", ""),
        "urgency": s.get("urgency", ""),
        "addressee": f"{addressee.rstrip('：:')}：" if addressee else "",
        "facts": s.get("facts", ""),
        "requirement": s.get("requirement", ""),
        "deadline": date_text(doc.reply_deadline) if doc.reply_deadline else "",
        "office": office,
        "copy_to": s.get("copy_to", ""),
        "date_text": date_text(doc.doc_date),
        "draft_mark": "" if doc.is_locked else "征求意见稿（未印发）",
    }


def letter_docx(d, doc, para, font, section_text) -> None:
    from .docx import red_head, title_para
    from .html import TITLE_EM

    ctx = letter_context(doc)
    red_head(d, ctx["masthead"], ctx["number"], letter=True)
    title_para(d, ctx["title"], size=22, max_em=TITLE_EM, words=[ctx["office"]])
    para(d, ctx["addressee"], indent=False)
    section_text(d, ctx["facts"])
    section_text(d, ctx["requirement"])
    if ctx["deadline"]:
        para(d, f"请于{ctx['deadline']}前将整改落实情况书面反馈。")
    for line in (ctx["office"], ctx["date_text"]):
        para(d, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
