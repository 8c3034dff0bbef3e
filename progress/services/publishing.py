"""The public side of a project (一码一平台): 工作动态 and policy documents, published by the office or the
project's lead department."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minsheng.common.files import upload_check

from ..models import PolicyDocument, PublicUpdate
from .figures import _max_bytes

ERR_TITLE_EMPTY = "请填写标题。"
ERR_BODY_EMPTY = "请填写内容。"
ERR_POLICY_FILE = "请上传政策文件的 PDF。"


def _require_publisher(actor, project) -> None:
    if not (actor and actor.has_perm("progress.publish_project", project)):
        raise PermissionDenied


@transaction.atomic
def public_update_add(
    *, project, actor, title: str, body: str, published_on: date, is_published: bool = True
) -> PublicUpdate:
    """Publish a 工作动态 on the project's public page."""
    _require_publisher(actor, project)
    errors = {}
    if not title.strip():
        errors["title"] = ERR_TITLE_EMPTY
    if not body.strip():
        errors["body"] = ERR_BODY_EMPTY
    if errors:
        raise ValidationError(errors)
    update = PublicUpdate(
        project=project,
        title=title.strip(),
        body=body.strip(),
        published_on=published_on,
        is_published=is_published,
        created_by=actor,
    )
    update.full_clean()
    update.save()
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
    checked = upload_check(uploaded, kinds=("pdf",), max_bytes=_max_bytes())
    doc = PolicyDocument(
        project=project,
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
    doc.save()
    return doc


@transaction.atomic
def public_item_set_published(*, item: PublicUpdate | PolicyDocument, actor, published: bool):
    """Publish or withdraw (撤回) an update or a policy document; the history keeps who and when."""
    _require_publisher(actor, item.project)
    item.is_published = published
    item.full_clean()
    item._change_reason = "发布" if published else "撤回"
    item.save(update_fields=["is_published"])
    return item
