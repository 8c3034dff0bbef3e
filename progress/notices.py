"""Notices of the figure review to the unit that reported the figure: verified, returned (with the
comment), deducted (核减, with the reason). Called once by each review service; sent after commit."""

from __future__ import annotations

from django.urls import reverse

from minsheng.accounts.selectors import unit_users
from minsheng.common.services import notification_send

from .models import FigureState
from .selectors.rollups.behind import is_city_self
from .status import fmt_number

FIGURE_VERIFIED_TITLE = "“{name}”{label}数据已审核通过"
FIGURE_VERIFIED_BODY = "核定值 {value}{unit}。"
FIGURES_VERIFIED_TITLE = "{label}{n} 项数据已审核通过"
FIGURES_VERIFIED_BODY = "专班办公室审核通过：{names}。"
FIGURE_RETURNED_TITLE = "“{name}”{label}数据被退回，请修改后重新报送"
FIGURE_RETURNED_BODY = "退回意见：{comment}"
FIGURE_DEDUCTED_TITLE = "“{name}”{label}数据被核减"
FIGURE_DEDUCTED_BODY = (
    "报送值 {reported}{unit}，核定值 {value}{unit}。核减原因：{reason}。如有异议请联系专班办公室。"
)


def figure_review_notify(*, figure) -> None:
    """Tell the county's clerks (for a unit without clerks, such as 市本级, the lead department's) what the
    office decided about their figure, linking to the figure."""
    target, period = figure.target, figure.period
    indicator = target.indicator
    unit = indicator.unit or ""
    names = {"name": indicator.name, "label": period.label}
    if figure.state == FigureState.RETURNED:
        title = FIGURE_RETURNED_TITLE.format(**names)
        body = FIGURE_RETURNED_BODY.format(comment=figure.review_comment)
    elif figure.state == FigureState.DEDUCTED:
        title = FIGURE_DEDUCTED_TITLE.format(**names)
        body = FIGURE_DEDUCTED_BODY.format(
            reported=fmt_number(figure.value) if figure.value is not None else "—",
            value=fmt_number(figure.verified_value),
            unit=unit,
            reason=figure.deduction_reason,
        )
    else:
        title = FIGURE_VERIFIED_TITLE.format(**names)
        body = FIGURE_VERIFIED_BODY.format(value=fmt_number(figure.verified_value), unit=unit)
        if figure.review_comment:
            body += f"审核意见：{figure.review_comment}"
    notification_send(
        recipients=_reporters(target),
        title=title,
        body=body,
        url=reverse("progress:figure_entry", args=[target.pk, period.pk]),
        kind="progress.figure",
    )


def figures_verified_notify(*, figures) -> None:
    """After a bulk verification: one notice per county and month listing the verified indicators, linking
    to that month's list (a single figure gets the per-figure notice)."""
    groups: dict = {}
    for f in figures:
        # 市本级 rows are reported by each indicator's lead department: one notice per department, not per unit
        lead = _lead_id(f.target.indicator) if is_city_self(f.target.county) else None
        groups.setdefault((f.target.county_id, f.period_id, lead), []).append(f)
    for group in groups.values():
        if len(group) == 1:
            figure_review_notify(figure=group[0])
            continue
        first = group[0]
        target, period = first.target, first.period
        names = "、".join(f"“{f.target.indicator.name}”" for f in group[:5])
        if len(group) > 5:
            names += f"等 {len(group)} 项"
        if is_city_self(target.county):  # the department's own list (it cannot open a county's month)
            url = reverse("progress:department_month", args=[period.pk])
        else:
            url = reverse("progress:county_month", args=[period.pk]) + f"?county={target.county_id}"
        notification_send(
            recipients=_reporters(target),
            title=FIGURES_VERIFIED_TITLE.format(label=period.label, n=len(group)),
            body=FIGURES_VERIFIED_BODY.format(names=names),
            url=url,
            kind="progress.figure",
        )


def _lead_id(indicator) -> int | None:
    return indicator.lead_unit_id or indicator.project.lead_unit_id


def _reporters(target) -> list:
    """Who reported a task's figures: the county's clerks; for the city's own row (市本级), or any unit
    without clerks, the clerks of the indicator's lead department (rules.reports_city_self_target)."""
    recipients = [] if is_city_self(target.county) else list(unit_users(unit=target.county))
    if not recipients:
        indicator = target.indicator
        lead = indicator.lead_unit or indicator.project.lead_unit
        recipients = list(unit_users(unit=lead)) if lead else []
    return recipients
