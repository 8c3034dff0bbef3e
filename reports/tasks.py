"""Celery tasks of the reports app: thin, idempotent (one draft per kind/scope/period), retried."""

from __future__ import annotations

import gc
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from minsheng.common.queue import MSG_QUEUE_DOWN, enqueue
from minsheng.common.schedules import office_share, share_filter

from .models import Document, RenderState
from .scheduling import (
    dekad_before,
    month_before,
    programmes_for,
    quarter_before,
    scopes_for,
)
from .services import document_render, summary_generate


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=3, soft_time_limit=120, time_limit=150)
def document_render_task(document_id: int, notify: bool = False) -> str:
    """Render one document's PDF/DOCX/XLSX (idempotent: re-renders the same stored content)."""
    try:
        return document_render(document_id=document_id, notify=notify).render_state
    finally:
        # WeasyPrint leaves ~90 MB per render in reference cycles; without a full collection the
        # worker's memory saw-tooths between one and two renders' worth (measured in bench/soak.py).
        gc.collect()


def enqueue_render(document_id: int, *, notify: bool = False) -> None:
    """Queue the rendering once the surrounding transaction has committed.

    With the broker down the document stays "queued" with MSG_QUEUE_DOWN as its note (shown on its page)
    and documents_render_requeue queues it again later.
    """
    transaction.on_commit(lambda: _render_enqueue_now(document_id, notify))


def _render_enqueue_now(document_id: int, notify: bool) -> bool:
    ok = enqueue(document_render_task, document_id, notify)
    note = {"render_error": ""} if ok else {"render_error": MSG_QUEUE_DOWN}
    Document.objects.filter(pk=document_id, render_state=RenderState.QUEUED).exclude(**note).update(**note)
    return ok


def render_not_queued(document_id: int) -> bool:
    """True when the document's rendering could not be queued (the broker was down)."""
    return Document.objects.filter(
        pk=document_id, render_state=RenderState.QUEUED, render_error=MSG_QUEUE_DOWN
    ).exists()


@shared_task
def documents_render_requeue() -> int:
    """Queue again the renderings that could not be queued, or were lost (idempotent: rendering is)."""
    now = timezone.now()
    stuck = Document.objects.filter(
        Q(render_state=RenderState.QUEUED, render_error=MSG_QUEUE_DOWN)
        | Q(render_state=RenderState.QUEUED, updated_at__lt=now - timedelta(minutes=15))
        | Q(render_state=RenderState.RENDERING, updated_at__lt=now - timedelta(minutes=30))
    ).values_list("pk", flat=True)[:200]
    n = 0
    for pk in list(stuck):
        if _render_enqueue_now(pk, False):
            Document.objects.filter(pk=pk).update(updated_at=now)  # not again before the next 15 min
            n += 1
    return n


def _generate_all(kind: str, year: int, month: int, dekad: int | None = None, *, job: str = "",
                  office_root: int | None = None) -> int:  # fmt: skip
    """Draft one kind of document for every programme this entry of the job runs (all of them without an office)."""
    share = office_share(job=job, office_root=office_root)
    n = 0
    for programme in share_filter(
        programmes_for(year=year, month=month), share=share, org_of=lambda p: p.organisation
    ):
        for scope in scopes_for(programme):
            with transaction.atomic():
                doc, changed = summary_generate(
                    kind=kind, programme=programme, scope=scope, month=month, dekad=dekad
                )
                if changed:
                    enqueue_render(doc.pk, notify=True)
                    n += 1
    return n


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3, soft_time_limit=600, time_limit=660)
def bulletins_monthly(job: str = "", office_root: int | None = None) -> int:
    """6th of the month: draft last month's 通报 for the city and each county (one draft each), for the programmes
    of the office whose entry this is (job, office_root: minsheng.common.schedules.office_share)."""
    year, month = month_before(timezone.localdate())
    return _generate_all("bulletin", year, month, job=job, office_root=office_root)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3, soft_time_limit=600, time_limit=660)
def briefs_tenday(job: str = "", office_root: int | None = None) -> int:
    """1st, 11th, 21st: draft the 旬简报 of the ten days just ended (city and counties), per office."""
    year, month, dekad = dekad_before(timezone.localdate())
    return _generate_all("tenday", year, month, dekad, job=job, office_root=office_root)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3, soft_time_limit=600, time_limit=660)
def summaries_quarterly(job: str = "", office_root: int | None = None) -> int:
    """After each quarter: draft the 季总结 (city and counties), per office."""
    year, month = quarter_before(timezone.localdate())
    return _generate_all("quarterly", year, month, job=job, office_root=office_root)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def letters_lagging_task(period_id: int) -> int:
    """After a month is locked (progress enqueues this by name): one issued letter per unit behind."""
    from progress.models import ReportingPeriod

    from .services import letters_issue_lagging

    period = ReportingPeriod.objects.select_related("programme").filter(pk=period_id).first()
    if period is None:
        return 0
    docs = letters_issue_lagging(period=period)
    for doc in docs:
        enqueue_render(doc.pk)
    return len(docs)
