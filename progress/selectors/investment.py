"""Investment on a project's public page (issue 17 §2: 计划投资 / 完成投资 where reported): what the counties
reported with the month's figures (the monthly form and the 月报 sheet carry both, in 万元), once accepted by the
office. Shown only when some county reported it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Q

from ..models import ACCEPTED_STATES, Figure

INVESTMENT_RULE = "各县市区随月度进度报送、经专班办公室审核的计划投资和完成投资合计；同一县市区在本项目几项任务中重复填报的投资只计一次（取最大值）。"


@dataclass(frozen=True)
class ProjectInvestment:
    planned: Decimal | None  # 万元
    completed: Decimal | None  # 万元
    counties: int  # counties that reported some investment with an accepted figure of the month

    @property
    def rate_percent(self) -> Decimal | None:
        """完成投资 / 计划投资, to 0.01 %."""
        if not self.planned or self.completed is None:
            return None
        return (self.completed / self.planned * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def project_investment(*, project, month: int) -> ProjectInvestment | None:
    """The project's reported investment for the month (one query), or None when no county reported any."""
    rows = list(
        Figure.objects.filter(
            target__indicator__project=project,
            period__programme_id=project.matter.programme_id,
            period__month=month,
            state__in=list(ACCEPTED_STATES),
        )
        .filter(Q(planned_investment__isnull=False) | Q(completed_investment__isnull=False))
        .values("target__county_id")
        .annotate(planned=Max("planned_investment"), completed=Max("completed_investment"))
        .order_by()
    )
    if not rows:
        return None
    planned = [r["planned"] for r in rows if r["planned"] is not None]
    completed = [r["completed"] for r in rows if r["completed"] is not None]
    return ProjectInvestment(
        planned=sum(planned, Decimal(0)) if planned else None,
        completed=sum(completed, Decimal(0)) if completed else None,
        counties=len(rows),
    )
