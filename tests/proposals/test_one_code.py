"""一码到底 (issue 17 §5): the proposal's receipt code keeps working after intake — the status page shows the
merge into another proposal, the 备选项目 it became, the closed vote with its public totals and result, and the
project of the programme with a link to its page. Codes typed with spaces or full-width characters are found."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import CandidateStage, SessionState, VotingSession
from proposals.models import ProposalEvent, State
from tests.candidates.factories import CandidateFactory, RoundFactory
from tests.factories import ProjectFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db
STATUS = reverse("proposals:status")


@pytest.fixture
def followed():
    """A proposal merged into another that became a candidate, was voted in and became a project."""
    mine = ProposalFactory(title="小区加装电梯", proposer_phone="13900002468")
    kept = ProposalFactory(title="老旧小区加装电梯", campaign=mine.campaign)
    mine.state, mine.merged_into = State.MERGED, kept
    mine.save()
    ProposalEvent.objects.create(
        proposal=mine,
        from_state=State.ACCEPTED,
        to_state=State.MERGED,
        at=timezone.now() - dt.timedelta(days=60),
    )
    project = ProjectFactory(name="老旧小区加装电梯 200 部")
    candidate = CandidateFactory(
        round=RoundFactory(year=2025), name="老旧小区加装电梯", stage=CandidateStage.CHOSEN, project=project
    )
    kept.candidate = candidate
    kept.save()
    session = VotingSession.objects.create(
        round=candidate.round,
        title="2025 年民生实事项目人大代表票决",
        seats=1,
        state=SessionState.CLOSED,
        closed_at=timezone.now() - dt.timedelta(days=10),
        tally={"rows": [{"candidate": candidate.pk, "for": 41, "result_label": "入选"}]},
    )
    session.candidates.add(candidate)
    return mine, project


def test_status_page_follows_the_proposal_to_its_project(client, followed):
    mine, project = followed
    html = client.post(STATUS, {"code": mine.code, "last4": "2468"}).content.decode()
    assert "建议后来怎样了" in html
    for text in (
        "与同类建议合并办理",
        "老旧小区加装电梯",
        "采纳为备选项目",
        "人大代表票决",
        "赞成 41 票，入选",
    ):
        assert text in html, text
    assert f"列入 {project.matter.programme.year} 年" in html and "老旧小区加装电梯 200 部" in html
    assert reverse("progress:public_project", args=[project.public_code]) in html
    assert "13900002468" not in html and "张三" not in html


def test_steps_are_in_order(followed):
    from proposals.selectors import proposal_journey

    mine, _ = followed
    titles = [s.title for s in proposal_journey(proposal=mine)]
    assert titles[:4] == ["与同类建议合并办理", "采纳为备选项目", "确定为候选项目", "人大代表票决"]
    assert len(titles) == 5 and titles[-1].startswith("列入")


def test_a_proposal_still_in_intake_has_no_later_steps(client):
    p = ProposalFactory(proposer_phone="13900001357")
    html = client.post(STATUS, {"code": p.code, "last4": "1357"}).content.decode()
    assert p.title in html and "建议后来怎样了" not in html


def test_code_typed_with_spaces_and_full_width(client, followed):
    mine, _ = followed
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in mine.code.lower())
    for code, last4 in ((" ".join(mine.code), "2468"), (full_width, "２４６８"), (mine.code, " 24 68")):
        r = client.post(STATUS, {"code": code, "last4": last4})
        assert r.status_code == 200 and "建议后来怎样了" in r.content.decode(), code


def test_closed_campaigns_show_what_they_produced(client, followed):
    mine, project = followed
    campaign = mine.campaign
    campaign.starts_at = timezone.now() - dt.timedelta(days=90)
    campaign.ends_at = timezone.now() - dt.timedelta(days=30)
    campaign.save()
    ProposalFactory(campaign=campaign)  # a third proposal, not adopted
    html = client.get(reverse("proposals:campaigns")).content.decode()
    assert "收到建议 3 条 → 采纳为备选项目 1 个 → 列入民生实事 1 个" in html
    assert reverse("progress:public_project", args=[project.public_code]) in html
