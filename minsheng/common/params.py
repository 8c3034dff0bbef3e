"""Ids taken from query strings and form fields. A tampered value (`1¿'"(`, `²`, thirty nines) must give a 404 or
a form message, never a 500: `str.isdigit()` accepts "²" (which `int()` refuses) and a 30-digit number overflows
the database's integer column, so both checks live here (wapiti found the first; see docs/reliability.md)."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

MAX_ID = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite


def id_param(value) -> int | None:
    """The positive id in `value` (ASCII digits within the database's range), else None."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
        if 0 < number <= MAX_ID:
            return number
    return None


def int_param(value, default: int = 0) -> int:
    """A small non-negative integer such as a month from a parameter; `default` for anything else."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 4:
        return int(value)
    return default


def object_or_404(model_or_queryset, value, **filters):
    """get_object_or_404 by an id parameter; a malformed id is a 404 like an unknown one."""
    pk = id_param(value)
    if pk is None:
        raise Http404
    return get_object_or_404(model_or_queryset, pk=pk, **filters)


def is_id(value) -> bool:
    """True for a positive id in ASCII digits within the database's range ("²".isdigit() is True, int() refuses it)."""
    return id_param(value) is not None
