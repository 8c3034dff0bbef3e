"""Set-up workbooks of the programme: the year's 实事 → 项目 → 指标, and its 任务分解表 (indicator × county)."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from minsheng.accounts.lookup import REGION_KINDS, OrgIndex
from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import import_scope_error
from minsheng.common import workbook as wb
from minsheng.common.excel import cell_text
from minsheng.common.workbook import Column, Preview, Result

from .models import (
    ERR_UPPER_DEPTH,
    ERR_UPPER_NOT_ABOVE,
    Domain,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Level,
    Matter,
    Programme,
    Project,
    family_clash_message,
    upper_refusal,
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


class ProgrammeKind(wb.WorkbookKind):
    key = "programme"
    title = "年度实事计划"
    order = 30
    columns = [
        Column("年度", "四位数年份，全表相同", True, 8),
        Column("实施主体", "本计划所属的市（州）或县市区全称，全表相同；须已在“组织机构”中", True, 12),
        Column("级别", "省定、市定或县定", True, 8),
        Column("实事序号", "该级别内的序号：1、2、3…", True, 8),
        Column("实事名称", "同一序号的各行名称须相同", True, 24),
        Column("项目序号", "该实事内的序号", True, 8),
        Column("项目名称", "同一项目的各行名称须相同", True, 24),
        Column(
            "指标编码",
            "选填；留空则按位置生成，如“省1-2-1”。再次导入时按编码（或实事/项目/指标全称）对应",
            False,
            10,
        ),
        Column("指标", "指标名称，每行一个指标", True, 36),
        Column("单位", "计量单位，如 所、人、户、公里、万元；“累计数量”类必填", False, 8),
        Column("类型", "累计数量（默认）、形象进度（%）、标准值、按期完成、目标待定", False, 10),
        Column("年度目标", "数字；“累计数量”与“形象进度”类必填", False, 10),
        Column("目标说明", "文字目标，如“不低于650元/月”“另行发文确定”", False, 24),
        Column("完成时限", "日期，如 2025-12-31；“按期完成”类必填（或写目标说明）", False, 12),
        Column("牵头单位", "单位全称或简称，须已在“组织机构”中；留空则沿用同一项目上一行", False, 18),
        Column("责任单位", "多个单位用顿号“、”分隔", False, 24),
        Column("备注", "", False, 20),
        Column(
            "月度计划（累计%）",
            "选填：12 个数，用顿号分隔，第 m 个为 m 月底应累计完成的百分比，如 0、0、10、20、30、40、50、60、"
            "70、80、90、100；留空则按 m/12 计序时进度",
            False,
            30,
        ),
        # Added after the first release: a workbook from an older template may end before these columns.
        Column("领域", "选填：" + "、".join(Domain.labels) + "；填在项目的各行上", False, 12),
        Column(
            "统一调度指标",
            "选填：本指标纳入另一指标统一调度时（如市定指标“纳入省定重点民生实事统一调度”），填那个指标的编码",
            False,
            12,
        ),
        Column(
            "计数口径",
            f"选填：“{COUNT_CONTINUING}”（全年持续推进，年底前超过目标也按“按序时推进”计）或"
            f"“{COUNT_TRACKED}”（须填统一调度指标）",
            False,
            14,
        ),
        Column("实事主要内容", "选填：填在该实事的任一行上即可", False, 30),
        Column("项目建设内容", "选填：填在该项目的任一行上即可", False, 30),
        Column(
            UPPER_COLUMN,
            "选填：本指标与上级（省、市）同一年度计划中的某个指标是同一项工作时，填“上级实施主体：指标编码”，"
            "如“邵阳市：省1-2-1”。各县市区只在一处分解任务、填报一次：上级计划已分解到本地的，本计划不再分解，"
            "自动引用上级计划中的数据；须先导入上级计划",
            False,
            18,
        ),
    ]
    LATER = 6  # the trailing optional columns above, which an older workbook may lack
    instructions = [
        "一行一个指标：实事、项目的名称在其每个指标的行上重复填写。",
        "先导入“组织机构”，再导入本表；本表导入后，再导入“任务分解表”。",
        "再次导入修正后的表格会更新对应的指标；表中没有、且尚无月度填报数据的指标会被删除，已有填报数据的保留。",
        "县市区（或市）的计划中，省定、市定等上级已部署的指标可在“上级计划指标”列写明对应的上级指标"
        "（如“邵阳市：省1-2-1”）：该项工作只在上级计划中填报一次，本计划的调度页自动引用，不重复填报。",
    ]
    examples = [
        [2025, "邵阳市", "省定", 1, "推进教育高质量发展", 1, "县域普通高中“徐特立项目”建设", "", "启动县域普通高中建设",
         "所", "目标待定", "", "另行发文确定", "", "市教育局", "", ""],
        [2025, "邵阳市", "省定", 2, "促进高质量充分就业", 1, "促进高质量充分就业", "", "城镇新增就业", "人", "累计数量",
         45000, "", "", "市人力资源和社会保障局", "", ""],
        [2025, "邵阳市", "省定", 3, "提高困难群体救助标准", 1, "提高城乡低保标准", "", "城市低保标准", "元/月", "标准值",
         650, "不低于650元/月", "", "市民政局", "", ""],
        [2025, "邵阳市", "市定", 1, "人民医院东扩工程", 1, "人民医院东扩工程", "", "主体工程完工", "%", "按期完成", "",
         "2025年全面完成", "2025-12-31", "市卫生健康委员会", "市发展和改革委员会、市财政局", ""],
    ]  # fmt: skip

    def check_headers(self, got: list[str], preview: Preview) -> bool:
        """The template's headers; a workbook made from an older template may stop before (or within) the later
        columns."""
        base = len(self.columns) - self.LATER
        later = [c.header for c in self.columns[base:]]
        tail = list(got[base:])
        while tail and tail[-1] == "":
            tail.pop()
        # stopping before any of them, or after some (a template from before 上级计划指标 was added)
        if len(got) >= base and tail == later[: len(tail)]:
            got = got[:base] + later
        return super().check_headers(got, preview)

    @staticmethod
    def _plan(raw, preview: Preview, row: int) -> list[float] | None:
        """12 non-decreasing cumulative percentages, or None when the cell is empty."""
        t = cell_text(raw)
        if t == "":
            return None
        parts = [p for p in SEPARATORS.split(t.replace("%", "").replace("％", "")) if p]
        try:
            values = [float(Decimal(p)) for p in parts]
        except ArithmeticError:
            values = []
        if (
            len(values) != 12
            or any(v < 0 or v > 100 for v in values)
            or any(b < a for a, b in zip(values, values[1:], strict=False))
        ):
            preview.error(row, "月度计划（累计%）", ERR_PLAN.format(n=len(parts)))
            return None
        return [int(v) if v.is_integer() else v for v in values]

    @staticmethod
    def _uppers(records: list[dict], preview: Preview, index: OrgIndex, year: int, org: Organisation) -> None:
        """Resolve each row's 上级计划指标 to an indicator of an upper unit's programme of the same year
        (rec["upper_id"]); refusals by row and column. A few queries per upper programme named."""
        programmes: dict[int, tuple[Programme | None, dict[str, Indicator]]] = {}
        tops: dict[int, tuple[int, str]] = {}
        for rec in records:
            value = rec["upper"]
            if not value:
                continue
            r = rec["row"]
            parts = re.split(r"[:：]", value, maxsplit=1)
            name, code = (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else ("", "")
            if not name or not code:
                preview.error(r, UPPER_COLUMN, ERR_UPPER_FORMAT.format(value=value[:40]))
                continue
            up_org, msg = index.find(name, kinds=REGION_KINDS)
            if up_org is None:
                preview.error(r, UPPER_COLUMN, msg)
                continue
            if up_org.pk == org.pk or not (up_org.path and org.path.startswith(up_org.path)):
                preview.error(r, UPPER_COLUMN, ERR_UPPER_NOT_ABOVE.format(upper=up_org.name, own=org.name))
                continue
            if up_org.pk not in programmes:
                up_prog = (
                    Programme.objects.filter(year=year, organisation=up_org).select_related("organisation").first()
                )
                programmes[up_org.pk] = (up_prog, _existing_codes(up_prog))
            up_prog, codes = programmes[up_org.pk]
            if up_prog is None:
                preview.error(r, UPPER_COLUMN, ERR_UPPER_NO_PROGRAMME.format(org=up_org.name, year=year))
                continue
            upper = codes.get(code)
            if upper is None:
                hint = wb.closest_hint(code, codes)
                preview.error(
                    r, UPPER_COLUMN, ERR_UPPER_UNKNOWN.format(code=code[:30], programme=up_prog, hint=hint).strip()
                )
                continue
            chain = Indicator.objects.filter(pk=upper.pk).values_list("upper_id", "upper__upper_id").first()
            if chain[1]:
                preview.error(r, UPPER_COLUMN, ERR_UPPER_DEPTH)
                continue
            top = chain[0] or upper.pk
            if top in tops:
                first, shown = tops[top]
                preview.error(r, UPPER_COLUMN, ERR_UPPER_TWICE.format(first=first, value=shown))
                continue
            tops[top] = (r, value)
            rec["upper_id"] = upper.pk

    def template_rows(self, *, programme: Programme | None = None, **_) -> list[list[Any]]:
        """An existing programme as rows to edit and import again (empty for a blank template)."""
        if programme is None:
            return []
        rows = []
        existing = _existing_codes(programme)
        codes = {ind.pk: code for code, ind in existing.items()}
        for code, ind in existing.items():
            m, p = ind.project.matter, ind.project
            rows.append([
                programme.year, programme.organisation.name, m.get_level_display(), m.seq, m.name, p.seq, p.name,
                code, ind.name, ind.unit, ind.get_kind_display(), float(ind.target) if ind.target is not None else None,
                ind.target_text, ind.due_date, ind.lead_unit.name if ind.lead_unit else "",
                "、".join(u.name for u in ind.responsible_units.all()), ind.note, _plan_text(ind.monthly_plan),
                p.get_domain_display(), _tracked_code(ind, codes), _count_text(ind), m.description, p.description,
                _upper_text(ind),
            ])  # fmt: skip
        return rows

    def parse(self, rows, preview: Preview) -> None:
        index = OrgIndex()
        year, org = _programme_of(rows, preview, index)
        programme = Programme.objects.filter(year=year, organisation=org).first() if year and org else None
        within = org.pk if org else None
        matters: dict[tuple, tuple[int, str]] = {}
        projects: dict[tuple, tuple[int, str]] = {}
        per_project: dict[tuple, int] = defaultdict(int)
        last_lead: dict[tuple, int | None] = {}
        codes: dict[str, int] = {}
        records = []
        for r, v in rows:
            n_errors = len(preview.errors)
            level = wb.choice(v[2], preview, r, "级别", LEVEL_OPTIONS)
            mseq = wb.positive_int(v[3], preview, r, "实事序号")
            mname = wb.text(v[4], preview, r, "实事名称", required=True)
            pseq = wb.positive_int(v[5], preview, r, "项目序号")
            pname = wb.text(v[6], preview, r, "项目名称", required=True)
            code = wb.text(v[7], preview, r, "指标编码", max_len=30)
            name = wb.text(v[8], preview, r, "指标", required=True, max_len=300)
            unit = wb.text(v[9], preview, r, "单位", max_len=20)
            kind = wb.choice(v[10], preview, r, "类型", KIND_OPTIONS, default=IndicatorKind.QUANTITY)
            target = wb.number(v[11], preview, r, "年度目标")
            target_text = wb.text(v[12], preview, r, "目标说明", max_len=300)
            due = wb.a_date(v[13], preview, r, "完成时限")
            lead_name = wb.text(v[14], preview, r, "牵头单位", max_len=100)
            resp_names = [n for n in SEPARATORS.split(cell_text(v[15])) if n]
            note = wb.text(v[16], preview, r, "备注", max_len=300)
            plan = self._plan(v[17], preview, r)
            domain = wb.choice(v[18], preview, r, "领域", DOMAIN_OPTIONS) if cell_text(v[18]) else ""
            tracked = wb.text(v[19], preview, r, "统一调度指标", max_len=30)
            count = wb.choice(v[20], preview, r, "计数口径", COUNT_OPTIONS) if cell_text(v[20]) else ""
            mdesc = wb.text(v[21], preview, r, "实事主要内容", max_len=5000)
            pdesc = wb.text(v[22], preview, r, "项目建设内容", max_len=5000)
            upper = wb.text(v[23], preview, r, UPPER_COLUMN, max_len=60) if len(v) > 23 else ""
            if count == "tracked" and not tracked:
                preview.error(r, "统一调度指标", ERR_TRACKED_NEEDED)
            if kind == IndicatorKind.PERCENT and not unit:
                unit = "%"
            kind_label = IndicatorKind(kind).label if kind else ""
            if kind == IndicatorKind.QUANTITY and not unit:
                preview.error(r, "单位", ERR_NO_UNIT.format(kind=kind_label))
            if kind in NUMERIC_KINDS and target is None and cell_text(v[11]) == "":
                preview.error(r, "年度目标", ERR_TARGET_REQUIRED.format(kind=kind_label))
            if kind == IndicatorKind.DEADLINE and not (due or target_text):
                preview.error(r, "完成时限", ERR_DEADLINE)
            if kind == IndicatorKind.STANDARD and not (target_text or target is not None):
                preview.error(r, "目标说明", ERR_STANDARD)
            if level and mseq:
                first = matters.setdefault((level, mseq), (r, mname))
                if mname and first[1] != mname:
                    preview.error(
                        r,
                        "实事名称",
                        ERR_MATTER_NAME.format(seq=mseq, first=first[0], want=first[1], got=mname),
                    )
            pkey = (level, mseq, pseq)
            if level and mseq and pseq:
                first = projects.setdefault(pkey, (r, pname))
                if pname and first[1] != pname:
                    preview.error(
                        r,
                        "项目名称",
                        ERR_PROJECT_NAME.format(seq=pseq, first=first[0], want=first[1], got=pname),
                    )
            per_project[pkey] += 1
            if not code and level and mseq and pseq:
                code = indicator_code(level, mseq, pseq, per_project[pkey])
            if code:
                if code in codes:
                    preview.error(r, "指标编码", wb.ERR_DUPLICATE.format(value=code, first=codes[code]))
                else:
                    codes[code] = r
            lead_id = last_lead.get(pkey)
            if lead_name:
                lead, msg = index.find(lead_name, within=within)
                if lead is None:
                    preview.error(r, "牵头单位", msg)
                lead_id = lead.pk if lead else None
                last_lead[pkey] = lead_id
            resp_ids = []
            for n in resp_names:
                unit_org, msg = index.find(n, within=within)
                if unit_org is None:
                    preview.error(r, "责任单位", msg)
                else:
                    resp_ids.append(unit_org.pk)
            if len(preview.errors) == n_errors:
                records.append({
                    "row": r, "level": level, "mseq": mseq, "mname": mname, "pseq": pseq, "pname": pname,
                    "code": code, "name": name, "unit": unit, "kind": kind, "target": target,
                    "target_text": target_text, "due": due, "lead_id": lead_id, "resp_ids": resp_ids, "note": note,
                    "seq": per_project[pkey], "plan": plan, "domain": domain, "tracked": tracked,
                    "continuing": count == "continuing", "counted_as_tracked": count == "tracked",
                    "mdesc": mdesc, "pdesc": pdesc, "upper": upper,
                })  # fmt: skip
        for rec in records:
            if rec["tracked"] == rec["code"]:
                preview.error(rec["row"], "统一调度指标", ERR_TRACKED_SELF)
            elif rec["tracked"] and rec["tracked"] not in codes:
                hint = wb.closest_hint(rec["tracked"], codes)
                preview.error(
                    rec["row"],
                    "统一调度指标",
                    ERR_TRACKED_UNKNOWN.format(code=rec["tracked"][:30], hint=hint).strip(),
                )
        if org is not None and year:
            self._uppers(records, preview, index, year, org)
        if preview.errors:
            return
        _project_texts(records)
        existing = _existing_codes(programme)
        codes_of = {ind.pk: code for code, ind in existing.items()}
        by_name = {
            (i.project.matter.level, i.project.matter.name, i.project.name, i.name): i
            for i in existing.values()
        }
        names = index.by_id
        matched: set[int] = set()
        for rec in records:
            ind = existing.get(rec["code"]) or by_name.get(
                (rec["level"], rec["mname"], rec["pname"], rec["name"])
            )
            if ind is not None and ind.pk in matched:
                ind = None
            label = f"{rec['code']} {rec['name']}"
            if ind is None:
                preview.changes.append(wb.Change(wb.NEW, label, rec["row"]))
                continue
            matched.add(ind.pk)
            rec["id"] = ind.pk
            m, p = ind.project.matter, ind.project

            def unit_name(pk):
                return names[pk].name if pk in names else ""

            diff = wb.diff_fields([
                ("级别", m.get_level_display(), Level(rec["level"]).label),
                ("实事", f"{m.seq} {m.name}", f"{rec['mseq']} {rec['mname']}"),
                ("项目", f"{p.seq} {p.name}", f"{rec['pseq']} {rec['pname']}"),
                ("指标编码", ind.code or indicator_code(m.level, m.seq, p.seq, ind.seq), rec["code"]),
                ("指标", ind.name, rec["name"]),
                ("单位", ind.unit, rec["unit"]),
                ("类型", ind.get_kind_display(), IndicatorKind(rec["kind"]).label),
                ("年度目标", ind.target, rec["target"]),
                ("目标说明", ind.target_text, rec["target_text"]),
                ("完成时限", ind.due_date, rec["due"]),
                ("牵头单位", unit_name(ind.lead_unit_id), unit_name(rec["lead_id"])),
                ("责任单位", sorted(u.name for u in ind.responsible_units.all()),
                 sorted(unit_name(pk) for pk in rec["resp_ids"])),
                ("备注", ind.note, rec["note"]),
                ("月度计划", _plan_text(ind.monthly_plan), _plan_text(rec["plan"])),
                ("领域", p.get_domain_display(), Domain(rec["domain"]).label if rec["domain"] else ""),
                ("统一调度指标", _tracked_code(ind, codes_of), rec["tracked"]),
                ("计数口径", _count_text(ind), _count_text(rec)),
                ("实事主要内容", m.description, rec["mdesc"]),
                ("项目建设内容", p.description, rec["pdesc"]),
                (UPPER_COLUMN, _upper_text(ind), rec["upper"]),
            ])  # fmt: skip
            if rec.get("upper_id") and rec["upper_id"] != ind.upper_id:
                refusal = upper_refusal(ind, rec["upper_id"])
                if refusal:
                    preview.error(rec["row"], UPPER_COLUMN, refusal)
            preview.changes.append(wb.Change(wb.CHANGED if diff else wb.UNCHANGED, label, rec["row"], diff))
        if preview.errors:
            return
        gone = [i for i in existing.values() if i.pk not in matched]
        keep = _with_figures(i.pk for i in gone)
        for code, ind in existing.items():
            if ind.pk not in matched:
                preview.changes.append(
                    wb.Change(wb.KEPT if ind.pk in keep else wb.REMOVED, f"{code} {ind.name}")
                )
        preview.plan = {
            "year": year, "organisation_id": org.pk, "records": records,
            "remove": [i.pk for i in gone if i.pk not in keep],
        }  # fmt: skip

    def commit(self, preview: Preview, *, actor) -> Result:
        plan = preview.plan
        org = Organisation.objects.get(pk=plan["organisation_id"])
        office = org.children.filter(kind=Organisation.Kind.OFFICE).first()
        programme, _ = Programme.objects.get_or_create(
            year=plan["year"], organisation=org, defaults={"name": PROGRAMME_NAME, "office": office}
        )
        Indicator.objects.filter(pk__in=plan["remove"]).delete()
        matters = {(m.level, m.seq): m for m in Matter.objects.filter(programme=programme)}
        projects = {(p.matter_id, p.seq): p for p in Project.objects.filter(matter__programme=programme)}
        current = {
            i.pk: i for i in Indicator.objects.filter(pk__in=[r["id"] for r in plan["records"] if "id" in r])
        }
        saved: dict[str, Indicator] = {}
        for rec in plan["records"]:
            matter = matters.get((rec["level"], rec["mseq"]))
            if matter is None:
                matter = Matter(
                    programme=programme,
                    level=rec["level"],
                    seq=rec["mseq"],
                    name=rec["mname"],
                    lead_unit_id=rec["lead_id"],
                    domain=rec["mdomain"],
                    description=rec["mdesc"],
                )
                matter.full_clean()
                matter.save()
                matters[(rec["level"], rec["mseq"])] = matter
            elif (matter.name, matter.description) != (rec["mname"], rec["mdesc"]) or (
                rec["mdomain"] and matter.domain != rec["mdomain"]
            ):
                matter.name, matter.description = rec["mname"], rec["mdesc"]
                matter.domain = rec["mdomain"] or matter.domain
                matter.save(update_fields=["name", "description", "domain"])
            matter.responsible_units.add(*rec["resp_ids"])
            project = projects.get((matter.pk, rec["pseq"]))
            if project is None:
                project = Project(
                    matter=matter,
                    seq=rec["pseq"],
                    name=rec["pname"],
                    lead_unit_id=rec["lead_id"],
                    domain=rec["domain"],
                    description=rec["pdesc"],
                )
                project.save()
                projects[(matter.pk, rec["pseq"])] = project
            elif (project.name, project.domain, project.description) != (
                rec["pname"],
                rec["domain"],
                rec["pdesc"],
            ) or (project.lead_unit_id is None and rec["lead_id"]):
                project.name, project.domain, project.description = rec["pname"], rec["domain"], rec["pdesc"]
                project.lead_unit_id = project.lead_unit_id or rec["lead_id"]
                project.save(update_fields=["name", "domain", "description", "lead_unit"])
            ind = current.get(rec.get("id")) or Indicator()
            ind.project = project
            ind.seq, ind.code, ind.name, ind.unit, ind.kind = (
                rec["seq"],
                rec["code"],
                rec["name"],
                rec["unit"],
                rec["kind"],
            )
            ind.target, ind.target_text, ind.due_date = rec["target"], rec["target_text"], rec["due"]
            ind.lead_unit_id, ind.note, ind.monthly_plan = rec["lead_id"], rec["note"], rec["plan"]
            ind.is_continuing, ind.counted_as_tracked = rec["continuing"], rec["counted_as_tracked"]
            # an adopted item waiting for its target is defined once its row gives a number or a written target
            ind.needs_definition = ind.needs_definition and rec["target"] is None and not rec["target_text"]
            ind.full_clean(exclude=["tracked_by"])
            ind.save()
            ind.responsible_units.set(rec["resp_ids"])
            project.responsible_units.add(*rec["resp_ids"])
            saved[rec["code"]] = ind
        for rec in plan["records"]:  # the indicators it points at may come later in the sheet
            ind = saved[rec["code"]]
            tracked_id = saved[rec["tracked"]].pk if rec["tracked"] else None
            if ind.tracked_by_id != tracked_id:
                ind.tracked_by_id = tracked_id
                ind.save(update_fields=["tracked_by"])
            upper_id = rec.get("upper_id")
            if ind.upper_id != upper_id:
                ind.upper_id = upper_id
                ind.save(update_fields=["upper"])
        counts = preview.counts
        return Result(
            f"已导入 {programme}：新增 {counts[wb.NEW]} 个指标，修改 {counts[wb.CHANGED]} 个，"
            f"不变 {counts[wb.UNCHANGED]} 个，删除 {counts[wb.REMOVED]} 个"
            + (f"，另有 {counts[wb.KEPT]} 个已有填报数据的指标保留" if counts[wb.KEPT] else "")
            + "。",
            counts,
        )


class TargetsKind(wb.WorkbookKind):
    key = "targets"
    title = "任务分解表"
    order = 40
    fixed = ["年度", "实施主体", "指标编码", "指标", "单位", "合计"]
    columns = [
        Column("年度", "与“年度实事计划”相同", True, 8),
        Column("实施主体", "与“年度实事计划”相同", True, 10),
        Column("指标编码", "“年度实事计划”中的指标编码（如“省1-2-1”）", True, 10),
        Column("指标", "仅供对照，导入时以指标编码为准", False, 30),
        Column("单位", "仅供核对：须与计划中该指标的单位一致", False, 8),
        Column("合计", "选填；填写时须等于各县市区之和，否则整表不予导入", False, 10),
        Column("（各县市区）", "第 G 列起每列一个县市区，列标题为县市区名称；单元格填该县市区的目标任务，"
               "不承担的留空", False, 10),
    ]  # fmt: skip
    instructions = [
        "一行一个指标，一列一个县市区。从平台下载的模板已按年度计划列好指标和县市区。",
        "“标准值”“按期完成”“目标待定”类指标可填文字（如“不低于650元/月”），其余须填数字。",
        "再次导入会更新已有的分解任务；清空的单元格即删除该县市区的任务（已有月度填报数据的保留；目标待定的任务保持不变）；"
        "表中未列出的指标不受影响。",
    ]
    examples = [
        [2025, "邵阳市", "省2-1-1", "城镇新增就业", "人", 9000, 3000, 6000],
        [2025, "邵阳市", "省3-1-1", "城市低保标准", "元/月", "", "不低于650元/月", "不低于650元/月"],
    ]

    def template_headers(
        self, *, programme: Programme | None = None, example: bool = False, **_
    ) -> list[str]:
        if programme is None or example:
            return [*self.fixed, "双清区", "大祥区"]
        counties = OrgIndex().counties_of(programme.organisation_id)
        return [*self.fixed, *[c.name for c in counties]]

    def template_rows(self, *, programme: Programme | None = None, **_) -> list[list[Any]]:
        if programme is None:
            return []
        counties = OrgIndex().counties_of(programme.organisation_id)
        targets = defaultdict(dict)
        for t in IndicatorTarget.objects.filter(indicator__project__matter__programme=programme).order_by():
            targets[t.indicator_id][t.county_id] = float(t.target) if t.target is not None else t.target_text
        rows = []
        for code, ind in _existing_codes(programme).items():
            cells = [targets[ind.pk].get(c.pk) for c in counties]
            rows.append([programme.year, programme.organisation.name, code, ind.name, ind.unit, None, *cells])
        return rows

    def check_headers(self, got: list[str], preview: Preview) -> bool:
        ok = True
        for i, want in enumerate(self.fixed):
            have = got[i] if i < len(got) else ""
            letter = wb.get_column_letter(i + 1) + " 列"
            if have != want:
                msg = (
                    wb.ERR_HEADER.format(expected=want, got=have[:30])
                    if have
                    else wb.ERR_HEADER_MISSING.format(expected=want)
                )
                preview.errors.append(wb.CellError(1, letter, msg))
                ok = False
        if ok and len(got) <= len(self.fixed):
            preview.errors.append(wb.CellError(1, "G 列", ERR_NO_COUNTY_COLUMNS))
            ok = False
        preview.headers = got
        return ok

    def parse(self, rows, preview: Preview) -> None:
        index = OrgIndex()
        year, org = _programme_of(rows, preview, index)
        if preview.errors:
            return
        programme = (
            Programme.objects.filter(year=year, organisation=org).select_related("organisation").first()
        )
        if programme is None:
            preview.error(rows[0][0], "实施主体", ERR_NO_PROGRAMME.format(org=org.name, year=year))
            return
        counties = index.counties_of(org.pk)
        county_by_name = {}
        for c in counties:
            county_by_name.setdefault(c.name, c)
            if c.short_name:
                county_by_name.setdefault(c.short_name, c)
        columns: list[tuple[int, Organisation]] = []
        seen_cols: dict[int, str] = {}
        n = len(self.fixed)
        for i, header in enumerate(preview.headers[n:], start=n):
            letter = f"{wb.get_column_letter(i + 1)} 列"
            if header == "":
                continue
            county = county_by_name.get(header)
            if county is None:
                hint = wb.closest_hint(header, [c.name for c in counties])
                preview.errors.append(
                    wb.CellError(
                        1,
                        letter,
                        ERR_COUNTY_NOT_IN_CITY.format(name=header[:30], org=org.name, hint=hint).strip(),
                    )
                )
                continue
            if county.pk in seen_cols:
                preview.errors.append(
                    wb.CellError(
                        1, letter, ERR_DUPLICATE_COUNTY.format(name=header, first=seen_cols[county.pk])
                    )
                )
                continue
            seen_cols[county.pk] = letter
            columns.append((i, county))
        if preview.errors:
            return
        indicators = _existing_codes(programme)
        by_name: dict[str, list[Indicator]] = defaultdict(list)
        for ind in indicators.values():
            by_name[ind.name].append(ind)
        existing = {
            (t["indicator_id"], t["county_id"]): t
            for t in IndicatorTarget.objects.filter(indicator__project__matter__programme=programme)
            .order_by()
            .values("pk", "indicator_id", "county_id", "target", "target_text")
        }
        with_figures = set(
            IndicatorTarget.objects.filter(
                indicator__project__matter__programme=programme, figures__isnull=False
            )
            .order_by()
            .values_list("pk", flat=True)
            .distinct()
        )
        elsewhere = _family_rows_elsewhere(programme)
        seen_rows: dict[int, int] = {}
        create, update, delete = [], [], []
        for r, v in rows:
            code = cell_text(v[2])
            ind = indicators.get(code)
            if ind is None and code == "" and len(by_name.get(cell_text(v[3]), [])) == 1:
                ind = by_name[cell_text(v[3])][0]
            if ind is None:
                if code == "":
                    preview.error(r, "指标编码", wb.ERR_REQUIRED)
                else:
                    hint = wb.closest_hint(code, indicators)
                    preview.error(
                        r,
                        "指标编码",
                        ERR_UNKNOWN_INDICATOR.format(code=code[:30], programme=programme, hint=hint).strip(),
                    )
                continue
            code = code or next(k for k, i in indicators.items() if i.pk == ind.pk)
            if ind.pk in seen_rows:
                preview.error(r, "指标编码", ERR_SAME_ROW.format(code=code, first=seen_rows[ind.pk]))
                continue
            seen_rows[ind.pk] = r
            unit = cell_text(v[4])
            if unit and unit != ind.unit:
                preview.error(r, "单位", ERR_UNIT_MISMATCH.format(got=unit[:20], want=ind.unit or "（空）"))
            numeric = ind.kind in NUMERIC_KINDS
            n_errors = len(preview.errors)
            total = wb.number(v[5], preview, r, "合计")
            parts: dict[int, tuple[Decimal | None, str]] = {}
            for i, county in columns:
                raw = v[i]
                if raw is None or cell_text(raw) == "":
                    continue
                header = preview.headers[i]
                if not numeric and not isinstance(raw, int | float):
                    t = cell_text(raw)
                    try:
                        parts[county.pk] = (
                            (Decimal(t), "")
                            if Decimal(t).is_finite() and Decimal(t) >= 0
                            else (None, t[:200])
                        )
                    except ArithmeticError:
                        parts[county.pk] = (None, t[:200])
                    continue
                if numeric and isinstance(raw, str) and not re.fullmatch(r"\s*[0-9０-９.．]+\s*", raw):
                    preview.error(
                        r,
                        header,
                        ERR_TARGET_TEXT.format(value=cell_text(raw)[:30], kind=ind.get_kind_display()),
                    )
                    continue
                value = wb.number(raw, preview, r, header)
                if value is not None:
                    parts[county.pk] = (value, "")
            for i, county in columns:
                if county.pk in parts and (ind.pk, county.pk) not in existing:
                    other = elsewhere.get((ind.pk, county.pk))
                    if other is not None:  # the county reports this work in another level's programme
                        preview.error(r, preview.headers[i], family_clash_message(other))
            if len(preview.errors) > n_errors:
                continue
            numbers = [p[0] for p in parts.values() if p[0] is not None]
            total_sum = sum(numbers, Decimal(0))
            if total is not None and numbers and total != total_sum:
                preview.error(
                    r,
                    "合计",
                    ERR_TOTAL.format(
                        total=wb.show(total), sum=wb.show(total_sum), diff=wb.show(abs(total - total_sum))
                    ),
                )
                continue
            if total is None and numbers and ind.target is not None and ind.target != total_sum:
                preview.warn(
                    r,
                    "合计",
                    WARN_TARGET_SUM.format(
                        sum=wb.show(total_sum),
                        target=wb.show(ind.target),
                        diff=wb.show(abs(ind.target - total_sum)),
                    ),
                )
            diff = []
            for _i, county in columns:
                old = existing.get((ind.pk, county.pk))
                new = parts.get(county.pk)
                if old is None and new is None:
                    continue
                if old is None:
                    create.append((ind.pk, county.pk, new[0], new[1]))
                    diff.append((county.name, "（空）", wb.show(new[0] if new[0] is not None else new[1])))
                elif new is None and old["target"] is None and not old["target_text"]:
                    continue  # an assignment with its target still to be set: exported and read back blank
                elif new is None:
                    if old["pk"] in with_figures:
                        diff.append(
                            (f"{county.name}（已有填报数据，保留）", wb.show(old["target"]), "（空）")
                        )
                    else:
                        delete.append(old["pk"])
                        diff.append((county.name, wb.show(old["target"] or old["target_text"]), "（删除）"))
                elif not (wb.same(old["target"], new[0]) and (old["target_text"] or "") == new[1]):
                    update.append((old["pk"], new[0], new[1]))
                    diff.append(
                        (
                            county.name,
                            wb.show(old["target"] if old["target"] is not None else old["target_text"]),
                            wb.show(new[0] if new[0] is not None else new[1]),
                        )
                    )
            had = any((ind.pk, c.pk) in existing for _i, c in columns)
            action = wb.UNCHANGED if not diff else (wb.CHANGED if had else wb.NEW)
            preview.changes.append(wb.Change(action, f"{code} {ind.name}", r, diff))
        preview.plan = {"programme_id": programme.pk, "create": create, "update": update, "delete": delete}

    def commit(self, preview: Preview, *, actor) -> Result:
        plan = preview.plan
        IndicatorTarget.objects.filter(pk__in=plan["delete"]).delete()
        if plan["create"]:
            bulk_create_with_history(
                [
                    IndicatorTarget(indicator_id=i, county_id=c, target=t, target_text=x)
                    for i, c, t, x in plan["create"]
                ],
                IndicatorTarget,
                batch_size=2000,
                default_user=actor,
                default_change_reason="任务分解表导入",
            )
        if plan["update"]:
            objs = IndicatorTarget.objects.in_bulk([pk for pk, _t, _x in plan["update"]])
            for pk, t, x in plan["update"]:
                objs[pk].target, objs[pk].target_text = t, x
            fields = ["target", "target_text"]
            if connection.vendor == "postgresql":
                _update_targets_pg(plan["update"])
                fields = []  # rows written above; the library writes their history rows only
            bulk_update_with_history(
                list(objs.values()),
                IndicatorTarget,
                fields,
                batch_size=1000,
                default_user=actor,
                default_change_reason="任务分解表导入",
            )
        programme = Programme.objects.select_related("organisation").get(pk=plan["programme_id"])
        return Result(
            f"已导入 {programme} 的任务分解表：新增 {len(plan['create'])} 项，修改 {len(plan['update'])} 项，"
            f"删除 {len(plan['delete'])} 项。",
            preview.counts,
        )


def _update_targets_pg(rows: list[tuple[int, Decimal | None, str]]) -> None:
    """UPDATE … FROM (VALUES …) in chunks: Django's bulk_update builds a CASE per row and spends seconds in
    Python for a 7,320-row 任务分解表. Identifiers come from the model's meta; every value is a parameter."""
    qn = connection.ops.quote_name
    table = qn(IndicatorTarget._meta.db_table)
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 2000):
            chunk = rows[i : i + 2000]
            values = ", ".join(["(%s, %s::numeric, %s)"] * len(chunk))
            sql = (
                f"UPDATE {table} AS t SET {qn('target')} = v.target, {qn('target_text')} = v.target_text "  # noqa: S608
                f"FROM (VALUES {values}) AS v(id, target, target_text) WHERE t.{qn('id')} = v.id"
            )
            cursor.execute(sql, [x for pk, t, text in chunk for x in (pk, t, text)])


def register() -> None:
    """Called from ProjectsConfig.ready()."""
    wb.register_kind(ProgrammeKind())
    wb.register_kind(TargetsKind())
