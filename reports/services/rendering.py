"""Rendering a stored document into its files (PDF, DOCX, XLSX annex) and recording the outcome."""

from __future__ import annotations

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.selectors import office_users_for
from minsheng.common.services import notification_send

from ..models import Document, Kind, RenderState
from ..render.docx import document_docx
from ..render.html import document_html
from ..render.pdf import html_to_pdf
from ..render.xlsx import annex_xlsx
from ..rules import document_owner

logger = logging.getLogger(__name__)

ERR_RENDER_FAILED = "生成失败：{reason}"
ERR_RENDER_TIMEOUT = "生成超时，请稍后重试。"
READY_TITLE = "{title}（{state}）已生成，请审核"


def _mark(doc_id: int, **fields) -> None:
    Document.objects.filter(pk=doc_id).update(**fields)


def document_render(*, document_id: int, notify: bool = False) -> Document:
    """Render the document's PDF, Word and Excel files from its snapshot and sections; idempotent."""
    doc = Document.objects.select_related("scope", "programme").get(pk=document_id)
    _mark(doc.pk, render_state=RenderState.RENDERING, render_error="")
    try:
        html = document_html(doc)
        pdf = html_to_pdf(html)
        docx = document_docx(doc)
        xlsx = annex_xlsx(doc) if doc.kind in (Kind.BULLETIN, Kind.TENDAY, Kind.QUARTERLY) else None
    except SoftTimeLimitExceeded:
        _mark(doc.pk, render_state=RenderState.FAILED, render_error=ERR_RENDER_TIMEOUT)
        raise
    except OSError as exc:  # transient (disk, fonts being installed …): the task retries
        _mark(
            doc.pk, render_state=RenderState.FAILED, render_error=ERR_RENDER_FAILED.format(reason=exc)[:500]
        )
        raise
    except Exception as exc:  # noqa: BLE001 - the reason is shown on the page; a retry would fail the same way
        logger.exception("文件 %s 生成失败", doc.pk)
        _mark(
            doc.pk,
            render_state=RenderState.FAILED,
            render_error=ERR_RENDER_FAILED.format(reason=f"{type(exc).__name__}: {exc}")[:500],
        )
        return Document.objects.get(pk=doc.pk)
    base = f"{doc.get_kind_display()}-{doc.year}-{doc.period}-v{doc.version}"
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=doc.pk)
        old = [f.name for f in (doc.pdf, doc.docx, doc.xlsx) if f]
        doc.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
        doc.docx.save(f"{base}.docx", ContentFile(docx), save=False)
        if xlsx is not None:
            doc.xlsx.save(f"{base}.xlsx", ContentFile(xlsx), save=False)
        doc.render_state = RenderState.READY
        doc.render_error = ""
        doc.rendered_at = timezone.now()
        doc.save(
            update_fields=["pdf", "docx", "xlsx", "render_state", "render_error", "rendered_at", "updated_at"]
        )
        storage = doc.pdf.storage
        keep = {doc.pdf.name, doc.docx.name, doc.xlsx.name}
        transaction.on_commit(lambda: [storage.delete(n) for n in old if n not in keep])
        if notify:
            notification_send(
                recipients=office_users_for(org=document_owner(doc)),
                kind="reports_ready",
                title=READY_TITLE.format(title=doc.title, state=doc.get_state_display())[:200],
                body=f"{doc.get_kind_display()}已根据最新数据生成，可在线编辑后印发。",
                url=reverse("reports:detail", kwargs={"pk": doc.pk}),
            )
    return doc
