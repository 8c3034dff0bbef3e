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
from .letters import (
    letter_create,
    letter_from_handoff,
    letter_reply,
    letter_review,
    letters_from_lagging,
    letters_issue_lagging,
    open_lagging_letter,
)
from .newsletter import (
    article_edit,
    article_move,
    article_submit,
    newsletter_assemble,
    newsletter_pick,
    newsletter_refresh,
    newsletter_unpick,
)
from .rendering import document_render

__all__ = [
    "article_edit",
    "article_move",
    "article_submit",
    "newsletter_pick",
    "newsletter_refresh",
    "newsletter_unpick",
    "letter_create",
    "letter_from_handoff",
    "letter_reply",
    "letter_review",
    "letters_from_lagging",
    "letters_issue_lagging",
    "open_lagging_letter",
    "newsletter_assemble",
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
