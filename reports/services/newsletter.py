"""专报: counties submit articles, the office picks and edits them and assembles a numbered issue."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from minsheng.accounts.models import Organisation

from ..models import Article, DocState, Document, DocumentTransition, Kind, RenderState, Section
from .letterhead import masthead_default

ERR_NO_ARTICLES = "请至少选择一篇稿件。"
ERR_ARTICLE_USED = "稿件“{title}”已采用于其他专报。"


def _defaults(city: Organisation, office: Organisation | None = None) -> dict:
    conf = getattr(settings, "REPORTS", {})
    name = conf.get("NEWSLETTER_PROGRAMME", "打好重点民生保障仗")
    return {
        "masthead": masthead_default(office=office, kind="newsletter") or f"{city.name}{name}\n工作专报",
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
            sections=_defaults(city, office=getattr(actor, "organisation", None)),
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


ERR_NEWSLETTER_LOCKED = "专报已印发，稿件不可再调整；如需更正请生成新版本。"
ERR_NOT_PICKED = "稿件“{title}”不在这期专报中。"


def _open_newsletter(document: Document) -> Document:
    doc = Document.objects.select_for_update().get(pk=document.pk)
    if doc.kind != Kind.NEWSLETTER or doc.is_locked:
        raise ValidationError(ERR_NEWSLETTER_LOCKED, code="locked")
    return doc


def _picked(doc: Document) -> list[Article]:
    order = {s.value: i for i, s in enumerate(Section)}
    items = list(Article.objects.filter(newsletter=doc).select_related("author_org"))
    items.sort(key=lambda a: (order.get(a.section, 99), a.position, a.pk))
    return items


def _renumber(items: list[Article]) -> None:
    for i, a in enumerate(items):
        if a.position != i:
            a.position = i
            Article.objects.filter(pk=a.pk).update(position=i)


@transaction.atomic
def newsletter_pick(*, document: Document, article: Article, actor) -> None:
    """Add an article to a 专报 draft (at the end of its section)."""
    doc = _open_newsletter(document)
    if article.newsletter_id and article.newsletter_id != doc.pk:
        raise ValidationError(ERR_ARTICLE_USED.format(title=article.title))
    last = max((a.position for a in _picked(doc)), default=-1)
    Article.objects.filter(pk=article.pk).update(
        state=Article.State.PICKED, newsletter=doc, position=last + 1
    )


@transaction.atomic
def newsletter_unpick(*, document: Document, article: Article, actor) -> None:
    """Take an article out of a 专报 draft (it goes back to the submitted pool)."""
    doc = _open_newsletter(document)
    if article.newsletter_id != doc.pk:
        raise ValidationError(ERR_NOT_PICKED.format(title=article.title))
    Article.objects.filter(pk=article.pk).update(state=Article.State.SUBMITTED, newsletter=None, position=0)


@transaction.atomic
def article_move(*, document: Document, article: Article, up: bool, actor) -> None:
    """Move a picked article one place up or down within its section."""
    doc = _open_newsletter(document)
    items = _picked(doc)
    _renumber(items)
    same = [a for a in items if a.section == article.section]
    idx = next((i for i, a in enumerate(same) if a.pk == article.pk), None)
    if idx is None:
        raise ValidationError(ERR_NOT_PICKED.format(title=article.title))
    other = idx - 1 if up else idx + 1
    if 0 <= other < len(same):
        a, b = same[idx], same[other]
        Article.objects.filter(pk=a.pk).update(position=b.position)
        Article.objects.filter(pk=b.pk).update(position=a.position)


@transaction.atomic
def article_edit(*, article: Article, actor, title: str, body: str, section: str) -> Article:
    """The office edits an article's title, text or section (not once its 专报 is issued)."""
    a = Article.objects.select_for_update(of=("self",)).select_related("newsletter").get(pk=article.pk)
    if a.newsletter_id and a.newsletter.is_locked:
        raise ValidationError(ERR_NEWSLETTER_LOCKED, code="locked")
    a.title, a.body, a.section = title.strip(), body.replace("\r\n", "\n").strip(), section
    a.full_clean()
    a.save(update_fields=["title", "body", "section"])
    return a


@transaction.atomic
def newsletter_refresh(*, document: Document, actor) -> Document:
    """Regenerate a 专报 draft from its picked articles as they are now (order: section, position)."""
    doc = _open_newsletter(document)
    items = _picked(doc)
    if not items:
        raise ValidationError(ERR_NO_ARTICLES)
    doc.snapshot = {
        "kind": "newsletter",
        "articles": [
            {"id": a.pk, "section": a.section, "org": a.author_org.name, "title": a.title, "body": a.body}
            for a in items
        ],
    }
    doc.render_state = RenderState.QUEUED
    doc.save(update_fields=["snapshot", "render_state", "updated_at"])
    DocumentTransition.objects.create(
        document=doc, actor=actor, from_state=doc.state, to_state=doc.state, comment="按调整后的稿件重新生成"
    )
    return doc
