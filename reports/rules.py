"""Object permissions for documents (django-rules). Lists use selectors.documents_visible_to."""

from __future__ import annotations

import rules

from minsheng.accounts.rules import in_county, is_county_staff, is_office, letter_unit_ids_of, office_over

from .models import DocState


@rules.predicate
def is_public_document(user, doc) -> bool:
    return doc is not None and doc.is_public and doc.state == DocState.ISSUED


@rules.predicate
def county_of_document(user, doc) -> bool:
    """The document is about the user's county (drafts included); a letter addressed to the county is the
    county's to read once issued (of_addressed_unit), never as a draft."""
    return doc is not None and in_county(user, doc.scope_id) and not doc.is_letter


@rules.predicate
def of_addressed_unit(user, doc) -> bool:
    """The user works for the issued document's addressee (its county clerk or a unit clerk)."""
    return doc is not None and doc.state == DocState.ISSUED and doc.addressee_id in letter_unit_ids_of(user)


def document_owner(doc):
    """The organisation a document belongs to: its programme's, else its scope (a county or city)."""
    return doc.programme.organisation if doc.programme_id else doc.scope


office_sees_document = office_over(document_owner, name="office_sees_document")
office_issues_document = office_over(document_owner, manage=True, name="office_issues_document")

rules.add_perm(
    "reports.view_document",
    office_sees_document | county_of_document | of_addressed_unit | is_public_document,
)
rules.add_perm("reports.manage_document", office_issues_document)
rules.add_perm("reports.submit_article", is_county_staff | is_office)
rules.add_perm("reports.reply_letter", of_addressed_unit)
