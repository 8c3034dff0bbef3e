"""Object permissions of the intake (django-rules). Lists are filtered by selectors.proposals_visible_to."""
import rules

from minsheng.accounts.rules import is_county_staff, is_department_staff, is_office, office_over

from .models import State
from .selectors import user_unit


@rules.predicate
def is_own_unit(user, proposal) -> bool:
    unit = user_unit(user)
    return bool(proposal is not None and unit is not None and proposal.unit_id == unit.pk)


@rules.predicate
def is_forwarded_to_unit(user, proposal) -> bool:
    unit = user_unit(user)
    return bool(proposal is not None and unit is not None and proposal.forwarded_to.filter(pk=unit.pk).exists())


@rules.predicate
def is_still_submitted(user, proposal) -> bool:
    return proposal is not None and proposal.state == State.SUBMITTED


@rules.predicate
def is_sheet_uploader(user, unit_sheet) -> bool:
    return unit_sheet is not None and user.is_authenticated and unit_sheet.uploaded_by_id == user.pk


is_unit_staff = is_county_staff | is_department_staff
# A campaign belongs to the organisation that runs it: its office triages its proposals, a higher office reads.
office_sees_proposal = office_over(lambda p: p.campaign.organisation, name="office_sees_proposal")
office_runs_proposal = office_over(
    lambda p: p.campaign.organisation, manage=True, name="office_runs_proposal"
)

rules.add_perm("proposals.view_proposal", office_sees_proposal | is_own_unit | is_forwarded_to_unit)
rules.add_perm("proposals.change_proposal", office_runs_proposal | (is_own_unit & is_still_submitted))
rules.add_perm("proposals.triage_proposal", office_runs_proposal)
rules.add_perm("proposals.export_proposals", is_office | is_unit_staff)
rules.add_perm("proposals.enter_proposals", is_office | is_unit_staff)
office_runs_sheet = office_over(lambda s: s.campaign.organisation, manage=True, name="office_runs_sheet")
rules.add_perm("proposals.commit_sheet", office_runs_sheet | is_sheet_uploader)
rules.add_perm("proposals.view_unit_counts", is_office)
