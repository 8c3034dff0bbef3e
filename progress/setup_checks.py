"""The set-up checklist item of monthly reporting: the first month of the year being set up is open."""

from __future__ import annotations

from django.urls import reverse

from minsheng.common.workbook import CheckItem
from projects.models import IndicatorTarget
from projects.setup_checks import current_programmes

from .models import ReportingPeriod
from .selectors.public import latest_month, programme_reads_below

MSG_READ_BELOW = (
    "{programme}：各县市区的任务在下级计划中填报（已调度到 {month} 月），本计划不单独开启调度月份"
)


def _read_below_only(programme) -> bool:
    """A plan with no 任务分解表 rows of its own whose indicators the lower levels' plans name (the province's)."""
    own_rows = IndicatorTarget.objects.filter(indicator__project__matter__programme=programme).exists()
    return not own_rows and programme_reads_below(programme=programme)


def period_checks(*, user=None) -> list[CheckItem]:
    """Whether each programme of the year being set up (an office's own) has opened a reporting month."""
    items = []
    for p in current_programmes(user):
        months = list(
            ReportingPeriod.objects.filter(programme=p).order_by("month").values_list("month", flat=True)
        )
        url = reverse("progress:periods") + f"?programme={p.pk}"
        if not months and _read_below_only(p):
            month = latest_month(programme=p)
            items.append(
                CheckItem(True, MSG_READ_BELOW.format(programme=p, month=month), url, "开启调度月份", 90)
            )
            continue
        text = (
            f"{p}：已开启 {months[-1]} 月调度"
            if months
            else f"{p}：尚未开启第一个调度月份（补齐上面各项后开启）"
        )
        items.append(CheckItem(bool(months), text, url, "开启调度月份", 90))
    return items
