"""Into the programme: chosen candidates become the year's 实事 / 项目 / 指标; multi-year projects chosen
earlier are carried into their later years without a new vote; the year-end 满意度测评."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import is_deputy

from ..models import Indicator, IndicatorKind, Level, Matter, Programme, Project
from .models import (
    Candidate,
    CandidateStage,
    RatingValue,
    SatisfactionRating,
    SatisfactionSurvey,
    ScreeningRound,
)
from .selectors import carried_over_for_round
from .services import ERR_NOT_OFFICE

ERR_NOTHING_CHOSEN = "本年度还没有票决入选的项目。"
ERR_SURVEY_CLOSED = "满意度测评已经结束。"
ERR_RATING_NOT_DEPUTY = "只有人大代表可以参加满意度测评。"
ERR_RATING_PROJECT = "该项目不在本次测评的年度计划中。"
ERR_ALREADY_RATED = "您已经评价过该项目，每位代表对每个项目只能评价一次。"
ERR_RATING_VALUE = "评价只能是满意、基本满意或不满意。"

LEVEL_BY_KIND = {
    Organisation.Kind.PROVINCE: Level.PROVINCE,
    Organisation.Kind.CITY: Level.CITY,
}


def _require_office(user) -> None:
    if not (user and user.has_perm("candidates.manage_round")):
        raise PermissionDenied(ERR_NOT_OFFICE)


def _add_to_programme(programme: Programme, candidate: Candidate, year: int, note: str) -> Project:
    level = LEVEL_BY_KIND.get(programme.organisation.kind, Level.COUNTY)
    existing = Project.objects.filter(matter__programme=programme, name=candidate.name).first()
    if existing is not None:
        return existing
    seq = (Matter.objects.filter(programme=programme, level=level).aggregate(m=Max("seq"))["m"] or 0) + 1
    matter = Matter(
        programme=programme,
        level=level,
        seq=seq,
        name=candidate.name,
        description=candidate.content,
        domain=candidate.domain,
        lead_unit=candidate.responsible_unit,
        is_demo=candidate.is_demo,
    )
    matter.full_clean()
    matter.save()
    project = Project(
        matter=matter,
        seq=1,
        name=candidate.name,
        description=candidate.content,
        domain=candidate.domain,
        lead_unit=candidate.responsible_unit,
        is_demo=candidate.is_demo,
    )
    project.full_clean()
    project.save()
    co_units = list(candidate.co_units.all())
    if co_units:
        matter.responsible_units.set(co_units)
        project.responsible_units.set(co_units)
    target = next((t for t in candidate.year_targets.all() if t.year == year), None)
    if target is not None:
        indicator = Indicator(
            project=project,
            seq=1,
            name=target.description,
            unit=target.unit,
            kind=IndicatorKind.QUANTITY if target.quantity is not None else IndicatorKind.STANDARD,
            target=target.quantity,
            target_text="" if target.quantity is not None else target.description,
            due_date=candidate.deadline,
            lead_unit=candidate.responsible_unit,
            is_demo=candidate.is_demo,
            note=note,
        )
    else:
        indicator = Indicator(
            project=project,
            seq=1,
            name=f"{candidate.name}按期完成",
            kind=IndicatorKind.DEADLINE,
            due_date=candidate.deadline,
            target_text="" if candidate.deadline else "按期完成",
            lead_unit=candidate.responsible_unit,
            is_demo=candidate.is_demo,
            note=note,
        )
    indicator.full_clean()
    indicator.save()
    return project


@transaction.atomic
def programme_adopt_chosen(*, round: ScreeningRound, by) -> Programme:  # noqa: A002
    """Turn the round's chosen candidates (and carried multi-year ones) into its year's programme."""
    _require_office(by)
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
def survey_open(*, programme: Programme, by) -> SatisfactionSurvey:
    """Open the year-end satisfaction survey of a programme (idempotent)."""
    _require_office(by)
    survey, _ = SatisfactionSurvey.objects.get_or_create(programme=programme)
    return survey


@transaction.atomic
def survey_publish(*, survey: SatisfactionSurvey, by) -> SatisfactionSurvey:
    """Close the survey and publish its results."""
    _require_office(by)
    survey.is_open = False
    survey.published_at = survey.published_at or timezone.now()
    survey.save(update_fields=["is_open", "published_at"])
    return survey


@transaction.atomic
def rating_submit(*, survey: SatisfactionSurvey, project: Project, deputy, value: str) -> SatisfactionRating:
    """A deputy rates one implemented project once: 满意 / 基本满意 / 不满意."""
    if not is_deputy(deputy):
        raise PermissionDenied(ERR_RATING_NOT_DEPUTY)
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise ValidationError(ERR_SURVEY_CLOSED)
    if project.matter.programme_id != survey.programme_id:
        raise ValidationError(ERR_RATING_PROJECT)
    if value not in RatingValue.values:
        raise ValidationError(ERR_RATING_VALUE)
    if SatisfactionRating.objects.filter(project=project, deputy=deputy).exists():
        raise ValidationError(ERR_ALREADY_RATED)
    rating = SatisfactionRating(survey=survey, project=project, deputy=deputy, value=value)
    rating.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as exc:
        raise ValidationError(ERR_ALREADY_RATED) from exc
    return rating
