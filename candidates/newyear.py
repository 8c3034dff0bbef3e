"""A new year from the last one: last year's programme copied as next year's draft (what still runs carried, what
was finished left out), merged with the items the deputies' vote adopted for the new year.

The rule for "finished" uses only what the model holds. An indicator is carried into the new year when
  * it is a 持续性指标 (is_continuing) or a 标准值 (a standard such as 不低于650元/月 applies every year), or
  * its 完成时限 falls in a later year than the old programme's, or
  * its project was adopted by a vote as a multi-year project whose last year is the new year or later;
every other indicator had its target for the old year only and is left out. A project (and its 实事) is copied
when at least one of its indicators is. A carried indicator takes the new year's target from the vote's year
targets where one is known; otherwise it keeps last year's target and is marked 沿用上年目标 in its note."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from projects.models import Indicator, IndicatorKind, IndicatorTarget, Matter, Programme, Project

from .models import Candidate, CandidateStage, ScreeningRound
from .newyear_links import NOTE_UPPER_KEPT, indicator_uppers_carry, upper_copy_find
from .programme import programme_adopt_chosen
from .selectors import carried_over_for_round
from .services import require_office

ERR_ALREADY_COPIED = "{org} {year} 年的计划已经由{source}复制生成（{who}，{when}），不能再复制一次；请在该草稿上修改或重新导入。"
ERR_TARGET_REPORTING = "{org} {year} 年的计划已经开始调度，不能再从上年复制。"
ERR_SOURCE_DRAFT = "{source}仍是草稿，不能作为复制来源。"
ERR_NOTHING_TO_COPY = "{source}中没有需要延续到 {year} 年的项目，{year} 年也没有票决入选的项目：请直接导入 {year} 年的年度实事计划。"

REASON_CONTINUING = "持续性指标"
REASON_STANDARD = "标准值，逐年执行"
REASON_LATER_DUE = "跨年度项目，完成时限 {due}"
REASON_MULTI_YEAR = "票决确定的跨年度项目（{first}—{last} 年）"
REASON_FINISHED_DUE = "完成时限 {due}，已在 {year} 年内"
REASON_FINISHED_YEAR = "{year} 年度目标，年内完成"
NOTE_KEPT_TARGET = "沿用 {year} 年目标，请按 {next} 年目标修改"


@dataclass(frozen=True)
class Line:
    """One row of the preview: a project's indicator (or an adopted item) and why it is where it is."""

    matter: str
    project: str
    indicator: str
    target: str
    reason: str


@dataclass
class NewYearPlan:
    """What copying `source` into the next year would do; nothing is stored by building it."""

    source: Programme
    year: int
    carried: list[Line] = field(default_factory=list)
    left_out: list[Line] = field(default_factory=list)
    adopted: list[Line] = field(default_factory=list)
    waiting: list[Line] = field(default_factory=list)
    # carried indicators with a 上级计划指标 last year: the upper's copy found (reason says which) or not (why)
    uppers: list[Line] = field(default_factory=list)
    upper_gaps: list[Line] = field(default_factory=list)
    refusal: str = ""
    # for the commit: indicator id → (new target, unit, text, whether last year's target is kept)
    targets: dict[int, tuple[Decimal | None, str, str, bool]] = field(default_factory=dict)

    @property
    def projects(self) -> int:
        return len({(line.matter, line.project) for line in self.carried})


def _multi_year_candidates(org_id: int, year: int) -> dict[str, Candidate]:
    """Multi-year candidates chosen before `year` that run into it, by name (a project keeps its name)."""
    return {
        c.name: c
        for c in Candidate.objects.filter(
            round__organisation_id=org_id,
            round__year__lt=year,
            stage=CandidateStage.CHOSEN,
            is_multi_year=True,
            end_year__gte=year,
        )
        .select_related("round")
        .prefetch_related("year_targets")
    }


def _show(target: Decimal | None, unit: str, text: str) -> str:
    if target is not None:
        return f"{target.normalize():f}{unit}"
    return text or "—"


def _adopted_for(source: Programme, year: int) -> tuple[ScreeningRound | None, list[Candidate]]:
    rnd = ScreeningRound.objects.filter(organisation_id=source.organisation_id, year=year).first()
    if rnd is None:
        return None, []
    chosen = list(
        rnd.candidates.filter(stage=CandidateStage.CHOSEN).prefetch_related("year_targets").order_by("id")
    )
    carried = carried_over_for_round(round=rnd)
    return rnd, chosen + [c for c in carried if c.pk not in {x.pk for x in chosen}]


def new_year_plan(*, source: Programme) -> NewYearPlan:
    """Preview the copy of `source` into the next year: carried and left-out indicators, adopted items with their
    targets and those still waiting for one, or the reason it cannot be done."""
    year = source.year + 1
    plan = NewYearPlan(source=source, year=year)
    org = source.organisation
    if source.is_draft:
        plan.refusal = ERR_SOURCE_DRAFT.format(source=source)
        return plan
    existing = Programme.objects.filter(year=year, organisation=org).select_related(
        "copied_from", "copied_by"
    )
    existing = existing.first()
    if existing is not None and existing.copied_from_id:
        plan.refusal = ERR_ALREADY_COPIED.format(
            org=org,
            year=year,
            source=existing.copied_from or "上年计划",
            who=existing.copied_by.display_name if existing.copied_by else "",
            when=timezone.localtime(existing.copied_at).strftime("%Y-%m-%d %H:%M")
            if existing.copied_at
            else "",
        )
        return plan
    if existing is not None and existing.periods.exists():
        plan.refusal = ERR_TARGET_REPORTING.format(org=org, year=year)
        return plan
    multi = _multi_year_candidates(org.pk, year)
    indicators = (
        Indicator.objects.filter(project__matter__programme=source)
        .select_related("project__matter", "upper__project__matter__programme__organisation")
        .order_by("project__matter__level_order", "project__matter__seq", "project__seq", "seq", "id")
    )
    for ind in indicators:
        project, matter = ind.project, ind.project.matter
        cand = multi.get(project.name)
        if ind.is_continuing:
            reason = REASON_CONTINUING
        elif ind.kind == IndicatorKind.STANDARD:
            reason = REASON_STANDARD
        elif ind.due_date and ind.due_date.year > source.year:
            reason = REASON_LATER_DUE.format(due=ind.due_date)
        elif cand is not None:
            reason = REASON_MULTI_YEAR.format(first=cand.round.year, last=cand.end_year)
        else:
            reason = (
                REASON_FINISHED_DUE.format(due=ind.due_date, year=source.year)
                if ind.due_date
                else REASON_FINISHED_YEAR.format(year=source.year)
            )
            plan.left_out.append(
                Line(
                    str(matter), project.name, ind.name, _show(ind.target, ind.unit, ind.target_text), reason
                )
            )
            continue
        known = next((t for t in cand.year_targets.all() if t.year == year), None) if cand else None
        single = project.indicators.count() == 1 if known else False
        if known is not None and single:
            new = (
                known.quantity,
                known.unit or ind.unit,
                "" if known.quantity is not None else known.description,
            )
            plan.targets[ind.pk] = (*new, False)
            shown = _show(*new) + f"（{year} 年目标）"
        else:
            plan.targets[ind.pk] = (ind.target, ind.unit, ind.target_text, True)
            shown = _show(ind.target, ind.unit, ind.target_text) + f"（沿用 {source.year} 年）"
        plan.carried.append(Line(str(matter), project.name, ind.name, shown, reason))
        if ind.upper is not None:
            _plan_upper(plan, ind, str(matter))
    copied_names = {line.project for line in plan.carried}
    _round, adopted = _adopted_for(source, year)
    for cand in adopted:
        if cand.name in copied_names:
            continue  # a multi-year project carried above with its new target
        t = next((t for t in cand.year_targets.all() if t.year == year), None)
        line_target = _show(t.quantity, t.unit, t.description) if t else "待补充"
        if t is None or (t.quantity is not None and not t.unit):
            plan.waiting.append(Line("", cand.name, t.description if t else "（没有年度目标）", line_target,
                                     "票决入选，尚无年度目标或计量单位"))  # fmt: skip
        else:
            plan.adopted.append(Line("", cand.name, t.description, line_target, "票决入选"))
    if not plan.carried and not plan.adopted and not plan.waiting:
        plan.refusal = ERR_NOTHING_TO_COPY.format(source=source, year=year)
    return plan


def _plan_upper(plan: NewYearPlan, ind: Indicator, matter: str) -> None:
    """The preview's line for a carried indicator's 上级计划指标: carried to the upper's copy, or why not (the copy
    itself still checks Indicator.clean())."""
    old = ind.upper
    org = old.project.matter.programme.organisation.name
    was = f"{org}：{old.code or old.name}"
    upper, reason = upper_copy_find(old_upper=old, year=plan.year)
    if upper is None:
        plan.upper_gaps.append(Line(matter, ind.project.name, ind.name, was, reason))
    else:
        plan.uppers.append(
            Line(
                matter,
                ind.project.name,
                ind.name,
                was,
                NOTE_UPPER_KEPT.format(org=org, code=upper.code or upper.name),
            )
        )


def _copy_indicator(ind: Indicator, project: Project, plan: NewYearPlan, *, keep_code: bool) -> Indicator:
    target, unit, text, kept = plan.targets[ind.pk]
    note = ind.note
    if kept and ind.kind not in (IndicatorKind.STANDARD,) and not ind.is_continuing:
        extra = NOTE_KEPT_TARGET.format(year=plan.source.year, next=plan.year)
        note = f"{note}；{extra}"[:300] if note else extra
    new = Indicator(
        project=project,
        seq=ind.seq,
        code=ind.code
        if keep_code
        else "",  # renumbered after items already there: its position gives the code
        name=ind.name,
        unit=unit,
        kind=ind.kind
        if kept or (target is None) == (ind.target is None)
        else (IndicatorKind.QUANTITY if target is not None else IndicatorKind.STANDARD),
        target=target,
        target_text=text,
        due_date=ind.due_date,
        monthly_plan=ind.monthly_plan if kept else None,
        lead_unit_id=ind.lead_unit_id,
        is_continuing=ind.is_continuing,
        counted_as_tracked=ind.counted_as_tracked,
        note=note,
        copied_from=ind,
    )
    if new.kind == IndicatorKind.STANDARD and target is None and not text:
        new.target_text = ind.target_text
    new.full_clean()
    new.save()
    new.responsible_units.set(ind.responsible_units.all())
    if kept:  # the same target: the same split over the counties, as a start the office edits
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=new, county_id=t.county_id, target=t.target, target_text=t.target_text)
            for t in ind.targets.all()
        )
    return new


@transaction.atomic
def programme_copy_next_year(*, source: Programme, by) -> Programme:
    """Copy `source` into next year's draft (carried items only), then merge the items the vote adopted for that
    year; the draft records who copied it and when, and cannot report until published."""
    require_office(by, source)  # and only the office of the level that runs this programme
    source = Programme.objects.select_for_update().get(pk=source.pk)
    plan = new_year_plan(source=source)
    if plan.refusal:
        raise ValidationError(plan.refusal)
    year, org = plan.year, source.organisation
    draft = Programme.objects.select_for_update().filter(year=year, organisation=org).first()
    if draft is None:
        draft = Programme(
            year=year,
            organisation=org,
            name=source.name,
            office=source.office,
            issuing_authority=source.issuing_authority,
        )
    draft.is_draft, draft.is_public = True, False
    draft.copied_from, draft.copied_by, draft.copied_at = source, by, timezone.now()
    draft.full_clean()
    draft.save()
    offsets = {
        row["level"]: row["m"]
        for row in Matter.objects.filter(programme=draft).values("level").annotate(m=Max("seq")).order_by()
    }
    taken = set(Project.objects.filter(matter__programme=draft).values_list("name", flat=True))
    matters: dict[int, Matter] = {}
    projects: dict[int, Project] = {}
    carried_ids = set(plan.targets)
    copied: dict[int, Indicator] = {}
    for ind in (
        Indicator.objects.filter(pk__in=carried_ids)
        .select_related("project__matter")
        .prefetch_related("responsible_units", "targets")
        .order_by("project__matter__level_order", "project__matter__seq", "project__seq", "seq", "id")
    ):
        old_p, old_m = ind.project, ind.project.matter
        if old_p.name in taken and old_p.pk not in projects:
            continue  # already in the new year's programme (imported or adopted there first)
        if old_m.pk not in matters:
            m = Matter(
                programme=draft,
                level=old_m.level,
                seq=old_m.seq + offsets.get(old_m.level, 0),
                name=old_m.name,
                description=old_m.description,
                domain=old_m.domain,
                lead_unit_id=old_m.lead_unit_id,
            )
            m.full_clean()
            m.save()
            m.responsible_units.set(old_m.responsible_units.all())
            matters[old_m.pk] = m
        if old_p.pk not in projects:
            p = Project(
                matter=matters[old_m.pk],
                seq=old_p.seq,
                name=old_p.name,
                description=old_p.description,
                domain=old_p.domain,
                lead_unit_id=old_p.lead_unit_id,
            )
            p.full_clean()
            p.save()
            p.responsible_units.set(old_p.responsible_units.all())
            projects[old_p.pk] = p
        copied[ind.pk] = _copy_indicator(
            ind, projects[old_p.pk], plan, keep_code=not offsets.get(old_m.level)
        )
    for old_id, new in copied.items():  # 纳入统一调度: point at the copied indicator when it was copied too
        tracked = Indicator.objects.filter(pk=old_id).values_list("tracked_by_id", flat=True).first()
        if tracked in copied:
            new.tracked_by = copied[tracked]
            new.save(update_fields=["tracked_by"])
    indicator_uppers_carry(copied=copied, year=year)
    rnd, adopted = _adopted_for(source, year)
    if rnd is not None and adopted:
        programme_adopt_chosen(round=rnd, by=by)
    return draft
