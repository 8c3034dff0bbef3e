"""The 任务分解表 workbook: each indicator's target decomposed to the counties (indicator × county)."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from minsheng.accounts.lookup import OrgIndex
from minsheng.accounts.models import Organisation
from minsheng.common import workbook as wb
from minsheng.common.excel import cell_text
from minsheng.common.workbook import Column, Preview, Result

from ..models import (
    Indicator,
    IndicatorTarget,
    Programme,
    family_clash_message,
)
from .base import (
    ERR_COUNTY_NOT_IN_CITY,
    ERR_DUPLICATE_COUNTY,
    ERR_NO_COUNTY_COLUMNS,
    ERR_NO_PROGRAMME,
    ERR_SAME_ROW,
    ERR_TARGET_TEXT,
    ERR_TOTAL,
    ERR_UNIT_MISMATCH,
    ERR_UNKNOWN_INDICATOR,
    NUMERIC_KINDS,
    WARN_TARGET_SUM,
    _existing_codes,
    _family_rows_elsewhere,
    _programme_of,
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
