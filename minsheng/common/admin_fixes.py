"""A guard for Django admin's autocomplete widgets (found by wapiti, Django 5.2.19).

When an admin form with `autocomplete_fields` is redisplayed after a validation error, `AutocompleteMixin.optgroups`
filters the related table by the submitted value as is: a tampered value such as `¿'"(` for an integer key raises
ValueError (and 30 nines an OverflowError on SQLite) while the template renders — a 500 instead of the form's own "请选择有效的选项" error. The guard drops,
before that query, every submitted value the related key field cannot take; the form's validation (which already
reports the bad value) is unchanged.

The same tampering with a many-to-many field (30 nines) passes `ModelMultipleChoiceField`'s per-value check (exact
lookups clamp out-of-range integers) and then overflows SQLite in its `__in` query; the second guard refuses such a
value with the field's own "invalid_pk_value" message first. PostgreSQL was not affected.
"""
from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError
from django.forms.models import ModelMultipleChoiceField

_original_optgroups = AutocompleteMixin.optgroups
_original_check_values = ModelMultipleChoiceField._check_values


def _key_accepts(key, value) -> bool:
    try:
        key.run_validators(key.to_python(value))  # the validators hold the database's integer range
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def _convertible(widget, values) -> list:
    remote = widget.field.remote_field
    model_opts = remote.model._meta
    key = model_opts.get_field(getattr(remote, "field_name", None) or model_opts.pk.attname)
    return [value for value in values if _key_accepts(key, value)]


def _guarded_optgroups(self, name, value, attr=None):
    return _original_optgroups(self, name, _convertible(self, value), attr)


def _guarded_check_values(self, value):
    if isinstance(value, (list, tuple)):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for pk in value:
            if not _key_accepts(key, pk):
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": pk})
    return _original_check_values(self, value)


def install() -> None:
    if AutocompleteMixin.optgroups is not _guarded_optgroups:
        AutocompleteMixin.optgroups = _guarded_optgroups
    if ModelMultipleChoiceField._check_values is not _guarded_check_values:
        ModelMultipleChoiceField._check_values = _guarded_check_values
