"""Writes of the intake: submitting, entering, triaging, merging and adopting proposals."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate, ScreeningRound
from candidates.services import candidate_create
from minsheng.accounts.models import Organisation
from minsheng.common.files import upload_check
from minsheng.common.workflow import Change, Flow, transition

from . import selectors
from .domains import domain_suggest
from .models import (
    TRANSITIONS,
    Campaign,
    Channel,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalRating,
    Satisfaction,
    State,
    normalise_phone,
)

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
DUPLICATE_WINDOW = timedelta(hours=24)

ERR_CLOSED = "本次征集不在开放时间内（{start} 至 {end}），暂不能提交建议。"
ERR_NOT_PUBLIC = "该征集活动未发布。"
ERR_TOO_MANY_FILES = "最多只能上传 3 个附件。"
ERR_TRANSITION = "建议当前为“{src}”，不能改为“{dst}”。"
ERR_USE_MERGE = "归并请使用“归并”操作。"
ERR_USE_ADOPT = "采纳为备选请使用“采纳”操作。"
ERR_FORWARD_NEEDS_UNITS = "转交时至少选择一个承办单位。"
ERR_MERGE_SELF = "不能把建议归并到它自己。"
ERR_MERGE_NEEDS_OTHERS = "请至少选择一条要归并的建议。"
ERR_MERGE_OTHER_CAMPAIGN = "只能归并同一征集活动中的建议。"
ERR_MERGE_TARGET_CLOSED = "归并目标“{code}”已是“{state}”，不能作为归并目标。"
ERR_NOT_EDITABLE = "只有“已提交”状态的建议可以修改。"
ERR_ADOPT_EMPTY = "请选择要采纳的建议。"
ERR_NO_ROUND = "本年度尚未开启备选项目产生工作，无法新建备选项目。"


def _event(*, proposal: Proposal, actor, src: str, dst: str, comment: str = "", public_note: str = "") -> ProposalEvent:
    event = ProposalEvent(proposal=proposal, actor=actor if getattr(actor, "pk", None) else None,
                          from_state=src, to_state=dst, comment=comment, public_note=public_note)
    event.full_clean()
    event.save()
    return event


def _history(change: Change) -> ProposalEvent:
    return _event(proposal=change.obj, actor=change.by, src=change.from_state, dst=change.to_state,
                  comment=change.reason, public_note=change.extra.get("public_note", ""))


# The triage workflow: the TRANSITIONS table, its wording, and ProposalEvent rows as its history.
PROPOSALS = Flow(
    model=Proposal,
    table=TRANSITIONS,
    labels=State,
    history=_history,
    refusal=lambda src, dst: ERR_TRANSITION.format(src=src, dst=dst),
)


def _check_window(campaign: Campaign, *, at=None) -> None:
    at = at or timezone.now()
    if campaign.state != Campaign.State.PUBLISHED:
        raise ValidationError(ERR_NOT_PUBLIC, code="not_public")
    if not campaign.is_open(at):
        raise ValidationError(
            ERR_CLOSED.format(start=timezone.localtime(campaign.starts_at).strftime("%Y-%m-%d %H:%M"),
                              end=timezone.localtime(campaign.ends_at).strftime("%Y-%m-%d %H:%M")),
            code="closed",
        )


def _attach(*, proposal: Proposal, files: Iterable) -> None:
    files = [f for f in files if f]
    if len(files) + proposal.attachments.count() > MAX_ATTACHMENTS:
        raise ValidationError(ERR_TOO_MANY_FILES, code="too_many_files")
    for f in files:
        checked = upload_check(f, kinds=("image", "pdf"), max_bytes=MAX_ATTACHMENT_BYTES)
        att = ProposalAttachment(proposal=proposal, original_name=checked.name[:200], mime=checked.mime, size=checked.size)
        att.file.save(checked.name, f, save=False)
        att.full_clean()
        att.save()


def proposal_find_recent_duplicate(*, campaign: Campaign, phone: str, title: str, at=None) -> Proposal | None:
    """The same phone + title submitted in the last 24 h (a double click, a resend): its receipt is reused."""
    at = at or timezone.now()
    try:
        phone = normalise_phone(phone)
    except ValidationError:
        return None
    return (
        Proposal.objects.filter(campaign=campaign, proposer_phone=phone, title=title.strip(),
                                created_at__gte=at - DUPLICATE_WINDOW)
        .order_by("created_at").first()
    )


def _build(*, campaign: Campaign, data: dict, channel: str, unit: Organisation | None, actor) -> Proposal:
    fields = {
        k: v for k, v in data.items()
        if k in {"title", "level", "domain", "proposer_name", "proposer_phone", "suggested_unit", "suggested_unit_text",
                 "situation", "content", "effect", "remark", "responsible_text", "necessity", "schedule", "investment"}
    }
    for k, v in list(fields.items()):
        if isinstance(v, str):
            fields[k] = v.strip()
    proposal = Proposal(campaign=campaign, channel=channel, unit=unit, created_by=actor if getattr(actor, "pk", None) else None,
                        **fields)
    if not proposal.domain:
        proposal.domain_suggested = domain_suggest(text=" ".join([proposal.title, proposal.situation, proposal.content]))
    return proposal


@transaction.atomic
def proposal_submit(*, campaign: Campaign, data: dict, files: Iterable = (), at=None,
                    address: str = "") -> tuple[Proposal, bool]:
    """A citizen's proposal from the public form (address: the client's, kept for the audit); a 24 h repeat
    returns the earlier one (created=False)."""
    _check_window(campaign, at=at)
    existing = proposal_find_recent_duplicate(campaign=campaign, phone=data.get("proposer_phone", ""),
                                              title=data.get("title", ""), at=at)
    if existing is not None:
        return existing, False
    proposal = _build(campaign=campaign, data=data, channel=Channel.PUBLIC, unit=None, actor=None)
    proposal.submitted_from = address or None
    proposal.full_clean()
    proposal.save()
    _attach(proposal=proposal, files=files)
    _event(proposal=proposal, actor=None, src="", dst=State.SUBMITTED, public_note="建议已提交。")
    return proposal, True


@transaction.atomic
def proposal_create(*, campaign: Campaign, data: dict, actor, unit: Organisation | None,
                    channel: str = Channel.DIRECTED, files: Iterable = ()) -> Proposal:
    """A proposal entered by staff: a unit's own (定向/专题) or a hotline/letter item (常态化收集)."""
    proposal = _build(campaign=campaign, data=data, channel=channel, unit=unit, actor=actor)
    proposal.full_clean()
    proposal.save()
    _attach(proposal=proposal, files=files)
    _event(proposal=proposal, actor=actor, src="", dst=State.SUBMITTED, comment="工作人员录入。")
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, actor, data: dict) -> Proposal:
    """A unit corrects its own proposal while it is still 已提交 (the office may edit any time)."""
    if not actor.has_perm("proposals.change_proposal", proposal):
        raise PermissionDenied(ERR_NOT_EDITABLE)
    for k, v in data.items():
        setattr(proposal, k, v.strip() if isinstance(v, str) else v)
    if not proposal.domain:
        proposal.domain_suggested = domain_suggest(text=" ".join([proposal.title, proposal.situation, proposal.content]))
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_transition(*, proposal: Proposal, to_state: str, actor, comment: str = "", public_reply: str = "",
                        reason: str = "", departments: Iterable[Organisation] = ()) -> Proposal:
    """Move a proposal along the TRANSITIONS table (受理 / 不予受理 / 转交 / 未采纳), with a history row."""
    if to_state == State.MERGED:
        raise ValidationError(ERR_USE_MERGE, code="use_merge")
    if to_state == State.ADOPTED:
        raise ValidationError(ERR_USE_ADOPT, code="use_adopt")
    departments = list(departments)
    if to_state == State.FORWARDED and not departments:
        raise ValidationError(ERR_FORWARD_NEEDS_UNITS, code="forward_units")
    reject_reason = reason.strip()
    if to_state == State.REJECTED and not public_reply:
        public_reply = f"不予受理：{reject_reason}" if reject_reason else ""
    with transition(proposal, flow=PROPOSALS, to=to_state, by=actor, reason=comment, public_note=public_reply):
        if to_state == State.REJECTED:
            proposal.reject_reason = reject_reason
        if public_reply:
            proposal.public_reply = public_reply
    if departments:
        proposal.forwarded_to.add(*departments)
    return proposal


@transaction.atomic
def proposal_reply_set(*, proposal: Proposal, actor, public_reply: str | None = None,
                       internal_note: str | None = None) -> Proposal:
    """Change the citizen-facing reply and/or the internal note, without a state change."""
    if public_reply is not None:
        proposal.public_reply = public_reply.strip()
    if internal_note is not None:
        proposal.internal_note = internal_note.strip()
    proposal.full_clean()
    proposal.save(update_fields=["public_reply", "internal_note", "updated_at"])
    return proposal


@transaction.atomic
def proposal_merge(*, primary: Proposal, others: Iterable[Proposal], actor, comment: str = "") -> Proposal:
    """Merge duplicates into `primary`: each stays stored, marked 已归并 and linked to it (相似项目归并)."""
    others = list(others)
    if not others:
        raise ValidationError(ERR_MERGE_NEEDS_OTHERS, code="merge_empty")
    # every row involved locked at once, in id order (two merges of overlapping sets cannot deadlock)
    list(Proposal.objects.select_for_update().filter(pk__in=[primary.pk, *[o.pk for o in others]]).order_by("pk"))
    primary = Proposal.objects.get(pk=primary.pk)
    if primary.state in (State.MERGED, State.REJECTED, State.DECLINED):
        raise ValidationError(ERR_MERGE_TARGET_CLOSED.format(code=primary.code, state=primary.get_state_display()))
    note = f"您的建议与同类建议（{primary.code}）内容相近，已归并处理。"
    for other in others:
        if other.pk == primary.pk:
            raise ValidationError(ERR_MERGE_SELF, code="merge_self")
        if other.campaign_id != primary.campaign_id:
            raise ValidationError(ERR_MERGE_OTHER_CAMPAIGN, code="merge_campaign")
        with transition(other, flow=PROPOSALS, to=State.MERGED, by=actor, reason=comment or f"归并到 {primary.code}",
                        public_note=note):
            # Whatever was already merged into `other` follows it to the new primary.
            for child in Proposal.objects.filter(merged_into=other):
                child.merged_into = primary
                child.save(update_fields=["merged_into", "updated_at"])
            other.merged_into = primary
            other.public_reply = note
    return primary


@transaction.atomic
def proposal_adopt(*, proposals: Iterable[Proposal], candidate: Candidate, actor, comment: str = "") -> list[Proposal]:
    """Mark proposals 已采纳为备选 and link them to the candidate (备选项目) they became."""
    proposals = list(proposals)
    if not proposals:
        raise ValidationError(ERR_ADOPT_EMPTY, code="adopt_empty")
    note = "您的建议已被采纳为备选项目，感谢您的参与。"
    for p in proposals:
        with transition(p, flow=PROPOSALS, to=State.ADOPTED, by=actor,
                        reason=comment or f"采纳为备选项目：{candidate}", public_note=note):
            p.candidate = candidate
            p.public_reply = note
    return proposals


@transaction.atomic
def proposal_adopt_as_new(*, proposal: Proposal, actor, comment: str = "") -> Candidate:
    """采纳为备选（新建）: create the 备选项目 from the proposal and adopt the proposal into it — one
    transaction, so a refused adoption leaves no candidate behind."""
    campaign = proposal.campaign
    round_ = ScreeningRound.objects.filter(year=campaign.year, organisation=campaign.organisation).first()
    if round_ is None:
        raise ValidationError(ERR_NO_ROUND, code="no_round")
    candidate = candidate_create(round=round_, name=proposal.title, by=actor, content=proposal.full_text,
                                 domain=proposal.effective_domain, comment=f"由项目建议 {proposal.code} 采纳")
    proposal_adopt(proposals=[proposal], candidate=candidate, actor=actor, comment=comment)
    return candidate


ERR_RATING_NO_PROJECT = "这条建议还没有列入民生实事项目，暂不能评价。"
ERR_RATING_NOT_FINISHED = "项目完成后才能评价：“{project}”目前尚未完成。"
ERR_RATING_TWICE = "这个查询码已于 {date} 评价过（{value}），每个查询码只能评价一次。"
ERR_RATING_VALUE = "请选择“满意”“基本满意”或“不满意”。"


def rated_twice_message(rating: ProposalRating) -> str:
    """The refusal of a second rating, with the first one's date and value."""
    date = timezone.localtime(rating.rated_at)
    return ERR_RATING_TWICE.format(
        date=f"{date.year}年{date.month}月{date.day}日", value=rating.get_value_display()
    )


def _rated_twice(rating: ProposalRating) -> ValidationError:
    return ValidationError(rated_twice_message(rating), code="rated_twice")


@transaction.atomic
def proposal_rate(*, proposal: Proposal, value: str, address: str = "") -> ProposalRating:
    """The proposer rates the finished project their proposal became (满意 / 基本满意 / 不满意), once per receipt
    code; refused before the project is finished (computed status) and a second time with the first's date."""
    if value not in Satisfaction.values:
        raise ValidationError(ERR_RATING_VALUE, code="rating_value")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)  # two tabs rating at once: one wins
    state = selectors.proposal_rating_state(
        proposal=proposal, journey=selectors.proposal_journey(proposal=proposal)
    )
    if state.rating is not None:
        raise _rated_twice(state.rating)
    if state.project is None:
        raise ValidationError(ERR_RATING_NO_PROJECT, code="rating_no_project")
    if not state.finished:
        raise ValidationError(
            ERR_RATING_NOT_FINISHED.format(project=state.project.name), code="rating_not_finished"
        )
    rating = ProposalRating(
        proposal=proposal,
        project=state.project,
        value=value,
        submitted_from=address if address and address != "unknown" else None,
    )
    rating.full_clean()
    rating.save()
    return rating
