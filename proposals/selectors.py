from django.db.models import QuerySet
from django.utils import timezone

from .models import Campaign


def campaign_list_public(*, at=None) -> QuerySet[Campaign]:
    """Published campaigns (drafts are never public), the ones open now first."""
    return Campaign.objects.filter(state=Campaign.State.PUBLISHED).select_related("organisation")


def campaign_list_open(*, at=None) -> QuerySet[Campaign]:
    """Campaigns whose window contains `at` (default: now)."""
    at = at or timezone.now()
    return campaign_list_public().filter(starts_at__lte=at, ends_at__gt=at)
