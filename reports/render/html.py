"""Document → HTML for WeasyPrint (our templates only, autoescaped)."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from .. import compose
from ..models import DocState, Kind
from .breaks import balanced_lines, lines_html
from .letter import letter_context
from .newsletter import newsletter_context

# Chinese typesetting puts no space between Han characters and digits; the sentences are written with
# spaces (readable in the web view), removed here for print.
_CJK_SPACE = re.compile(
    r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%]) (?=[\u3000-\u9fff\uff00-\uffef])"
)


def tighten(html: str) -> str:
    """Remove the spaces between Han characters and Latin digits/letters."""
    return _CJK_SPACE.sub("", html)


def annex_title(snapshot: dict, level: dict) -> str:
    area = (snapshot["scope"].get("whole") or "全市") if snapshot["scope"]["is_city"] else snapshot["scope"]["name"]
    return (
        f"{area} 1-{snapshot['month']} 月实施{snapshot['programme']['name']}工作进度表"
        f"（{level['label']}重点民生实事）"
    )


# Title lines: 22 pt (二号) in the 156 mm text block holds 20 characters; annex titles 18 pt hold 24.
TITLE_EM = 19.5
ANNEX_TITLE_EM = 23.5
RED_MASTHEAD = "#d00000"


def masthead_pt(masthead: str) -> int:
    """The 发文机关标志's size: 26 pt, smaller for a long name so that it stays on one line of 156 mm."""
    return max(16, min(26, int(156 / 25.4 * 72 / max(len(masthead), 1)) - 1))


def org_words(snapshot: dict) -> list[str]:
    """Organisation names in a snapshot: never split across lines."""
    prog = snapshot.get("programme", {})
    names = [prog.get("office", ""), prog.get("authority", ""), snapshot.get("office", "")]
    names += [snapshot.get("scope", {}).get("name", "")]
    return [n for n in names if n]


def number_text(year: int, number: int | None) -> str:
    """The printed 期号 (发文字号 line): 2024年第1期; a draft shows where the number goes."""
    return f"{year}年第{number}期" if number else f"{year}年第　期（印发时编号）"


def bulletin_context(
    *, snapshot: dict, sections: dict, title: str, doc_date: date, state: str, number: int | None = None,
    year: int | None = None,
) -> dict:
    """Everything the 通报 template prints, computed from the snapshot and the edited sections.

    The office may override each printed field in the sections (addressee, signature, authority, copy_to,
    printed_by, masthead, copy_no, secrecy, urgency); an empty authority removes the 代章 line.
    """
    is_city = snapshot["scope"]["is_city"]
    words = org_words(snapshot)
    office = snapshot["programme"]["office"]
    authority = sections["authority"] if "authority" in sections else snapshot["programme"]["authority"]
    reports_conf = getattr(settings, "REPORTS", {})
    annexes = [
        {
            "no": level["annex_no"],
            "title": annex_title(snapshot, level),
            "title_html": lines_html(balanced_lines(tighten(annex_title(snapshot, level)), ANNEX_TITLE_EM, words)),
            "rows": compose.annex_rows(level, is_city=is_city, sections=sections, **compose.area_words(snapshot)),
        }
        for level in snapshot["levels"]
    ]
    signature = sections.get("signature") or office
    return {
        "title": title,
        "title_html": lines_html(balanced_lines(tighten(title), TITLE_EM, words)),
        "masthead": (masthead := sections.get("masthead") or reports_conf.get("BULLETIN_MASTHEAD") or office),
        "masthead_pt": masthead_pt(masthead),
        "number_text": number_text(year or doc_date.year, number),
        "copy_no": sections.get("copy_no", ""),
        "secrecy": sections.get("secrecy", ""),
        "urgency": sections.get("urgency", ""),
        "office": office,
        "signature": signature,
        "printed_by": sections.get("printed_by") or office,
        "authority": authority,
        "addressee": sections.get("addressee") or compose.addressee_line(snapshot),
        "sections": sections,
        "progress": compose.progress_paragraphs(snapshot),
        "progress_text": sections.get("progress", ""),
        "annexes": annexes,
        "date_text": compose.date_text(doc_date),
        "printed_date": compose.date_text(doc_date),
        "copy_to": sections.get("copy_to")
        or reports_conf.get("BULLETIN_COPY_TO", "市重点民生实事工作专班成员单位"),
        "draft_mark": "" if state in (DocState.ISSUED, DocState.SUPERSEDED) else "征求意见稿（未印发）",
    }


TEMPLATES = {
    Kind.BULLETIN: "reports/pdf/bulletin.html",
    Kind.TENDAY: "reports/pdf/bulletin.html",
    Kind.QUARTERLY: "reports/pdf/bulletin.html",
    Kind.NEWSLETTER: "reports/pdf/newsletter.html",
}


def document_html(doc) -> str:
    """The final HTML of a stored document (from its snapshot and sections only)."""
    if doc.kind in (Kind.BULLETIN, Kind.TENDAY, Kind.QUARTERLY):
        ctx = bulletin_context(
            snapshot=doc.snapshot,
            sections=doc.sections,
            title=doc.title,
            doc_date=doc.doc_date,
            state=doc.state,
            number=doc.number,
            year=doc.year,
        )
        return tighten(render_to_string(TEMPLATES[Kind.BULLETIN], ctx))
    if doc.kind == Kind.NEWSLETTER:
        return tighten(render_to_string(TEMPLATES[Kind.NEWSLETTER], newsletter_context(doc)))

    return tighten(render_to_string("reports/pdf/letter.html", letter_context(doc)))
