"""Reads about people: who acts for a unit (the recipients of its notices)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Organisation, Role, User


def unit_users(*, unit: Organisation) -> QuerySet[User]:
    """The active clerks of a county or department: its own users and those of its offices below it."""
    roles = [Role.COUNTY] if unit.kind == Organisation.Kind.COUNTY else [Role.DEPARTMENT]
    return User.objects.filter(
        Q(organisation=unit) | Q(organisation__parent=unit), role__in=roles, is_active=True
    ).order_by("pk")
