"""The 年度实事计划 workbook: the year's 实事 → 项目 → 指标 of one government."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from minsheng.accounts.lookup import REGION_KINDS, OrgIndex
from minsheng.accounts.models import Organisation
from minsheng.common import workbook as wb
from minsheng.common.excel import cell_text
from minsheng.common.workbook import Column, Preview, Result

from ..models import (
    ERR_UPPER_DEPTH,
    ERR_UPPER_NOT_ABOVE,
    Domain,
    Indicator,
    IndicatorKind,
    Level,
    Matter,
    Programme,
    Project,
    upper_refusal,
)
from .base import (
    COUNT_CONTINUING,
    COUNT_OPTIONS,
    COUNT_TRACKED,
    DOMAIN_OPTIONS,
    ERR_DEADLINE,
    ERR_MATTER_NAME,
    ERR_NO_UNIT,
    ERR_PLAN,
    ERR_PROJECT_NAME,
    ERR_STANDARD,
    ERR_TARGET_REQUIRED,
    ERR_TRACKED_NEEDED,
    ERR_TRACKED_SELF,
    ERR_TRACKED_UNKNOWN,
    ERR_UPPER_FORMAT,
    ERR_UPPER_NO_PROGRAMME,
    ERR_UPPER_TWICE,
    ERR_UPPER_UNKNOWN,
    KIND_OPTIONS,
    LEVEL_OPTIONS,
    NUMERIC_KINDS,
    PROGRAMME_NAME,
    SEPARATORS,
    UPPER_COLUMN,
    _count_text,
    _existing_codes,
    _plan_text,
    _programme_of,
    _project_texts,
    _tracked_code,
    _upper_text,
    _with_figures,
    indicator_code,
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
                    Programme.objects.filter(year=year, organisation=up_org)
                    .select_related("organisation")
                    .first()
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
                    r,
                    UPPER_COLUMN,
                    ERR_UPPER_UNKNOWN.format(code=code[:30], programme=up_prog, hint=hint).strip(),
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
