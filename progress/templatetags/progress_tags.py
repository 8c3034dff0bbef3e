"""Template tags of the progress pages."""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _text(value, context, memo: dict) -> str:
    """render_value_in_context (what {{ value }} prints), once per distinct value and output mode of a render.

    Keyed by the value's type and text: 12.3 and 12.30 are equal yet print differently."""
    key = (context.autoescape, context.use_l10n, context.use_tz, type(value), str(value))
    text = memo.get(key)
    if text is None:
        text = memo[key] = render_value_in_context(value, context)
    return text


@register.simple_tag(takes_context=True)
def county_rates(context, pairs, link_base=None, link_query="") -> SafeString:
    """“县 12.5%、县 8%…” for [(county, rate percent)], each name linked to `link_base<pk>/link_query` when
    given. The same text as a {% for %} loop of {{ c.name }} {{ r }}% (same localisation and escaping),
    without the loop's cost per item: the dashboard names thousands of county rows."""
    memo = context.render_context.get("progress_tags.texts")
    if memo is None:  # shared by every call of one render: counties and rates repeat across indicators
        memo = context.render_context["progress_tags.texts"] = {}
    parts = []
    for county, rate in pairs or ():
        name = _text(county.name, context, memo)
        if link_base is not None:
            pk, base, query = (_text(v, context, memo) for v in (county.pk, link_base, link_query))
            name = f'<a href="{base}{pk}/{query}">{name}</a>'
        parts.append(f"{name} {_text(rate, context, memo)}%")
    return mark_safe("、".join(parts))  # noqa: S308 - every part escaped by render_value_in_context


def _decimal(value):
    from decimal import Decimal, InvalidOperation

    if value is None or value == "":
        return None
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


@register.filter
def num(value, unit: str = "") -> str:
    """A number as people write it: no trailing zeros, thousands grouped ("9.4", "47,849.83"), the unit after
    a space ("9.4 公里"); "—" when there is none (never "9.4000" or "None")."""
    d = _decimal(value)
    if d is None:
        return "—"
    d = d.normalize()
    if d == d.to_integral_value():
        d = d.quantize(1)
    text = f"{d:,f}"
    return f"{text} {unit}" if unit else text


@register.filter
def pct(value) -> str:
    """A percentage as people write it ("100.64%", "98%"); "—" alone when there is none (never "—%")."""
    d = _decimal(value)
    return "—" if d is None else f"{num(d)}%"


@register.filter
def signed_num(value) -> str:
    """A change with its sign ("+14", "-192.6"); "—" for none."""
    text = num(value)
    return f"+{text}" if text not in ("—", "0") and not text.startswith("-") else text
