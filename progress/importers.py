"""The spreadsheet path: a county's pre-filled month sheet, and its upload (preview, then all-or-nothing commit)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_update_with_history

from minsheng.common.excel import append_text_row, cell_text, xlsx_open
from minsheng.common.params import is_id
from projects.models import IndicatorTarget

from .models import EDITABLE_STATES, Figure, FigureState, FigureTransition, ReportingPeriod
from .plausibility import ERR_WHOLE, WARN_OVER_3X, WHOLE_UNITS, plausibility_warnings  # noqa: F401
from .stamps import rollup_stamp_renew

HEADERS = [
    "任务编号",
    "级别",
    "项目名称",
    "指标",
    "单位",
    "年度目标",
    "上月核定值",
    "累计完成",
    "形象进度（%）",
    "计划投资（万元）",
    "完成投资（万元）",
    "进展情况",
    "低于上月核定值的原因",
    "当前状态",
]
COL = {h: i for i, h in enumerate(HEADERS)}
LETTERS = "ABCDEFGHIJKLMN"
EDITABLE_COLUMNS = [
    "累计完成",
    "形象进度（%）",
    "计划投资（万元）",
    "完成投资（万元）",
    "进展情况",
    "低于上月核定值的原因",
]

ERR_HEADER = "第 2 行的列标题与模板不一致，请使用本平台下载的模板。"
ERR_UNKNOWN_TASK = "任务编号“{value}”不属于本表的县市区和月份。"
ERR_DUPLICATE = "任务编号“{value}”在表中重复出现（首次出现在第 {first} 行）。"
ERR_NOT_NUMBER = "“{value}”不是数字。"
ERR_NUMBER_HINT = "“{value}”不是数字：请只填数字，不要带逗号、%或“约”。"
ERR_TOO_LONG = "数字“{value}”过长：整数部分最多 12 位，小数最多 4 位。"
ERR_PERCENT_COLUMN = "该指标按形象进度（%）填报，请把数值填在 I 列（形象进度（%）），H 列留空。"
ERR_NEGATIVE = "不能为负数。"
ERR_PERCENT = "形象进度须在 0 到 100 之间。"
ERR_FALL = "累计完成低于上月核定值（{previous}），请在 M 列填写原因。"
ERR_LOCKED = "该任务本月{state}，数值不能再修改（表中数值与已报送的不一致）；如需修改请联系专班办公室退回。"
ERR_EMPTY_FILE = "表中没有可导入的数据行。"
ERR_NOTHING_CHANGED = "表中各行与已报送的数据一致，没有需要导入的修改。"
ERR_PERIOD_CLOSED = "该月份已截止，不能再导入。"
PERCENT_KINDS = ("percent", "deadline")
MAX_WHOLE_DIGITS, MAX_DECIMALS = 12, 4  # Figure's DecimalField(max_digits=16, decimal_places=4)
NUMBER_NOISE = re.compile(r"[,，%％约余多左右]|[0-9][eE][+-]?[0-9]")
FIELDS = [
    "value",
    "progress_percent",
    "planned_investment",
    "completed_investment",
    "narrative",
    "fall_reason",
]
FIELD_LABELS = {
    "value": "累计完成",
    "progress_percent": "形象进度（%）",
    "planned_investment": "计划投资（万元）",
    "completed_investment": "完成投资（万元）",
    "narrative": "进展情况",
    "fall_reason": "低于上月核定值的原因",
}


@dataclass
class CellError:
    row: int
    column: str  # letter + header, e.g. "H 列（累计完成）"
    message: str


@dataclass
class ParsedSheet:
    rows: list[dict] = field(default_factory=list)  # cleaned rows ready to commit
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)  # per row: task, indicator, [(label, old, new)]
    unchanged: int = 0  # rows of submitted/verified/locked figures uploaded back as they are

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _targets_qs(period: ReportingPeriod, county=None):
    qs = IndicatorTarget.objects.filter(indicator__project__matter__programme_id=period.programme_id)
    if county is not None:
        qs = qs.filter(county=county)
    return qs


def _previous_verified(period: ReportingPeriod, county=None) -> dict[int, Decimal]:
    if period.month == 1:
        return {}
    qs = Figure.objects.filter(period__programme_id=period.programme_id, period__month=period.month - 1)
    if county is not None:
        qs = qs.filter(target__county=county)
    return dict(qs.exclude(verified_value=None).order_by().values_list("target_id", "verified_value"))


def sheet_build(*, period: ReportingPeriod, county) -> bytes:
    """The county's month as xlsx: its indicators, units, targets and last month's verified values."""
    targets = list(
        _targets_qs(period, county)
        .select_related("indicator__project__matter")
        .order_by(
            "indicator__project__matter__level_order",  # 省定 before 市定, as in the 通报
            "indicator__project__matter__seq",
            "indicator__project__seq",
            "indicator__seq",
        )
    )
    previous = _previous_verified(period, county)
    current = {f.target_id: f for f in Figure.objects.filter(period=period, target__county=county)}
    wb = Workbook()
    ws = wb.active
    ws.title = f"{period.month}月"
    append_text_row(ws, [f"{county.name} {period.label}民生实事进度填报表（灰色列请勿修改）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(HEADERS)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for cell in ws[2]:
        cell.font = Font(bold=True)
    percent_rows = []
    for t in targets:
        ind, f = t.indicator, current.get(t.pk)
        percent = ind.kind in PERCENT_KINDS
        # A percent indicator has one column: I (形象进度（%）); H stays grey and empty.
        value = float(f.value) if f and f.value is not None else None
        pct = float(f.progress_percent) if f and f.progress_percent is not None else None
        append_text_row(
            ws,
            [
                t.pk,
                ind.project.matter.get_level_display(),
                ind.project.name,
                ind.name,
                ind.unit,
                float(t.target) if t.target is not None else t.target_text,
                float(previous[t.pk]) if t.pk in previous else None,
                None if percent else value,
                value if percent else pct,
                float(f.planned_investment) if f and f.planned_investment is not None else None,
                float(f.completed_investment) if f and f.completed_investment is not None else None,
                f.narrative if f else None,
                f.fall_reason if f else None,
                f.get_state_display() if f else "未填报",
            ],
        )
        if percent:
            percent_rows.append(ws.max_row)
    unlocked = Protection(locked=False)
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            editable = HEADERS[cell.column - 1] in EDITABLE_COLUMNS and not (
                cell.row in percent_rows and HEADERS[cell.column - 1] == "累计完成"
            )
            if editable:
                cell.protection = unlocked
            else:
                cell.fill = grey
    # Grey columns are protected (no password: it guards against slips, not people); the header stays in view
    # and the sheet prints landscape, one page wide, with the header on every page.
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False  # widths and heights may still be changed
    ws.protection.autoFilter = ws.protection.sort = False
    ws.freeze_panes = "C3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    dv = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        error="请填写不小于 0 的数字",
    )
    ws.add_data_validation(dv)
    if targets:
        dv.add(f"H3:K{len(targets) + 2}")
    for letter, width in zip(LETTERS, [9, 7, 28, 30, 7, 10, 11, 11, 11, 12, 12, 40, 24, 9], strict=True):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _number(raw, errors, row, col, *, percent_format: bool = False, unit: str = "") -> Decimal | None:
    """A number cell as people fill it: a number, or text holding only a number. Commas, %, 约 and 1e5 get a
    hint; a cell formatted as percent (0.98 shown as 98%) reads as 98; whole-thing units refuse decimals."""
    text = cell_text(raw)
    if text == "":
        return None
    if isinstance(raw, bool):
        errors.append(CellError(row, _colname(col), ERR_NOT_NUMBER.format(value=text[:30])))
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = Decimal(repr(float(raw))) if isinstance(raw, float) else Decimal(raw)
        if percent_format:
            value *= 100
        # Excel stores binary floats (0.1 + 0.2 = 0.30000000000000004): keep what the cell shows
        if value.is_finite():
            value = value.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_UP).normalize()
    else:
        stripped = text.strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
        try:
            value = Decimal(stripped)
            if "e" in stripped.lower() or not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            hint = ERR_NUMBER_HINT if NUMBER_NOISE.search(stripped) else ERR_NOT_NUMBER
            errors.append(CellError(row, _colname(col), hint.format(value=text[:30])))
            return None
    if not value.is_finite():
        errors.append(CellError(row, _colname(col), ERR_NOT_NUMBER.format(value=text[:30])))
        return None
    sign, digits, exp = value.as_tuple()
    whole = len(digits) + exp
    if whole > MAX_WHOLE_DIGITS or (exp < 0 and -exp > MAX_DECIMALS):
        errors.append(CellError(row, _colname(col), ERR_TOO_LONG.format(value=text[:30])))
        return None
    if value < 0:
        errors.append(CellError(row, _colname(col), ERR_NEGATIVE))
    elif unit in WHOLE_UNITS and value != value.to_integral_value():
        errors.append(
            CellError(row, _colname(col), ERR_WHOLE.format(unit=unit, value=f"{value.normalize():f}"))
        )
    return value


def _colname(header: str) -> str:
    return f"{LETTERS[COL[header]]} 列（{header}）"


def _show(v) -> str:
    if v is None or v == "":
        return "（空）"
    if isinstance(v, Decimal):
        return f"{v.normalize():f}"
    return str(v)


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return (a is None and b is None) or (a is not None and b is not None and Decimal(a) == Decimal(b))
    return (a or "") == (b or "")


def sheet_parse(*, uploaded, period: ReportingPeriod, county=None) -> ParsedSheet:
    """Read and validate every row; nothing is written. Errors and warnings name row and column.

    A row of a figure already submitted, verified or locked is accepted when it is uploaded back unchanged
    (a freshly downloaded sheet, partly filled) and refused only when someone changed it.
    """
    result = ParsedSheet()
    wb = xlsx_open(uploaded)
    ws = wb.worksheets[0]
    # .order_by() everywhere: the models' default orderings join and sort several tables
    targets = {
        pk: (target, kind, unit or "", name)
        for pk, target, kind, unit, name in _targets_qs(period, county)
        .order_by()
        .values_list("pk", "target", "indicator__kind", "indicator__unit", "indicator__name")
    }
    previous = _previous_verified(period, county)
    current = {
        f["target_id"]: f
        for f in Figure.objects.filter(
            period=period, target_id__in=_targets_qs(period, county).order_by().values("pk")
        )
        .order_by()
        .values("target_id", "state", *FIELDS)
    }
    seen: dict[int, int] = {}
    for r, cells in enumerate(ws.iter_rows(), start=1):
        row = tuple(c.value for c in cells)
        formats = tuple(getattr(c, "number_format", "") or "" for c in cells)
        if r == 1:
            continue
        if r == 2:
            if [cell_text(v) for v in row[: len(HEADERS)]] != HEADERS:
                result.errors.append(CellError(2, "全部列", ERR_HEADER))
                break
            continue
        row = row + (None,) * (len(HEADERS) - len(row))
        formats = formats + ("",) * (len(HEADERS) - len(formats))
        key = cell_text(row[0])
        if key == "" and all(cell_text(v) == "" for v in row[: len(HEADERS)]):
            continue
        if not is_id(key) or int(key) not in targets:
            result.errors.append(CellError(r, _colname("任务编号"), ERR_UNKNOWN_TASK.format(value=key[:30])))
            continue
        tid = int(key)
        if tid in seen:
            result.errors.append(
                CellError(r, _colname("任务编号"), ERR_DUPLICATE.format(value=key, first=seen[tid]))
            )
            continue
        seen[tid] = r
        target, kind, unit, ind_name = targets[tid]
        percent = kind in PERCENT_KINDS
        n_before = len(result.errors)
        vals = {
            h: _number(
                row[COL[h]],
                result.errors,
                r,
                h,
                percent_format="%" in formats[COL[h]],
                unit=unit if h == "累计完成" else "",
            )
            for h in ("累计完成", "形象进度（%）", "计划投资（万元）", "完成投资（万元）")
        }
        pct = vals["形象进度（%）"]
        if pct is not None and pct > 100:
            result.errors.append(CellError(r, _colname("形象进度（%）"), ERR_PERCENT))
        narrative, reason = (
            cell_text(row[COL["进展情况"]])[:2000],
            cell_text(row[COL["低于上月核定值的原因"]])[:300],
        )
        value = vals["累计完成"]
        if percent:
            # one column for a percent indicator: I; a number in H is an error, not a silently empty figure
            if value is not None:
                result.errors.append(CellError(r, _colname("累计完成"), ERR_PERCENT_COLUMN))
            value, pct = pct, None
        if value is None and pct is None and not narrative and tid not in current:
            continue  # an untouched row
        new = {
            "value": value,
            "progress_percent": pct,
            "planned_investment": vals["计划投资（万元）"],
            "completed_investment": vals["完成投资（万元）"],
            "narrative": narrative,
            "fall_reason": reason,
        }
        old = current.get(tid)
        diff = [
            (FIELD_LABELS[k], _show(old[k] if old else None), _show(new[k]))
            for k in FIELDS
            if not _same(old[k] if old else None, new[k])
        ]
        if percent:
            diff = [("形象进度（%）" if lbl == "累计完成" else lbl, a, b) for lbl, a, b in diff]
        state = old["state"] if old else None
        if state is not None and state not in EDITABLE_STATES:
            if not diff:
                result.unchanged += 1
                continue  # uploaded back as it is: nothing to do
            result.errors.append(
                CellError(r, _colname("累计完成"), ERR_LOCKED.format(state=FigureState(state).label))
            )
            continue
        if old is None and value is None and pct is None and not narrative:
            continue
        prev = previous.get(tid)
        if value is not None and prev is not None and value < prev and not reason:
            result.errors.append(
                CellError(
                    r, _colname("低于上月核定值的原因"), ERR_FALL.format(previous=f"{prev.normalize():f}")
                )
            )
        for warning in plausibility_warnings(value=value, target=target, previous=prev):
            result.warnings.append(
                CellError(r, _colname("形象进度（%）" if percent else "累计完成"), warning)
            )
        if len(result.errors) == n_before:
            result.rows.append({"target_id": tid, "row": r, **new})
            result.changes.append(
                {
                    "row": r,
                    "task": tid,
                    "indicator": ind_name,
                    "diff": diff,
                    "state": FigureState(state).label if state else "未填报",
                }
            )
    if not result.errors and not result.rows:
        result.errors.append(CellError(0, "—", ERR_NOTHING_CHANGED if result.unchanged else ERR_EMPTY_FILE))
    return result


def submit_count(rows: list[dict]) -> int:
    """How many of the rows a "导入并报送" submits (a row with neither a value nor a percent stays a draft)."""
    return sum(1 for r in rows if r["value"] is not None or r["progress_percent"] is not None)


HISTORY_EXTRA = ["history_date", "history_change_reason", "history_type", "history_user_id"]


def _copy_history_and_transitions(ids: list[int], *, actor, at, comment: str) -> None:
    """INSERT … SELECT the simple_history rows ("+", the importing user) and the FigureTransition rows
    (new → state, new value) of freshly created figures: the same rows bulk_create_with_history and
    bulk_create would write, without building 20,000 model instances in Python."""
    history = Figure.history.model
    src = [f.column for f in Figure._meta.concrete_fields]
    expected = set(src) | set(HISTORY_EXTRA) | {"history_id"}
    if {f.column for f in history._meta.concrete_fields} != expected:  # a model change must not go unnoticed
        raise RuntimeError("HistoricalFigure columns changed; update importers._copy_history_and_transitions")
    qn = connection.ops.quote_name
    when = connection.ops.adapt_datetimefield_value(at)
    # identifiers come from the models' meta (quoted); every value is a parameter
    hist_sql = (
        f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(qn(c) for c in src + HISTORY_EXTRA)}) "  # noqa: S608
        f"SELECT {', '.join(qn(c) for c in src)}, %s, %s, %s, %s FROM {qn(Figure._meta.db_table)} "
        f"WHERE {qn('id')} IN ({{ids}})"
    )
    tr_cols = [
        "figure_id",
        "actor_id",
        "at",
        "from_state",
        "to_state",
        "old_value",
        "new_value",
        "comment",
        "source",
    ]
    tr_sql = (
        f"INSERT INTO {qn(FigureTransition._meta.db_table)} ({', '.join(qn(c) for c in tr_cols)}) "  # noqa: S608
        f"SELECT {qn('id')}, %s, %s, '', {qn('state')}, NULL, {qn('value')}, %s, %s "
        f"FROM {qn(Figure._meta.db_table)} WHERE {qn('id')} IN ({{ids}})"
    )
    actor_id = actor.pk if actor is not None else None
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 1000):
            chunk = ids[i : i + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(hist_sql.format(ids=marks), [when, "表格导入", "+", actor_id, *chunk])
            cursor.execute(
                tr_sql.format(ids=marks), [actor_id, when, comment, FigureTransition.Source.IMPORT, *chunk]
            )


@transaction.atomic
def sheet_commit(*, rows: list[dict], period: ReportingPeriod, actor, submit: bool) -> int:
    """Write all validated rows in one transaction (bulk), with history and transition rows; returns the count.

    Re-checks the states under lock so that a row locked between preview and commit fails the whole import.
    """
    ids = [r["target_id"] for r in rows]
    wanted = set(ids)
    # one lock query for the period (no 10,000-id IN list, no default ordering's joins locked with it), in
    # id order like period_lock; then the month's state as stored (it may have been locked since the preview)
    existing = {
        f.target_id: f
        for f in Figure.objects.select_for_update(of=("self",)).filter(period=period).order_by("pk")
        if f.target_id in wanted
    }
    if ReportingPeriod.objects.filter(pk=period.pk, state=ReportingPeriod.State.CLOSED).exists():
        raise ValueError(ERR_PERIOD_CLOSED)
    now = timezone.now()
    new, changed, transitions = [], [], []
    fields = [
        "value",
        "progress_percent",
        "planned_investment",
        "completed_investment",
        "narrative",
        "fall_reason",
    ]
    for r in rows:
        f = existing.get(r["target_id"])
        created = f is None
        if created:
            f = Figure(target_id=r["target_id"], period=period)
        elif f.state not in EDITABLE_STATES:
            raise ValueError(ERR_LOCKED.format(state=FigureState(f.state).label))
        old_value, old_state = f.value, ("" if created else f.state)
        for k in fields:
            setattr(f, k, r[k])
        if submit and (f.value is not None or f.progress_percent is not None):
            f.state, f.submitted_at = FigureState.SUBMITTED, now
        (new if created else changed).append(f)
        transitions.append((f, old_state, old_value))
    comment = "表格导入（逾期报送）" if submit and period.is_late(now) else "表格导入"
    if new:
        for f in new:
            f.updated_at = now
        Figure.objects.bulk_create(new, batch_size=2000)
        if not new[0].pk:  # backends without RETURNING ids: read them back
            got = dict(
                Figure.objects.filter(period=period, target_id__in=[f.target_id for f in new])
                .order_by()
                .values_list("target_id", "pk")
            )
            for f in new:
                f.pk = f.id = got[f.target_id]
        # history and transition rows of new figures copied in the database from the rows just written
        _copy_history_and_transitions([f.pk for f in new], actor=actor, at=now, comment=comment)
    if changed:
        bulk_update_with_history(
            changed,
            Figure,
            fields + ["state", "submitted_at"],
            batch_size=1000,
            default_user=actor,
            default_change_reason="表格导入",
        )
    rollup_stamp_renew(programme_id=period.programme_id)
    FigureTransition.objects.bulk_create(
        [
            FigureTransition(
                figure_id=f.pk,
                actor=actor,
                at=now,
                from_state=old_state,
                to_state=f.state,
                old_value=old_value,
                new_value=f.value,
                comment=comment,
                source=FigureTransition.Source.IMPORT,
            )
            for f, old_state, old_value in transitions
            if old_state  # new figures got theirs above
        ],
        batch_size=1000,
    )
    return len(rows)
