"""Document workflow: generate (idempotent draft per kind/scope/period), edit, issue (numbered, locked),
new version (supersedes, never overwrites), public flag."""

from __future__ import annotations

import json
from datetime import date

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.common.workflow import Change, Flow, transition
from projects.models import Programme

from .. import compose
from ..checks import ERR_ISSUE_CHECKS, issue_problems
from ..models import (
    ERR_ISSUED_LOCKED,
    OPEN_STATES,
    SUMMARY_KINDS,
    TRANSITIONS,
    DocState,
    Document,
    DocumentTransition,
    Kind,
    RenderState,
    ReplyState,
)
from ..snapshot import bulletin_snapshot_build
from ..window import quarter_window, tenday_window, window_activity, window_intro
from .issuer import check_issuer
from .letterhead import masthead_default
from .letters import letter_notify_issued

ERR_BAD_TRANSITION = "文件当前状态为“{state}”，不能执行此操作。"
ERR_NOT_ISSUED = "只有已印发的文件才能公开或生成新版本。"
ERR_OPEN_DRAFT_EXISTS = "同一期次已有未印发的草稿（{title}），请先完成或删除该草稿，再生成新版本。"
ERR_NOTHING_TO_RENDER = "文件尚无可生成的内容。"
ERR_BAD_MONTH = "月份须在 1 到 12 之间。"
ERR_UNKNOWN_SECTION = "未知的正文部分：{key}"

DEKAD_LABELS = {1: "上旬", 2: "中旬", 3: "下旬"}


def period_key(kind: str, *, month: int, dekad: int | None = None) -> str:
    """M09 (1-9 月), T09-2 (9 月中旬), Q3 (第三季度)."""
    if kind == Kind.TENDAY:
        return f"T{month:02d}-{dekad or 1}"
    if kind == Kind.QUARTERLY:
        return f"Q{(month - 1) // 3 + 1}"
    return f"M{month:02d}"


def _history(change: Change) -> DocumentTransition:
    return DocumentTransition.objects.create(
        document=change.obj, actor=change.by, from_state=change.from_state, to_state=change.to_state,
        comment=change.reason[:300],
    )


# The document workflow (draft → edited → issued → superseded) and its history rows.
DOCUMENTS = Flow(
    model=Document,
    table=TRANSITIONS,
    labels=DocState,
    history=_history,
    refusal=lambda current, target: ERR_BAD_TRANSITION.format(state=current),
    clean={"validate_constraints": False},
)


def _title(kind: str, snapshot: dict, dekad: int | None) -> str:
    if kind == Kind.TENDAY:
        area = "全市" if snapshot["scope"]["is_city"] else snapshot["scope"]["name"]
        return (
            f"{area}{snapshot['year']}年{snapshot['month']}月{DEKAD_LABELS.get(dekad or 1)}"
            f"{snapshot['programme']['name']}工作简报"
        )
    if kind == Kind.QUARTERLY:
        area = "全市" if snapshot["scope"]["is_city"] else snapshot["scope"]["name"]
        quarter = (snapshot["month"] - 1) // 3 + 1
        return f"{area}{snapshot['year']}年第{compose.cn_number(quarter)}季度{snapshot['programme']['name']}工作总结"
    return compose.title_for(snapshot)


def summary_key(programme: Programme, scope: Organisation) -> str:
    """The key of a 通报 / 旬简报 / 季总结 series: "" for a city's (and its counties'), "计划<pk>" for a
    county-level government's own programme at its own level, whose scope (the county) the city's 通报 for that
    county also has."""
    if scope.pk == programme.organisation_id and programme.organisation.kind == Organisation.Kind.COUNTY:
        return f"计划{programme.pk}"
    return ""


def _issued_count(kind: str, scope: Organisation, year: int, key: str = "") -> int:
    return (
        Document.objects.filter(
            kind=kind, scope=scope, year=year, key=key, state__in=[DocState.ISSUED, DocState.SUPERSEDED]
        )
        .values("number")
        .distinct()
        .count()
    )


@transaction.atomic
def summary_generate(
    *,
    kind: str,
    programme: Programme,
    scope: Organisation,
    month: int,
    dekad: int | None = None,
    actor=None,
    as_of: date | None = None,
    discard_edits: bool = False,
) -> tuple[Document, bool]:
    """Create or refresh THE open draft of a 通报 / 旬简报 / 季总结 for a scope and period.

    Idempotent: a second call refreshes the same draft (data and the sections nobody edited) instead of
    adding one; when the period's document is already issued and no new version is open, it is returned
    unchanged. With `discard_edits` the office's edits are dropped and every section is generated anew.
    Returns (document, changed).
    """
    if not 1 <= month <= 12:
        raise ValidationError(ERR_BAD_MONTH)
    check_issuer(actor=actor, programme=programme, scope=scope)
    period = period_key(kind, month=month, dekad=dekad)
    year = programme.year
    key = summary_key(programme, scope)
    lookup = {"kind": kind, "scope": scope, "year": year, "period": period, "key": key}
    snapshot = bulletin_snapshot_build(programme=programme, month=month, scope=scope, as_of=as_of)
    if kind in (Kind.TENDAY, Kind.QUARTERLY):
        if kind == Kind.TENDAY:
            start, end, label = tenday_window(year, month, dekad or 1)
        else:
            start, end, label = quarter_window(year, month)
        snapshot["window"] = window_activity(
            programme=programme, scope=scope, start=start, end=end, label=label, kind=kind
        )
    snapshot = _jsonable(snapshot)
    defaults = compose.default_sections(snapshot, bulletins_issued=_issued_count(Kind.BULLETIN, scope, year, key))
    if "window" in snapshot:
        defaults["intro"] = window_intro(snapshot)
    if masthead := masthead_default(office=programme.office, kind="bulletin"):
        defaults["masthead"] = masthead  # the office's 发文设置; still editable on the document
    title = _title(kind, snapshot, dekad)
    doc = Document.objects.select_for_update().filter(state__in=OPEN_STATES, **lookup).first()
    if doc is None:
        issued = Document.objects.filter(state=DocState.ISSUED, **lookup).first()
        if issued is not None:
            return issued, False
        doc = Document(
            **lookup,
            programme=programme,
            month=month,
            title=title,
            doc_date=as_of or timezone.localdate(),
            sections=defaults,
            snapshot=snapshot,
            render_state=RenderState.QUEUED,
        )
        doc.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                doc.save()
        except IntegrityError:
            # A concurrent run created it first: refresh that one instead.
            doc = Document.objects.select_for_update().get(state__in=OPEN_STATES, **lookup)
        else:
            DocumentTransition.objects.create(
                document=doc, actor=actor, from_state="", to_state=DocState.DRAFT, comment="系统生成草稿"
            )
            return doc, True
    edited = set() if discard_edits else set(doc.edited_sections or [])
    if discard_edits:
        doc.edited_sections = []
    doc.sections = {**defaults, **{k: v for k, v in (doc.sections or {}).items() if k in edited}}
    doc.snapshot = snapshot
    doc.title = title
    doc.render_state = RenderState.QUEUED
    doc.render_error = ""
    doc.full_clean(validate_constraints=False)
    doc.save()
    DocumentTransition.objects.create(
        document=doc,
        actor=actor,
        from_state=doc.state,
        to_state=doc.state,
        comment="刷新数据（放弃人工编辑）" if discard_edits else "刷新数据（保留人工编辑的部分）",
    )
    return doc, True


def document_generate(
    *, programme: Programme, scope: Organisation, month: int, actor=None, as_of: date | None = None
) -> Document:
    """The monthly 通报 draft for a scope and month 1..m (create or refresh; see summary_generate)."""
    doc, _ = summary_generate(
        kind=Kind.BULLETIN, programme=programme, scope=scope, month=month, actor=actor, as_of=as_of
    )
    return doc


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@transaction.atomic
def document_edit(
    *, document: Document, actor, sections: dict | None = None, title: str | None = None, doc_date=None
) -> Document:
    """Save the office's edits; edited sections are kept when the data is refreshed."""
    doc = document
    if doc.is_locked:
        raise ValidationError(ERR_ISSUED_LOCKED, code="locked")
    DOCUMENTS.lock(doc)  # refused if it was issued (or edited) by someone else meanwhile
    new_sections, changed = dict(doc.sections), []
    for key, text in (sections or {}).items():
        known = key in compose.EDITABLE_SECTIONS or key in compose.EXTRA_FIELDS or key.startswith("annex:")
        if not known and not doc.is_letter and key not in doc.sections:
            raise ValidationError(ERR_UNKNOWN_SECTION.format(key=key))
        text = (text or "").replace("\r\n", "\n").strip()
        if new_sections.get(key) != text:
            new_sections[key] = text
            changed.append(key)
    if title and title != doc.title:
        changed.append("title")
    if doc_date and doc_date != doc.doc_date:
        changed.append("doc_date")
    if not changed:
        return doc
    with transition(doc, flow=DOCUMENTS, to=DocState.EDITED, by=actor, reason="编辑：" + "、".join(changed)):
        doc.sections = new_sections
        if "title" in changed:
            doc.title = title
        if "doc_date" in changed:
            doc.doc_date = doc_date
        doc.edited_sections = sorted(set(doc.edited_sections or []) | set(changed))
        doc.render_state = RenderState.QUEUED
    return doc


@transaction.atomic
def document_issue(*, document: Document, actor, doc_date=None) -> Document:
    """Issue: number it (per year, kind and scope; a new version keeps its predecessor's number), lock it,
    and mark the version it replaces as superseded.

    Refused, with the whole list, while the document fails the checks of reports.checks (placeholders,
    counts left at 0, empty sections, a date in another year than the 期号, no 主送)."""
    doc = document
    problems = issue_problems(doc, doc_date)
    if problems:
        raise ValidationError([ERR_ISSUE_CHECKS, *problems], code="issue_checks")
    with transition(doc, flow=DOCUMENTS, to=DocState.ISSUED, by=actor) as change:
        previous = Document.objects.get(pk=doc.supersedes_id) if doc.supersedes_id else None
        if previous is not None:
            with transition(previous, flow=DOCUMENTS, to=DocState.SUPERSEDED, by=actor,
                            reason=f"被第 {doc.version} 版替代"):
                pass
            doc.number = previous.number
        else:
            if doc.is_letter and (doc_date or doc.doc_date).year != doc.year:
                # A letter is numbered in the year it is sent: "2026年第1期" beside a date in 2026.
                doc.year = (doc_date or doc.doc_date).year
            # Lock the numbering rows of this kind/scope/year so two issues cannot take the same number.
            series = Document.objects.select_for_update().filter(
                kind=doc.kind, scope=doc.scope, year=doc.year, number__isnull=False
            )
            if doc.kind in SUMMARY_KINDS:
                series = series.filter(key=doc.key)  # a county's own programme numbers its own series
            last = series.aggregate(m=Max("number"))["m"]
            doc.number = (last or 0) + 1
        if doc_date:
            doc.doc_date = doc_date
        change.reason = f"印发（{doc.number_label}）"
        if doc.is_letter and not doc.reply_state:
            doc.reply_state = ReplyState.AWAITING
        doc.issued_at = change.at
        doc.issued_by = actor
        doc.render_state = RenderState.QUEUED
    if doc.is_letter and previous is None:
        letter_notify_issued(document=doc)
    return doc


@transaction.atomic
def document_new_version(*, document: Document, actor, refresh_data: bool = True) -> Document:
    """Open a new draft version of an issued document (the issued one stays until the new one is issued)."""
    old = Document.objects.select_for_update().get(pk=document.pk)
    if old.state != DocState.ISSUED:
        raise ValidationError(ERR_NOT_ISSUED, code="not_issued")
    existing = Document.objects.filter(supersedes=old).first()
    if existing is not None:
        return existing
    open_draft = Document.objects.filter(
        kind=old.kind,
        scope=old.scope,
        year=old.year,
        period=old.period,
        key=old.key,
        state__in=[DocState.DRAFT, DocState.EDITED],
    ).first()
    if open_draft is not None:
        raise ValidationError(ERR_OPEN_DRAFT_EXISTS.format(title=open_draft.title), code="open_draft_exists")
    snapshot = old.snapshot
    if refresh_data and old.programme_id and old.kind in (Kind.BULLETIN, Kind.TENDAY, Kind.QUARTERLY):
        snapshot = _jsonable(
            bulletin_snapshot_build(programme=old.programme, month=old.month, scope=old.scope)
        )
    new = Document(
        kind=old.kind,
        programme=old.programme,
        scope=old.scope,
        year=old.year,
        period=old.period,
        month=old.month,
        key=old.key,
        addressee=old.addressee,
        reply_deadline=old.reply_deadline,
        title=old.title,
        doc_date=timezone.localdate(),
        sections=dict(old.sections),
        edited_sections=list(old.sections),
        snapshot=snapshot,
        version=old.version + 1,
        supersedes=old,
        render_state=RenderState.QUEUED,
    )
    new.full_clean(validate_constraints=False)
    new.save()
    DocumentTransition.objects.create(
        document=new,
        actor=actor,
        from_state="",
        to_state=DocState.DRAFT,
        comment=f"第 {old.version} 版的更正版本",
    )
    return new


@transaction.atomic
def document_set_public(*, document: Document, actor, public: bool) -> Document:
    """Mark an issued document public (listed for citizens) or withdraw it."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    if doc.state != DocState.ISSUED and public:
        raise ValidationError(ERR_NOT_ISSUED, code="not_issued")
    if doc.is_public != public:
        doc.is_public = public
        doc.save(update_fields=["is_public", "updated_at"])
        DocumentTransition.objects.create(
            document=doc,
            actor=actor,
            from_state=doc.state,
            to_state=doc.state,
            comment="公开" if public else "取消公开",
        )
    return doc
