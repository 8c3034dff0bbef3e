"""Letters (温馨提示函 / 工作提示函 / 工作交办函 / 提醒函): addressee, facts, requirement, reply deadline."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..compose import date_text


def letter_context(doc) -> dict:
    s = doc.sections
    return {
        "title": doc.title,
        "kind": doc.get_kind_display(),
        "number": doc.number_label if doc.number else "",
        "addressee": f"{doc.addressee.name}：" if doc.addressee else "",
        "facts": s.get("facts", ""),
        "requirement": s.get("requirement", ""),
        "deadline": date_text(doc.reply_deadline) if doc.reply_deadline else "",
        "office": doc.snapshot.get("office", ""),
        "date_text": date_text(doc.doc_date),
        "draft_mark": "" if doc.is_locked else "征求意见稿（未印发）",
    }


def letter_docx(d, doc, para, font, section_text) -> None:
    ctx = letter_context(doc)
    para(
        d,
        ctx["title"],
        font="方正小标宋简体",
        size=22,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    para(d, ctx["addressee"], indent=False)
    section_text(d, ctx["facts"])
    section_text(d, ctx["requirement"])
    if ctx["deadline"]:
        para(d, f"请于 {ctx['deadline']} 前将整改落实情况书面反馈。")
    for line in (ctx["office"], ctx["date_text"]):
        para(d, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
