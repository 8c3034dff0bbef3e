"""The per-programme change stamp that keys the cached roll-ups (renewed by every figure/period service)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import transaction
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
    RollupStamp.objects.filter(programme_id__in=_linked(programme_id)).exclude(programme_id=programme_id).update(
        token=token
    )
    if _warming_wanted():
        transaction.on_commit(lambda: _warm_after_commit(programme_id=programme_id, token=token))
    return token


def _linked(programme_id: int):
    """The programmes sharing work with this one through 上级计划指标 (a subquery of their ids)."""
    return (
        Indicator.objects.filter(
            Q(upper__project__matter__programme_id=programme_id)
            | Q(upper__upper__project__matter__programme_id=programme_id)
            | Q(lowers__project__matter__programme_id=programme_id)
            | Q(lowers__lowers__project__matter__programme_id=programme_id)
        )
        .order_by()
        .values("project__matter__programme_id")
    )


def _warm_after_commit(*, programme_id: int, token: str) -> None:
    """Queue the warming of this programme's public index and 各市（州）汇总 parts, and of the linked programmes'
    (they took the same stamp; a linked programme with no stamp row yet gets its own later, and its warming then
    does nothing)."""
    linked = set(_linked(programme_id).values_list("project__matter__programme_id", flat=True)) - {programme_id}
    for pid in [programme_id, *sorted(linked)]:
        public_index_warm_enqueue(programme_id=pid, token=token)
        cities_warm_enqueue(programme_id=pid, token=token)


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


def cities_warm_enqueue(*, programme_id: int, token: str) -> bool:
    """Queue the warming of the 各市（州）汇总 parts that show this programme (see progress.cities_cache)."""
    if not _warming_wanted():
        return False
    from minsheng.common.queue import enqueue

    from .tasks import progress_cities_warm

    return enqueue(progress_cities_warm, programme_id, token)
