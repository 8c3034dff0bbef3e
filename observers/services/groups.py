"""小组管理: the office creates, edits and deletes observer groups and moves observers between them.

Every write is office-only, atomic and validated; the history tables (django-simple-history on
ObserverGroup, with the projects it follows, and on Observer) keep who changed what and when.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from minsheng.accounts.models import User
from projects.models import Project

from ..models import Observer, ObserverGroup
from .workflow import _require_office

ERR_GROUP_NAME_REQUIRED = "请填写小组名称。"
ERR_GROUP_NAME_TAKEN = "已有名为“{name}”的小组，请换一个名称。"
ERR_GROUP_HAS_MEMBERS = "小组“{name}”还有 {n} 名成员，不能删除。请先把成员调入其他小组或移出本组。"
ERR_MEMBER_ALREADY = "{name}已在本组。"
ERR_MEMBER_NOT_IN_GROUP = "{name}不在本组，无需移出。"
ERR_MEMBER_ENDED = "{name}已解聘或任期届满，不能调入小组。"

REASON_CREATE = "新建小组"
REASON_UPDATE = "修改小组"
REASON_DELETE = "删除小组"
REASON_JOIN = "调入小组“{name}”"
REASON_LEAVE = "移出小组“{name}”"


def _clean_name(name: str, *, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ERR_GROUP_NAME_REQUIRED})
    taken = ObserverGroup.objects.filter(name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": ERR_GROUP_NAME_TAKEN.format(name=name)})
    return name


def _stamp(obj, *, by: User, reason: str) -> None:
    # The history row names the office user even when the service runs outside a request.
    obj._history_user = by
    obj._change_reason = reason


@transaction.atomic
def group_create(
    *,
    by: User,
    name: str,
    field: str,
    sort_order: int = 0,
    projects: Iterable[Project] = (),
) -> ObserverGroup:
    """Create a group by field with the projects it follows."""
    _require_office(by)
    group = ObserverGroup(name=_clean_name(name), field=field, sort_order=sort_order)
    group.full_clean()
    _stamp(group, by=by, reason=REASON_CREATE)
    group.save()
    projects = list(projects)
    if projects:
        group.projects.set(projects)  # a second history row holding the projects followed
    return group


@transaction.atomic
def group_update(
    *,
    group: ObserverGroup,
    by: User,
    name: str,
    field: str,
    sort_order: int,
    projects: Iterable[Project],
) -> ObserverGroup:
    """Rename a group, change its field or order, and replace the projects it follows."""
    _require_office(by)
    group = ObserverGroup.objects.select_for_update().get(pk=group.pk)
    group.name = _clean_name(name, exclude_pk=group.pk)
    group.field = field
    group.sort_order = sort_order
    group.full_clean()
    # One history row for the whole edit: the projects are replaced silently, then the save records
    # the fields together with the new set of projects.
    group.skip_history_when_saving = True
    try:
        group.projects.set(list(projects))
    finally:
        del group.skip_history_when_saving
    _stamp(group, by=by, reason=REASON_UPDATE)
    group.save()
    return group


@transaction.atomic
def group_delete(*, group: ObserverGroup, by: User) -> None:
    """Delete a group that has no members (an observer of any status counts as a member)."""
    _require_office(by)
    group = ObserverGroup.objects.select_for_update().get(pk=group.pk)
    # Lock the members too, so nobody can be moved into the group between the check and the delete.
    members = list(Observer.objects.select_for_update().filter(group=group).values_list("pk", flat=True))
    if members:
        raise ValidationError(
            ERR_GROUP_HAS_MEMBERS.format(name=group.name, n=len(members)), code="has_members"
        )
    _stamp(group, by=by, reason=REASON_DELETE)
    group.delete()


def _lock_observer(observer: Observer) -> Observer:
    return Observer.objects.select_for_update(of=("self",)).select_related("group").get(pk=observer.pk)


@transaction.atomic
def group_member_add(*, group: ObserverGroup, observer: Observer, by: User) -> Observer:
    """Put an observer in a group; an observer already in another group is moved out of it."""
    _require_office(by)
    group = ObserverGroup.objects.select_for_update().get(pk=group.pk)
    observer = _lock_observer(observer)
    if observer.group_id == group.pk:
        raise ValidationError(ERR_MEMBER_ALREADY.format(name=observer.name), code="already")
    if observer.status == Observer.Status.ENDED:
        raise ValidationError(ERR_MEMBER_ENDED.format(name=observer.name), code="ended")
    observer.group = group
    observer.full_clean()
    _stamp(observer, by=by, reason=REASON_JOIN.format(name=group.name))
    observer.save(update_fields=["group"])
    return observer


@transaction.atomic
def group_member_remove(*, group: ObserverGroup, observer: Observer, by: User) -> Observer:
    """Take an observer out of a group (they stay on the roster, 未分组)."""
    _require_office(by)
    observer = _lock_observer(observer)
    if observer.group_id != group.pk:
        raise ValidationError(ERR_MEMBER_NOT_IN_GROUP.format(name=observer.name), code="not_member")
    observer.group = None
    _stamp(observer, by=by, reason=REASON_LEAVE.format(name=group.name))
    observer.save(update_fields=["group"])
    return observer
