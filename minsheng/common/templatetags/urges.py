"""{% urge_status item unit %}: "已催办 2 次，最近 12月3日" on an overdue item's page."""

from django import template

from ..selectors import urge_summary

register = template.Library()


@register.inclusion_tag("common/_urge_status.html")
def urge_status(target, unit=None):
    return {"summary": urge_summary(target=target, unit=unit)}
