"""Journey: the office takes two candidates through every stage, three deputies vote on phones (375 px),
nobody sees a count before the vote is closed, the tally page and its xlsx agree, the result is published on a
public 公示 page, and the chosen candidate appears in next year's programme."""

from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from candidates.models import Ballot, ScreeningRound, SealedBox, VoterRecord
from minsheng.accounts.models import Organisation, Role
from tests.e2e.conftest import VIEWPORTS, shot
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.e2e
PASSWORD = "Test#2024pass"
NAMES = ["城乡供水提质改造", "背街小巷照明改造"]
DEPUTIES = ["代表甲", "代表乙", "代表丙"]


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def move(page, stage_value, comment=""):
    page.locator("#to_stage").select_option(stage_value)
    if comment:
        page.locator("#move_comment").fill(comment)
    page.get_by_role("button", name="确认转入").click()


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_candidates_journey(page, browser, live_server):
    district = OrganisationFactory(name="演示区", kind=Organisation.Kind.COUNTY)
    OrganisationFactory(name="演示区水利局", kind=Organisation.Kind.DEPARTMENT, parent=district)
    UserFactory(username="e2e_office", role=Role.OFFICE)
    for i, name in enumerate(DEPUTIES):
        UserFactory(username=f"e2e_deputy{i}", real_name=name, role=Role.DEPUTY, organisation=district)
    rnd = ScreeningRound.objects.create(organisation=district, year=2026)

    login(page, "e2e_office")
    round_url = f"/programme/candidates/round/{rnd.pk}/"
    for name in NAMES:
        page.goto(round_url)
        page.get_by_role("link", name="登记备选项目").click()
        page.get_by_label("项目名称").fill(name)
        page.get_by_label("主要内容").fill(f"{name}，惠及城乡居民")
        page.get_by_label("责任主体").select_option(label="演示区水利局")
        page.get_by_label("投资额度（万元）").fill("500")
        page.get_by_label("资金来源").fill("区级财政预算")
        page.get_by_label("完成时限").fill("2026-12-31")
        page.get_by_label("声明：不与年度重大项目（工作）重复").check()
        page.get_by_label("声明：不含政策调整事项").check()
        page.get_by_label("声明：不属于部门常规工作").check()
        page.get_by_role("button", name="保存").click()
        page.get_by_text("备选项目已登记。").wait_for()
        move(page, "declared")
        move(page, "review")
        # A refused move shows its reason: funds are not in the budget yet.
        page.get_by_label("必要性").select_option("5")
        page.get_by_label("可行性").select_option("4")
        page.get_by_label("资金保障").select_option("4")
        page.get_by_label("绩效目标").select_option("5")
        page.get_by_role("button", name="提交评分").click()
        move(page, "consultation")
        expect(page.get_by_text("未纳入预算的项目不得列入")).to_be_visible()
        page.get_by_label("资金已纳入年度财政预算").check()
        page.get_by_label("预算安排说明").fill("已纳入 2026 年区级预算")
        page.get_by_role("button", name="保存预算确认").click()
        move(page, "consultation")
        page.get_by_text("录入意见").click()
        page.get_by_label("意见来源").select_option("npc")
        page.get_by_label("提出单位/人").fill("区人大常委会")
        page.get_by_label("意见内容").fill("同意列入，建议加快进度")
        page.get_by_role("button", name="保存意见").click()
        page.get_by_label("工作组答复").fill("已采纳")
        page.get_by_role("button", name="保存答复").click()
        move(page, "confirmed")
        assert page.locator("#stage").inner_text() == "确定候选"
    shot(page, "candidates-detail")

    page.goto(round_url)
    for i, kind in enumerate(["1", "2", "3"]):
        page.get_by_text("记录审议会议").click() if i == 0 else None
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_held_on").fill(f"2025-12-0{i + 1}")
        page.locator("#id_decision").select_option("approved")
        page.get_by_role("button", name="保存审议记录").click()
        page.get_by_text("审议会议已记录。").wait_for()
        page.get_by_text("记录审议会议").click() if i < 2 else None
    page.locator("summary", has_text="创建票决会议").click()
    page.locator("#id_title").fill("演示区 2026 年重点民生实事项目票决")
    page.locator("#id_seats").fill("1")
    for name in NAMES + DEPUTIES:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="创建票决会议").click()
    page.get_by_role("button", name="开始投票").click()
    page.get_by_text("投票已开始。").wait_for()

    # Three deputies vote on their phones.
    choices = [("赞成", "反对"), ("赞成", "弃权"), ("反对", "赞成")]
    for i, (first, second) in enumerate(choices):
        ctx = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN", base_url=live_server.url)
        phone = ctx.new_page()
        phone.viewport_name = "phone"
        login(phone, f"e2e_deputy{i}")
        phone.goto("/programme/candidates/")
        phone.get_by_role("link", name="进入投票").click()
        if i == 0:  # two 赞成 with one seat is refused
            phone.get_by_role("group", name=f"1. {NAMES[0]}").get_by_label("赞成").check()
            phone.get_by_role("group", name=f"2. {NAMES[1]}").get_by_label("赞成").check()
            phone.get_by_role("button", name="确认投票").click()
            phone.get_by_role("alert").filter(has_text="最多只能对 1 个项目投赞成票").wait_for()
            shot(phone, "candidates-ballot-refused")
        phone.get_by_role("group", name=f"1. {NAMES[0]}").get_by_label(first).check()
        phone.get_by_role("group", name=f"2. {NAMES[1]}").get_by_label(second).check()
        no_sideways_scroll(phone)
        if i == 1:
            shot(phone, "candidates-ballot")
        phone.get_by_role("button", name="确认投票").click()
        phone.get_by_text("您已投票").wait_for()
        no_sideways_scroll(phone)
        if i == 2:
            shot(phone, "candidates-ballot-done")
            # The deputy cannot see a count either while the vote is open.
            phone.goto(f"/programme/candidates/session/{rnd.sessions.get().pk}/results/")
            phone.locator("#results-sealed").wait_for()
            no_sideways_scroll(phone)
            shot(phone, "candidates-results-sealed")
        ctx.close()
    # Three deputies have voted; their ballots are sealed in the box, not yet rows.
    assert VoterRecord.objects.count() == 3 and Ballot.objects.count() == 0 and SealedBox.objects.count() == 1

    page.reload()
    assert page.locator("#n-voters").inner_text() == "3" and page.locator("#n-ballots").inner_text() == "3"
    expect(page.locator("#secrecy-note")).to_be_visible()
    shot(page, "candidates-session-open")
    # The office cannot open the results before closing: the page refuses and shows only the turnout.
    page.goto(page.url + "results/")
    assert (
        "结束投票前，任何人（包括专班办公室和系统管理员）都看不到"
        in page.locator("#results-sealed").inner_text()
    )
    expect(page.locator("table.tally")).to_have_count(0)
    shot(page, "candidates-results-refused")
    page.get_by_role("link", name="返回票决会议").click()
    page.get_by_role("button", name="结束投票并计票").click()
    page.get_by_text("计票结果已冻结").wait_for()
    expect(page.get_by_text("与结束时冻结的结果一致")).to_be_visible()
    rows = page.locator("table.tally tbody tr")
    page_rows = {}
    for r in range(rows.count()):
        cells = [c.strip() for c in rows.nth(r).locator("td, th").all_inner_texts()]
        page_rows[cells[1]] = (int(cells[2]), int(cells[3]), int(cells[4]), cells[5])
    assert page_rows[NAMES[0]] == (2, 1, 0, "入选")
    assert page_rows[NAMES[1]] == (1, 1, 1, "未入选")
    shot(page, "candidates-results")
    with page.expect_download() as dl:
        page.get_by_role("link", name="导出 Excel").click()
    ws = openpyxl.load_workbook(BytesIO(Path(dl.value.path()).read_bytes())).active
    xlsx_rows = {r[1]: (r[2], r[3], r[4], r[5]) for r in ws.iter_rows(min_row=2, max_row=3, values_only=True)}
    assert xlsx_rows == page_rows
    assert Ballot.objects.count() == 3 and SealedBox.objects.count() == 0

    # The 公示 page is public: a citizen (not signed in) reads the result.
    public_url = page.get_by_role("link", name="结果公示页").get_attribute("href")
    citizen = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN", base_url=live_server.url)
    anon = citizen.new_page()
    anon.viewport_name = "phone"
    anon.goto(public_url)
    anon.get_by_role("heading", name="票决入选项目（1 个）").wait_for()
    expect(anon.get_by_role("listitem").filter(has_text=NAMES[0])).to_have_count(1)
    no_sideways_scroll(anon)
    shot(anon, "candidates-public-result")
    citizen.close()

    page.goto(round_url)
    page.get_by_role("button", name="将入选项目列入 2026 年民生实事计划").click()
    page.wait_for_url(
        "**/programme/*/", timeout=60_000
    )  # adoption writes the programme; slow on a busy CI machine
    expect(page.get_by_role("heading", name=NAMES[0]).first).to_be_visible()
    expect(page.get_by_text(NAMES[1])).to_have_count(0)
    assert page.locator("#public-votes").get_by_role("link").first.get_attribute("href") == public_url
    shot(page, "candidates-programme")
