"""Document → HTML for WeasyPrint (our templates only, autoescaped)."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from .. import compose
from ..models import DocState, Kind
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
    area = "全市" if snapshot["scope"]["is_city"] else snapshot["scope"]["name"]
    return (
        f"{area} 1-{snapshot['month']} 月实施{snapshot['programme']['name']}工作进度表"
        f"（{level['label']}重点民生实事）"
    )


def bulletin_context(*, snapshot: dict, sections: dict, title: str, doc_date: date, state: str) -> dict:
    """Everything the 通报 template prints, computed from the snapshot and the edited sections."""
    is_city = snapshot["scope"]["is_city"]
    annexes = [
        {
            "no": level["annex_no"],
            "title": annex_title(snapshot, level),
            "rows": compose.annex_rows(level, is_city=is_city),
        }
        for level in snapshot["levels"]
    ]
    return {
        "title": title,
        "office": snapshot["programme"]["office"],
        "authority": snapshot["programme"]["authority"],
        "addressee": compose.addressee_line(snapshot),
        "sections": sections,
        "progress": compose.progress_paragraphs(snapshot),
        "annexes": annexes,
        "date_text": compose.date_text(doc_date),
        "printed_date": compose.date_text(doc_date),
        "copy_to": sections.get("copy_to")
        or getattr(settings, "REPORTS", {}).get("BULLETIN_COPY_TO", "市重点民生实事工作专班成员单位"),
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
        )
        return tighten(render_to_string(TEMPLATES[Kind.BULLETIN], ctx))
    if doc.kind == Kind.NEWSLETTER:
        return tighten(render_to_string(TEMPLATES[Kind.NEWSLETTER], newsletter_context(doc)))

    return tighten(render_to_string("reports/pdf/letter.html", letter_context(doc)))
