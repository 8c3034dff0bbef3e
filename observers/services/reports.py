"""Field-report services: save a draft (answers, photos, problems), then submit it to the office."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import User
from minsheng.accounts.selectors import office_users_for
from minsheng.common.files import upload_check
from minsheng.common.services import notification_send
from minsheng.common.workflow import Flow, transition
from projects.models import Project

from ..models import CardItem, CardVersion, FieldReport, Finding, ItemKind, Observer, ReportPhoto, VisitKind
from ..photos import ERR_TOO_MANY_PHOTOS, MAX_PHOTOS, photo_prepare
from ..rules import report_owner
from ..selectors import observer_projects_q, report_county_infer

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS = 20

ERR_NOT_DRAFT = "已报送的观察信息不能再修改。"
ERR_NOT_OWNER = "只能修改本人的观察信息草稿。"
ERR_PROJECT_REQUIRED = "请选择所观察的项目（书面报告可不选）。"
ERR_WRITTEN_EMPTY = "书面报告请填写正文或上传调研材料。"
ERR_EMPTY_REPORT = "请至少填写情况记录、发现问题、意见建议、群众反映或上传照片中的一项。"
ERR_FUTURE_DATE = "观察日期不能晚于今天。"
ERR_ANSWER_NUMBER = "“{item}”须填写数字。"
ERR_ANSWER_YESNO = "“{item}”请选择“是”或“否”。"
ERR_PHOTO_REQUIRED = "“{item}”要求拍照，请至少上传一张照片。"
ERR_TOO_MANY_PROBLEMS = "一条观察信息最多记录 20 个问题，请分条报送。"
ERR_INACTIVE = "您的观察员聘任状态不是“在聘”，不能报送观察信息。"
ERR_PROJECT_OUTSIDE = "“{project}”不在您的观察范围内：{org}聘任的观察员只观察{org}的项目。"

# A draft is submitted once; its submitted_at is its history (the findings' events take over from there).
REPORTS = Flow(
    model=FieldReport,
    table={FieldReport.State.DRAFT: {FieldReport.State.SUBMITTED}, FieldReport.State.SUBMITTED: set()},
    labels=FieldReport.State,
    history=None,
    refusal=lambda current, target: ERR_NOT_DRAFT,
)

REPORT_FIELDS = (
    "project",
    "county",
    "kind",
    "visited_on",
    "town",
    "place",
    "latitude",
    "longitude",
    "content",
    "suggestions",
    "residents_said",
)


def _clean_answers(items: Iterable[CardItem], answers: dict[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    errors = []
    for item in items:
        raw = str(answers.get(str(item.pk), "") or "").strip()[:1000]
        if not raw:
            continue
        if item.kind == ItemKind.NUMBER:
            try:
                Decimal(raw)
            except InvalidOperation:
                errors.append(ERR_ANSWER_NUMBER.format(item=item.text))
                continue
        if item.kind == ItemKind.YES_NO and raw not in ("yes", "no"):
            errors.append(ERR_ANSWER_YESNO.format(item=item.text))
            continue
        cleaned[str(item.pk)] = raw
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def report_save(
    *,
    observer: Observer,
    by: User,
    data: dict[str, Any],
    report: FieldReport | None = None,
    answers: dict[str, Any] | None = None,
    photos: Sequence = (),
    remove_photo_ids: Iterable[int] = (),
    problems: Sequence[str] = (),
    document=None,
    submit: bool = False,
    client_key=None,
) -> FieldReport:
    """Create or update the observer's draft (photos re-encoded, problems as findings); maybe submit."""
    if observer.user_id != by.pk:
        raise PermissionDenied(ERR_NOT_OWNER)
    if observer.status != Observer.Status.ACTIVE:
        raise PermissionDenied(ERR_INACTIVE)
    if report is None:
        report = FieldReport(observer=observer, client_key=client_key)
    else:
        report = FieldReport.objects.select_for_update().get(pk=report.pk)
        if report.observer_id != observer.pk:
            raise PermissionDenied(ERR_NOT_OWNER)
        if report.state != FieldReport.State.DRAFT:
            raise ValidationError(ERR_NOT_DRAFT)
        if client_key:  # the key of the 提交 that files it: a retry of that same 提交 finds this report
            report.client_key = client_key
    for name in REPORT_FIELDS:
        if name in data:
            setattr(report, name, data[name])
    for name in ("town", "place", "content", "suggestions", "residents_said"):
        setattr(report, name, (getattr(report, name) or "").strip())
    if (
        report.project_id
        and not Project.objects.filter(observer_projects_q(observer), pk=report.project_id).exists()
    ):
        raise ValidationError(
            {
                "project": ERR_PROJECT_OUTSIDE.format(
                    project=report.project.name, org=observer.organisation.name
                )
            }
        )
    if report.county_id is None:
        report.county = report_county_infer(project=report.project, observer=observer)
    if report.visited_on and report.visited_on > timezone.localdate():
        raise ValidationError({"visited_on": ERR_FUTURE_DATE})
    # The card version is fixed when the project is chosen; later card edits do not change this report.
    if report.project_id is None:
        report.card_version = None
    elif report.card_version is None or report.card_version.card.project_id != report.project_id:
        report.card_version = (
            CardVersion.objects.filter(card__project_id=report.project_id).order_by("-number").first()
        )
    items = list(report.card_version.items.all()) if report.card_version else []
    if answers is not None:
        report.answers = _clean_answers(items, answers)
    if document is not None:
        checked = upload_check(document, kinds=("pdf", "office"), max_bytes=MAX_DOCUMENT_BYTES)
        report.document_mime = checked.mime
        report.document = document
    report.full_clean()
    report.save()

    problems = [p.strip()[:2000] for p in problems if p and p.strip()]
    if len(problems) > MAX_PROBLEMS:
        raise ValidationError(ERR_TOO_MANY_PROBLEMS)
    # A draft has no workflow yet, so its findings are simply rewritten from what was typed.
    report.findings.all().delete()
    Finding.objects.bulk_create(
        [
            Finding(report=report, seq=n, description=text, is_demo=report.is_demo)
            for n, text in enumerate(problems, 1)
        ]
    )

    if remove_photo_ids:
        for photo in report.photos.filter(pk__in=list(remove_photo_ids)):
            photo.image.delete(save=False)
            photo.delete()
    photos = [p for p in photos if p]
    if report.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError(ERR_TOO_MANY_PHOTOS)
    # All checked before any is stored, and every bad one named: one bad photo never hides the others.
    prepared, bad = [], []
    for p in photos:
        try:
            prepared.append(photo_prepare(p))
        except ValidationError as exc:
            bad += exc.messages
    if bad:
        raise ValidationError(bad)
    for p in prepared:
        photo = ReportPhoto(
            report=report, original_name=p.original_name, mime=p.mime, width=p.width, height=p.height
        )
        photo.image.save(p.content.name, p.content, save=False)
        photo.save()
    if submit:
        report = report_submit(report=report, by=by)
    return report


@transaction.atomic
def report_submit(*, report: FieldReport, by: User) -> FieldReport:
    """Send a complete draft to the office (it then counts toward the 四个一 duty)."""
    if report.observer.user_id != by.pk:
        raise PermissionDenied(ERR_NOT_OWNER)
    with transition(report, flow=REPORTS, to=FieldReport.State.SUBMITTED, by=by) as change:
        errors = []
        has_photos = report.photos.exists()
        if report.kind == VisitKind.WRITTEN:
            if not (report.content or report.document):
                errors.append(ERR_WRITTEN_EMPTY)
        else:
            if report.project_id is None:
                errors.append(ERR_PROJECT_REQUIRED)
            if not (
                report.content
                or report.suggestions
                or report.residents_said
                or has_photos
                or report.findings.exists()
            ):
                errors.append(ERR_EMPTY_REPORT)
            if report.card_version_id and not has_photos:
                errors += [
                    ERR_PHOTO_REQUIRED.format(item=i.text)
                    for i in report.card_version.items.all()
                    if i.kind == ItemKind.PHOTO
                ]
        if errors:
            raise ValidationError(errors)
        report.submitted_at = change.at
    n = report.findings.count()
    notification_send(
        recipients=office_users_for(org=report_owner(report)),
        title=f"观察员{report.observer.name}报送了{report.get_kind_display()}信息"
        + (f"（{n} 个问题）" if n else ""),
        url=reverse("observers:report_detail", args=[report.pk]),
        kind="observers.report",
    )
    return report


ERR_REPLY_EMPTY = "请填写对意见建议的答复。"
ERR_REPLY_OFFICE_ONLY = "只有专班办公室可以答复意见建议。"
ERR_REPLY_NOTHING = "这条观察信息没有意见建议，或尚未报送，无需答复。"


@transaction.atomic
def suggestion_reply(*, report: FieldReport, by: User, text: str) -> FieldReport:
    """The office answers an observer's 意见建议 (or corrects its answer); the observer is notified."""
    if not by.has_perm("observers.reply_suggestion", report):
        raise PermissionDenied(ERR_REPLY_OFFICE_ONLY)
    report = FieldReport.objects.select_for_update().select_related("observer__user").get(pk=report.pk)
    if report.state != FieldReport.State.SUBMITTED or not report.suggestions.strip():
        raise ValidationError(ERR_REPLY_NOTHING)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reply": ERR_REPLY_EMPTY})
    report.suggestion_reply = text
    report.suggestion_replied_at = timezone.now()
    report.suggestion_replied_by = by
    report.full_clean()
    report.save(update_fields=["suggestion_reply", "suggestion_replied_at", "suggestion_replied_by"])
    notification_send(
        recipients=[report.observer.user],
        title=f"专班办公室已答复您的意见建议（{report.visited_on:%Y-%m-%d}）",
        body=text[:500],
        url=reverse("observers:report_detail", args=[report.pk]),
        kind="observers.suggestion_reply",
    )
    return report
