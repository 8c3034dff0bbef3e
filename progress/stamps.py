"""The per-programme change stamp that keys the cached roll-ups (renewed by every figure/period service)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import transaction

from .models import RollupStamp


def rollup_stamp_renew(*, programme_id: int) -> str:
    """Give the programme a new random stamp: every cached roll-up of it is stale from now on."""
    token = uuid.uuid4().hex
    updated = RollupStamp.objects.filter(programme_id=programme_id).update(token=token)
    if not updated:
        RollupStamp.objects.update_or_create(programme_id=programme_id, defaults={"token": token})
    if _warming_wanted():
        transaction.on_commit(lambda: public_index_warm_enqueue(programme_id=programme_id, token=token))
    return token


def _warming_wanted() -> bool:
    """A worker warms the public index (not in eager mode: the writer's own request would pay for it)."""
    return getattr(settings, "PROGRESS_PUBLIC_INDEX_WARM", True) and not settings.CELERY_TASK_ALWAYS_EAGER


def public_index_warm_enqueue(*, programme_id: int, token: str) -> bool:
    """Queue the warming of the public index under the new stamp (a worker pays for the roll-up, not the first
    visitor). Not in eager mode (no broker): the writer's own request would pay for it, so the first visitor
    does as before. False when not queued."""
    if not _warming_wanted():
        return False
    from minsheng.common.queue import enqueue

    from .tasks import progress_public_index_warm

    return enqueue(progress_public_index_warm, programme_id, token)


def rollup_stamp(*, programme_id: int) -> str:
    """The programme's current stamp (one query; created on first use)."""
    token = RollupStamp.objects.filter(programme_id=programme_id).values_list("token", flat=True).first()
    return token or rollup_stamp_renew(programme_id=programme_id)
