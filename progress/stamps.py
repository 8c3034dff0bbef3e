"""The per-programme change stamp that keys the cached roll-ups (renewed by every figure/period service)."""

from __future__ import annotations

import uuid

from django.db.models import Q

from projects.models import Indicator

from .models import RollupStamp


def rollup_stamp_renew(*, programme_id: int) -> str:
    """Give the programme a new random stamp: every cached roll-up of it is stale from now on; and so are
    those of the programmes sharing work with it through 上级计划指标 (their roll-ups read its rows)."""
    token = uuid.uuid4().hex
    updated = RollupStamp.objects.filter(programme_id=programme_id).update(token=token)
    if not updated:
        RollupStamp.objects.update_or_create(programme_id=programme_id, defaults={"token": token})
    linked = (
        Indicator.objects.filter(
            Q(upper__project__matter__programme_id=programme_id)
            | Q(upper__upper__project__matter__programme_id=programme_id)
            | Q(lowers__project__matter__programme_id=programme_id)
            | Q(lowers__lowers__project__matter__programme_id=programme_id)
        )
        .order_by()
        .values("project__matter__programme_id")
    )
    RollupStamp.objects.filter(programme_id__in=linked).exclude(programme_id=programme_id).update(token=token)
    return token


def rollup_stamp(*, programme_id: int) -> str:
    """The programme's current stamp (one query; created on first use)."""
    token = RollupStamp.objects.filter(programme_id=programme_id).values_list("token", flat=True).first()
    return token or rollup_stamp_renew(programme_id=programme_id)
