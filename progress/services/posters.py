"""Posters as a recorded act (issue 17 §7/§8): a unit prints a project's A4 亮码 poster from its publishing page
and may then mark it 已张贴 with the site. Both are kept in the print's history (who, when); anonymous downloads
of the poster are not recorded."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minsheng.accounts.rules import acts_for_unit, is_office

from ..models import PosterPrint
from ..qr import poster_print_refusal
from ..selectors.publishing import publishing_unit_of
from .publishing import _require_publisher

__all__ = [
    "ERR_POSTER_NOT_OWNER",
    "ERR_POSTER_SITE_LONG",
    "ERR_POSTER_ALREADY_POSTED",
    "poster_print_record",
    "poster_mark_posted",
]

ERR_POSTER_NOT_OWNER = "只能登记本单位打印的海报的张贴情况。"
ERR_POSTER_SITE_LONG = "张贴地点最多 200 个字。"
ERR_POSTER_ALREADY_POSTED = "这张海报已登记为已张贴。"


@transaction.atomic
def poster_print_record(*, project, actor) -> PosterPrint:
    """Record that the actor's unit (None = the office) printed the project's poster now; refused like the
    poster itself where production has no public SITE_URL."""
    _require_publisher(actor, project)
    refusal = poster_print_refusal()
    if refusal:
        raise ValidationError(refusal)
    row = PosterPrint(
        project=project, unit=publishing_unit_of(actor), printed_at=timezone.now(), printed_by=actor
    )
    row.full_clean()
    row._history_user = actor
    row._change_reason = "打印海报"
    row.save()
    return row


@transaction.atomic
def poster_mark_posted(*, poster: PosterPrint, actor, site: str = "") -> PosterPrint:
    """The printing unit (or the office) marks a printed poster 已张贴, optionally with where (once)."""
    poster = PosterPrint.objects.select_for_update().select_related("project").get(pk=poster.pk)
    _require_publisher(actor, poster.project)
    own = acts_for_unit(actor, poster.unit_id) if poster.unit_id else poster.printed_by_id == actor.pk
    if not (own or is_office(actor)):
        raise PermissionDenied(ERR_POSTER_NOT_OWNER)
    if poster.is_posted:
        raise ValidationError(ERR_POSTER_ALREADY_POSTED)
    site = " ".join((site or "").split())
    if len(site) > 200:
        raise ValidationError({"site": ERR_POSTER_SITE_LONG})
    poster.posted_at, poster.posted_by, poster.site = timezone.now(), actor, site
    poster.full_clean()
    poster._history_user = actor
    poster._change_reason = f"已张贴：{site}"[:100] if site else "已张贴"
    poster.save(update_fields=["posted_at", "posted_by", "site"])
    return poster
