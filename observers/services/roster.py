"""Roster services: appointing an observer creates their log-in with the observer role."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from minsheng.accounts.models import Organisation, Role, User

from ..models import Observer, ObserverGroup

ERR_USERNAME_TAKEN = "登录名“{username}”已被使用。"


def _initial_password() -> str:
    # Three character classes guaranteed (the site's validator requires them); shown once to the office.
    return f"Gc{secrets.token_hex(4)}#{secrets.randbelow(90) + 10}"


@transaction.atomic
def observer_create(
    *,
    username: str,
    name: str,
    organisation: Organisation,
    category: str,
    appointed_on: date,
    certificate_no: str,
    kind: str = Observer._meta.get_field("kind").default,
    work_unit: str = "",
    phone: str = "",
    term_ends_on: date | None = None,
    group: ObserverGroup | None = None,
    email: str = "",
    password: str | None = None,
    is_demo: bool = False,
) -> tuple[Observer, str | None]:
    """Appoint an observer and create their account; returns (observer, initial password or None)."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": ERR_USERNAME_TAKEN.format(username=username)})
    initial = password if password is not None else _initial_password()
    user = User(
        username=username,
        real_name=name,
        role=Role.OBSERVER,
        organisation=organisation,
        phone=phone,
        email=email,
        is_demo=is_demo,
    )
    if initial:
        user.set_password(initial)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    observer = Observer(
        user=user,
        name=name,
        kind=kind,
        organisation=organisation,
        category=category,
        work_unit=work_unit,
        phone=phone,
        appointed_on=appointed_on,
        term_ends_on=term_ends_on,
        certificate_no=certificate_no,
        group=group,
        is_demo=is_demo,
    )
    observer.full_clean()
    observer.save()
    return observer, (initial or None)
