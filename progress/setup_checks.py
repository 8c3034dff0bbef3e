"""The set-up checklist item of monthly reporting: the first month of the year being set up is open."""

from __future__ import annotations

from django.urls import reverse

from minsheng.common.workbook import CheckItem
from projects.setup_checks import current_programmes

from .models import ReportingPeriod


def period_checks(*, user=None) -> list[CheckItem]:
    """Whether each programme of the year being set up (an office's own) has opened a reporting month."""
    items = []
    for p in current_programmes(user):
        months = list(
            ReportingPeriod.objects.filter(programme=p).order_by("month").values_list("month", flat=True)
        )
        text = (
            f"{p}：已开启 {months[-1]} 月调度"
            if months
            else f"{p}：尚未开启第一个调度月份（补齐上面各项后开启）"
        )
        url = reverse("progress:periods") + f"?programme={p.pk}"
        items.append(CheckItem(bool(months), text, url, "开启调度月份", 90))
    return items
