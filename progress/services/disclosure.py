"""The office's weights of the 信息公开 estimate (issue 17 §7); every change is kept in the row's history."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from projects.models import Programme

from ..models import DisclosureWeights
from .figures import require_office

__all__ = ["disclosure_weights_set"]


@transaction.atomic
def disclosure_weights_set(
    *, programme: Programme, weights: dict[str, Decimal], items_per_month: int, max_score: Decimal, actor
) -> DisclosureWeights:
    """Set a programme's estimate weights, the 工作动态/政策文件 expected per month and the full score (office)."""
    require_office(actor)
    row = DisclosureWeights.objects.select_for_update().filter(programme=programme).first()
    row = row or DisclosureWeights(programme=programme)
    row.weights = {k: str(v) for k, v in weights.items()}
    row.items_per_month, row.max_score = items_per_month, max_score
    row._history_user = actor
    row.full_clean()
    row.save()
    return row
