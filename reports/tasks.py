"""Celery tasks of the reports app: thin, idempotent (one draft per kind/scope/period), retried."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

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
    return document_render(document_id=document_id, notify=notify).render_state


def enqueue_render(document_id: int, *, notify: bool = False) -> None:
    """Queue the rendering once the surrounding transaction has committed."""
    transaction.on_commit(lambda: document_render_task.delay(document_id, notify))


def _generate_all(kind: str, year: int, month: int, dekad: int | None = None) -> int:
    n = 0
    for programme in programmes_for(year=year, month=month):
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
def bulletins_monthly() -> int:
    """6th of the month: draft last month's 通报 for the city and each county (one draft each)."""
    year, month = month_before(timezone.localdate())
    return _generate_all("bulletin", year, month)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3, soft_time_limit=600, time_limit=660)
def briefs_tenday() -> int:
    """1st, 11th, 21st: draft the 旬简报 of the ten days just ended (city and counties)."""
    year, month, dekad = dekad_before(timezone.localdate())
    return _generate_all("tenday", year, month, dekad)


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=3, soft_time_limit=600, time_limit=660)
def summaries_quarterly() -> int:
    """After each quarter: draft the 季总结 (city and counties)."""
    year, month = quarter_before(timezone.localdate())
    return _generate_all("quarterly", year, month)
