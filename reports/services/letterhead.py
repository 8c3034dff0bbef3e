"""发文机关标志: an office sets once what its documents print in red at the top; new documents start from it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from minsheng.accounts.models import Organisation

from ..models import Letterhead

ERR_NOT_AN_OFFICE = "发文机关标志只能为专班办公室设置。"


def letterhead_for(*, office: Organisation | None) -> Letterhead | None:
    """The office's letterhead row, or None (documents then print the office's full name)."""
    if office is None:
        return None
    return Letterhead.objects.filter(office=office).first()


def masthead_default(*, office: Organisation | None, kind: str) -> str:
    """What a new document of `kind` ("bulletin", "newsletter" or "letter") prints as its masthead; "" = default."""
    head = letterhead_for(office=office)
    if head is None:
        return ""
    return {"bulletin": head.bulletin_masthead, "newsletter": head.newsletter_masthead,
            "letter": head.letter_masthead}.get(kind, "")


@transaction.atomic
def letterhead_save(
    *, office: Organisation, actor, bulletin_masthead: str, newsletter_masthead: str, letter_masthead: str
) -> Letterhead:
    """Set an office's 发文机关标志 (audited: every change is a history row with who and when)."""
    if office.kind != Organisation.Kind.OFFICE:
        raise PermissionDenied(ERR_NOT_AN_OFFICE)
    head = Letterhead.objects.select_for_update().filter(office=office).first() or Letterhead(office=office)
    head.bulletin_masthead = bulletin_masthead.strip()
    head.newsletter_masthead = newsletter_masthead.strip().replace("\r\n", "\n")
    head.letter_masthead = letter_masthead.strip()
    head.updated_by = actor
    head._history_user = actor
    head.full_clean()
    head.save()
    return head
