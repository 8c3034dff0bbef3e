"""Demo monthly figures reproducing the seed's 1-9月 2024 state (seed 003), plus disclosure scores, a few
public updates / policy documents / opinions (letters: reports.demo_data). Idempotent: a second run writes nothing.

Each indicator's September value is in progress/demo_figures.py (by indicator code); months 1..8 are a
straight-line cumulative series up to it (so the status of every month agrees with September's), verified
and locked; September is verified. The two items the seed says fell month-on-month after 核减 (市级应急广播
at 市本级, 邵东市 保障性租赁住房) rise to a higher level by August, are reported at that level in September
and deducted to the seed value with a reason.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from minsheng.accounts.models import Organisation, User
from minsheng.common.demo import upsert
from projects.models import Indicator, IndicatorTarget, Programme

from .demo_figures import NINGCHUAN, NINGCHUAN_CITY, SEPTEMBER
from .demo_publishing import load_unit_publishing
from .models import (
    SHANGHAI,
    DisclosureScore,
    Figure,
    FigureState,
    FigureTransition,
    PolicyDocument,
    PublicOpinion,
    PublicUpdate,
    ReportingPeriod,
    default_deadline,
)
from .services.opinions import OPINION_REPLY_DAYS

YEAR = 2024
LAST_MONTH = 9
# (level, matter seq, project seq, indicator seq, county) → (level reached before the 核减, reason)
DEDUCTIONS = {
    ("province", 7, 3, 1, "市本级"): (
        Decimal("75"),
        "市广播电视台市级应急广播建设项目重新挂网，据实核减形象进度",
    ),
    ("province", 9, 2, 1, "邵东市"): (
        Decimal("400"),
        "邵东市申请调整保障性租赁住房具体建设点位，原点位开工数据不予认定，据实核减",
    ),
}
# 信息公开 scores printed in seed 003 (max 6).
DISCLOSURE = {
    "洞口县": "6",
    "邵阳县": "6",
    "隆回县": "5.4783",
    "绥宁县": "5.1429",
    "新宁县": "4.9565",
    "新邵县": "4.9091",
    "北塔区": "3",
    "双清区": "2.5714",
    "大祥区": "1.8",
    "武冈市": "1.6364",
    "邵东市": "1.3043",
    "城步苗族自治县": "1.2",
}


def _places(text: str) -> Decimal:
    return Decimal(1).scaleb(-len(text.split(".")[1])) if "." in text else Decimal(1)


def series(final_text: str, *, months: int = LAST_MONTH, peak: Decimal | None = None) -> list[Decimal]:
    """Monotone cumulative values for months 1..months ending at `final` (or at `peak` before a 核减)."""
    final = Decimal(final_text)
    q = _places(final_text)
    if peak is None:
        return [(final * m / months).quantize(q, ROUND_HALF_UP) for m in range(1, months + 1)]
    # Rise to `peak` by the month before, then the last month is deducted to `final`.
    return [(peak * m / (months - 1)).quantize(q, ROUND_HALF_UP) for m in range(1, months)] + [final]


def _at(month: int, day: int, hour: int = 10) -> datetime:
    y, m = (YEAR + 1, 1) if month == 12 else (YEAR, month + 1)
    return datetime.combine(date(y, m, day), time(hour), tzinfo=SHANGHAI)


def _indicator_index(programme: Programme) -> dict[tuple, Indicator]:
    return {
        (i.project.matter.level, i.project.matter.seq, i.project.seq, i.seq): i
        for i in Indicator.objects.filter(project__matter__programme=programme).select_related(
            "project__matter"
        )
    }


@transaction.atomic
def load_figures(programme: Programme) -> bool:
    """Periods 1..10 and the figures of months 1..9 (bulk; existing equal rows are left alone)."""
    changed = False
    periods = {}
    for month in range(1, LAST_MONTH + 2):
        state = ReportingPeriod.State.CLOSED if month < LAST_MONTH else ReportingPeriod.State.OPEN
        periods[month], c = upsert(
            ReportingPeriod,
            {"programme": programme, "month": month},
            {"deadline": default_deadline(YEAR, month), "state": state},
        )
        changed |= c
    index = _indicator_index(programme)
    targets = {
        (t.indicator_id, t.county.name): t
        for t in IndicatorTarget.objects.filter(
            indicator__project__matter__programme=programme
        ).select_related("county")
    }
    existing = {
        (f.target_id, f.period.month): f
        for f in Figure.objects.filter(
            period__programme=programme, period__month__lte=LAST_MONTH
        ).select_related("period")
    }
    office = User.objects.filter(username="office").first()
    new, transitions, updated = [], [], []
    for key, indicator in index.items():
        if indicator.code not in SEPTEMBER:
            continue
        text, finals = SEPTEMBER[indicator.code]["text"], SEPTEMBER[indicator.code]["counties"]
        for county, final in finals.items():
            target = targets.get((indicator.pk, county))
            if target is None:
                continue
            peak, reason = DEDUCTIONS.get(key + (county,), (None, ""))
            if indicator.kind == "standard":
                values = [Decimal(final)] * LAST_MONTH
            else:
                values = series(final, peak=peak)
            for month, value in enumerate(values, start=1):
                deducted = bool(reason) and month == LAST_MONTH
                reported = values[-2] if deducted else value
                state = (
                    FigureState.LOCKED
                    if month < LAST_MONTH
                    else (FigureState.DEDUCTED if deducted else FigureState.VERIFIED)
                )
                want = {
                    "value": reported,
                    "verified_value": value,
                    "state": state,
                    "deduction_reason": reason if deducted else "",
                    "narrative": text[:2000] if month == LAST_MONTH else "",
                    "progress_percent": value if indicator.kind == "percent" else None,
                    "submitted_at": _at(month, 3),
                    "verified_at": _at(month, 8),
                }
                fig = existing.get((target.pk, month))
                if fig is None:
                    fig = Figure(target=target, period=periods[month], is_demo=True, **want)
                    new.append(fig)
                    transitions.append(
                        (
                            fig,
                            "",
                            FigureState.LOCKED if month < LAST_MONTH else FigureState.VERIFIED,
                            None,
                            reported,
                            "演示数据：已报送并审核",
                        )
                    )
                    if deducted:
                        transitions.append(
                            (fig, FigureState.VERIFIED, FigureState.DEDUCTED, reported, value, reason)
                        )
                elif any(getattr(fig, k) != v for k, v in want.items()):
                    for k, v in want.items():
                        setattr(fig, k, v)
                    updated.append(fig)
    if new:
        Figure.objects.bulk_create(new, batch_size=500)
        FigureTransition.objects.bulk_create(
            [
                FigureTransition(
                    figure=f,
                    actor=office if to == FigureState.DEDUCTED else None,
                    at=_at(f.period.month, 9 if to == FigureState.DEDUCTED else 8),
                    from_state=frm,
                    to_state=to,
                    old_value=old,
                    new_value=nv,
                    comment=comment,
                    source=FigureTransition.Source.DEMO,
                )
                for f, frm, to, old, nv, comment in transitions
            ],
            batch_size=500,
        )
        changed = True
    if updated:
        Figure.objects.bulk_update(updated, list(want), batch_size=500)
        changed = True
    return changed


def load_public(programme: Programme, counties: dict[str, Organisation]) -> bool:
    """Disclosure scores, a few 工作动态 / policy documents / 意见建议, and two letters."""
    changed = False
    for name, score in DISCLOSURE.items():
        if name in counties:
            _, c = upsert(
                DisclosureScore,
                {"programme": programme, "county": counties[name], "month": LAST_MONTH},
                {"score": Decimal(score), "max_score": Decimal(6)},
            )
            changed |= c
    index = _indicator_index(programme)
    roads = index.get(("province", 10, 1, 1))
    broadcast = index.get(("province", 7, 3, 1))
    water = index.get(("city", 10, 1, 1))
    for ind, title, body, day in [
        (
            roads,
            "农村公路提质改造项目集中攻坚",
            "各县市区倒排工期、挂图作战，加快农村公路提质改造进度。",
            date(2024, 9, 20),
        ),
        (
            broadcast,
            "市级应急广播建设项目重新挂网",
            "市广播电视台市级应急广播建设项目已重新挂网招标。",
            date(2024, 9, 12),
        ),
        (
            water,
            "市城区二次供水改造进展",
            "已解决市城区 14325 户 45994 人的二次供水问题。",
            date(2024, 9, 28),
        ),
    ]:
        if ind:
            _, c = upsert(
                PublicUpdate,
                {"project": ind.project, "title": title},
                {"body": body, "published_on": day, "is_published": True},
            )
            changed |= c
    if roads:
        _, c = upsert(
            PolicyDocument,
            {"project": roads.project, "title": "2024年全省重点民生实事项目进度验收标准"},
            {
                "issuer": "湖南省民生实事工作专班",
                "doc_number": "",
                "published_on": date(2024, 9, 1),
                "summary": "佐证材料与进度相符、佐证材料与验收标准相符。",
            },
        )
        changed |= c
        if not PublicOpinion.objects.filter(project=roads.project).exists():
            # Routed as the public form routes them: to the county the resident named, else the lead unit.
            dongkou = counties.get("洞口县")
            lead = roads.project.lead_unit or roads.project.matter.lead_unit or roads.lead_unit
            PublicOpinion.objects.create(
                project=roads.project,
                content="希望村口道路尽快完成提质改造。",
                contact_name="李某某",
                contact_phone="13800001234",
                county=dongkou,
                unit=dongkou or lead,
                reply_due=timezone.localdate() + timedelta(days=OPINION_REPLY_DAYS),
            )
            done = PublicOpinion.objects.create(
                project=roads.project,
                content="施工路段请设置安全警示标志。",
                contact_name="王某",
                contact_phone="13900005678",
                unit=lead,
                reply_due=date(2024, 9, 26),
            )
            PublicOpinion.objects.filter(pk=done.pk).update(
                state=PublicOpinion.State.HANDLED,
                reply="已督促施工单位完善警示标志。",
                publish_reply=True,
                submitted_at=datetime(2024, 9, 19, 15, tzinfo=SHANGHAI),  # 7 days before its deadline
                replied_at=datetime(2024, 9, 25, 10, tzinfo=SHANGHAI),
            )
            changed = True
    return changed


def load_second_city() -> bool:
    """The invented 宁川市's periods 1..10 and verified figures of months 1..9 (a straight line to the
    month-9 value in demo_figures.NINGCHUAN); rows already there are left alone."""
    programme = Programme.objects.filter(year=YEAR, organisation__name=NINGCHUAN_CITY).first()
    if programme is None:
        return False
    return _straight_line(programme, NINGCHUAN, last_period=LAST_MONTH + 1)


# 邵东市's demo 2024 plan: its own 县定 items' month-9 values (its 省定 and 邵阳市定 items are reported on 邵阳市's rows).
SHAODONG_OWN = {"县1-1-1": {"邵东市": "7"}, "县2-1-1": {"邵东市": "3900"}}


def load_county_plan() -> bool:
    """邵东市's demo 2024 plan: periods 1..9 and verified figures of its own 县定 items (a straight line to
    SHAODONG_OWN); the items linked to 邵阳市's (上级计划指标) have no rows of their own to report."""
    programme = Programme.objects.filter(year=YEAR, organisation__name="邵东市").first()
    if programme is None:
        return False
    return _straight_line(programme, SHAODONG_OWN, last_period=LAST_MONTH)


def _straight_line(programme: Programme, finals: dict, *, last_period: int) -> bool:
    """Periods 1..last_period (open from LAST_MONTH) and verified figures of months 1..LAST_MONTH rising in a
    straight line to `finals` ({indicator code: {county: month-9 value}}); rows already there are left alone."""
    changed = False
    periods = {}
    for month in range(1, last_period + 1):
        state = ReportingPeriod.State.CLOSED if month < LAST_MONTH else ReportingPeriod.State.OPEN
        periods[month], c = upsert(
            ReportingPeriod,
            {"programme": programme, "month": month},
            {"deadline": default_deadline(YEAR, month), "state": state},
        )
        changed |= c
    targets = {
        (t.indicator.code, t.county.name): t
        for t in IndicatorTarget.objects.filter(
            indicator__project__matter__programme=programme
        ).select_related("county", "indicator")
    }
    have = set(Figure.objects.filter(period__programme=programme).values_list("target_id", "period__month"))
    new = []
    for code, by_county in finals.items():
        for county, final in by_county.items():
            target = targets.get((code, county))
            if target is None:
                continue
            for month, value in enumerate(series(final, months=LAST_MONTH), start=1):
                if (target.pk, month) in have:
                    continue
                state = FigureState.LOCKED if month < LAST_MONTH else FigureState.VERIFIED
                new.append(
                    Figure(
                        target=target,
                        period=periods[month],
                        value=value,
                        verified_value=value,
                        state=state,
                        submitted_at=_at(month, 3),
                        verified_at=_at(month, 8),
                        is_demo=True,
                    )
                )
    if new:
        Figure.objects.bulk_create(new, batch_size=500)
        FigureTransition.objects.bulk_create(
            [
                FigureTransition(
                    figure=f,
                    at=_at(f.period.month, 8),
                    from_state="",
                    to_state=f.state,
                    new_value=f.value,
                    comment="演示数据：已报送并审核",
                    source=FigureTransition.Source.DEMO,
                )
                for f in new
            ],
            batch_size=500,
        )
        changed = True
    return changed


def load(*, stdout=None) -> bool:
    """Monthly figures of the 2024 Shaoyang programme (months 1..9), the public-side samples, the invented
    second city's figures and those of 邵东市's own 县定 items in its demo 2024 plan."""
    programme = Programme.objects.filter(year=YEAR, organisation__name="邵阳市").first()
    if programme is None:
        return False
    counties = {
        o.name: o
        for o in Organisation.objects.filter(kind=Organisation.Kind.COUNTY, parent=programme.organisation)
    }
    changed = load_figures(programme)
    changed |= load_public(programme, counties)
    changed |= load_unit_publishing(programme)
    changed |= load_second_city()
    changed |= load_county_plan()
    if stdout is not None and changed:
        stdout.write("月度调度演示数据已载入（2024 年 1-9 月）\n")
    return changed
