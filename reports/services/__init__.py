"""Write services of the reports app (documents, rendering, 专报 articles, letters)."""

from .documents import (
    ERR_BAD_TRANSITION,
    ERR_NOT_ISSUED,
    ERR_NOTHING_TO_RENDER,
    document_edit,
    document_generate,
    document_issue,
    document_new_version,
    document_set_public,
    period_key,
    summary_generate,
)
from .rendering import document_render

__all__ = [
    "ERR_BAD_TRANSITION",
    "ERR_NOT_ISSUED",
    "ERR_NOTHING_TO_RENDER",
    "document_edit",
    "document_generate",
    "document_issue",
    "document_new_version",
    "document_render",
    "document_set_public",
    "period_key",
    "summary_generate",
]
