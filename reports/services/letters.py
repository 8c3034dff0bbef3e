"""Letters from lagging progress (per county) and from observers' hand-offs."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import Organisation, Role, User
from minsheng.accounts.rules import in_office_scope, is_office, office_root_of
from minsheng.accounts.selectors import office_of, office_users_for
from minsheng.accounts.selectors import unit_users as accounts_unit_users
from minsheng.common.files import upload_check
from minsheng.common.services import notification_send
from minsheng.common.workflow import Change, Flow, transition
from projects.models import Programme

from ..compose import q
from ..models import (
    LETTER_KINDS,
    REPLY_TRANSITIONS,
    DocState,
    Document,
    DocumentTransition,
    Kind,
    LetterReply,
    ReplyState,
)
from ..rules import document_owner
from ..selectors import LAGGING_PREFIXES, lagging_units
from .issuer import check_issuer
from .letterhead import masthead_default

REPLY_DAYS = 10
ERR_OPEN_LETTER = (
    "{unit}已有未办结的{kind}《{title}》（回复期限 {deadline}），同一滞后事项不再另发回复期限不同的新函；"
    "请在原函件上继续办理。"
)
ERR_RETURN_REASON = "退回时请写明退回原因。"
ERR_ADDRESSEE_OUTSIDE = "收文单位“{unit}”不在{owner}的辖区内：{owner}专班办公室的函件只发给本级及下辖的单位。"
LETTER_RECEIVED = "您单位收到{kind}：{title}"
LETTER_RECEIVED_BODY = "请于 {deadline} 前登录系统回复（可上传 PDF 或照片）。"
LETTER_REPLIED = "{unit}已回复{kind}：{title}"
LETTER_ACCEPTED = "专班办公室已采纳您单位对{kind}的回复：{title}"
LETTER_RETURNED = "专班办公室退回了您单位对{kind}的回复：{title}"


def open_lagging_letter(*, programme, addressee) -> Document | None:
    """The unit's lagging-progress letter still open (draft, or issued and not yet accepted), if any."""
    qs = (
        Document.objects.filter(kind__in=LETTER_KINDS, addressee=addressee)
        .exclude(state=DocState.SUPERSEDED)
        .exclude(reply_state=ReplyState.ACCEPTED)
    )
    if programme is not None:
        qs = qs.filter(programme=programme)
    lagging = Q()
    for prefix in LAGGING_PREFIXES:
        lagging |= Q(key__startswith=prefix)
    return qs.filter(lagging).order_by("reply_deadline", "id").first()


def unit_users(unit: Organisation) -> list[User]:
    """The clerks who act for a unit (its county or department staff); a city or province addressed by an upper
    level's 督办函: its 专班办公室's accounts."""
    if unit is None:
        return []
    if unit.kind in (Organisation.Kind.CITY, Organisation.Kind.PROVINCE):
        return list(accounts_unit_users(unit=unit))
    return list(
        User.objects.filter(
            Q(organisation=unit) | Q(organisation__parent=unit),
            role__in=[Role.COUNTY, Role.DEPARTMENT],
            is_active=True,
        )
    )


def office_users(doc) -> list[User]:
    """The office accounts of the level that issued the letter (not every office in the instance)."""
    return office_users_for(org=document_owner(doc))


def _deadline_text(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "期限内"


def letter_notify_issued(*, document: Document) -> None:
    """Letter received (with its deadline) → every clerk of the addressed unit."""
    doc = document
    notification_send(
        recipients=unit_users(doc.addressee),
        kind="letter_received",
        title=LETTER_RECEIVED.format(kind=doc.get_kind_display(), title=doc.title),
        body=LETTER_RECEIVED_BODY.format(deadline=_deadline_text(doc.reply_deadline)),
        url=reverse("reports:detail", args=[doc.pk]),
    )


TITLES = {
    Kind.GENTLE: "温馨提示函",
    Kind.WORK: "工作提示函",
    Kind.ASSIGN: "工作交办函",
    Kind.REMINDER: "提醒函",
}
DEFAULT_REQUIREMENT = (
    "请高度重视，倒排工期、挂图作战，加快推进项目实施，确保按序时完成年度目标任务，"
    "并对照验收标准及时上传佐证材料。"
)


def _letter(
    *,
    kind,
    programme,
    addressee,
    key,
    period,
    year,
    title,
    facts,
    requirement,
    deadline,
    office,
    snapshot,
    actor,
    doc_date,
    month: int | None = None,
) -> tuple[Document, bool]:
    scope = programme.organisation if programme else (addressee.region or addressee)
    if key.startswith(LAGGING_PREFIXES):
        # One open letter per lagging unit: a second cause reuses the open one (same deadline).
        open_letter = open_lagging_letter(programme=programme, addressee=addressee)
        if open_letter is not None:
            return open_letter, False
    existing = (
        Document.objects.filter(
            kind=kind,
            scope=scope,
            year=year,
            period=period,
            key=key,
        )
        .exclude(state=DocState.SUPERSEDED)
        .first()
    )
    if existing is not None:
        return existing, False
    doc = Document(
        kind=kind,
        programme=programme,
        scope=scope,
        year=year,
        period=period,
        month=month,
        key=key,
        addressee=addressee,
        reply_deadline=deadline,
        title=title,
        doc_date=doc_date,
        sections={"facts": facts, "requirement": requirement, **_letter_masthead(programme)},
        snapshot={**snapshot, "office": office},
    )
    doc.full_clean(validate_constraints=False)
    doc.save()
    DocumentTransition.objects.create(
        document=doc, actor=actor, to_state=DocState.DRAFT, comment="系统生成函件"
    )
    return doc, True


@transaction.atomic
def letters_from_lagging(
    *, programme: Programme, month: int, actor=None, kind: str = Kind.WORK, doc_date: date | None = None
) -> list[Document]:
    """One letter draft per county with rows behind schedule after `month` (idempotent per county/month)."""
    doc_date = doc_date or timezone.localdate()
    out = []
    for row in lagging_units(programme=programme, month=month):
        unit = row["unit"]
        doc, _ = _letter(
            kind=kind,
            programme=programme,
            addressee=unit,
            key=f"county-{unit.pk}",
            period=f"M{month:02d}",
            year=programme.year,
            title=f"关于加快推进重点民生实事项目的{TITLES[kind]}",
            facts=row["facts"],
            requirement=DEFAULT_REQUIREMENT,
            deadline=doc_date + timedelta(days=REPLY_DAYS),
            office=_office_name(programme),
            snapshot={"kind": "letter", "month": month, "rows": row["rows"], "county": unit.name},
            actor=actor,
            doc_date=doc_date,
            month=month,
        )
        out.append(doc)
    return out


def _issuing_office(programme) -> Organisation | None:
    """The office a programme's letters go out from: the programme's own, else its government's 专班办公室."""
    if programme is None:
        return None
    return programme.office if programme.office_id else office_of(programme.organisation)


def _letter_masthead(programme) -> dict:
    """The issuing office's 发文机关标志 for letters (发文设置), when it set one."""
    masthead = masthead_default(office=_issuing_office(programme), kind="letter")
    return {"masthead": masthead} if masthead else {}


def _office_name(programme) -> str:
    """Whose name signs the letter: the issuing office's, else the government's own name."""
    if programme is None:
        return ""
    office = _issuing_office(programme)
    return office.name if office is not None else f"{programme.organisation.name}重点民生实事工作专班办公室"


HANDOFF_KINDS = {"tip": Kind.WORK, "reminder": Kind.REMINDER, "assign": Kind.ASSIGN}


@transaction.atomic
def letter_from_handoff(*, hand_off, actor=None, doc_date: date | None = None) -> Document:
    """The letter of an observer hand-off (提示函 / 提醒函 / 交办函) with its deadline and instructions."""
    doc_date = doc_date or timezone.localdate()
    finding = hand_off.finding
    kind = HANDOFF_KINDS.get(hand_off.kind, Kind.WORK)
    project = getattr(getattr(finding, "report", None), "project", None)
    programme = project.matter.programme if project is not None else None
    what = getattr(finding, "description", "") or getattr(finding, "summary", "") or str(finding)
    facts = f"民生实事观察员反映：{what}"
    if project is not None:
        facts = f"民生实事观察员在{q(project.name)}观察中反映：{what}"
    office = _office_name(programme)
    doc, _ = _letter(
        kind=kind,
        programme=programme,
        addressee=hand_off.unit,
        key=f"handoff-{hand_off.pk}",
        period=f"H{hand_off.pk}",
        year=(programme.year if programme else doc_date.year),
        title=f"关于观察员反映问题整改的{TITLES[kind]}"
        + (f"（{hand_off.number}）" if hand_off.number else ""),
        facts=facts,
        requirement=hand_off.instructions or DEFAULT_REQUIREMENT,
        deadline=hand_off.deadline,
        office=office,
        snapshot={"kind": "letter", "hand_off": hand_off.pk},
        actor=actor,
        doc_date=doc_date,
    )
    return doc


ERR_NOT_A_LETTER = "只有函件可以这样操作。"
ERR_REPLY_STATE = "函件当前回复状态为“{state}”，不能执行此操作。"
ERR_REPLY_EMPTY = "请填写回复内容。"
ERR_DEADLINE_PAST = "回复期限不能早于成文日期。"
REPLY_MAX_BYTES = 20 * 1024 * 1024


def _reply_history(change: Change) -> DocumentTransition:
    return DocumentTransition.objects.create(
        document=change.obj,
        actor=change.by,
        from_state=change.from_state or change.obj.state,
        to_state=change.to_state,
        comment=f"【回复】{change.reason}"[:300],
    )


# The reply loop of an issued letter (its reply_state), with its history rows beside the document's.
REPLIES = Flow(
    model=Document,
    field="reply_state",
    table=REPLY_TRANSITIONS,
    labels=ReplyState,
    history=_reply_history,
    refusal=lambda current, target: ERR_REPLY_STATE.format(state=current),
    clean={"validate_constraints": False},
)


@transaction.atomic
def letter_create(
    *,
    kind: str,
    addressee: Organisation,
    facts: str,
    requirement: str,
    reply_deadline: date,
    actor,
    programme: Programme | None = None,
    source_key: str = "",
    month: int | None = None,
    doc_date: date | None = None,
    title: str | None = None,
) -> Document:
    """A letter draft written in the app (from a lagging row or a hand-off); one per source key."""
    if kind not in LETTER_KINDS:
        raise ValidationError(ERR_NOT_A_LETTER)
    doc_date = doc_date or timezone.localdate()
    if reply_deadline < doc_date:
        raise ValidationError(ERR_DEADLINE_PAST)
    office = ""
    if programme is not None:
        check_issuer(actor=actor, programme=programme)
        office = _office_name(programme)
        owner = programme.organisation
        if owner.path and not (addressee.path and addressee.is_within(owner)):
            raise ValidationError(ERR_ADDRESSEE_OUTSIDE.format(unit=addressee.name, owner=owner.name))
    elif actor is not None and is_office(actor) and not in_office_scope(actor, addressee):
        root = office_root_of(actor)
        raise ValidationError(
            ERR_ADDRESSEE_OUTSIDE.format(unit=addressee.name, owner=root.name if root else "")
        )
    period = f"M{month:02d}" if month else f"D{doc_date:%m%d}"
    key = (source_key or f"ui-{addressee.pk}-{kind}")[:40]
    if key.startswith(LAGGING_PREFIXES):
        existing = open_lagging_letter(programme=programme, addressee=addressee)
        if existing is not None and existing.key != key:
            raise ValidationError(
                ERR_OPEN_LETTER.format(
                    unit=addressee.name,
                    kind=existing.get_kind_display(),
                    title=existing.title,
                    deadline=_deadline_text(existing.reply_deadline),
                )
            )
    doc, _ = _letter(
        kind=kind,
        programme=programme,
        addressee=addressee,
        key=key,
        period=period,
        year=programme.year if programme else doc_date.year,
        title=title or f"关于加快推进重点民生实事项目的{TITLES[kind]}",
        facts=facts.strip(),
        requirement=requirement.strip(),
        deadline=reply_deadline,
        office=office,
        snapshot={"kind": "letter", "month": month, "source": source_key},
        actor=actor,
        doc_date=doc_date,
        month=month,
    )
    return doc


@transaction.atomic
def letter_reply(*, document: Document, actor, text: str, upload=None) -> LetterReply:
    """The addressed unit replies to an issued letter (text + optional PDF): awaiting/returned → replied."""
    doc = document
    if not doc.is_letter or doc.state != DocState.ISSUED:
        raise ValidationError(ERR_NOT_A_LETTER)
    text = (text or "").strip()
    with transition(doc, flow=REPLIES, to=ReplyState.REPLIED, by=actor, reason="单位回复"):
        if doc.state != DocState.ISSUED:  # superseded meanwhile
            raise ValidationError(ERR_NOT_A_LETTER)
        if not text:
            raise ValidationError(ERR_REPLY_EMPTY)
        reply = LetterReply(document=doc, text=text, replied_by=actor)
        if upload is not None:
            reply.file_mime = upload_check(upload, kinds=("pdf", "image"), max_bytes=REPLY_MAX_BYTES).mime
            reply.file_name = (getattr(upload, "name", "") or "回复")[:200]
            reply.file.save("reply", upload, save=False)
        reply.full_clean()
    reply.save()
    notification_send(
        recipients=office_users(doc),
        kind="letter_replied",
        title=LETTER_REPLIED.format(
            unit=doc.addressee.name if doc.addressee_id else "", kind=doc.get_kind_display(), title=doc.title
        ),
        body=text[:500],
        url=reverse("reports:detail", args=[doc.pk]),
    )
    return reply


@transaction.atomic
def letter_review(*, document: Document, actor, accept: bool, comment: str = "") -> Document:
    """The office accepts a reply (closed) or returns it for a new reply."""
    doc = document
    if not doc.is_letter:
        raise ValidationError(ERR_NOT_A_LETTER)
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(ERR_RETURN_REASON)
    to = ReplyState.ACCEPTED if accept else ReplyState.RETURNED
    reason = ("采纳" if accept else "退回") + (f"：{comment}" if comment else "")
    with transition(doc, flow=REPLIES, to=to, by=actor, reason=reason):
        pass
    template = LETTER_ACCEPTED if accept else LETTER_RETURNED
    notification_send(
        recipients=unit_users(doc.addressee),
        kind="letter_accepted" if accept else "letter_returned",
        title=template.format(kind=doc.get_kind_display(), title=doc.title),
        body=(f"退回原因：{comment}" if not accept else comment),
        url=reverse("reports:detail", args=[doc.pk]),
    )
    return doc


@transaction.atomic
def letters_issue_lagging(*, period, now=None) -> list[Document]:
    """After a month is locked: an issued letter to every unit behind (温馨提示函; 工作提示函 when it had
    one the month before), its clerks notified; a unit with an open lagging letter keeps that one."""
    programme = period.programme
    today = timezone.localdate(now) if now else timezone.localdate()
    month = period.month
    before = set(
        Document.objects.filter(
            kind__in=LETTER_KINDS, programme=programme, month=month - 1, state=DocState.ISSUED
        ).values_list("addressee_id", flat=True)
    )
    out = []
    for row in lagging_units(programme=programme, month=month):
        unit = row["unit"]
        kind = Kind.WORK if unit.pk in before else Kind.GENTLE
        doc, created = _letter(
            kind=kind,
            programme=programme,
            addressee=unit,
            key=f"auto-{month:02d}-{unit.pk}",
            period=f"M{month:02d}",
            year=programme.year,
            title=f"关于加快推进重点民生实事项目的{TITLES[kind]}",
            facts=row["facts"],
            requirement=DEFAULT_REQUIREMENT,
            deadline=today + timedelta(days=getattr(settings, "PROGRESS_LETTER_REPLY_DAYS", 7)),
            office=_office_name(programme),
            snapshot={"kind": "letter", "month": month, "rows": row["rows"], "county": unit.name},
            actor=None,
            doc_date=today,
            month=month,
        )
        if created:
            from .documents import document_issue  # documents imports this module

            document_issue(document=doc, actor=None)
            out.append(doc)
    return out
