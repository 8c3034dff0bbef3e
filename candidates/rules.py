"""Object permissions (django-rules). The office runs every stage; a department edits only its own
candidates and only in 初选申报; a deputy votes only in sessions whose roster holds them, and rates only in
surveys whose roster holds them; results of a vote or a survey are nobody's to see before it closes."""

from __future__ import annotations

import rules

from minsheng.accounts.rules import is_department_staff, is_deputy, is_office, is_signed_in, office_over

# Stages from which a candidate plan is shown to deputies, observers and counties (征求意见 onwards:
# 第十四条 asks deputies and others for their opinions on the draft plan).
PUBLIC_STAGES = ("consultation", "confirmed", "voting", "chosen", "not_chosen")
EDITABLE_BY_OFFICE = ("collected", "declared", "review", "consultation")


# The office of the government that runs a round (北塔区's for 北塔区's round) runs its candidates and
# sessions; a higher office (the city's, the province's) reads them.
office_sees_candidate = office_over(lambda c: c.round.organisation, name="office_sees_candidate")
office_runs_candidate = office_over(lambda c: c.round.organisation, manage=True, name="office_runs_candidate")
# A round (or, for the 测评, a programme): whatever carries the organisation that runs it.
office_runs_round = office_over(lambda r: r.organisation, manage=True, name="office_runs_round")
office_sees_session = office_over(lambda s: s.round.organisation, name="office_sees_session")
office_runs_session = office_over(lambda s: s.round.organisation, manage=True, name="office_runs_session")


@rules.predicate
def is_own_candidate(user, candidate) -> bool:
    return (
        candidate is not None
        and candidate.responsible_unit_id is not None
        and (candidate.responsible_unit_id == user.organisation_id)
    )


@rules.predicate
def in_declared_stage(user, candidate) -> bool:
    return candidate is not None and candidate.stage == "declared"


@rules.predicate
def office_editable_stage(user, candidate) -> bool:
    return candidate is not None and candidate.stage in EDITABLE_BY_OFFICE


@rules.predicate
def in_public_stage(user, candidate) -> bool:
    return candidate is not None and candidate.stage in PUBLIC_STAGES


@rules.predicate
def in_work_group(user, candidate) -> bool:
    return candidate is not None and candidate.round.work_group.filter(pk=user.pk).exists()


@rules.predicate
def in_review_stage(user, candidate) -> bool:
    return candidate is not None and candidate.stage == "review"


@rules.predicate
def on_roster(user, session) -> bool:
    return session is not None and session.roster.filter(pk=user.pk).exists()


@rules.predicate
def session_open(user, session) -> bool:
    return session is not None and session.state == "open"


@rules.predicate
def survey_open(user, survey) -> bool:
    return survey is not None and survey.is_open


@rules.predicate
def survey_published(user, survey) -> bool:
    return survey is not None and not survey.is_open and survey.published_at is not None


@rules.predicate
def on_survey_roster(user, survey) -> bool:
    return survey is not None and survey.roster.filter(pk=user.pk).exists()


@rules.predicate
def session_closed(user, session) -> bool:
    return session is not None and session.state == "closed"


rules.add_perm(
    "candidates.view_candidate",
    office_sees_candidate | (is_department_staff & is_own_candidate) | (is_signed_in & in_public_stage),
)
rules.add_perm(
    "candidates.change_candidate",
    (office_runs_candidate & office_editable_stage)
    | (is_department_staff & is_own_candidate & in_declared_stage),
)
rules.add_perm("candidates.add_candidate", is_office | is_department_staff)
rules.add_perm("candidates.move_candidate", office_runs_candidate)
rules.add_perm("candidates.score_candidate", in_review_stage & (office_runs_candidate | in_work_group))
rules.add_perm("candidates.manage_round", office_runs_round)
rules.add_perm("candidates.view_session", office_sees_session | (is_deputy & on_roster))
rules.add_perm("candidates.vote", is_deputy & on_roster & session_open)
rules.add_perm("candidates.count_ballots", office_runs_session)
# Secret ballot (issue 12 §2): no figure of a vote or a survey is shown to anyone, the office included,
# before it closes; after closing the results are public (公示).
rules.add_perm("candidates.view_results", session_closed)
rules.add_perm("candidates.rate_project", is_deputy & on_survey_roster & survey_open)
rules.add_perm("candidates.view_survey_results", survey_published)
# The pages of one session: its roster and the office before the close, anyone signed in after it (the
# results are public then); the ballot page only for a deputy (or office member) on its roster.
rules.add_perm("candidates.see_session", office_sees_session | (is_deputy & on_roster) | session_closed)
rules.add_perm("candidates.open_ballot", on_roster & (is_office | is_deputy | session_closed))
# A survey's page: the office, its roster, and anyone once its result is published.
rules.add_perm("candidates.view_survey", is_office | on_survey_roster | survey_published)
