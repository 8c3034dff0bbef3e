"""Demo campaigns: the real 2024 solicitation of seed 000 (closed) and an open one for next year."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.common.demo import upsert

from .models import Campaign, Channel

TZ = ZoneInfo("Asia/Shanghai")
SEED_ANNOUNCEMENT = (
    "为进一步提高重点民生实事项目决策工作的民主化、科学化水平，增强公众对重点民生实事项目的参与度，"
    "切实解决人民群众最关心、最直接、最现实的民生问题，向社会各界公开征集 2024 年省市重点民生实事项目。"
    "征集项目应与群众生产生活密切相关，一事一提；个别单位或个人要求解决的问题不作为重点民生实事项目。"
)


def load(*, stdout=None) -> bool:
    """The seed's campaign (2023-10-20 → 2023-11-20) and a demo campaign open for the current year."""
    city = Organisation.objects.get(name="邵阳市", kind=Organisation.Kind.CITY)
    _, a = upsert(
        Campaign,
        {"organisation": city, "year": 2024, "title": "关于征集 2024 年省市重点民生实事项目的实施方案"},
        {
            "announcement": SEED_ANNOUNCEMENT,
            "starts_at": datetime(2023, 10, 20, tzinfo=TZ),
            "ends_at": datetime(2023, 11, 20, 12, 0, tzinfo=TZ),
            "levels": ["province", "city"],
            "channels": [c.value for c in Channel],
            "min_per_unit": 2,
            "state": Campaign.State.PUBLISHED,
            "is_demo": True,
        },
    )
    year = timezone.localdate().year
    _, b = upsert(
        Campaign,
        {
            "organisation": city,
            "year": year + 1,
            "title": f"{year + 1} 年省市重点民生实事项目常态化征集（演示）",
        },
        {
            "announcement": SEED_ANNOUNCEMENT.replace("2024", str(year + 1)),
            "starts_at": datetime(year, 1, 1, tzinfo=TZ),
            "ends_at": datetime(year + 1, 1, 1, tzinfo=TZ),
            "levels": ["province", "city"],
            "channels": [c.value for c in Channel],
            "min_per_unit": 2,
            "state": Campaign.State.PUBLISHED,
            "is_demo": True,
        },
    )
    return a or b
