"""Plausibility checks shared by the web form and the monthly sheet: warnings a clerk confirms, not errors."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

WARN_OVER_3X = "累计完成超过年度目标的 3 倍，请核实。"
WARN_JUMP = "累计完成（{value}）是上月核定值（{previous}）的 {factor} 倍以上，请核实是否多填了数字。"
# Units counted in whole things: a decimal there is a typo.
WHOLE_UNITS = {
    "人",
    "户",
    "个",
    "所",
    "座",
    "家",
    "名",
    "人次",
    "套",
    "台",
    "辆",
    "处",
    "间",
    "张",
    "次",
    "盏",
    "栋",
}
ERR_WHOLE = "单位为“{unit}”，请填写整数（当前为 {value}）。"


def jump_factor() -> int:
    return int(getattr(settings, "PROGRESS_JUMP_FACTOR", 3))


def _fmt(v: Decimal) -> str:
    return f"{v.normalize():f}"


def plausibility_warnings(*, value, target, previous) -> list[str]:
    """[warning, …] for a cumulative value: above 3× the annual target, or a jump above N× last month's
    verified value (N = settings.PROGRESS_JUMP_FACTOR, 3)."""
    out = []
    if value is None:
        return out
    if target and value > target * 3:
        out.append(WARN_OVER_3X)
    factor = jump_factor()
    if previous and previous > 0 and value > previous * factor:
        out.append(WARN_JUMP.format(value=_fmt(value), previous=_fmt(previous), factor=factor))
    return out


def whole_error(*, value, unit: str) -> str | None:
    if value is not None and unit in WHOLE_UNITS and value != value.to_integral_value():
        return ERR_WHOLE.format(unit=unit, value=_fmt(value))
    return None
