"""Object permissions for documents (django-rules). Lists use selectors.documents_visible_to."""

from __future__ import annotations

import rules

from minsheng.accounts.models import Role

from .models import DocState


@rules.predicate
def is_office(user) -> bool:
    return bool(user and user.is_authenticated and user.is_office)


@rules.predicate
def is_public_document(user, doc) -> bool:
    return doc is not None and doc.is_public and doc.state == DocState.ISSUED


@rules.predicate
def county_of_document(user, doc) -> bool:
    if doc is None or not user.is_authenticated or user.role != Role.COUNTY or user.county is None:
        return False
    return user.county.pk in (doc.scope_id, doc.addressee_id)


@rules.predicate
def addressee_unit(user, doc) -> bool:
    return (
        doc is not None
        and user.is_authenticated
        and bool(user.organisation_id)
        and doc.addressee_id == user.organisation_id
        and doc.state == DocState.ISSUED
    )


@rules.predicate
def of_addressed_unit(user, doc) -> bool:
    """The user works for the letter's addressee (its county clerk or a unit member)."""
    if doc is None or not user.is_authenticated or not doc.addressee_id or doc.state != DocState.ISSUED:
        return False
    county = user.county if user.role == Role.COUNTY else None
    return doc.addressee_id in {getattr(county, "pk", None), user.organisation_id}


@rules.predicate
def is_county_clerk(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.COUNTY and user.county is not None)


rules.add_perm("reports.view_document", is_office | county_of_document | addressee_unit | is_public_document)
rules.add_perm("reports.manage_document", is_office)
rules.add_perm("reports.submit_article", is_county_clerk | is_office)
rules.add_perm("reports.reply_letter", of_addressed_unit)
