"""Helpers for idempotent demo loading: write a row only when something actually differs."""

from __future__ import annotations

from typing import Any

from django.db import models


def upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[models.Model, bool]:
    """Get the row matching `lookup` or create it with `values`; save only the fields that changed.

    Returns (row, changed). Running a loader twice therefore writes nothing the second time (no
    new history rows either).
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save(update_fields=changed)
    return obj, bool(changed)


def set_m2m(manager, objects) -> bool:
    """Set a many-to-many relation only if it differs; returns whether it changed."""
    wanted = {o.pk for o in objects}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        manager.set(list(objects))
        return True
    return False
