"""Helpers shared by the observers views."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from minsheng.common.privacy import mask_name, mask_phone


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form (per field where it names one)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for err in errors:
                form.add_error(field if field in form.fields else None, err)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def person(user, name: str) -> str:
    """A person's name as this user may see it (masked for everyone but the office)."""
    return name if user.is_office else mask_name(name)


def phone(user, number: str) -> str:
    return number if user.is_office else mask_phone(number)

