"""Write services of the 意见建议 from project pages: a citizen's submission (duplicates folded), the office's
reply, and marking spam (which leaves the 处理率) or undoing that mark. Every move of the office is checked
against OPINION_TRANSITIONS and recorded in the opinion's history (who, when, from, to)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import OPINION_TRANSITIONS, PublicOpinion
from .figures import ERR_REPLY_EMPTY, require_office

__all__ = [
    "DUPLICATE_OPINION_WINDOW",
    "ERR_OPINION_EMPTY",
    "ERR_OPINION_STATE",
    "opinion_duplicate_find",
    "opinion_mark_spam",
    "opinion_reply",
    "opinion_restore",
    "opinion_submit",
]

ERR_OPINION_EMPTY = "请填写意见建议内容。"
ERR_OPINION_STATE = "该意见建议当前为“{state}”，不能{action}。"
DUPLICATE_OPINION_WINDOW = timedelta(hours=24)


def _move(opinion: PublicOpinion, to: str, *, actor, action: str) -> None:
    if to not in OPINION_TRANSITIONS[opinion.state]:
        raise ValidationError(
            ERR_OPINION_STATE.format(state=PublicOpinion.State(opinion.state).label, action=action), code="state"
        )
    opinion.state = to
    opinion._history_user = actor  # the history row names who moved it, whether or not a request is around


def opinion_duplicate_find(
    *, project, content: str, address: str = "", phone: str = "", at=None
) -> PublicOpinion | None:
    """The same text on the same project in the last 24 h from the same address or the same phone."""
    at = at or timezone.now()
    same_sender = Q(pk__in=[])
    if address:
        same_sender |= Q(submitted_from=address)
    if phone.strip():
        same_sender |= Q(contact_phone=phone.strip())
    return (
        PublicOpinion.objects.filter(
            same_sender, project=project, content=content.strip(), submitted_at__gte=at - DUPLICATE_OPINION_WINDOW
        )
        .order_by("submitted_at", "pk")
        .first()
    )


@transaction.atomic
def opinion_submit(
    *, project, content: str, contact_name: str = "", contact_phone: str = "", address: str = ""
) -> tuple[PublicOpinion, bool]:
    """A citizen's 意见建议 from the public page (address: the client's, kept for the audit); the same text
    again within 24 h from the same address or phone returns the earlier one (created=False)."""
    if not content.strip():
        raise ValidationError({"content": ERR_OPINION_EMPTY})
    existing = opinion_duplicate_find(project=project, content=content, address=address, phone=contact_phone)
    if existing is not None:
        return existing, False
    op = PublicOpinion(
        project=project,
        content=content.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        submitted_from=address or None,
    )
    op.full_clean()
    op.save()
    return op, True


@transaction.atomic
def opinion_reply(*, opinion: PublicOpinion, actor, reply: str, publish: bool = False) -> PublicOpinion:
    """The office answers an 意见建议; it then counts as handled (处理率)."""
    require_office(actor)
    if not reply.strip():
        raise ValidationError({"reply": ERR_REPLY_EMPTY})
    opinion = PublicOpinion.objects.select_for_update().get(pk=opinion.pk)
    _move(opinion, PublicOpinion.State.HANDLED, actor=actor, action="答复")
    opinion.reply, opinion.publish_reply = reply.strip(), publish
    opinion.replied_at, opinion.replied_by = timezone.now(), actor
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def opinion_mark_spam(*, opinion_ids: Iterable[int], actor) -> int:
    """The office marks 待处理 opinions as 垃圾信息 (left out of the 处理率); returns how many were marked.
    Opinions already answered or already marked are left as they are."""
    require_office(actor)
    marked = 0
    rows = PublicOpinion.objects.select_for_update().filter(
        pk__in=list(opinion_ids), state=PublicOpinion.State.RECEIVED
    )
    for opinion in rows.order_by("pk"):
        _move(opinion, PublicOpinion.State.SPAM, actor=actor, action="标记为垃圾信息")
        opinion.full_clean()
        opinion.save()
        marked += 1
    return marked


@transaction.atomic
def opinion_restore(*, opinion: PublicOpinion, actor) -> PublicOpinion:
    """Undo a spam mark: the opinion is 待处理 again (and counts in the 处理率 again)."""
    require_office(actor)
    opinion = PublicOpinion.objects.select_for_update().get(pk=opinion.pk)
    _move(opinion, PublicOpinion.State.RECEIVED, actor=actor, action="恢复为待处理")
    opinion.full_clean()
    opinion.save()
    return opinion
