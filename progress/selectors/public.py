"""Public-side reads (一码一平台): a project's rolled-up progress, updates, policies, 意见建议 counts, open data.
Nothing here returns personal data, internal notes, deduction reasons or evidence files."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Avg, Case, Count, Exists, F, Max, OuterRef, Q, QuerySet, When

from minsheng.accounts.rules import (
    is_office,
    office_scope_q,
    unit_ids_of,
)
from minsheng.common.codes import normalise_code, normalise_digits, phone_ends_with
from projects.models import Programme, Project

from ..models import ACCEPTED_STATES, Figure, PublicOpinion, ReportingPeriod
from ..status import Status, fmt_number
from .index import project_standing
from .rollups import indicator_rollup

# Documented on the open-data page: (field, meaning).
OPEN_DATA_FIELDS = [
    ("year", "年度"),
    ("month", "截至月份（累计 1 至该月）"),
    ("level", "级别：省定 / 市定 / 县定"),
    ("matter", "实事名称"),
    ("project", "项目名称"),
    ("project_code", "项目公开码（公开页地址 /progress/p/<公开码>/）"),
    ("indicator", "指标"),
    ("unit", "计量单位（形象进度类为 %）"),
    ("area", "县市区；“全市”为汇总行（数量类为各县市区之和，形象进度类为平均值）"),
    ("target", "年度目标任务"),
    ("value", "累计完成（经审核的核定值；已报送未审核或被退回的数据不计入，按最近一次核定值计入）"),
    ("rate_percent", "完成率（%）= 累计完成 ÷ 年度目标"),
    ("expected_percent", "序时进度（%）= 月份 ÷ 12，或该指标的月度计划"),
    ("status", "状态：已完成全年目标任务 / 按序时推进 / 未达序时 / 目标待定 / 未报送"),
    (
        "reporting",
        "报送情况：全市行为“已报送县市区数/承担县市区数”；县市区行为“已报送”（已审核），“已报未审”或“已退回”"
        "（均不计入），“沿用 X 月核定值”（本月没有核定值时按最近一次核定值计入），或“未报送”",
    ),
]


def public_project(*, code: str) -> Project | None:
    """A project of a public programme by its public code."""
    return (
        Project.objects.select_related("matter__programme__organisation", "matter__lead_unit", "lead_unit")
        .prefetch_related("responsible_units", "matter__responsible_units")
        .filter(public_code=code, matter__programme__is_public=True)
        .first()
    )


def _linked_below_q() -> Q:
    """Periods of the lower levels' programmes whose indicators name one of the programme at OuterRef("pk")'s
    indicators as 上级计划指标, directly or through a city's: where a province's plan, holding no rows of its own,
    has its figures entered."""
    via = "programme__matters__projects__indicators__"
    ref = OuterRef("pk")
    return Q(**{f"{via}upper__project__matter__programme": ref}) | Q(
        **{f"{via}upper__upper__project__matter__programme": ref}
    )


def programme_reports_q() -> Q:
    """Programmes with reporting months: their own periods, or (a plan whose counties' rows are all in the
    lower levels' plans, e.g. the province's) those of the programmes linked below them."""
    return Q(periods__isnull=False) | Exists(ReportingPeriod.objects.filter(_linked_below_q()))


def programme_reads_below(*, programme: Programme) -> bool:
    """Whether lower levels' plans name one of the programme's indicators as 上级计划指标 (its rows are there)."""
    return Programme.objects.filter(
        Q(matters__projects__indicators__upper__project__matter__programme=programme)
        | Q(matters__projects__indicators__upper__upper__project__matter__programme=programme)
    ).exists()


def latest_month(*, programme: Programme) -> int:
    """The month a programme's pages show by default: the latest with accepted figures (else the latest
    period, else 1); a programme without periods of its own takes those of the programmes linked below it."""
    periods = ReportingPeriod.objects.filter(programme=programme)
    if not periods.exists():
        below = Q(matters__projects__indicators__upper__project__matter__programme=programme) | Q(
            matters__projects__indicators__upper__upper__project__matter__programme=programme
        )
        periods = ReportingPeriod.objects.filter(programme__in=Programme.objects.filter(below).values("pk"))
    # per period an index probe (period, state) rather than reading every figure of the programme
    accepted = Figure.objects.filter(period=OuterRef("pk"), state__in=list(ACCEPTED_STATES))
    latest = periods.filter(Exists(accepted)).aggregate(m=Max("month"))["m"]
    if latest:
        return latest
    return periods.aggregate(m=Max("month"))["m"] or 1


def project_finished(project: Project) -> bool:
    """Whether a project of a public programme is finished (已完成) by its latest figures: the same roll-up and
    worst-status rule as its public page and the 通报, never a stored flag."""
    if not project.matter.programme.is_public:
        return False
    month = latest_month(programme=project.matter.programme)
    standing, _ = project_standing(public_project_progress(project=project, month=month))
    return standing == Status.DONE


def public_project_progress(*, project: Project, month: int) -> list:
    """The project's indicator roll-ups for the month (same status function as every other page); only
    the project's indicators (and those they are tracked by) are read."""
    return indicator_rollup(programme=project.matter.programme, month=month, project_id=project.pk)


def opinion_stats(
    *, project: Project | None = None, programme: Programme | None = None, scope: Q | None = None
) -> dict:
    """意见建议 counts and 处理率 (handled / received), spam left out of both (the 通报 quotes this rate):
    {"received", "handled", "rate_percent", "spam"}; `scope` narrows to an office's subtree."""
    qs = PublicOpinion.objects.filter(scope or Q())
    if project is not None:
        qs = qs.filter(project=project)
    if programme is not None:
        qs = qs.filter(project__matter__programme=programme)
    spam = Q(state=PublicOpinion.State.SPAM)
    agg = qs.aggregate(
        received=Count("id", filter=~spam),
        handled=Count("id", filter=Q(state=PublicOpinion.State.HANDLED)),
        spam=Count("id", filter=spam),
    )
    rate = (
        (Decimal(agg["handled"]) * 100 / agg["received"]).quantize(Decimal("0.1"))
        if agg["received"]
        else None
    )
    return {"received": agg["received"], "handled": agg["handled"], "rate_percent": rate, "spam": agg["spam"]}


# The office's list of 意见建议: filter value → states shown ("" = everything but spam).
OPINION_FILTERS = {
    "": ("全部（不含垃圾信息）", [PublicOpinion.State.RECEIVED, PublicOpinion.State.HANDLED]),
    "received": ("待处理", [PublicOpinion.State.RECEIVED]),
    "handled": ("已办结", [PublicOpinion.State.HANDLED]),
    "spam": ("垃圾信息", [PublicOpinion.State.SPAM]),
}


def opinion_list(*, state: str = "", scope: Q | None = None) -> QuerySet[PublicOpinion]:
    """The office's queue: 待处理 first, newest first; state is a key of OPINION_FILTERS (unknown → "");
    `scope` narrows to an office's subtree (office_scope_q on OPINION_OWNER)."""
    states = OPINION_FILTERS.get(state, OPINION_FILTERS[""])[1]
    return (
        PublicOpinion.objects.filter(scope or Q(), state__in=states)
        .select_related("project", "unit", "county")
        .annotate(waiting=Case(When(state=PublicOpinion.State.RECEIVED, then=0), default=1))
        .order_by("waiting", "-submitted_at", "-id")
    )


def _reporting(c) -> str:
    """A county row's 报送情况 in open data: what its value is, and why (never a value that does not count)."""
    carried = f"，沿用 {c.carried_month} 月核定值" if c.carried_month else ""
    if c.counted:
        return "已报送"
    if c.awaiting:
        return f"已报未审（不计入）{carried}"
    if c.returned:
        return f"已退回（不计入）{carried}"
    return f"沿用 {c.carried_month} 月核定值" if c.carried_month else "未报送"


def open_data_rows(*, programme: Programme, month: int) -> list[dict]:
    """Public progress as flat rows (one city row and one row per county for each indicator)."""
    out = []
    for r in indicator_rollup(programme=programme, month=month):
        ind = r.indicator
        base = {
            "year": programme.year,
            "month": month,
            "level": r.matter.get_level_display(),
            "matter": r.matter.name,
            "project": r.project.name,
            "project_code": r.project.public_code,
            "indicator": ind.name,
            "unit": "%" if ind.kind in ("percent", "deadline") else ind.unit,
        }
        rows = [("全市", r.target, r.value, r.result, r.reported_share)] + [
            (
                c.county.name,
                c.target,
                c.value,
                c.result,
                _reporting(c),
            )
            for c in r.cells
        ]
        for area, target, value, result, reporting in rows:
            out.append(
                {
                    **base,
                    "area": area,
                    "target": fmt_number(target),
                    "value": fmt_number(value),
                    "rate_percent": fmt_number(result.rate_percent),
                    "expected_percent": fmt_number(result.expected_percent),
                    "status": result.status.value,
                    "reporting": reporting,
                }
            )
    return out


# The organisation a 意见建议 belongs to (its project's programme's): the anchor of the office scope.
OPINION_OWNER = "project__matter__programme__organisation"


def opinions_visible_to(user) -> QuerySet[PublicOpinion]:
    """The 意见建议 a person may read and answer: the office every one, a county's or department's clerk
    those routed to their unit (spam left out for them). 待答复 first, the nearest deadline first."""
    qs = PublicOpinion.objects.select_related("project", "county", "unit")
    if is_office(user):
        qs = qs.filter(office_scope_q(user, "project__matter__programme__organisation"))
    else:
        qs = qs.filter(unit_id__in=unit_ids_of(user)).exclude(state=PublicOpinion.State.SPAM)
    return qs.annotate(waiting=Case(When(state=PublicOpinion.State.RECEIVED, then=0), default=1)).order_by(
        "waiting", "reply_due", "-submitted_at", "-id"
    )


def opinion_lookup(*, code: str, phone_last4: str) -> PublicOpinion | None:
    """A resident's look-up of their 意见建议: the receipt code (spaces, dashes, full-width and lower case
    forgiven) and the last four digits of the phone they left must both match; spam is never found."""
    code, last4 = normalise_code(code), normalise_digits(phone_last4)
    if not code or len(last4) != 4 or not last4.isdigit():
        return None
    op = (
        PublicOpinion.objects.select_related("project__matter__programme", "unit", "county")
        .filter(code=code)
        .exclude(state=PublicOpinion.State.SPAM)
        .first()
    )
    if op is None or not phone_ends_with(op.contact_phone, last4):
        return None
    return op


def opinion_unit_stats(*, today, unit_ids: set[int] | None = None, scope: Q | None = None) -> list[dict]:
    """Per answering unit, from the opinions' real states (spam left out, as in opinion_stats): received,
    handled, 处理率, overdue (待处理 past the reply deadline) and the average reply time in days (submission to
    reply). One query. Rows: {"unit", "received", "handled", "rate_percent", "overdue", "avg_days"}; the office
    (no unit) last, named 专班办公室."""
    qs = PublicOpinion.objects.filter(scope or Q()).exclude(state=PublicOpinion.State.SPAM)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    rows = (
        qs.order_by()
        .values("unit_id", "unit__name", "unit__sort_order")
        .annotate(
            received=Count("id"),
            handled=Count("id", filter=Q(state=PublicOpinion.State.HANDLED)),
            overdue=Count("id", filter=Q(state=PublicOpinion.State.RECEIVED, reply_due__lt=today)),
            avg_reply=Avg(F("replied_at") - F("submitted_at"), filter=Q(state=PublicOpinion.State.HANDLED)),
        )
    )
    out = []
    for row in rows:
        avg = row["avg_reply"]
        out.append(
            {
                "unit": row["unit__name"] or "专班办公室",
                "kind_order": (row["unit_id"] is None, row["unit__sort_order"] or 0, row["unit__name"] or ""),
                "received": row["received"],
                "handled": row["handled"],
                "rate_percent": (Decimal(row["handled"]) * 100 / row["received"]).quantize(Decimal("0.1")),
                "overdue": row["overdue"],
                "avg_days": None
                if avg is None
                else (Decimal(avg.total_seconds()) / 86400).quantize(Decimal("0.1")),
            }
        )
    return sorted(out, key=lambda r: r["kind_order"])
