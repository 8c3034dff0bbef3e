"""Object permissions: observers own their drafts, units their hand-offs, the office everything."""

from __future__ import annotations

import rules

from minsheng.accounts.rules import acts_for_unit, is_observer, is_office, office_over
from projects.rules import project_owner


def _observer_id(user) -> int | None:
    profile = getattr(user, "observer_profile", None) if user and user.is_authenticated else None
    return profile.pk if profile is not None else None


@rules.predicate
def has_observer_profile(user) -> bool:
    profile = getattr(user, "observer_profile", None) if user and user.is_authenticated else None
    return profile is not None and profile.status == profile.Status.ACTIVE


@rules.predicate
def is_report_owner(user, report) -> bool:
    return report is not None and _observer_id(user) == report.observer_id


@rules.predicate
def is_draft(user, report) -> bool:
    return report is not None and report.state == report.State.DRAFT


@rules.predicate
def is_finding_owner(user, finding) -> bool:
    return (
        finding is not None
        and _observer_id(user) is not None
        and finding.report.observer_id == _observer_id(user)
    )


@rules.predicate
def is_finding_unit(user, finding) -> bool:
    hand_off = getattr(finding, "hand_off", None) if finding is not None else None
    return hand_off is not None and acts_for_unit(user, hand_off.unit_id)


@rules.predicate
def is_handoff_unit(user, hand_off) -> bool:
    return hand_off is not None and acts_for_unit(user, hand_off.unit_id)


@rules.predicate
def is_handoff_observer(user, hand_off) -> bool:
    return hand_off is not None and is_finding_owner(user, hand_off.finding)


@rules.predicate
def awaits_reply(user, hand_off) -> bool:
    return hand_off is not None and hand_off.state in (hand_off.State.ISSUED, hand_off.State.RETURNED)


@rules.predicate
def awaits_review(user, hand_off) -> bool:
    return hand_off is not None and hand_off.state == hand_off.State.REPLIED


@rules.predicate
def is_closed(user, hand_off) -> bool:
    return hand_off is not None and hand_off.state == hand_off.State.CLOSED


@rules.predicate
def is_self(user, observer) -> bool:
    return observer is not None and user.is_authenticated and observer.user_id == user.pk


# A county's observers are its own: the county's office manages them; the city's office reads them.
def report_owner(report):
    """A field report belongs to its project's programme, or (no project) to the observer's organisation."""
    return project_owner(report.project) if report.project_id else report.observer.organisation


office_sees_report = office_over(report_owner, name="office_sees_report")
office_sees_finding = office_over(lambda f: report_owner(f.report), name="office_sees_finding")
office_runs_finding = office_over(lambda f: report_owner(f.report), manage=True, name="office_runs_finding")
office_sees_handoff = office_over(lambda h: report_owner(h.finding.report), name="office_sees_handoff")
office_runs_handoff = office_over(
    lambda h: report_owner(h.finding.report), manage=True, name="office_runs_handoff"
)
office_sees_observer = office_over(lambda o: o.organisation, name="office_sees_observer")

rules.add_perm("observers.file_report", is_observer & has_observer_profile)
rules.add_perm("observers.view_report", office_sees_report | is_report_owner)
rules.add_perm("observers.change_report", is_report_owner & is_draft)
rules.add_perm("observers.view_finding", office_sees_finding | is_finding_owner | is_finding_unit)
rules.add_perm("observers.triage_finding", office_runs_finding)
rules.add_perm("observers.view_handoff", office_sees_handoff | is_handoff_unit | is_handoff_observer)
rules.add_perm("observers.reply_handoff", is_handoff_unit & awaits_reply)
rules.add_perm("observers.review_handoff", office_runs_handoff & awaits_review)
rules.add_perm("observers.view_observer", office_sees_observer | is_self)
# 回访: the observer who raised the problem rates a closed fix or says 仍未解决 (the 14 days: handoff_reopen).
rules.add_perm("observers.follow_up_handoff", is_handoff_observer & is_closed)
rules.add_perm("observers.manage", is_office)
rules.add_perm("observers.reply_suggestion", is_office)
# 集中观察报名: a serving observer (whether the activity concerns them is the service's check, with its message).
rules.add_perm("observers.sign_up_inspection", is_observer & has_observer_profile)
