"""Journey: a vote ends with two candidates tied for the last seat; the office prepares the new vote from the
results page, opens it, deputies vote on their phones (375 px), and the results page of the new vote shows the
seat decided and links back to the first vote."""

import pytest
from playwright.sync_api import expect

from candidates import voting as vt
from candidates.models import CandidateStage, VotingSession
from tests.candidates.test_runoff import tied_session
from tests.candidates.test_voting import marks
from tests.e2e.conftest import VIEWPORTS, shot

pytestmark = pytest.mark.e2e
PASSWORD = "Test#2024pass"


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_tie_then_runoff(page, browser, live_server):
    session, cands, roster, office = tied_session()
    a, b, c, d = cands

    login(page, office.username)
    page.goto(f"/programme/candidates/session/{session.pk}/results/")
    page.get_by_text("末位票数相同，须就剩余 1 个名额重新票决。").wait_for()
    shot(page, "candidates-tie")
    page.get_by_role("button", name="准备重新票决").click()
    page.get_by_text("已准备重新票决").wait_for()
    runoff = VotingSession.objects.get(runoff_of=session)
    assert page.url.endswith(f"/session/{runoff.pk}/")
    page.get_by_role("button", name="开始投票").click()
    page.get_by_text("投票已开始。").wait_for()

    # Two deputies on phones give the seat to C; three more ballots through the service (same rules).
    for dep in roster[:2]:
        ctx = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN", base_url=live_server.url)
        phone = ctx.new_page()
        phone.viewport_name = "phone"
        login(phone, dep.username)
        phone.goto(f"/programme/candidates/session/{runoff.pk}/vote/")
        phone.get_by_role("group", name=f"1. {b.name}").get_by_label("反对").check()
        phone.get_by_role("group", name=f"2. {c.name}").get_by_label("赞成").check()
        assert phone.locator("#n-for").inner_text() == "1"  # the counter bound by static/js/site.js
        phone.get_by_role("button", name="确认投票").click()
        phone.get_by_text("您已投票").wait_for()
        ctx.close()
    for dep in roster[2:]:
        vt.ballot_cast(session=runoff, deputy=dep, marks=marks([b, c], "against", "for"))

    page.reload()
    page.get_by_role("button", name="结束投票并计票").click()
    page.get_by_text("计票结果已冻结").wait_for()
    rows = page.locator("table.tally tbody tr")
    results = {}
    for r in range(rows.count()):
        cells = [x.strip() for x in rows.nth(r).locator("td, th").all_inner_texts()]
        results[cells[1]] = (int(cells[2]), cells[5])
    assert results == {c.name: (5, "入选"), b.name: (0, "未入选")}
    expect(page.get_by_role("link", name=session.title)).to_be_visible()  # back to the first vote
    shot(page, "candidates-runoff-results")
    for cand, stage in (
        (a, CandidateStage.CHOSEN),
        (b, CandidateStage.NOT_CHOSEN),
        (c, CandidateStage.CHOSEN),
    ):
        cand.refresh_from_db()
        assert cand.stage == stage

    page.goto(f"/programme/candidates/session/{session.pk}/results/")
    expect(page.locator("#runoff-link")).to_be_visible()
    expect(page.locator("#runoff-btn")).to_have_count(0)
