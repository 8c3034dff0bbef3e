"""Shared reads: the 催办 record of an item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max

from .models import Urge


@dataclass(frozen=True)
class UrgeSummary:
    count: int
    last_at: datetime | None


def urge_summary(*, target, unit=None) -> UrgeSummary:
    """How often the office urged about an item (optionally: one unit about it), and when it last did."""
    qs = Urge.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    if unit is not None:
        qs = qs.filter(unit=unit)
    agg = qs.aggregate(n=Count("id"), last=Max("at"))
    return UrgeSummary(count=agg["n"], last_at=agg["last"])
