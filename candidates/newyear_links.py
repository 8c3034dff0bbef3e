"""上级计划指标 across the new-year copy. A copied indicator whose last-year source named an upper indicator takes the
copy of that upper in the upper unit's next-year programme, found by the copy relation (Indicator.copied_from) or
by the same 指标编码; whichever programme is copied first, the link is made when the second one is. A link that
Indicator.clean() refuses (a county would hold two rows of the family, one programme twice in it, …) is not
made: the draft lists every link not carried, with the reason, for the office to fill in later."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from projects.models import Indicator, Programme, upper_refusal

MSG_UPPER_GAPS = "以下 {n} 项上级计划指标未能沿用：{items}，请在上级计划印发后补填（重新导入年度实事计划的“上级计划指标”列）。"
MSG_LOWER_GAPS = "以下 {n} 项下级计划指标上年对应本计划，本次未能挂接：{items}。"
GAP_NO_PROGRAMME = "{org} {year} 年计划尚未生成"
GAP_NOT_CARRIED = "《{programme}》中没有对应的指标（上年 {code}）"
NOTE_UPPER_KEPT = "上级计划指标沿用为 {org}：{code}"


@dataclass(frozen=True)
class UpperGap:
    """A copied indicator whose last-year 上级计划指标 is not carried, and why."""

    indicator: Indicator
    old_upper: Indicator
    reason: str

    @property
    def label(self) -> str:
        ind, up = self.indicator, self.old_upper
        own = f"{ind.code} {ind.name}".strip()
        org = up.project.matter.programme.organisation.name
        return f"“{own}”（上年对应 {org}：{up.code or up.name}；{self.reason}）"

    @property
    def lower_label(self) -> str:
        ind = self.indicator
        own = f"{ind.code} {ind.name}".strip()
        return f"{ind.project.matter.programme.organisation.name}“{own}”（{self.reason}）"


def upper_copy_find(*, old_upper: Indicator, year: int) -> tuple[Indicator | None, str]:
    """The copy of `old_upper` in its unit's programme of `year`, or None with the reason in Chinese."""
    org = old_upper.project.matter.programme.organisation
    programme = Programme.objects.filter(year=year, organisation=org).first()
    if programme is None:
        return None, GAP_NO_PROGRAMME.format(org=org.name, year=year)
    within = Indicator.objects.filter(project__matter__programme=programme)
    found = within.filter(copied_from=old_upper).order_by("id").first()
    if found is None and old_upper.code:
        found = within.filter(code=old_upper.code).order_by("id").first()
    if found is None:
        return None, GAP_NOT_CARRIED.format(programme=programme, code=old_upper.code or old_upper.name)
    return found, ""


def _link(indicator: Indicator, upper: Indicator) -> str:
    """Give `indicator` its upper when Indicator.clean() allows it; the refusal otherwise ("" when linked)."""
    refusal = upper_refusal(indicator, upper.pk)
    if refusal:
        return refusal
    indicator.upper = upper
    indicator.full_clean()
    indicator.save(update_fields=["upper"])
    return ""


@transaction.atomic
def indicator_uppers_carry(*, copied: dict[int, Indicator], year: int) -> None:
    """After a copy into `year` (`copied`: last year's indicator id → its copy): link the copies whose source had
    an upper to that upper's copy (when the upper unit's programme of `year` holds one), and link the lower
    units' copies already made whose source pointed at one of the copied indicators."""
    sources = Indicator.objects.select_related("upper__project__matter__programme__organisation").in_bulk(
        list(copied)
    )
    for old_id, new in copied.items():
        old_upper = sources[old_id].upper
        if old_upper is None or new.upper_id:
            continue
        upper, _reason = upper_copy_find(old_upper=old_upper, year=year)
        if upper is not None:
            _link(new, upper)  # a refusal stays visible on the draft (indicator_upper_gaps)
    waiting = Indicator.objects.filter(
        copied_from__upper_id__in=list(copied),
        upper__isnull=True,
        project__matter__programme__year=year,
    ).select_related("copied_from", "project__matter__programme")
    for lower in waiting.order_by("id"):
        _link(lower, copied[lower.copied_from.upper_id])


def indicator_upper_gaps(*, programme: Programme) -> list[UpperGap]:
    """The programme's copied indicators whose last-year 上级计划指标 has no counterpart link yet, with why."""
    gaps = []
    rows = (
        Indicator.objects.filter(
            project__matter__programme=programme, copied_from__upper__isnull=False, upper__isnull=True
        )
        .select_related("copied_from__upper__project__matter__programme__organisation", "project__matter")
        .order_by("project__matter__level_order", "project__matter__seq", "project__seq", "seq", "id")
    )
    for ind in rows:
        old_upper = ind.copied_from.upper
        upper, reason = upper_copy_find(old_upper=old_upper, year=programme.year)
        if upper is not None:
            reason = upper_refusal(ind, upper.pk) or "尚未挂接"
        gaps.append(UpperGap(ind, old_upper, reason))
    return gaps


def indicator_lower_gaps(*, programme: Programme) -> list[UpperGap]:
    """Lower units' indicators of the programme's year whose last-year source named an indicator this programme's
    copies come from, yet are not linked to this programme: what the upper office sees on its draft."""
    gaps = []
    rows = (
        Indicator.objects.filter(
            project__matter__programme__year=programme.year,
            copied_from__upper__copies__project__matter__programme=programme,
            upper__isnull=True,
        )
        .select_related(
            "copied_from__upper__project__matter__programme__organisation",
            "project__matter__programme__organisation",
        )
        .distinct()
        .order_by(
            "project__matter__programme_id", "project__matter__level_order", "project__seq", "seq", "id"
        )
    )
    for ind in rows:
        upper, reason = upper_copy_find(old_upper=ind.copied_from.upper, year=programme.year)
        if upper is not None:
            reason = upper_refusal(ind, upper.pk) or "尚未挂接"
        gaps.append(UpperGap(ind, ind.copied_from.upper, reason))
    return gaps


def indicator_uppers_carried_count(*, programme: Programme) -> int:
    """How many of the programme's copied indicators took their 上级计划指标 over from last year's."""
    return Indicator.objects.filter(
        project__matter__programme=programme, copied_from__upper__isnull=False, upper__isnull=False
    ).count()


def gaps_message(gaps: list[UpperGap]) -> str:
    """The office's sentence for its own indicators whose upper link is not carried ("" when there are none)."""
    if not gaps:
        return ""
    return MSG_UPPER_GAPS.format(n=len(gaps), items="；".join(g.label for g in gaps))


def lower_gaps_message(gaps: list[UpperGap]) -> str:
    """The upper office's sentence for lower units' indicators not linked to its programme ("" when none)."""
    if not gaps:
        return ""
    return MSG_LOWER_GAPS.format(n=len(gaps), items="；".join(g.lower_label for g in gaps))
