"""The similar-proposal index: bigram scores, incremental refresh after a change, visibility after ranking.

Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL: one code path for both.
"""
import pytest

from proposals import selectors, similarity
from proposals.models import Proposal, State
from tests.proposals.factories import CampaignFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """SQLite reuses primary keys after a test's rollback; start each test with an empty per-process cache."""
    similarity._CACHE.clear()


def titles(rows):
    return [r.proposal.title for r in rows]


def corpus(campaign):
    return similarity._CACHE[campaign.pk]


def test_bigram_dice_ranks_reworded_duplicates_first():
    campaign = CampaignFactory()
    ProposalFactory(campaign=campaign, title="农村道路安装路灯", content="方便群众夜间出行")
    ProposalFactory(campaign=campaign, title="城区学校学位扩容", content="新增学位")
    rows = selectors.proposal_similar(campaign=campaign, title="村道安装太阳能路灯")
    assert titles(rows) == ["农村道路安装路灯"] and 35 <= rows[0].score <= 100


def test_a_change_updates_the_index_without_a_rebuild():
    campaign = CampaignFactory()
    a = ProposalFactory(campaign=campaign, title="老旧小区加装电梯")
    ProposalFactory(campaign=campaign, title="社区老年助餐点")
    assert titles(selectors.proposal_similar(campaign=campaign, title="老旧小区电梯加装")) == ["老旧小区加装电梯"]
    assert corpus(campaign).rebuilds == 1
    # An edit and a new row: the next lookup fetches only the changed rows.
    a.title = "城区公办幼儿园扩容"
    a.save()
    ProposalFactory(campaign=campaign, title="老旧小区电梯改造")
    assert titles(selectors.proposal_similar(campaign=campaign, title="老旧小区电梯加装")) == ["老旧小区电梯改造"]
    assert titles(selectors.proposal_similar(campaign=campaign, title="公办幼儿园扩容")) == ["城区公办幼儿园扩容"]
    c = corpus(campaign)
    assert (c.rebuilds, c.deltas, c.dead) == (1, 1, 1)
    # A state change (updated_at moves, the text does not) is a delta that indexes nothing new.
    Proposal.objects.filter(pk=a.pk).update(state=State.ACCEPTED, updated_at=a.updated_at.replace(year=2099))
    selectors.proposal_similar(campaign=campaign, title="公办幼儿园扩容")
    assert (c.rebuilds, c.deltas, c.dead) == (1, 2, 1)


def test_a_deleted_row_forces_a_rebuild_and_disappears():
    campaign = CampaignFactory()
    a = ProposalFactory(campaign=campaign, title="河道垃圾清理")
    ProposalFactory(campaign=campaign, title="社区图书室建设")
    assert titles(selectors.proposal_similar(campaign=campaign, title="河道垃圾清理工程")) == ["河道垃圾清理"]
    a.delete()
    assert selectors.proposal_similar(campaign=campaign, title="河道垃圾清理工程") == []
    assert corpus(campaign).rebuilds == 2


def test_visibility_is_applied_after_ranking():
    campaign = CampaignFactory()
    ProposalFactory(campaign=campaign, title="村道安装路灯", state=State.REJECTED, reject_reason="个人诉求")
    ProposalFactory(campaign=campaign, title="村道安装太阳能路灯")
    for i in range(30):  # many better-scoring rows the caller may not see: found in a later chunk
        ProposalFactory(campaign=campaign, title=f"村道安装路灯{i}", state=State.REJECTED, reject_reason="个人诉求")
    public = selectors.proposal_similar(campaign=campaign, title="村道安装路灯", public=True, limit=1)
    assert titles(public) == ["村道安装太阳能路灯"]
    staff = selectors.proposal_similar(campaign=campaign, title="村道安装路灯", limit=3)
    assert titles(staff)[0] == "村道安装路灯"
    other = CampaignFactory()
    assert selectors.proposal_similar(campaign=other, title="村道安装路灯") == []
