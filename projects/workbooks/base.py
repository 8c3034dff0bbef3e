"""Shared pieces of the programme's set-up workbooks: option words, Chinese messages, reading helpers."""

from __future__ import annotations

import re
from collections import defaultdict

from django.db.models import Q

from minsheng.accounts.lookup import REGION_KINDS, OrgIndex
from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import import_scope_error
from minsheng.common import workbook as wb
from minsheng.common.excel import cell_text
from minsheng.common.workbook import Preview

from ..models import (
    Domain,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Level,
    Programme,
)

LEVEL_SHORT = {Level.PROVINCE: "省", Level.CITY: "市", Level.COUNTY: "县"}
LEVEL_OPTIONS = {
    "省定": Level.PROVINCE, "省级": Level.PROVINCE, "省": Level.PROVINCE,
    "市定": Level.CITY, "市级": Level.CITY, "市": Level.CITY,
    "县定": Level.COUNTY, "县级": Level.COUNTY, "本级": Level.COUNTY, "县": Level.COUNTY,
}  # fmt: skip
KIND_OPTIONS = {
    "累计数量": IndicatorKind.QUANTITY, "数量": IndicatorKind.QUANTITY,
    "形象进度（%）": IndicatorKind.PERCENT, "形象进度": IndicatorKind.PERCENT,
    "标准值": IndicatorKind.STANDARD, "标准值（如不低于650元/月）": IndicatorKind.STANDARD,
    "按期完成": IndicatorKind.DEADLINE, "目标待定": IndicatorKind.PENDING,
}  # fmt: skip
NUMERIC_KINDS = (IndicatorKind.QUANTITY, IndicatorKind.PERCENT)
DOMAIN_OPTIONS = {label: value for value, label in Domain.choices}
COUNT_CONTINUING, COUNT_TRACKED = "持续性指标", "按统一调度口径计数"
COUNT_OPTIONS = {COUNT_CONTINUING: "continuing", "持续推进": "continuing", COUNT_TRACKED: "tracked",
                 "统一调度口径": "tracked"}  # fmt: skip
SEPARATORS = re.compile(r"[、,，;；\s]+")

ERR_YEAR = "“{value}”不是年度：请填写四位数年份，如 2025。"
ERR_SAME_PROGRAMME = "全表须为同一年度、同一实施主体：第 {first} 行为“{want}”，本行为“{got}”。"
ERR_MATTER_NAME = "实事序号 {seq} 在第 {first} 行名为“{want}”，本行为“{got}”：同一序号须同名。"
ERR_PROJECT_NAME = "项目序号 {seq} 在第 {first} 行名为“{want}”，本行为“{got}”：同一序号须同名。"
ERR_NO_UNIT = "“{kind}”类指标须填写计量单位（如 所、人、户、公里、万元）。"
ERR_TARGET_REQUIRED = "“{kind}”类指标须填写年度目标（数字）。"
ERR_DEADLINE = "“按期完成”类指标须填写完成时限或目标说明。"
ERR_STANDARD = "“标准值”类指标须填写目标说明（如“不低于650元/月”）或年度目标。"
ERR_NO_PROGRAMME = "尚无 {org} {year} 年的实事计划：请先导入“年度实事计划”工作簿。"
ERR_NO_COUNTY_COLUMNS = "第 G 列起应为各县市区（每列一个县市区，列标题为县市区名称）。"
ERR_COUNTY_NOT_IN_CITY = "“{name}”不是{org}下属的县市区。{hint}"
ERR_DUPLICATE_COUNTY = "县市区“{name}”的列重复出现（首次在 {first}）。"
ERR_UNKNOWN_INDICATOR = "指标编码“{code}”不在 {programme} 中。{hint}"
ERR_UNIT_MISMATCH = "单位“{got}”与计划中该指标的单位“{want}”不一致。"
ERR_TOTAL = "合计 {total} 与各县市区之和 {sum} 不一致（相差 {diff}）。"
ERR_TARGET_TEXT = "“{value}”不是数字：“{kind}”类指标的分解任务须填数字。"
WARN_TARGET_SUM = "各县市区之和 {sum} 与计划年度目标 {target} 不一致（相差 {diff}）。"
ERR_SAME_ROW = "指标“{code}”在表中重复出现（首次出现在第 {first} 行）。"
ERR_TRACKED_UNKNOWN = "统一调度指标“{code}”不在本表中：请填写本表另一行的指标编码（如“省1-2-1”）。{hint}"
ERR_TRACKED_SELF = "指标不能纳入自身的统一调度：请填写另一行的指标编码。"
ERR_TRACKED_NEEDED = "计数口径为“按统一调度口径计数”时，须填写统一调度指标。"
UPPER_COLUMN = "上级计划指标"
ERR_UPPER_FORMAT = "“{value}”的格式不对：请填“上级实施主体：指标编码”，如“邵阳市：省1-2-1”。"
ERR_UPPER_NO_PROGRAMME = "尚无 {org} {year} 年的实事计划：请先导入上级的年度实事计划，再导入本表。"
ERR_UPPER_UNKNOWN = "指标编码“{code}”不在《{programme}》中。{hint}"
ERR_UPPER_TWICE = "第 {first} 行已对应同一项上级工作（“{value}”）：同一计划中只能有一个指标对应它。"

PROGRAMME_NAME = "重点民生实事"
ERR_PLAN = "月度计划须为 12 个 0 到 100 之间、逐月不减少的数（各月底累计应完成的百分比），用顿号分隔；本格有 {n} 个。"


def _plan_text(plan) -> str:
    return "、".join(f"{v:g}" for v in plan) if plan else ""


def _tracked_code(ind: Indicator, codes: dict[int, str]) -> str:
    return codes.get(ind.tracked_by_id, "") if ind.tracked_by_id else ""


def _upper_text(ind: Indicator) -> str:
    """The 上级计划指标 cell: “上级实施主体：指标编码”."""
    up = ind.upper
    if up is None:
        return ""
    m, p = up.project.matter, up.project
    return f"{m.programme.organisation.name}：{up.code or indicator_code(m.level, m.seq, p.seq, up.seq)}"


def _count_text(ind) -> str:
    """The 计数口径 cell of an indicator (a model row or a parsed record)."""
    get = (
        ind.get
        if isinstance(ind, dict)
        else lambda k: getattr(ind, {"continuing": "is_continuing"}.get(k, k))
    )
    if get("continuing"):
        return COUNT_CONTINUING
    return COUNT_TRACKED if get("counted_as_tracked") else ""


def _project_texts(records: list[dict]) -> None:
    """Domain and description given on any row of a project (or matter) hold for all its rows; a matter's domain is
    its first project's."""
    pfirst: dict[tuple, dict] = {}
    mfirst: dict[tuple, dict] = {}
    for rec in records:
        pkey, mkey = (rec["level"], rec["mseq"], rec["pseq"]), (rec["level"], rec["mseq"])
        p = pfirst.setdefault(pkey, {"domain": "", "pdesc": ""})
        m = mfirst.setdefault(mkey, {"mdesc": "", "mdomain": ""})
        p["domain"] = p["domain"] or rec["domain"]
        p["pdesc"] = p["pdesc"] or rec["pdesc"]
        m["mdesc"] = m["mdesc"] or rec["mdesc"]
        m["mdomain"] = m["mdomain"] or rec["domain"]
    for rec in records:
        rec.update(pfirst[(rec["level"], rec["mseq"], rec["pseq"])])
        rec.update(mfirst[(rec["level"], rec["mseq"])])


def indicator_code(level: str, matter_seq: int, project_seq: int, seq: int) -> str:
    """The positional code of an indicator, e.g. 省1-2-1 (level, 实事, 项目, 指标)."""
    return f"{LEVEL_SHORT.get(level, '')}{matter_seq}-{project_seq}-{seq}"


def _year(raw, preview: Preview, row: int) -> int | None:
    t = cell_text(raw)
    if t.isdigit() and 2000 <= int(t) <= 2100:
        return int(t)
    preview.error(row, "年度", ERR_YEAR.format(value=t[:20]) if t else wb.ERR_REQUIRED)
    return None


def _programme_of(rows, preview: Preview, index: OrgIndex) -> tuple[int | None, Organisation | None]:
    """年度 and 实施主体 of the sheet: one pair for all rows."""
    first = None
    for r, values in rows:
        pair = (cell_text(values[0]), cell_text(values[1]))
        if first is None:
            first = (r, pair)
        elif pair != first[1]:
            preview.error(
                r,
                "年度",
                ERR_SAME_PROGRAMME.format(first=first[0], want=" ".join(first[1]), got=" ".join(pair)),
            )
    r0, (_y, org_name) = first
    year = _year(rows[0][1][0], preview, r0)
    org = None
    if org_name == "":
        preview.error(r0, "实施主体", wb.ERR_REQUIRED)
    else:
        org, msg = index.find(org_name, kinds=REGION_KINDS)
        if org is None:
            preview.error(r0, "实施主体", msg)
        elif refusal := import_scope_error(preview.actor, org, what="它的实事计划或任务分解表"):
            preview.error(r0, "实施主体", refusal)
            org = None
    return year, org


def _existing_codes(programme: Programme | None) -> dict[str, Indicator]:
    """The programme's indicators by code (their own, or the positional one when none was given)."""
    if programme is None:
        return {}
    out = {}
    qs = (
        Indicator.objects.filter(project__matter__programme=programme)
        .select_related("project__matter", "lead_unit", "upper__project__matter__programme__organisation")
        .prefetch_related("responsible_units")
        .order_by("project__matter__level_order", "project__matter__seq", "project__seq", "seq", "id")
    )
    for ind in qs:
        m, p = ind.project.matter, ind.project
        out[ind.code or indicator_code(m.level, m.seq, p.seq, ind.seq)] = ind
    return out


def _family_rows_elsewhere(programme: Programme) -> dict[tuple[int, int], IndicatorTarget]:
    """{(indicator id, county id): the row the county already holds for the same work in another programme of
    the indicator's 上级计划指标 family} (two queries)."""
    tops: dict[int, list[int]] = defaultdict(list)
    for pk, up, up2 in Indicator.objects.filter(project__matter__programme=programme).values_list(
        "pk", "upper_id", "upper__upper_id"
    ):
        tops[up2 or up or pk].append(pk)
    own = {pk for pks in tops.values() for pk in pks}
    rows = (
        IndicatorTarget.objects.filter(
            Q(indicator_id__in=list(tops))
            | Q(indicator__upper_id__in=list(tops))
            | Q(indicator__upper__upper_id__in=list(tops))
        )
        .exclude(indicator_id__in=own)
        .select_related("county", "indicator__upper", "indicator__project__matter__programme__organisation")
        .order_by()
    )
    out: dict[tuple[int, int], IndicatorTarget] = {}
    for t in rows:
        ind = t.indicator
        top = (ind.upper.upper_id if ind.upper else None) or ind.upper_id or ind.pk
        for pk in tops.get(top, ()):
            out.setdefault((pk, t.county_id), t)
    return out


def _with_figures(indicator_ids) -> set[int]:
    """Indicators with any reported figure (reverse relation: projects does not import progress)."""
    return set(
        Indicator.objects.filter(pk__in=list(indicator_ids), targets__figures__isnull=False)
        .order_by()
        .values_list("pk", flat=True)
        .distinct()
    )
