"""Into the programme: chosen candidates become the year's 实事 / 项目 / 指标; multi-year projects chosen
earlier are carried into their later years without a new vote; the year-end 满意度测评.

The 测评 is 无记名 like the vote: who took part (SurveyParticipation) is recorded apart from the ratings,
which go into the survey's sealed box (ballot_box.py) and are written as SatisfactionRating rows, in random
order, only when the office closes the survey; the result is graded and frozen then."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minsheng.accounts.rules import is_deputy
from projects.models import Programme, Project
from projects.services import YearTarget, project_create_from_candidate

from .ballot_box import box_add, box_empty, box_lock, box_read, shuffled
from .models import (
    BallotChannel,
    Candidate,
    CandidateStage,
    RatingValue,
    SatisfactionRating,
    SatisfactionSurvey,
    ScreeningRound,
    SurveyParticipation,
)
from .notices import survey_opened_notify, survey_published_notify
from .selectors import carried_over_for_round, survey_default_roster, survey_projects, survey_result_compute
from .services import ERR_NOT_OFFICE as ERR_NOT_OFFICE  # re-exported: the refusal of its office-only writes
from .services import require_office

ERR_NOTHING_CHOSEN = "本年度还没有票决入选的项目。"
ERR_SURVEY_CLOSED = "满意度测评已经结束。"
ERR_RATING_NOT_DEPUTY = "只有人大代表可以参加满意度测评。"
ERR_RATING_NOT_ON_ROSTER = "您不在本次满意度测评的代表名单中。"
ERR_RATING_PROJECT = "测评表中含有不属于本次测评的项目。"
ERR_ALREADY_RATED = "您已经参加过本次测评，测评表一经提交不能更改。"
ERR_DEPUTY_ALREADY_RATED = "代表“{name}”已经参加过本次测评（或已领取纸质测评表）。"
ERR_RATING_VALUE = "评价只能是满意、基本满意或不满意。"
ERR_RATING_INCOMPLETE = "请对每一个项目选择满意、基本满意或不满意（还有 {n} 项未选）。"
ERR_PAPER_SHEETS_EXCEED = "录入的纸质测评表（{n} 张）不能多于领取纸质测评表的代表人数（{m} 人）。"
ERR_SURVEY_NO_PROJECTS = "该年度计划还没有项目，无法开展满意度测评。"
ERR_SURVEY_EMPTY_ROSTER = "没有可以参加测评的人大代表账户。"

# Fixed-width codes in the sealed box: one character per project, whatever the rating.
RATING_CODES = {RatingValue.SATISFIED: "S", RatingValue.FAIRLY: "B", RatingValue.UNSATISFIED: "U"}
RATING_VALUES = {code: value for value, code in RATING_CODES.items()}



def _add_to_programme(programme: Programme, candidate: Candidate, year: int, note: str) -> Project:
    target = next((t for t in candidate.year_targets.all() if t.year == year), None)
    return project_create_from_candidate(
        programme=programme,
        name=candidate.name,
        content=candidate.content,
        domain=candidate.domain,
        responsible_unit=candidate.responsible_unit,
        co_units=candidate.co_units.all(),
        deadline=candidate.deadline,
        target=None
        if target is None
        else YearTarget(description=target.description, unit=target.unit, quantity=target.quantity),
        note=note,
        is_demo=candidate.is_demo,
    )


@transaction.atomic
def programme_adopt_chosen(*, round: ScreeningRound, by) -> Programme:  # noqa: A002
    """Turn the round's chosen candidates (and carried multi-year ones) into its year's programme."""
    require_office(by, round)
    chosen = list(
        round.candidates.filter(stage=CandidateStage.CHOSEN)
        .select_related("responsible_unit", "round")
        .prefetch_related("year_targets", "co_units")
    )
    carried = carried_over_for_round(round=round)
    if not chosen and not carried:
        raise ValidationError(ERR_NOTHING_CHOSEN)
    programme = Programme.objects.filter(year=round.year, organisation=round.organisation).first()
    if programme is None:
        programme = Programme(
            year=round.year,
            organisation=round.organisation,
            name=round.programme_name,
            source_document=f"{round.organisation} {round.year} 年人大代表票决结果",
            is_public=True,
            is_demo=round.is_demo,
        )
        programme.full_clean()
        programme.save()
    for candidate in chosen:
        if candidate.project_id is None:
            candidate.project = _add_to_programme(programme, candidate, round.year, "人大代表票决确定")
            candidate.save(update_fields=["project", "updated_at"])
    for candidate in carried:
        _add_to_programme(
            programme,
            candidate,
            round.year,
            f"{candidate.round.year} 年票决确定的跨年度项目，本年度不再重复票决",
        )
    return programme


@transaction.atomic
def survey_open(*, programme: Programme, by, roster=None) -> SatisfactionSurvey:
    """Open the year-end survey of a programme (idempotent): the deputies asked are the given roster, or
    those who voted the programme in, or every active deputy; its projects are fixed in the sealed box."""
    require_office(by, programme)
    existing = SatisfactionSurvey.objects.filter(programme=programme).first()
    if existing is not None:
        return existing
    projects = [p.pk for p in Project.objects.filter(matter__programme=programme).order_by("pk")]
    if not projects:
        raise ValidationError(ERR_SURVEY_NO_PROJECTS)
    roster = list(roster if roster is not None else survey_default_roster(programme=programme))
    if not roster:
        raise ValidationError(ERR_SURVEY_EMPTY_ROSTER)
    for deputy in roster:
        if not is_deputy(deputy):
            raise ValidationError(ERR_RATING_NOT_DEPUTY)
    survey = SatisfactionSurvey(programme=programme, is_demo=programme.is_demo)
    survey.full_clean()
    survey.save()
    survey.roster.set(roster)
    box_lock(survey=survey, keys=projects)
    survey_opened_notify(survey=survey)
    return survey


def _survey_box(survey: SatisfactionSurvey):
    return box_lock(survey=survey, keys=sorted(p.pk for p in survey_projects(survey=survey)))


def _clean_sheet(keys: list[int], values: Mapping) -> str:
    wanted = set(keys)
    clean: dict[int, str] = {}
    for key, value in values.items():
        try:
            pk = int(key)
        except (TypeError, ValueError) as exc:
            raise ValidationError(ERR_RATING_PROJECT) from exc
        if pk not in wanted:
            raise ValidationError(ERR_RATING_PROJECT)
        if value not in RatingValue.values:
            raise ValidationError(ERR_RATING_VALUE)
        clean[pk] = value
    if len(clean) < len(wanted):
        raise ValidationError(ERR_RATING_INCOMPLETE.format(n=len(wanted) - len(clean)), code="incomplete")
    return "".join(RATING_CODES[clean[pk]] for pk in keys)


def _record_participant(survey: SatisfactionSurvey, deputy, channel: str, message: str) -> None:
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, deputy=deputy, channel=channel)
    except IntegrityError as exc:  # a concurrent submission won the race: count it once
        raise ValidationError(message, code="already_rated") from exc


@transaction.atomic
def survey_sheet_submit(*, survey: SatisfactionSurvey, deputy, values: Mapping) -> None:
    """A deputy on the roster hands in their 测评表 once (every project rated); who took part is recorded,
    the ratings go into the sealed box."""
    if not is_deputy(deputy):
        raise PermissionDenied(ERR_RATING_NOT_DEPUTY)
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise ValidationError(ERR_SURVEY_CLOSED)
    if not survey.roster.filter(pk=deputy.pk).exists():
        raise PermissionDenied(ERR_RATING_NOT_ON_ROSTER)
    if SurveyParticipation.objects.filter(survey=survey, deputy=deputy).exists():
        raise ValidationError(ERR_ALREADY_RATED, code="already_rated")
    box = _survey_box(survey)
    row = _clean_sheet(box_read(box).keys, values)
    _record_participant(survey, deputy, BallotChannel.ELECTRONIC, ERR_ALREADY_RATED)
    box_add(box, row)


@transaction.atomic
def survey_paper_participant(*, survey: SatisfactionSurvey, deputy, by) -> SurveyParticipation:
    """The office records that a deputy took a paper 测评表 (so they cannot also rate on the phone)."""
    require_office(by, survey.programme)
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise ValidationError(ERR_SURVEY_CLOSED)
    if not survey.roster.filter(pk=deputy.pk).exists():
        raise ValidationError(ERR_RATING_NOT_ON_ROSTER)
    message = ERR_DEPUTY_ALREADY_RATED.format(name=deputy.display_name)
    if SurveyParticipation.objects.filter(survey=survey, deputy=deputy).exists():
        raise ValidationError(message)
    _record_participant(survey, deputy, BallotChannel.PAPER, message)
    return SurveyParticipation.objects.get(survey=survey, deputy=deputy)


@transaction.atomic
def survey_paper_sheet_enter(*, survey: SatisfactionSurvey, values: Mapping, by) -> None:
    """The office keys in one paper 测评表; checked like a phone one, at most one per paper hand-out."""
    require_office(by, survey.programme)
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise ValidationError(ERR_SURVEY_CLOSED)
    box = _survey_box(survey)
    contents = box_read(box)
    row = _clean_sheet(contents.keys, values)
    handed = survey.participants.filter(channel=BallotChannel.PAPER).count()
    if contents.paper + 1 > handed:
        raise ValidationError(ERR_PAPER_SHEETS_EXCEED.format(n=contents.paper + 1, m=handed))
    box_add(box, row, paper=True)


@transaction.atomic
def survey_publish(*, survey: SatisfactionSurvey, by) -> SatisfactionSurvey:
    """Close the survey: its sealed ratings are written out in random order, graded and published."""
    require_office(by, survey.programme)
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        return survey
    contents = box_empty(_survey_box(survey))
    SatisfactionRating.objects.bulk_create(
        shuffled(
            [
                SatisfactionRating(survey=survey, project_id=pk, value=RATING_VALUES[code])
                for row in contents.rows
                for pk, code in zip(contents.keys, row, strict=True)
            ]
        )
    )
    survey.is_open = False
    survey.published_at = timezone.now()
    survey.result = survey_result_compute(survey=survey)
    survey.save(update_fields=["is_open", "published_at", "result"])
    survey_published_notify(survey=survey)
    return survey
