"""一码到底 to the end of the loop (issue 17 §5) on a 375 px phone: a resident proposes, the office adopts the
proposal as a 备选项目 that is voted in and becomes a project; once the project's figures show it finished, the
proposer looks it up with the receipt code and the last four phone digits, rates it, cannot rate twice, and
reads the rating (a count, never who) on the project's public page."""

from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db.models import Max
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations
from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_proposer_rates_the_finished_project_and_sees_the_count(page, demo, settings):
    from candidates.models import CandidateStage
    from minsheng.accounts.models import Organisation, User
    from progress.models import FigureState, ReportingPeriod
    from progress.selectors.public import latest_month
    from projects.models import Programme
    from proposals import services
    from proposals.models import Proposal, ProposalRating, State
    from tests.candidates.factories import CandidateFactory, RoundFactory
    from tests.factories import IndicatorTargetFactory
    from tests.progress.factories import FigureFactory

    settings.PUBLIC_FORMS = {**settings.PUBLIC_FORMS, "CAPTCHA_FIXED_ANSWER": 7}
    cache.clear()

    # 1. The resident proposes on the phone and keeps the receipt code.
    page.goto("/proposals/")
    page.get_by_role("link", name="我要提建议").first.click()
    page.get_by_label("项目名称").fill("洞口县城区增设公共充电桩")
    page.get_by_label("项目级别").select_option("city")
    page.get_by_label("实施内容").fill("在城区主要停车场增设电动汽车公共充电桩")
    page.locator("#id_suggested_unit_text").fill("洞口县人民政府")
    page.get_by_label("建议人姓名").fill("李红")
    page.get_by_label("联系电话").fill("13807392580")
    page.get_by_label("验证码").fill("7")
    page.get_by_label("我已阅读并同意", exact=False).check()
    page.get_by_role("button", name="提交建议").click()
    expect(page.get_by_role("heading", name="建议已收到")).to_be_visible()
    code = page.locator("#tracking-code").inner_text().strip()
    proposal = Proposal.objects.get(code=code)

    # 2. Behind the scenes: adopted as a 备选项目, voted in, listed as a project of the public programme; its one
    #    task (洞口县, 40 个) is reported and verified complete in the programme's latest month.
    programme = Programme.objects.filter(is_public=True, periods__isnull=False).order_by("-year").first()
    month = latest_month(programme=programme)
    period = ReportingPeriod.objects.get(programme=programme, month=month)
    county = Organisation.objects.get(name="洞口县")
    task = IndicatorTargetFactory(
        indicator__project__matter__programme=programme,
        indicator__project__matter__seq=programme.matters.aggregate(n=Max("seq"))["n"] + 1,
        indicator__project__name="城区公共充电桩建设",
        indicator__name="新建公共充电桩",
        indicator__unit="个",
        indicator__target=D("40"),
        county=county,
        target=D("40"),
    )
    project = task.indicator.project
    FigureFactory(
        target=task, period=period, value=D("40"), verified_value=D("40"), state=FigureState.VERIFIED
    )
    candidate = CandidateFactory(
        round=RoundFactory(year=programme.year),
        name="城区公共充电桩建设",
        stage=CandidateStage.CHOSEN,
        project=project,
    )
    office = User.objects.get(username="office")
    services.proposal_transition(proposal=proposal, to_state=State.ACCEPTED, actor=office)
    services.proposal_adopt(
        proposals=[Proposal.objects.get(pk=proposal.pk)], candidate=candidate, actor=office
    )
    cache.clear()

    # 3. The proposer looks the code up (typed with spaces), follows the steps and rates the finished project.
    page.goto("/proposals/status/")
    page.get_by_label("查询码").fill(" ".join(code))
    page.get_by_label("手机号（电话）后四位").fill("2580")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#proposal-journey")).to_contain_text("采纳为备选项目")
    expect(page.locator("#proposal-journey")).to_contain_text("城区公共充电桩建设")
    rating = page.locator("#proposal-rating")
    expect(rating).to_contain_text("项目已完成")
    no_sideways_scroll(page)
    assert rating.locator("#id_website").bounding_box()["x"] < 0  # the honeypot is off-screen, not for people
    found = axe_violations(page)
    assert not found, f"评价表单有严重无障碍问题：{found}"
    shot(page, "rating-form")
    rating.get_by_label("满意", exact=True).check()
    rating.get_by_label("验证码").fill("7")
    rating.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价")).to_be_visible()
    expect(page.locator("#rating-given")).to_contain_text("满意")
    assert ProposalRating.objects.get(proposal=proposal).value == "satisfied"
    assert "13807392580" not in page.content() and "李红" not in page.content()
    shot(page, "rating-given")

    # 4. A second look-up shows the rating already given, and no form to rate again.
    page.goto("/proposals/status/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("手机号（电话）后四位").fill("2580")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#rating-given")).to_contain_text("每个查询码只能评价一次")
    expect(page.locator("#rating-form")).to_have_count(0)

    # 5. The project's public page shows the count, never who rated.
    page.get_by_role("link", name="查看项目进展").click()
    expect(page.get_by_role("heading", name="城区公共充电桩建设")).to_be_visible()
    ratings = page.locator("#proposer-ratings")
    expect(ratings).to_contain_text("共 1 人")
    expect(ratings).to_contain_text("满意")
    assert code not in page.content() and "李红" not in page.content()
    no_sideways_scroll(page)
    found = axe_violations(page)
    assert not found, f"项目页（含建议人评价）有严重无障碍问题：{found}"
    ratings.scroll_into_view_if_needed()
    shot(page, "rating-project-page")
