"""Helpers for idempotent demo loading: write a row only when something actually differs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import models
from django.test.utils import override_settings

from .workbook import Result, workbook_commit, workbook_preview


def _validate(obj: models.Model) -> None:
    """Field validation and clean(); keys, uniqueness and constraints are the database's job here
    (it enforces them anyway, and checking them in Python costs a query per row)."""
    relations = [f.name for f in obj._meta.fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[models.Model, bool]:
    """Get the row matching `lookup` or create it with `values`; save only the fields that changed.

    Returns (row, changed). Running a loader twice therefore writes nothing the second time (no
    new history rows either).
    """
    try:
        obj = model.objects.get(**lookup)
    except model.DoesNotExist:
        obj = model(**lookup, **values)
        _validate(obj)
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if _current(obj, name) != _comparable(value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _validate(obj)
        obj.save(update_fields=changed)
    return obj, bool(changed)


def _current(obj: models.Model, name: str) -> Any:
    """A field's stored value; for a foreign key its id, so no related row is fetched."""
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname) if field.is_relation else getattr(obj, name)


def _comparable(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def set_m2m(manager, objects) -> bool:
    """Set a many-to-many relation only if it differs; returns whether it changed."""
    wanted = {o.pk for o in objects}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        manager.set(list(objects))
        return True
    return False


FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
ERR_DEMO_WORKBOOK = "演示工作簿 {name} 未能导入（未保存任何数据）：{errors}"


def workbook_load(path, *, passwords_replaced: bool = False) -> Result | None:
    """Import one of the demo workbooks kept in the repository through its importer, as an office would; None when
    the database already matches it (nothing written: a second load_demo adds no history rows).

    passwords_replaced: the caller replaces every generated initial password at once (the demo password, or none),
    so those are hashed with a fast hasher instead of a second of PBKDF2 per account; no such hash survives."""
    with open(path, "rb") as fh:
        preview = workbook_preview(uploaded=fh)
    if preview.errors:
        errors = "；".join(f"第 {e.row} 行 {e.column}：{e.message}" for e in preview.errors[:5])
        raise CommandError(ERR_DEMO_WORKBOOK.format(name=Path(path).name, errors=errors))
    if not preview.has_work:
        return None
    hashers = [FAST_HASHER, *settings.PASSWORD_HASHERS] if passwords_replaced else settings.PASSWORD_HASHERS
    with open(path, "rb") as fh, override_settings(PASSWORD_HASHERS=hashers):
        return workbook_commit(uploaded=fh, expected=preview.kind.key, actor=None)
