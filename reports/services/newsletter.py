"""专报: counties submit articles, the office picks and edits them and assembles a numbered issue."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from minsheng.accounts.models import Organisation

from ..models import Article, DocState, Document, DocumentTransition, Kind, RenderState

ERR_NO_ARTICLES = "请至少选择一篇稿件。"
ERR_ARTICLE_USED = "稿件“{title}”已采用于其他专报。"


def _defaults(city: Organisation) -> dict:
    conf = getattr(settings, "REPORTS", {})
    name = conf.get("NEWSLETTER_PROGRAMME", "打好重点民生保障仗")
    return {
        "masthead": f"{city.name}{name}\n工作专报",
        "issuer": f"{city.name}{name}工作专班",
        "report_to": conf.get(
            "NEWSLETTER_REPORT_TO",
            "省工作专班，市委、市人大、市人民政府、市政协，市委办公室，市人民政府办公室",
        ),
        "send_to": conf.get("NEWSLETTER_SEND_TO", "市工作专班成员单位，各县（市区）党委、政府"),
        "phone": conf.get("NEWSLETTER_PHONE", "0739-5026059"),
        "mailbox": conf.get("NEWSLETTER_MAILBOX", "syszdms@163.com"),
    }


@transaction.atomic
def article_submit(*, author_org: Organisation, actor, section: str, title: str, body: str) -> Article:
    """A county (or the office) submits an article for the next 专报."""
    article = Article(author_org=author_org, submitted_by=actor, section=section, title=title, body=body)
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def newsletter_assemble(
    *, city: Organisation, actor, articles: list[Article], doc_date: date, year: int | None = None
) -> Document:
    """A 专报 draft from the picked articles (their text is copied into the snapshot: the issue is
    reproducible even if an article is edited later). One open draft per day."""
    if not articles:
        raise ValidationError(ERR_NO_ARTICLES)
    for a in articles:
        if a.newsletter_id and a.newsletter.state != DocState.DRAFT:
            raise ValidationError(ERR_ARTICLE_USED.format(title=a.title))
    year = year or doc_date.year
    period = f"D{doc_date:%m%d}"
    doc = Document.objects.filter(
        kind=Kind.NEWSLETTER,
        scope=city,
        year=year,
        period=period,
        state__in=[DocState.DRAFT, DocState.EDITED],
    ).first()
    snapshot = {
        "kind": "newsletter",
        "articles": [
            {"id": a.pk, "section": a.section, "org": a.author_org.name, "title": a.title, "body": a.body}
            for a in articles
        ],
    }
    if doc is None:
        doc = Document(
            kind=Kind.NEWSLETTER,
            scope=city,
            year=year,
            period=period,
            title=f"{city.name}工作专报（{doc_date:%Y-%m-%d}）",
            doc_date=doc_date,
            sections=_defaults(city),
            snapshot=snapshot,
        )
        doc.full_clean(validate_constraints=False)
        doc.save()
        DocumentTransition.objects.create(document=doc, actor=actor, to_state=DocState.DRAFT, comment="组稿")
    else:
        doc.snapshot = snapshot
        doc.render_state = RenderState.QUEUED
        doc.save()
    for i, a in enumerate(articles):
        Article.objects.filter(pk=a.pk).update(state=Article.State.PICKED, newsletter=doc, position=i)
    return doc
