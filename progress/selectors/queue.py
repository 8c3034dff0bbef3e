"""The office's verification queue (figures awaiting verification) and the 验收率 gap.

验收率 (seed 003: "10月份项目推进进度和项目验收率差距不能超过10%"): the share of the target that is
verified *with evidence* — a figure counts towards it once the office accepted it (verified, deducted or
locked) and it carries at least one 佐证材料 file; its verified value is the accepted amount. A county's
accepted amount for month m is the verified value of its latest such figure up to month m. The gap is
reported progress minus 验收率 in percentage points (progress.status.acceptance_gap, flagged above 10).

Every selector here costs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import office_scope_q
from minsheng.common.params import is_id
from projects.models import Indicator, IndicatorTarget

from ..models import ACCEPTED_STATES, FIGURE_OWNER, Evidence, Figure, FigureState, ReportingPeriod
from ..status import AcceptanceGap, acceptance_gap

PERCENT_KINDS = ("percent", "deadline")
HUNDRED = Decimal(100)
GAP_RULE = (
    "验收率 = 经审核（通过、核减或锁定）且附有佐证材料的累计完成值 ÷ 目标；"
    "10 月份项目推进进度和项目验收率差距不能超过 10 个百分点，超过的标注“差距超 10 个百分点”。"
)
WARN_GAP = (
    "提示：按本次填报，推进进度 {reported}% 与验收率 {accepted}% 相差 {gap} 个百分点，超过 10 个百分点"
    "（10 月份项目推进进度和项目验收率差距不能超过 10%）。请上传与进度相符的佐证材料，经审核后计入验收率。"
)


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters (GET county, indicator, period), each an id or None."""

    county_id: int | None = None
    indicator_id: int | None = None
    period_id: int | None = None
    # The office's own level (accounts.rules.office_scope_q on the figure's programme); never in a link.
    scope: Q = field(default_factory=Q, compare=False)

    @classmethod
    def from_query(cls, params, *, user=None) -> QueueFilters:
        def pick(name: str) -> int | None:
            raw = params.get(name, "")
            return int(raw) if is_id(raw) else None

        scope = office_scope_q(user, FIGURE_OWNER, manage=True) if user is not None else Q()
        return cls(
            county_id=pick("county"), indicator_id=pick("indicator"), period_id=pick("period"), scope=scope
        )

    def as_query(self) -> str:
        """The filters as a query string (without "?"), for links back to the same list."""
        parts = [
            f"{name}={value}"
            for name, value in (
                ("county", self.county_id),
                ("indicator", self.indicator_id),
                ("period", self.period_id),
            )
            if value
        ]
        return "&".join(parts)


@dataclass
class QueueRow:
    """One figure awaiting verification with what the office needs to decide."""

    figure: Figure
    previous: Decimal | None  # last month's verified value of the same task
    evidence_count: int
    gap: AcceptanceGap

    @property
    def change(self) -> Decimal | None:
        """Change from last month (reported now − last month's verified value)."""
        if self.figure.value is None or self.previous is None:
            return None
        return self.figure.value - self.previous

    @property
    def target(self) -> IndicatorTarget:
        return self.figure.target

    @property
    def indicator(self) -> Indicator:
        return self.figure.target.indicator


def _target_of(kind: str, target) -> Decimal | None:
    """What a value is measured against: a percent kind against 100 unless it has its own target."""
    if kind in PERCENT_KINDS and target is None:
        return HUNDRED
    return target


def queue_figures(filters: QueueFilters = QueueFilters()) -> QuerySet[Figure]:
    """Figures awaiting verification (已报送), narrowed by the filters, in queue order."""
    qs = Figure.objects.filter(filters.scope, state=FigureState.SUBMITTED)
    if filters.county_id:
        qs = qs.filter(target__county_id=filters.county_id)
    if filters.indicator_id:
        qs = qs.filter(target__indicator_id=filters.indicator_id)
    if filters.period_id:
        qs = qs.filter(period_id=filters.period_id)
    return qs.order_by(
        "-period__programme__year",
        "period__programme_id",
        "period__month",
        "target__county__sort_order",
        "target__county_id",
        "target__indicator__project__matter__level_order",
        "target__indicator__project__matter__seq",
        "target__indicator__project__seq",
        "target__indicator__seq",
        "pk",
    )


def accepted_with_evidence(
    *, target_ids, up_to: dict[int, int] | None = None
) -> dict[tuple[int, int], Decimal]:
    """{(target id, month): verified value} of the accepted figures that carry evidence (one query)."""
    has_evidence = Exists(Evidence.objects.filter(figure_id=OuterRef("pk")))
    rows = (
        Figure.objects.filter(
            target_id__in=list(target_ids),
            state__in=[str(s) for s in ACCEPTED_STATES],
            verified_value__isnull=False,
        )
        .filter(has_evidence)
        .order_by()
        .values_list("target_id", "period__month", "verified_value")
    )
    return {(t, m): v for t, m, v in rows}


def accepted_as_of(accepted: dict[tuple[int, int], Decimal], target_id: int, month: int) -> Decimal | None:
    """A task's accepted amount after `month`: its latest accepted-with-evidence value up to that month."""
    for m in range(month, 0, -1):
        value = accepted.get((target_id, m))
        if value is not None:
            return value
    return None


def verification_queue(*, filters: QueueFilters = QueueFilters(), limit: int | None = None) -> list[QueueRow]:
    """The queue's rows: each figure with last month's verified value, its evidence count and its gap
    between reported progress and 验收率 (four queries whatever the number of rows)."""
    qs = queue_figures(filters).select_related(
        "target__indicator__project__matter", "target__county", "period__programme"
    )
    figures = list(qs[:limit] if limit else qs)
    if not figures:
        return []
    ids = [f.pk for f in figures]
    target_ids = {f.target_id for f in figures}
    evidence = dict(
        Evidence.objects.filter(figure_id__in=ids)
        .order_by()
        .values("figure_id")
        .annotate(n=Count("id"))
        .values_list("figure_id", "n")
    )
    previous = {
        (t, m): v
        for t, m, v in Figure.objects.filter(
            target_id__in=target_ids, state__in=[str(s) for s in ACCEPTED_STATES]
        )
        .filter(period__month__in={f.period.month - 1 for f in figures})
        .order_by()
        .values_list("target_id", "period__month", "verified_value")
    }
    accepted = accepted_with_evidence(target_ids=target_ids)
    rows = []
    for f in figures:
        kind = f.target.indicator.kind
        rows.append(
            QueueRow(
                figure=f,
                previous=previous.get((f.target_id, f.period.month - 1)),
                evidence_count=evidence.get(f.pk, 0),
                gap=acceptance_gap(
                    reported=f.value,
                    verified=accepted_as_of(accepted, f.target_id, f.period.month),
                    target=_target_of(kind, f.target.target),
                ),
            )
        )
    return rows


def queue_count(filters: QueueFilters = QueueFilters()) -> int:
    """How many figures await verification under the filters (one query)."""
    return queue_figures(filters).order_by().count()


def queue_next_id(*, filters: QueueFilters, after: Figure) -> int | None:
    """The figure after `after` in the filtered queue (else the first still waiting), for 审核并下一条."""
    ids = list(queue_figures(filters).values_list("pk", flat=True))
    if not ids:
        return None
    if after.pk in ids:
        i = ids.index(after.pk)
        rest = ids[i + 1 :] + ids[:i]
        return rest[0] if rest else None
    return ids[0]


def queue_choices(*, scope: Q | None = None) -> dict:
    """The filter options with their pending counts: counties, indicators and periods (three queries)."""
    base = Figure.objects.filter(scope or Q(), state=FigureState.SUBMITTED).order_by()
    by_county = dict(
        base.values("target__county_id").annotate(n=Count("id")).values_list("target__county_id", "n")
    )
    by_indicator = dict(
        base.values("target__indicator_id").annotate(n=Count("id")).values_list("target__indicator_id", "n")
    )
    by_period = dict(base.values("period_id").annotate(n=Count("id")).values_list("period_id", "n"))
    counties = list(Organisation.objects.filter(pk__in=list(by_county)).order_by("sort_order", "pk"))
    indicators = list(
        Indicator.objects.filter(pk__in=list(by_indicator))
        .select_related("project__matter")
        .order_by("project__matter__level_order", "project__matter__seq", "project__seq", "seq", "pk")
    )
    periods = list(
        ReportingPeriod.objects.filter(pk__in=list(by_period))
        .select_related("programme")
        .order_by("-programme__year", "programme_id", "month")
    )
    return {
        "counties": [(c, by_county[c.pk]) for c in counties],
        "indicators": [(i, by_indicator[i.pk]) for i in indicators],
        "periods": [(p, by_period[p.pk]) for p in periods],
    }


def pending_by_county(*, scope: Q | None = None) -> list[tuple[Organisation, int]]:
    """Counties with figures awaiting verification and how many (two queries), in the counties' order;
    `scope` narrows to an office's own level (accounts.rules.office_scope_q on FIGURE_OWNER)."""
    counts = dict(
        Figure.objects.filter(scope or Q(), state=FigureState.SUBMITTED)
        .order_by()
        .values("target__county_id")
        .annotate(n=Count("id"))
        .values_list("target__county_id", "n")
    )
    counties = Organisation.objects.filter(pk__in=list(counts)).order_by("sort_order", "pk")
    return [(c, counts[c.pk]) for c in counties]


@dataclass
class IndicatorGap:
    """An indicator's reported progress vs 验收率 in a month, over the counties that reported it."""

    indicator: Indicator
    gap: AcceptanceGap
    counties: int  # counties whose figure of the month counts (reported: not a draft)
    flagged_counties: list[Organisation]


def indicator_gaps(*, period: ReportingPeriod) -> list[IndicatorGap]:
    """For each indicator of the period's programme: reported progress (this month's reported values of
    the counties that reported) vs 验收率 (their accepted-with-evidence amounts), flagged above 10 points.
    Four queries."""
    reported_states = [s for s in FigureState if s != FigureState.DRAFT]
    rows = list(
        Figure.objects.filter(period=period, state__in=reported_states, value__isnull=False)
        .order_by()
        .values_list("target_id", "target__indicator_id", "target__county_id", "target__target", "value")
    )
    accepted = accepted_with_evidence(target_ids={r[0] for r in rows})
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(pk__in={r[1] for r in rows}).select_related("project__matter")
    }
    counties = Organisation.objects.in_bulk({r[2] for r in rows})
    sums: dict[int, list] = {}
    for target_id, indicator_id, county_id, target, value in rows:
        ind = indicators[indicator_id]
        measure = _target_of(ind.kind, target)
        if not measure or ind.kind == "pending":
            continue
        acc = accepted_as_of(accepted, target_id, period.month) or Decimal(0)
        s = sums.setdefault(indicator_id, [Decimal(0), Decimal(0), Decimal(0), 0, []])
        s[0] += value
        s[1] += acc
        s[2] += measure
        s[3] += 1
        if acceptance_gap(reported=value, verified=acc, target=measure).flagged:
            s[4].append(counties[county_id])
    out = [
        IndicatorGap(
            indicator=indicators[pk],
            gap=acceptance_gap(reported=s[0], verified=s[1], target=s[2]),
            counties=s[3],
            flagged_counties=sorted(s[4], key=lambda c: (c.sort_order, c.pk)),
        )
        for pk, s in sums.items()
    ]
    out.sort(
        key=lambda g: (
            g.indicator.project.matter.level_order,
            g.indicator.project.matter.seq,
            g.indicator.project.seq,
            g.indicator.seq,
            g.indicator.pk,
        )
    )
    return out


def figure_gap(*, figure: Figure, value=None, with_evidence: bool | None = None) -> AcceptanceGap:
    """The gap a figure opens once verified: reported `value` (default its own) against the task's
    验收率 — its own value when it carries evidence (verified, it would count), else the latest accepted
    amount with evidence before it. Two queries."""
    target = figure.target
    kind = target.indicator.kind
    value = figure.value if value is None else value
    if with_evidence is None:
        with_evidence = figure.pk is not None and Evidence.objects.filter(figure_id=figure.pk).exists()
    if with_evidence:
        accepted_amount = value
    else:
        earlier = accepted_with_evidence(target_ids=[target.pk])
        accepted_amount = accepted_as_of(
            {k: v for k, v in earlier.items() if k[1] < figure.period.month}, target.pk, figure.period.month
        )
    return acceptance_gap(reported=value, verified=accepted_amount, target=_target_of(kind, target.target))


__all__ = [
    "GAP_RULE",
    "WARN_GAP",
    "IndicatorGap",
    "QueueFilters",
    "QueueRow",
    "accepted_as_of",
    "accepted_with_evidence",
    "figure_gap",
    "indicator_gaps",
    "pending_by_county",
    "queue_choices",
    "queue_count",
    "queue_next_id",
    "verification_queue",
]
