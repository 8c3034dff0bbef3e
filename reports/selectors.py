"""Read-side queries of documents. Every list a view or export shows goes through `documents_visible_to`."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from minsheng.accounts.models import Role

from .models import Article, DocState, Document


def documents_visible_to(user) -> QuerySet[Document]:
    """Office: everything; a county: its own scope's documents and letters addressed to it (plus public
    ones); everyone else: issued documents marked public."""
    qs = Document.objects.select_related("scope", "addressee", "programme")
    public = Q(is_public=True, state=DocState.ISSUED)
    if user is None or not user.is_authenticated:
        return qs.filter(public)
    if user.is_office:
        return qs
    county = user.county if user.role == Role.COUNTY else None
    if county is not None:
        return qs.filter(Q(scope=county) | Q(addressee=county) | public)
    if user.organisation_id:
        return qs.filter(Q(addressee_id=user.organisation_id, state=DocState.ISSUED) | public)
    return qs.filter(public)


def documents_public() -> QuerySet[Document]:
    """Issued documents the office marked public, newest first (the citizens' list)."""
    return (
        Document.objects.filter(is_public=True, state=DocState.ISSUED)
        .select_related("scope")
        .order_by("-issued_at", "-id")
    )


def articles_visible_to(user) -> QuerySet[Article]:
    """Office: all articles; a county clerk: their county's submissions."""
    qs = Article.objects.select_related("author_org", "newsletter")
    if not user.is_authenticated:
        return qs.none()
    if user.is_office:
        return qs
    county = user.county if user.role == Role.COUNTY else None
    if county is not None:
        return qs.filter(author_org=county)
    return qs.none()
