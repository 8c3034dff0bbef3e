"""催办 of a county's overdue figures: the office presses the county's clerks once the deadline has passed
with figures still unsubmitted; each press is recorded (who, when) and shown on the county's month page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.selectors import unit_users
from minsheng.common.models import Urge
from minsheng.common.services import urge_record

from ..models import ReportingPeriod
from ..selectors import city_self_missing_by_department, is_city_self, submission_status

ERR_URGE_OFFICE_ONLY = "只有专班办公室可以催办。"
ERR_URGE_NOT_OVERDUE = "尚未过报送截止时间，不能催办。"
ERR_URGE_NOTHING_MISSING = "该县市区本月数据已全部报送，无需催办。"
URGE_TITLE = "专班办公室催办：{label}尚有 {missing} 项指标逾期未报送"
URGE_TITLE_CITY_SELF = "专班办公室催办：{label}市本级尚有 {missing} 项指标逾期未报送，请牵头部门报送"
URGE_BODY = "报送截止时间 {deadline} 已过，请立即完成填报并上传佐证材料。"

__all__ = ["figures_urge_county"]


@transaction.atomic
def figures_urge_county(*, period: ReportingPeriod, county, by) -> Urge:
    """催办 a county whose figures of an open month are overdue: its clerks are notified, the press recorded."""
    if by is None or not by.has_perm("progress.manage", period.programme):
        raise PermissionDenied(ERR_URGE_OFFICE_ONLY)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    now = timezone.now()
    if not (period.is_open and now > period.deadline):
        raise ValidationError(ERR_URGE_NOT_OVERDUE)
    row = next((r for r in submission_status(period=period, now=now) if r["county"].pk == county.pk), None)
    if row is None or row["missing"] <= 0:
        raise ValidationError(ERR_URGE_NOTHING_MISSING)
    deadline = timezone.localtime(period.deadline)
    recipients = list(unit_users(unit=county))
    title = URGE_TITLE.format(label=period.label, missing=row["missing"])
    url = reverse("progress:county_month", kwargs={"period_id": period.pk})
    if is_city_self(county):  # 市本级 has no clerks: its rows are reported by their lead departments
        recipients = [
            u for dept, _ in city_self_missing_by_department(period=period) for u in unit_users(unit=dept)
        ]
        title = URGE_TITLE_CITY_SELF.format(label=period.label, missing=row["missing"])
        url = reverse("progress:department_month", kwargs={"period_id": period.pk})
    return urge_record(
        target=period,
        unit=county,
        by=by,
        recipients=recipients,
        title=title,
        body=URGE_BODY.format(deadline=deadline.strftime("%-m月%-d日 %H:%M")),
        url=url,
        kind="progress.urge",
    )
