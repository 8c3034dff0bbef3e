"""Template filters of the intake: personal data masked on the server for everyone but the office."""
from django import template

from minsheng.common.privacy import mask_name, mask_phone

register = template.Library()


@register.filter
def phone_for(proposal, user) -> str:
    phone = proposal.proposer_phone
    return phone if getattr(user, "is_office", False) else mask_phone(phone)


@register.filter
def name_for(proposal, user) -> str:
    name = proposal.proposer_name
    return name if getattr(user, "is_office", False) else mask_name(name)
