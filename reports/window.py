"""The data window of a 旬简报 (the ten days' changes) and a 季总结 (the quarter), read through
progress.selectors.figures_visible_to: figures reported, verified or changed inside the window."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time
from types import SimpleNamespace

from django.utils import timezone

from progress.selectors import figures_visible_to

from .compose import cn_number

DEKAD_NAMES = {1: "上旬", 2: "中旬", 3: "下旬"}
_SYSTEM = SimpleNamespace(is_authenticated=True, is_office=True)  # the scheduled job reads as the office


def tenday_window(year: int, month: int, dekad: int) -> tuple[date, date, str]:
    """(first day, last day, label) of a dekad: 1–10, 11–20, 21–end of month."""
    first = {1: 1, 2: 11, 3: 21}[dekad]
    last = {1: 10, 2: 20, 3: calendar.monthrange(year, month)[1]}[dekad]
    label = f"{month} 月{DEKAD_NAMES[dekad]}（{month} 月 {first} 日至 {last} 日）"
    return date(year, month, first), date(year, month, last), label


def quarter_window(year: int, month: int) -> tuple[date, date, str]:
    """(first day, last day, label) of the quarter that ends with `month`'s quarter."""
    q = (month - 1) // 3 + 1
    start_m, end_m = 3 * q - 2, 3 * q
    end = date(year, end_m, calendar.monthrange(year, end_m)[1])
    label = f"第{cn_number(q)}季度（{start_m} 月 1 日至 {end_m} 月 {end.day} 日）"
    return date(year, start_m, 1), end, label


def _aware(d: date, end: bool) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.max if end else time.min))


def window_activity(*, programme, scope, start: date, end: date, label: str, kind: str) -> dict:
    """Counts and a short list of the figures reported / verified / changed between start and end."""
    lo, hi = _aware(start, False), _aware(end, True)
    qs = figures_visible_to(_SYSTEM).filter(target__indicator__project__matter__programme=programme)
    if scope.pk != programme.organisation_id:
        qs = qs.filter(target__county=scope)
    rows = list(
        qs.filter(updated_at__range=(lo, hi)).values_list(
            "target__county__name",
            "target__indicator__name",
            "submitted_at",
            "verified_at",
            "progress_percent",
        )
    )
    submitted = sum(1 for r in rows if r[2] and lo <= r[2] <= hi)
    verified = sum(1 for r in rows if r[3] and lo <= r[3] <= hi)
    changes = sorted({f"{county}“{ind}”" for county, ind, *_ in rows})
    return {
        "kind": kind,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "label": label,
        "changed": len(rows),
        "submitted": submitted,
        "verified": verified,
        "changes": changes[:30],
        "more": max(0, len(changes) - 30),
    }


def window_intro(snapshot: dict) -> str:
    """The opening paragraph of a 旬简报 / 季总结: what happened inside its window."""
    w = snapshot["window"]
    area = (snapshot["scope"].get("whole") or "全市") if snapshot["scope"]["is_city"] else snapshot["scope"]["name"]
    what = "本旬" if w["kind"] == "tenday" else "本季度"
    if not w["changed"]:
        return f"{w['label']}，{area}无新报送或更新的进度数据；以下进度为截至 {snapshot['month']} 月底的累计情况。"
    text = (
        f"{w['label']}，{area}共更新进度数据 {w['changed']} 条，其中新报送 {w['submitted']} 条、"
        f"审核通过 {w['verified']} 条。{what}有进展的项目：{'、'.join(w['changes'])}"
    )
    if w["more"]:
        text += f"等（另有 {w['more']} 项）"
    return text + f"。以下进度为截至 {snapshot['month']} 月底的累计情况。"
