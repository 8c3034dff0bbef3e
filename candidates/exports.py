"""xlsx exports: the opinion summary (征求意见汇总) and a session's tally (赞成 / 反对 / 弃权 per candidate).
Every text cell goes through minsheng.common.excel.neutralise."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from minsheng.common.excel import neutralise
from minsheng.common.privacy import mask_name

from .models import OpinionSource, VotingSession

OPINION_HEADERS = ["序号", "项目名称", "意见来源", "提出单位/人", "意见内容", "工作组答复", "答复时间"]
TALLY_HEADERS = ["排名", "项目名称", "赞成", "反对", "弃权", "结果"]
PERSON_SOURCES = {OpinionSource.DEPUTY, OpinionSource.MEMBER}


def _book(title: str, headers: list[str]) -> tuple[Workbook, object]:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([neutralise(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    return wb, ws


def _bytes(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def opinions_xlsx(*, opinions, show_names: bool) -> bytes:
    """The opinion summary; a deputy's or member's name is masked unless the reader is the office."""
    wb, ws = _book("征求意见汇总", OPINION_HEADERS)
    for i, o in enumerate(opinions, start=1):
        who = o.source_name if show_names or o.source not in PERSON_SOURCES else mask_name(o.source_name)
        ws.append(
            [
                i,
                neutralise(o.candidate.name),
                neutralise(o.get_source_display()),
                neutralise(who),
                neutralise(o.content),
                neutralise(o.response or "（未答复）"),
                o.responded_at.strftime("%Y-%m-%d") if o.responded_at else "",
            ]
        )
    for col, width in zip("ABCDEFG", (6, 30, 12, 18, 50, 50, 12), strict=True):
        ws.column_dimensions[col].width = width
    return _bytes(wb)


def tally_xlsx(*, session: VotingSession, tally: dict) -> bytes:
    """The tally sheet of a session: one row per candidate, then the session's figures."""
    wb, ws = _book("计票结果", TALLY_HEADERS)
    for row in tally["rows"]:
        ws.append(
            [
                row["rank"],
                neutralise(row["name"]),
                row["for"],
                row["against"],
                row["abstain"],
                neutralise(row["result_label"]),
            ]
        )
    ws.append([])
    base_label = {"all": "全体代表"}.get(tally["pass_base"], "出席代表")
    for label, value in (
        ("票决会议", session.title),
        ("应选项目数", tally["seats"]),
        ("代表名单人数", tally["roster"]),
        ("出席人数", tally["present"]),
        ("收回选票", tally["ballots"]),
        ("法定出席人数", tally["quorum_required"]),
        ("通过基数", f"{base_label}（{tally['base']} 人）过半数，即至少 {tally['threshold']} 票赞成"),
    ):
        ws.append([neutralise(label), neutralise(value) if isinstance(value, str) else value])
    for col, width in zip("ABCDEF", (16, 36, 8, 8, 8, 22), strict=True):
        ws.column_dimensions[col].width = width
    return _bytes(wb)
