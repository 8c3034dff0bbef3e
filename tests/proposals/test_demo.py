import pytest

from proposals import demo_data
from proposals.models import Campaign, Proposal, ProposalEvent, State


@pytest.mark.django_db
def test_demo_proposals_load_and_are_idempotent(demo):
    assert Proposal.objects.filter(is_demo=True).count() == (
        len(demo_data.DEMO_2024) + len(demo_data.DEMO_2025) + len(demo_data.DEMO_OPEN))
    assert Proposal.objects.filter(state=State.REJECTED).exclude(reject_reason="").exists()
    n_events = ProposalEvent.objects.count()
    assert demo_data.load() is False
    assert ProposalEvent.objects.count() == n_events
    open_campaign = [c for c in Campaign.objects.all() if c.is_open()]
    assert open_campaign and open_campaign[0].proposals.count() == len(demo_data.DEMO_OPEN)


@pytest.mark.django_db
def test_demo_adopted_proposals_are_linked_to_real_candidates(demo):
    from candidates.models import Candidate

    adopted = list(Proposal.objects.filter(state=State.ADOPTED).select_related("campaign", "candidate__round"))
    assert len(adopted) == 4
    for p in adopted:
        assert p.candidate is not None and p.candidate.round.year == p.campaign.year == 2025
        assert p.candidate.round.organisation == p.campaign.organisation
        # Moved by the services: 已提交 → 已受理 → 已采纳为备选, each with a history row by the office.
        assert [(e.from_state, e.to_state) for e in p.events.all()] == [
            ("", "submitted"), ("submitted", "accepted"), ("accepted", "adopted")]
        assert p.events.last().actor.username == "office"
    assert {p.candidate.name for p in adopted} == set(
        Candidate.objects.filter(proposals__isnull=False).values_list("name", flat=True))
    merged = Proposal.objects.get(state=State.MERGED, is_demo=True)
    assert merged.merged_into.title == "农村供水保障工程" and merged.merged_into.candidate is not None
    before = list(Proposal.objects.values_list("pk", "state", "candidate_id", "updated_at").order_by("pk"))
    assert demo_data.load() is False
    assert list(Proposal.objects.values_list("pk", "state", "candidate_id", "updated_at").order_by("pk")) == before
