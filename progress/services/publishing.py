"""The public side of a project (一码一平台): 工作动态 / 本地化更新 with photos and policy documents, published by
the office, a department leading or sharing the project, or a county with a target in it; the office hides an
item with a reason. Every write is kept in the item's history (who, when, why)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.rules import acts_for_unit, is_office
from minsheng.accounts.selectors import unit_users
from minsheng.common.files import upload_check
from minsheng.common.photos import photo_prepare
from minsheng.common.services import notification_send

from ..models import PolicyDocument, PublicUpdate, PublicUpdatePhoto, UpdateKind
from ..selectors.publishing import publishing_unit_of
from .figures import _max_bytes

ERR_TITLE_EMPTY = "请填写标题。"
ERR_BODY_EMPTY = "请填写内容。"
ERR_POLICY_FILE = "请上传政策文件的 PDF。"
ERR_TOO_MANY_PHOTOS = "每条动态最多上传 {n} 张照片。"
ERR_HIDE_REASON = "请填写隐藏原因（发布单位会看到）。"
ERR_NOT_OWNER = "只能撤回或重新公开本单位发布的内容。"
ERR_HIDDEN = "该内容已被专班办公室隐藏，不能重新公开。"
ERR_KIND = "请选择类别。"
HIDDEN_NOTICE_TITLE = "“{title}”已被专班办公室隐藏"
HIDDEN_NOTICE_BODY = "隐藏原因：{reason}。该内容不再在项目公开页显示；如有疑问请联系专班办公室。"
MAX_UPDATE_PHOTOS = 6


def _require_publisher(actor, project) -> None:
    if not (actor and actor.has_perm("progress.publish_project", project)):
        raise PermissionDenied


def _require_owner(actor, item) -> None:
    """The office, or a clerk of the unit that published the item (an office item: the office only, or the
    lead department for an item from before units were recorded)."""
    _require_publisher(actor, item.project)
    if is_office(actor):
        return
    if item.unit_id is not None and acts_for_unit(actor, item.unit_id):
        return
    if item.unit_id is None and item.created_by_id == actor.pk:
        return
    raise PermissionDenied(ERR_NOT_OWNER)


@transaction.atomic
def public_update_add(
    *,
    project,
    actor,
    title: str,
    body: str,
    published_on: date,
    is_published: bool = True,
    kind: str = UpdateKind.NEWS,
    photos=(),
) -> PublicUpdate:
    """Publish a 工作动态 or 本地化更新 on the project's public page, with photos re-encoded without EXIF."""
    _require_publisher(actor, project)
    errors = {}
    if not title.strip():
        errors["title"] = ERR_TITLE_EMPTY
    if not body.strip():
        errors["body"] = ERR_BODY_EMPTY
    if kind not in UpdateKind.values:
        errors["kind"] = ERR_KIND
    photos = [p for p in photos or () if p]
    if len(photos) > MAX_UPDATE_PHOTOS:
        errors["photos"] = ERR_TOO_MANY_PHOTOS.format(n=MAX_UPDATE_PHOTOS)
    if errors:
        raise ValidationError(errors)
    prepared = []
    for p in photos:
        try:
            prepared.append(photo_prepare(p, max_bytes=_max_bytes()))
        except ValidationError as exc:
            raise ValidationError({"photos": exc.messages}) from exc
    update = PublicUpdate(
        project=project,
        kind=kind,
        unit=publishing_unit_of(actor),
        title=title.strip(),
        body=body.strip(),
        published_on=published_on,
        is_published=is_published,
        created_by=actor,
    )
    update.full_clean()
    update._change_reason = "发布" if is_published else "保存（未公开）"
    update.save()
    for photo in prepared:
        row = PublicUpdatePhoto(
            update=update,
            mime=photo.mime,
            original_name=photo.original_name,
            width=photo.width,
            height=photo.height,
            latitude=photo.latitude,
            longitude=photo.longitude,
        )
        row.file.save(photo.content.name, photo.content, save=False)
        row.full_clean()
        row.save()
    return update


@transaction.atomic
def policy_document_add(
    *,
    project,
    actor,
    title: str,
    uploaded,
    published_on: date,
    issuer: str = "",
    doc_number: str = "",
    summary: str = "",
    is_published: bool = True,
) -> PolicyDocument:
    """Publish a policy document (a PDF checked from its content) with the project."""
    _require_publisher(actor, project)
    if not title.strip():
        raise ValidationError({"title": ERR_TITLE_EMPTY})
    if uploaded is None:
        raise ValidationError({"file": ERR_POLICY_FILE})
    try:
        checked = upload_check(uploaded, kinds=("pdf",), max_bytes=_max_bytes())
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    doc = PolicyDocument(
        project=project,
        unit=publishing_unit_of(actor),
        title=title.strip(),
        issuer=issuer.strip(),
        doc_number=doc_number.strip(),
        summary=summary.strip(),
        published_on=published_on,
        is_published=is_published,
        created_by=actor,
        mime=checked.mime,
    )
    doc.file.save(checked.name, uploaded, save=False)
    doc.full_clean()
    doc._change_reason = "发布" if is_published else "保存（未公开）"
    doc.save()
    return doc


@transaction.atomic
def public_item_set_published(*, item: PublicUpdate | PolicyDocument, actor, published: bool):
    """The publishing unit (or the office) publishes or withdraws (撤回) its own item; an item the office hid
    stays hidden. The history keeps who and when."""
    _require_owner(actor, item)
    if published and item.is_hidden:
        raise ValidationError(ERR_HIDDEN)
    item.is_published = published
    item.full_clean()
    item._change_reason = "发布" if published else "撤回"
    item.save(update_fields=["is_published"])
    return item


@transaction.atomic
def public_item_hide(*, item: PublicUpdate | PolicyDocument, actor, reason: str):
    """The office hides an item from the public with a reason the publishing unit sees (kept in history)."""
    if not (actor and actor.has_perm("progress.hide_public_item", item.project)):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ERR_HIDE_REASON})
    item.hidden_reason = reason[:300]
    item.hidden_at = timezone.now()
    item.hidden_by = actor
    item.full_clean()
    item._change_reason = f"隐藏：{item.hidden_reason}"[:100]
    item.save(update_fields=["hidden_reason", "hidden_at", "hidden_by"])
    recipients = list(unit_users(unit=item.unit)) if item.unit_id else []
    if item.created_by_id and item.created_by not in recipients:
        recipients.append(item.created_by)
    notification_send(
        recipients=[u for u in recipients if u != actor],
        title=HIDDEN_NOTICE_TITLE.format(title=item.title[:60]),
        body=HIDDEN_NOTICE_BODY.format(reason=item.hidden_reason),
        url=reverse("progress:publish_project", args=[item.project_id]),
        kind="public_item_hidden",
    )
    return item


@transaction.atomic
def public_item_unhide(*, item: PublicUpdate | PolicyDocument, actor):
    """The office shows a hidden item again (the reason stays in the history)."""
    if not (actor and actor.has_perm("progress.hide_public_item", item.project)):
        raise PermissionDenied
    item.hidden_reason, item.hidden_at, item.hidden_by = "", None, None
    item.full_clean()
    item._change_reason = "取消隐藏"
    item.save(update_fields=["hidden_reason", "hidden_at", "hidden_by"])
    return item
