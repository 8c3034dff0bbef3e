"""Write services of the 意见建议 from project pages: a citizen's submission (duplicates folded), the office's
reply, and marking spam (which leaves the 处理率) or undoing that mark. Every move of the office is checked
against OPINION_TRANSITIONS and recorded in the opinion's history (who, when, from, to)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.accounts.selectors import unit_users
from minsheng.common.services import notification_send
from projects.models import IndicatorTarget

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
    "opinion_route",
    "opinion_submit",
    "project_counties",
    "ERR_OPINION_COUNTY",
    "OPINION_REPLY_DAYS",
]

ERR_OPINION_EMPTY = "请填写意见建议内容。"
ERR_OPINION_STATE = "该意见建议当前为“{state}”，不能{action}。"
ERR_OPINION_COUNTY = "请从列表中选择本项目实施的县市区，或选“不确定”。"
DUPLICATE_OPINION_WINDOW = timedelta(hours=24)
OPINION_REPLY_DAYS = 7  # calendar days the answering unit has to reply
OPINION_ASSIGNED_TITLE = "新的意见建议待答复：{project}"
OPINION_ASSIGNED_BODY = "{county}群众意见建议（查询码 {code}）：{content}。请于 {due} 前答复。"


def project_counties(*, project) -> list[Organisation]:
    """The counties with a task in this project (the choices of the 意见建议 form), in the usual order."""
    ids = IndicatorTarget.objects.filter(indicator__project=project).values("county_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("sort_order", "pk"))


def opinion_route(*, project, county: Organisation | None, counties: list[Organisation] | None = None):
    """The unit that answers an 意见建议: the county the resident chose (a county's row of the project), the only
    county of a one-county project, else — or when that county has no clerks, such as 市本级 — the project's lead
    unit (the matter's, or its first indicator's); None leaves it to the office."""
    counties = project_counties(project=project) if counties is None else counties
    if county is None and len(counties) == 1:
        county = counties[0]
    # A county row of a unit without clerks (市本级) is the lead department's, as with its figures.
    if county is not None and unit_users(unit=county).exists():
        return county
    lead = project.lead_unit or project.matter.lead_unit
    if lead is None:
        first = project.indicators.filter(lead_unit__isnull=False).select_related("lead_unit").first()
        lead = first.lead_unit if first else None
    return lead


def _notify_unit(opinion: PublicOpinion) -> None:
    """Tell the answering unit's clerks there is an 意见建议 to answer, linking to their list."""
    if opinion.unit is None:
        return
    notification_send(
        recipients=list(unit_users(unit=opinion.unit)),
        title=OPINION_ASSIGNED_TITLE.format(project=opinion.project.name),
        body=OPINION_ASSIGNED_BODY.format(
            county=f"{opinion.county.name}" if opinion.county else "",
            code=opinion.code,
            content=opinion.content[:60],
            due=f"{opinion.reply_due.month}月{opinion.reply_due.day}日",
        ),
        url=reverse("progress:unit_opinions") + f"#opinion-{opinion.pk}",
        kind="progress.opinion",
    )


def _move(opinion: PublicOpinion, to: str, *, actor, action: str) -> None:
    if to not in OPINION_TRANSITIONS[opinion.state]:
        raise ValidationError(
            ERR_OPINION_STATE.format(state=PublicOpinion.State(opinion.state).label, action=action),
            code="state",
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
            same_sender,
            project=project,
            content=content.strip(),
            submitted_at__gte=at - DUPLICATE_OPINION_WINDOW,
        )
        .order_by("submitted_at", "pk")
        .first()
    )


@transaction.atomic
def opinion_submit(
    *,
    project,
    content: str,
    contact_name: str = "",
    contact_phone: str = "",
    address: str = "",
    county: Organisation | None = None,
) -> tuple[PublicOpinion, bool]:
    """A citizen's 意见建议 from the public page (address: the client's, kept for the audit), with a receipt
    code, routed to the answering unit (opinion_route) with a reply deadline; the unit's clerks are told.
    The same text again within 24 h from the same address or phone returns the earlier one (created=False)."""
    if not content.strip():
        raise ValidationError({"content": ERR_OPINION_EMPTY})
    counties = project_counties(project=project)
    if county is not None and county not in counties:
        raise ValidationError({"county": ERR_OPINION_COUNTY})
    existing = opinion_duplicate_find(project=project, content=content, address=address, phone=contact_phone)
    if existing is not None:
        return existing, False
    op = PublicOpinion(
        project=project,
        content=content.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        submitted_from=address or None,
        county=county if county is not None else (counties[0] if len(counties) == 1 else None),
        unit=opinion_route(project=project, county=county, counties=counties),
        reply_due=timezone.localdate() + timedelta(days=OPINION_REPLY_DAYS),
    )
    op.full_clean()
    op.save()
    _notify_unit(op)
    return op, True


@transaction.atomic
def opinion_reply(*, opinion: PublicOpinion, actor, reply: str, publish: bool = False) -> PublicOpinion:
    """The office or the answering unit's clerk answers an 意见建议; it then counts as handled (处理率)."""
    opinion = PublicOpinion.objects.select_for_update().get(pk=opinion.pk)
    if not (actor is not None and actor.has_perm("progress.reply_opinion", opinion)):
        raise PermissionDenied
    if not reply.strip():
        raise ValidationError({"reply": ERR_REPLY_EMPTY})
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
    require_office(actor, programme=opinion.project.matter.programme)
    opinion = PublicOpinion.objects.select_for_update().get(pk=opinion.pk)
    _move(opinion, PublicOpinion.State.RECEIVED, actor=actor, action="恢复为待处理")
    opinion.full_clean()
    opinion.save()
    return opinion
