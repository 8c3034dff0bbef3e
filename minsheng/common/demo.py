"""Helpers for idempotent demo loading: write a row only when something actually differs."""

from __future__ import annotations

from typing import Any

from django.db import models


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
