import pytest

from proposals import demo_data
from proposals.models import Campaign, Proposal, ProposalEvent, State


@pytest.mark.django_db
def test_demo_proposals_load_and_are_idempotent(demo):
    assert Proposal.objects.filter(is_demo=True).count() == len(demo_data.DEMO_2024) + len(demo_data.DEMO_OPEN)
    assert Proposal.objects.filter(state=State.REJECTED).exclude(reject_reason="").exists()
    n_events = ProposalEvent.objects.count()
    assert demo_data.load() is False
    assert ProposalEvent.objects.count() == n_events
    open_campaign = [c for c in Campaign.objects.all() if c.is_open()]
    assert open_campaign and open_campaign[0].proposals.count() == len(demo_data.DEMO_OPEN)
