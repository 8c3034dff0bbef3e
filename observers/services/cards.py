"""信息采集卡 services: a change to the items is a new version; old versions stay untouched."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from projects.models import Project

from ..models import CardItem, CardVersion, InfoCard, ItemKind

ERR_NO_ITEMS = "采集卡至少需要一个察看要点。"


@transaction.atomic
def card_version_publish(
    *,
    project: Project,
    items: Sequence[tuple[str, str] | tuple[str, str, str]],
    by=None,
    title: str = "",
    standard: str | None = None,
    note: str = "",
    is_demo: bool = False,
) -> CardVersion:
    """Save the card's items (text, kind[, unit]) as a new version, or return the current one if unchanged."""
    cleaned = [(t[0].strip(), t[1], (t[2] if len(t) > 2 else "").strip()) for t in items if t[0].strip()]
    if not cleaned:
        raise ValidationError(ERR_NO_ITEMS)
    for _text, kind, _unit in cleaned:
        if kind not in ItemKind.values:
            raise ValidationError(f"未知的填写方式：{kind}")
    card = InfoCard.objects.select_for_update().filter(project=project).first()
    if card is None:
        card = InfoCard(
            project=project,
            title=title or f"{project.name}信息采集卡",
            standard=standard or "",
            is_demo=is_demo,
        )
        card.full_clean()
        card.save()
    elif (title and title != card.title) or (standard is not None and standard != card.standard):
        card.title = title or card.title
        card.standard = card.standard if standard is None else standard
        card.full_clean()
        card.save()
    current = card.versions.order_by("-number").prefetch_related("items").first()
    if current is not None and [(i.text, i.kind, i.unit) for i in current.items.all()] == cleaned:
        return current
    version = CardVersion(card=card, number=(current.number + 1) if current else 1, created_by=by, note=note)
    version.full_clean()
    version.save()
    CardItem.objects.bulk_create(
        [
            CardItem(version=version, seq=n, text=text[:300], kind=kind, unit=unit[:20])
            for n, (text, kind, unit) in enumerate(cleaned, 1)
        ]
    )
    return version
