"""一码到底 on a 375 px phone (issue 17 §5): a proposer types the receipt code (with spaces) and the last four phone
digits and follows their proposal through the merge, the 备选项目 and the vote to the project's public page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_proposer_follows_the_code_to_the_project(page, demo):
    from candidates.models import CandidateStage, SessionState, VotingSession
    from projects.models import IndicatorTarget
    from proposals.models import ProposalEvent, State
    from tests.candidates.factories import CandidateFactory, RoundFactory
    from tests.proposals.factories import ProposalFactory

    project = (
        IndicatorTarget.objects.filter(county__name="洞口县", indicator__name="农村公路提质改造")
        .select_related("indicator__project")
        .first()
        .indicator.project
    )
    mine = ProposalFactory(title="村道加宽硬化", proposer_phone="13700001357")
    kept = ProposalFactory(title="农村公路提质改造", campaign=mine.campaign)
    mine.state, mine.merged_into = State.MERGED, kept
    mine.save()
    ProposalEvent.objects.create(proposal=mine, from_state=State.ACCEPTED, to_state=State.MERGED)
    candidate = CandidateFactory(
        round=RoundFactory(year=2024), name="农村公路提质改造", stage=CandidateStage.CHOSEN, project=project
    )
    kept.candidate = candidate
    kept.save()
    session = VotingSession.objects.create(
        round=candidate.round,
        title="民生实事项目人大代表票决",
        seats=1,
        state=SessionState.CLOSED,
        closed_at=timezone.now() - dt.timedelta(days=5),
        tally={"rows": [{"candidate": candidate.pk, "for": 38, "result_label": "入选"}]},
    )
    session.candidates.add(candidate)

    page.goto("/proposals/status/")
    page.get_by_label("查询码").fill(" ".join(mine.code.lower()))
    page.get_by_label("手机号（电话）后四位").fill("1357")
    page.get_by_role("button", name="查询").click()
    steps = page.locator("#proposal-journey").inner_text()
    for text in ("与同类建议合并办理", "采纳为备选项目", "赞成 38 票，入选", "列入"):
        assert text in steps, text
    assert "13700001357" not in page.content()
    no_sideways_scroll(page)
    shot(page, "one-code-status")
    page.get_by_role("link", name="查看项目进展").click()
    expect(page.get_by_role("heading", name=project.name)).to_be_visible()
    expect(page.get_by_role("heading", name="项目概况")).to_be_visible()
