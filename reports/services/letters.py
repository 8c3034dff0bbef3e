"""Letters from lagging progress (per county) and from observers' hand-offs."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.common.files import upload_check
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
from ..snapshot import bulletin_snapshot_build, is_city_self

REPLY_DAYS = 10
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
) -> tuple[Document, bool]:
    scope = programme.organisation if programme else (addressee.region or addressee)
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
        key=key,
        addressee=addressee,
        reply_deadline=deadline,
        title=title,
        doc_date=doc_date,
        sections={"facts": facts, "requirement": requirement},
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
    snap = bulletin_snapshot_build(programme=programme, month=month, scope=programme.organisation)
    behind: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for level in snap["levels"]:
        for m in level["matters"]:
            for p in m["projects"]:
                for ind in p["indicators"]:
                    for c in ind["cells"]:
                        if c["status"] == "未达序时" and not c["city_self"]:
                            behind.setdefault(c["county_id"], []).append(
                                f"{level['label']}项目{q(p['name'])}中的{q(ind['name'])}完成进度为 {c['rate']}%"
                            )
                            names[c["county_id"]] = c["county"]
    office = snap["programme"]["office"]
    out = []
    counties = Organisation.objects.in_bulk(list(behind))
    for county_id, rows in behind.items():
        county = counties[county_id]
        if is_city_self(county):
            continue
        facts = (
            f"截至 {month} 月底，全市序时进度为 {snap['expected_percent']}%，贵单位承担的"
            + "；".join(rows)
            + "，未达序时进度要求。"
        )
        doc, _ = _letter(
            kind=kind,
            programme=programme,
            addressee=county,
            key=f"county-{county.pk}",
            period=f"M{month:02d}",
            year=programme.year,
            title=f"关于加快推进重点民生实事项目的{TITLES[kind]}",
            facts=facts,
            requirement=DEFAULT_REQUIREMENT,
            deadline=doc_date + timedelta(days=REPLY_DAYS),
            office=office,
            snapshot={"kind": "letter", "month": month, "rows": rows, "county": names[county_id]},
            actor=actor,
            doc_date=doc_date,
        )
        out.append(doc)
    return out


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
    office = ""
    if programme is not None and programme.office:
        office = programme.office.name
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


def _reply_transition(doc: Document, to: str, actor, comment: str) -> None:
    frm = doc.reply_state
    if to not in REPLY_TRANSITIONS.get(frm, set()):
        raise ValidationError(ERR_REPLY_STATE.format(state=doc.get_reply_state_display()), code="reply_state")
    doc.reply_state = to
    DocumentTransition.objects.create(
        document=doc,
        actor=actor,
        from_state=frm or doc.state,
        to_state=to,
        comment=f"【回复】{comment}"[:300],
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
        office = programme.office.name if programme.office_id else programme.organisation.name
    period = f"M{month:02d}" if month else f"D{doc_date:%m%d}"
    doc, _ = _letter(
        kind=kind,
        programme=programme,
        addressee=addressee,
        key=(source_key or f"ui-{addressee.pk}-{kind}")[:40],
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
    )
    return doc


@transaction.atomic
def letter_reply(*, document: Document, actor, text: str, upload=None) -> LetterReply:
    """The addressed unit replies to an issued letter (text + optional PDF): awaiting/returned → replied."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    if not doc.is_letter or doc.state != DocState.ISSUED:
        raise ValidationError(ERR_NOT_A_LETTER)
    text = (text or "").strip()
    if not text:
        raise ValidationError(ERR_REPLY_EMPTY)
    reply = LetterReply(document=doc, text=text, replied_by=actor)
    if upload is not None:
        upload_check(upload, kinds=("pdf",), max_bytes=REPLY_MAX_BYTES)
        reply.file_name = (getattr(upload, "name", "") or "回复.pdf")[:200]
        reply.file.save("reply.pdf", upload, save=False)
    reply.full_clean()
    _reply_transition(doc, ReplyState.REPLIED, actor, "单位回复")
    doc.save(update_fields=["reply_state", "updated_at"])
    reply.save()
    return reply


@transaction.atomic
def letter_review(*, document: Document, actor, accept: bool, comment: str = "") -> Document:
    """The office accepts a reply (closed) or returns it for a new reply."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    if not doc.is_letter:
        raise ValidationError(ERR_NOT_A_LETTER)
    to = ReplyState.ACCEPTED if accept else ReplyState.RETURNED
    _reply_transition(doc, to, actor, ("采纳" if accept else "退回") + (f"：{comment}" if comment else ""))
    doc.save(update_fields=["reply_state", "updated_at"])
    return doc
