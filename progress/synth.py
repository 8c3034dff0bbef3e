"""Synthetic province-scale data for benchmarks: N counties × M indicators × 12 months (bulk inserts)."""

from __future__ import annotations

import random
from decimal import Decimal

from minsheng.accounts.models import Organisation
from projects.models import Indicator, IndicatorTarget, Level, Matter, Programme, Project

from .models import Figure, FigureState, ReportingPeriod, default_deadline


def synth_programme(
    *,
    name: str = "合成省",
    counties: int = 122,
    indicators: int = 60,
    months: int = 12,
    year: int = 2030,
    seed: int = 1,
) -> Programme:
    """Create (once) a synthetic province programme with figures for months 1..`months`; returns it."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    province, _ = Organisation.objects.get_or_create(name=name, parent=None, defaults={"kind": "province"})
    existing = Programme.objects.filter(year=year, organisation=province).first()
    if existing is not None:
        return existing
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{name}合成县{i:03d}", parent=province, kind=Organisation.Kind.COUNTY, sort_order=i
            )
            for i in range(counties)
        ],
        ignore_conflicts=True,
    )
    Organisation.objects.rebuild_paths()  # bulk_create skips save(): the office scope reads the paths
    county_list = list(Organisation.objects.filter(parent=province, kind=Organisation.Kind.COUNTY)[:counties])
    programme = Programme.objects.create(year=year, organisation=province, name="合成计划")
    per_matter = 6
    inds = []
    for m in range((indicators + per_matter - 1) // per_matter):
        matter = Matter.objects.create(
            programme=programme,
            level=Level.PROVINCE if m % 2 == 0 else Level.CITY,
            seq=m + 1,
            name=f"合成实事{m + 1}",
        )
        for p in range(min(per_matter, indicators - m * per_matter)):
            project = Project.objects.create(matter=matter, seq=p + 1, name=f"合成项目{m + 1}-{p + 1}")
            kind = "percent" if p == 5 else "quantity"
            inds.append(
                Indicator(
                    project=project,
                    seq=1,
                    name=f"合成指标{m + 1}-{p + 1}",
                    unit="个",
                    kind=kind,
                    target=Decimal(100) if kind == "percent" else Decimal(counties * 100),
                )
            )
    Indicator.objects.bulk_create(inds)
    inds = list(Indicator.objects.filter(project__matter__programme=programme))
    targets = [IndicatorTarget(indicator=i, county=c, target=Decimal(100)) for i in inds for c in county_list]
    IndicatorTarget.objects.bulk_create(targets, batch_size=2000)
    targets = list(IndicatorTarget.objects.filter(indicator__project__matter__programme=programme))
    periods = [
        ReportingPeriod(programme=programme, month=m, deadline=default_deadline(year, m))
        for m in range(1, 13)
    ]
    ReportingPeriod.objects.bulk_create(periods)
    periods = {p.month: p for p in ReportingPeriod.objects.filter(programme=programme)}
    batch = []
    for t in targets:
        pace = Decimal(rng.randint(60, 130)) / 100
        for m in range(1, months + 1):
            v = min(Decimal(100), (Decimal(100) * m / 12 * pace).quantize(Decimal("0.01")))
            batch.append(
                Figure(
                    target=t,
                    period=periods[m],
                    value=v,
                    verified_value=v,
                    state=FigureState.LOCKED if m < months else FigureState.VERIFIED,
                )
            )
        if len(batch) >= 20000:
            Figure.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Figure.objects.bulk_create(batch, batch_size=5000)
    return programme
