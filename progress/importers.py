"""The spreadsheet path: a county's pre-filled month sheet, and its upload (preview, then all-or-nothing commit)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_update_with_history

from minsheng.common.excel import cell_text, neutralise, xlsx_open
from minsheng.common.params import is_id
from projects.models import IndicatorTarget

from .models import EDITABLE_STATES, Figure, FigureState, FigureTransition, ReportingPeriod
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
ERR_NEGATIVE = "不能为负数。"
ERR_PERCENT = "形象进度须在 0 到 100 之间。"
ERR_FALL = "累计完成低于上月核定值（{previous}），请在 M 列填写原因。"
ERR_LOCKED = "该任务本月已{state}，不能再修改；如需修改请联系专班办公室退回。"
ERR_EMPTY_FILE = "表中没有可导入的数据行。"
ERR_PERIOD_CLOSED = "该月份已截止，不能再导入。"
WARN_OVER_3X = "累计完成超过年度目标的 3 倍，请核实。"


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
            "indicator__project__matter__level",
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
    ws.append([neutralise(f"{county.name} {period.label}民生实事进度填报表（灰色列请勿修改）")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(HEADERS)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for t in targets:
        ind, f = t.indicator, current.get(t.pk)
        ws.append(
            [
                t.pk,
                ind.project.matter.get_level_display(),
                neutralise(ind.project.name),
                neutralise(ind.name),
                neutralise(ind.unit),
                float(t.target) if t.target is not None else neutralise(t.target_text),
                float(previous[t.pk]) if t.pk in previous else None,
                float(f.value) if f and f.value is not None else None,
                float(f.progress_percent) if f and f.progress_percent is not None else None,
                float(f.planned_investment) if f and f.planned_investment is not None else None,
                float(f.completed_investment) if f and f.completed_investment is not None else None,
                neutralise(f.narrative) if f else None,
                neutralise(f.fall_reason) if f else None,
                f.get_state_display() if f else "未填报",
            ]
        )
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if HEADERS[cell.column - 1] not in EDITABLE_COLUMNS:
                cell.fill = grey
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


def _number(raw, errors, row, col) -> Decimal | None:
    text = cell_text(raw)
    if text == "":
        return None
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        errors.append(CellError(row, _colname(col), ERR_NOT_NUMBER.format(value=text[:30])))
        return None
    if not value.is_finite():
        errors.append(CellError(row, _colname(col), ERR_NOT_NUMBER.format(value=text[:30])))
        return None
    if value < 0:
        errors.append(CellError(row, _colname(col), ERR_NEGATIVE))
    return value


def _colname(header: str) -> str:
    return f"{LETTERS[COL[header]]} 列（{header}）"


def sheet_parse(*, uploaded, period: ReportingPeriod, county=None) -> ParsedSheet:
    """Read and validate every row; nothing is written. Errors and warnings name row and column."""
    result = ParsedSheet()
    wb = xlsx_open(uploaded)
    ws = wb.worksheets[0]
    # .order_by() everywhere: the models' default orderings join and sort several tables
    allowed = dict(_targets_qs(period, county).order_by().values_list("pk", "target"))
    previous = _previous_verified(period, county)
    states = dict(
        Figure.objects.filter(
            period=period, target_id__in=_targets_qs(period, county).order_by().values("pk")
        )
        .order_by()
        .values_list("target_id", "state")
    )
    seen: dict[int, int] = {}
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if r == 1:
            continue
        if r == 2:
            if [cell_text(v) for v in row[: len(HEADERS)]] != HEADERS:
                result.errors.append(CellError(2, "全部列", ERR_HEADER))
                break
            continue
        row = tuple(row) + (None,) * (len(HEADERS) - len(row))
        key = cell_text(row[0])
        if key == "" and all(cell_text(v) == "" for v in row[: len(HEADERS)]):
            continue
        if not is_id(key) or int(key) not in allowed:
            result.errors.append(CellError(r, _colname("任务编号"), ERR_UNKNOWN_TASK.format(value=key[:30])))
            continue
        tid = int(key)
        if tid in seen:
            result.errors.append(
                CellError(r, _colname("任务编号"), ERR_DUPLICATE.format(value=key, first=seen[tid]))
            )
            continue
        seen[tid] = r
        n_before = len(result.errors)
        vals = {
            h: _number(row[COL[h]], result.errors, r, h)
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
        if value is None and pct is None and not narrative:
            continue  # an untouched row
        state = states.get(tid)
        if state is not None and state not in EDITABLE_STATES:
            result.errors.append(
                CellError(r, _colname("累计完成"), ERR_LOCKED.format(state=FigureState(state).label))
            )
            continue
        prev = previous.get(tid)
        if value is not None and prev is not None and value < prev and not reason:
            result.errors.append(
                CellError(r, _colname("低于上月核定值的原因"), ERR_FALL.format(previous=f"{prev.normalize():f}"))
            )
        target = allowed[tid]
        if value is not None and target and value > target * 3:
            result.warnings.append(CellError(r, _colname("累计完成"), WARN_OVER_3X))
        if len(result.errors) == n_before:
            result.rows.append(
                {
                    "target_id": tid,
                    "row": r,
                    "value": value,
                    "progress_percent": pct,
                    "planned_investment": vals["计划投资（万元）"],
                    "completed_investment": vals["完成投资（万元）"],
                    "narrative": narrative,
                    "fall_reason": reason,
                }
            )
    if not result.errors and not result.rows:
        result.errors.append(CellError(0, "—", ERR_EMPTY_FILE))
    return result


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
