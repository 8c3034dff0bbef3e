"""Create and edit candidates: elements, yearly targets of multi-year items, budget confirmation, merging
similar items, and opening a round."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import is_department_staff
from minsheng.common.workflow import transition

from ..models import Candidate, CandidateStage, CandidateYearTarget, ScreeningRound
from .base import (
    CANDIDATES,
    EDITABLE_FIELDS,
    ERR_DEPARTMENT_OWN_ONLY,
    ERR_MERGE_ROUND,
    ERR_MERGE_SELF,
    ERR_MERGE_STAGE,
    ERR_NOT_EDITABLE,
    ERR_NOT_OFFICE,
    ERR_TARGET_YEAR,
    ERR_TRANSITION_NOT_ALLOWED,
    MERGEABLE,
    _history,
    require_office,
)


@transaction.atomic
def candidate_create(
    *,
    round: ScreeningRound,
    name: str,
    by,
    responsible_unit: Organisation | None = None,  # noqa: A002
    stage: str | None = None,
    comment: str = "",
    **fields: Any,
) -> Candidate:
    """Create a candidate: a department declares directly (初选申报); the office files it in 征集项目."""
    if by is not None and not by.has_perm("candidates.add_candidate"):
        raise PermissionDenied(ERR_NOT_OFFICE)
    if by is not None and is_department_staff(by):
        if responsible_unit is not None and responsible_unit.pk != by.organisation_id:
            raise PermissionDenied(ERR_DEPARTMENT_OWN_ONLY)
        responsible_unit = by.organisation
        stage = CandidateStage.DECLARED
    stage = stage or CandidateStage.COLLECTED
    if stage not in (CandidateStage.COLLECTED, CandidateStage.DECLARED):
        raise ValidationError(ERR_TRANSITION_NOT_ALLOWED.format(src="—", dst=CandidateStage(stage).label))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    candidate = Candidate(
        round=round, name=name, responsible_unit=responsible_unit, stage=stage, created_by=by, **fields
    )
    candidate.full_clean()
    candidate.save()
    _history(candidate, "", stage, by, comment or ("责任单位直接申报" if stage == CandidateStage.DECLARED else "征集汇总"))
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, by, **fields: Any) -> Candidate:
    """Edit a candidate's elements, if the user may edit it in its current stage."""
    candidate = Candidate.objects.select_for_update().select_related("round").get(pk=candidate.pk)
    if not by.has_perm("candidates.change_candidate", candidate):
        raise PermissionDenied(ERR_NOT_EDITABLE)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    if (
        is_department_staff(by)
        and "responsible_unit" in fields
        and fields["responsible_unit"] != by.organisation
    ):
        raise PermissionDenied(ERR_DEPARTMENT_OWN_ONLY)
    for name, value in fields.items():
        setattr(candidate, name, value)
    if not candidate.is_multi_year:
        candidate.end_year = None
    candidate.full_clean()
    candidate.save()
    return candidate


@transaction.atomic
def year_target_set(
    *,
    candidate: Candidate,
    by,
    year: int,
    description: str,
    quantity: Decimal | None = None,
    unit: str = "",
) -> CandidateYearTarget:
    """Set the target of one year (a multi-year item needs one for every year it spans)."""
    if not by.has_perm("candidates.change_candidate", candidate):
        raise PermissionDenied(ERR_NOT_EDITABLE)
    years = candidate.years
    if year not in years:
        raise ValidationError({"year": ERR_TARGET_YEAR.format(years="、".join(map(str, years)))})
    row = CandidateYearTarget.objects.filter(candidate=candidate, year=year).first() or CandidateYearTarget(
        candidate=candidate, year=year
    )
    row.description, row.quantity, row.unit = description, quantity, unit
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def year_target_delete(*, target: CandidateYearTarget, by) -> None:
    """Remove one year's target."""
    if not by.has_perm("candidates.change_candidate", target.candidate):
        raise PermissionDenied(ERR_NOT_EDITABLE)
    target.delete()


@transaction.atomic
def candidate_budget_confirm(
    *, candidate: Candidate, by, confirmed: bool = True, note: str = ""
) -> Candidate:
    """Record (or withdraw) that the candidate's funds are in the budget (第十三条、第十八条)."""
    require_office(by, candidate.round)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    candidate.budget_confirmed = confirmed
    candidate.budget_note = note
    candidate.full_clean()
    candidate.save(update_fields=["budget_confirmed", "budget_note", "updated_at"])
    return candidate


@transaction.atomic
def candidate_merge(*, target: Candidate, sources: Iterable[Candidate], by, comment: str = "") -> Candidate:
    """Merge similar candidates into one (第十二条); the merged ones keep a link to it (lineage)."""
    require_office(by, target.round)
    sources = [s for s in sources if s.pk != target.pk]
    if not sources:
        raise ValidationError(ERR_MERGE_SELF)
    rows = {
        c.pk: c
        for c in Candidate.objects.select_for_update().filter(pk__in=[target.pk, *[s.pk for s in sources]])
    }
    target = rows[target.pk]
    for item in rows.values():
        if item.round_id != target.round_id:
            raise ValidationError(ERR_MERGE_ROUND)
        if item.stage not in MERGEABLE:
            raise ValidationError(ERR_MERGE_STAGE.format(name=item.name, stage=item.get_stage_display()))
    names = []
    for source in (rows[s.pk] for s in sources):
        with transition(source, flow=CANDIDATES, to=CandidateStage.MERGED, by=by, reason=f"归并入“{target.name}”。{comment}"):
            source.merged_into = target
        names.append(source.name)
    _history(target, target.stage, target.stage, by, f"归并了：{'、'.join(names)}。{comment}")
    return target


@transaction.atomic
def round_create(
    *,
    organisation: Organisation,
    year: int,
    by,
    name: str = "民生实事候选项目产生",
    work_group: Iterable = (),
) -> ScreeningRound:
    """Open the production of candidates for one programme year."""
    require_office(by, ScreeningRound(organisation=organisation, year=year))
    round = ScreeningRound(organisation=organisation, year=year, name=name)  # noqa: A001
    round.full_clean()
    round.save()
    round.work_group.set(list(work_group))
    return round
