"""Issue 15 "Done when": from an empty database (no demo), the system administrator sets up a city of their own
invention entirely through the web pages — organisations, users (initial passwords sheet), a 30-indicator programme
with its 任务分解表 and the observer roster, each workbook built from the template downloaded from the platform — the
set-up checklist in the 待办 goes empty, the first month is opened, and a clerk of the new city logs in (forced to
change the initial password) and reports a figure for the month."""

import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e
ADMIN_PASSWORD = "Admin#2026setup"
CLERK_NEW_PASSWORD = "Qz7#Lm2pXv9w"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ORGS = [
    ["云岭省", "", "省", "", "", 1],
    ["清河市", "", "市（州）", "云岭省", "539100", 1],
    ["清河市重点民生实事工作专班办公室", "市专班办", "工作专班办公室", "清河市", "", 2],
    ["清河市教育局", "市教育局", "直属责任单位", "清河市", "", 10],
    ["清河市卫生健康委员会", "市卫健委", "直属责任单位", "清河市", "", 11],
    ["清河市交通运输局", "市交通局", "直属责任单位", "清河市", "", 12],
    ["东岸县", "", "县市区", "清河市", "539121", 21],
    ["西林区", "", "县市区", "清河市", "539122", 22],
]
USERS = [
    ["周文", "qh_office", "专班办公室", "清河市重点民生实事工作专班办公室", "13900000001", ""],
    ["李东", "qh_dongan", "县市区专班", "东岸县", "13900000002", ""],
    ["陈西", "qh_xilin", "县市区专班", "西林区", "13900000003", ""],
    ["赵教", "qh_edu", "市直责任单位", "清河市教育局", "", ""],
]
OBSERVERS = [
    ["QH2026-001", "孙敏", "观察员", "清河市", "人大代表", "清河市第一中学教师", "13700000001", "2026-03-01",
     "2028-02-28", "民生保障组", "民生保障", ""],
    ["QH2026-002", "吴强", "监督员", "东岸县", "村（社区）干部", "东岸县城关镇社区主任", "", "2026-03-01", "",
     "乡村振兴组", "乡村振兴", ""],
]  # fmt: skip
LEADS = ["市教育局", "市卫健委", "市交通局"]


def programme_rows(year: int) -> list[list]:
    """30 indicators: 4 省定 and 6 市定 实事, one project each, three counted indicators per project."""
    rows = []
    for m in range(10):
        level, seq = ("省定", m + 1) if m < 4 else ("市定", m - 3)
        for i in range(3):
            rows.append([year, "清河市", level, seq, f"民生实事{m + 1}", 1, f"项目{m + 1}", "",
                         f"指标{m + 1}-{i + 1}", "个", "累计数量", 10 * (i + 1) + 2 * m, "", "", LEADS[m % 3], "", ""])  # fmt: skip
    return rows


def template(page, kind: str, **params) -> openpyxl.Workbook:
    query = "&".join(f"{k}={v}" for k, v in {"kind": kind, **params}.items())
    resp = page.request.get(f"/setup/template/?{query}")
    assert resp.status == 200 and resp.headers["content-type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(resp.body()))


def filled(wb: openpyxl.Workbook, rows: list[list], name: str) -> io.BytesIO:
    ws = wb.worksheets[0]
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = name
    return buf


def import_workbook(page, kind_label: str, f: io.BytesIO, expect_new: str) -> str:
    """Upload on /setup/, check the preview, confirm; returns the result's text."""
    page.goto("/setup/")
    page.get_by_label("工作簿类型").select_option(label=kind_label)
    page.get_by_label("填好的 Excel 文件（.xlsx）").set_input_files(
        files=[{"name": f.name, "mimeType": XLSX, "buffer": f.getvalue()}]
    )
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_role("heading", name=f"导入预览：{kind_label}").wait_for()
    assert expect_new in page.locator("main").inner_text()
    page.get_by_role("button", name="确认导入").click()
    result = page.locator("#import-result")
    expect(result).to_be_visible()
    return result.inner_text()


def open_checks(page) -> list[str]:
    """The checklist's items still to do (their text, without the link)."""
    page.goto("/setup/checklist/")
    texts = page.locator("#checklist li > span").all_inner_texts()
    return [t.replace("待处理：", "").strip() for t in texts if "待处理：" in t]


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_an_invented_city_is_set_up_through_the_web_and_its_clerk_reports(
    page, live_server, browser, settings
):
    from minsheng.accounts.models import Organisation, User
    from observers.models import Observer
    from progress.models import Figure
    from projects.models import Indicator, IndicatorTarget, Programme

    assert not Organisation.objects.exists() and not Programme.objects.exists()  # no demo
    # the deployment for the new city names it (MINSHENG_CITY_NAME), and the office sets up the coming year:
    # January then opens with its deadline (5 February) still ahead, whatever the day the test runs
    settings.MINSHENG = {**settings.MINSHENG, "CITY_NAME": "清河市"}
    year = timezone.localdate().year + 1
    # `manage.py createsuperuser`: the only step outside the browser
    User.objects.create_superuser("admin", email="admin@example.com", password=ADMIN_PASSWORD)
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("header, nav").first).to_contain_text("清河市")
    # the empty platform: the set-up checklist is the administrator's first 待办
    todo = page.locator(".todo").get_by_role("link").filter(has_text="建账检查清单")
    expect(todo).to_be_visible()
    shot(page, "done-when-home-empty")
    todo.click()
    page.get_by_role("heading", name="建账检查清单").wait_for()
    assert "尚无市（州）：请先导入组织机构" in page.locator("#checklist").inner_text()

    # 1. organisations, from the downloaded template
    text = import_workbook(
        page, "组织机构", filled(template(page, "organisations"), ORGS, "组织机构.xlsx"), "新增 8"
    )
    assert "新增 8 个单位" in text
    # 2. users: the initial passwords are shown once, on a printable sheet
    import_workbook(page, "用户", filled(template(page, "users"), USERS, "用户.xlsx"), "新增 4")
    sheet = page.locator("#password-sheet")
    headers = sheet.locator("thead th").all_inner_texts()
    passwords = {
        cells[headers.index("登录名")]: cells[headers.index("初始密码")]
        for cells in (row.locator("td").all_inner_texts() for row in sheet.locator("tbody tr").all())
    }
    assert set(passwords) == {"qh_office", "qh_dongan", "qh_xilin", "qh_edu"}
    shot(page, "done-when-password-sheet")
    # 3. the programme: 30 indicators
    text = import_workbook(
        page,
        "年度实事计划",
        filled(template(page, "programme"), programme_rows(year), "计划.xlsx"),
        "新增 30",
    )
    assert "新增 30 个指标" in text
    programme = Programme.objects.get(year=year, organisation__name="清河市")
    checks = open_checks(page)
    assert f"{programme}：30 个指标尚未分解到县市区" in checks
    shot(page, "done-when-checklist-before-targets")
    # 4. the 任务分解表, downloaded pre-filled with the 30 indicators × 2 counties, split and uploaded back
    wb = template(page, "targets", programme=programme.pk)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]][6:] == ["东岸县", "西林区"] and ws.max_row == 31
    targets = {i.code: int(i.target) for i in Indicator.objects.filter(project__matter__programme=programme)}
    for r in range(2, ws.max_row + 1):
        total = targets[ws.cell(r, 3).value]
        ws.cell(r, 6).value, ws.cell(r, 7).value, ws.cell(r, 8).value = total, total // 2, total - total // 2
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "任务分解表.xlsx"
    text = import_workbook(page, "任务分解表", buf, "新增 30")
    assert "新增 60 项" in text and IndicatorTarget.objects.count() == 60
    # 5. the observer roster
    text = import_workbook(
        page, "观察员名册", filled(template(page, "observers"), OBSERVERS, "观察员.xlsx"), "新增 4"
    )
    assert Observer.objects.count() == 2

    # the checklist is empty but for the first month; the 待办 still points at it
    assert open_checks(page) == [f"{programme}：尚未开启第一个调度月份（补齐上面各项后开启）"]
    shot(page, "done-when-checklist-ready")
    page.goto("/")
    expect(page.locator(".todo").get_by_role("link").filter(has_text="建账检查清单：")).to_contain_text("1")
    # open the first month from the checklist's link
    page.goto("/setup/checklist/")
    page.get_by_role("link", name="开启调度月份").click()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="开启 1-1 月填报").click()
    expect(page.locator("body")).to_contain_text(f"已开启 {year} 年 1-1 月填报")
    assert open_checks(page) == []
    page.goto("/")
    expect(page.locator(".todo")).not_to_contain_text("建账检查清单")
    expect(page.locator(".todo")).not_to_contain_text("逾期")
    shot(page, "done-when-office-home-reporting")

    # a clerk of the new city, on a phone: forced password change, then the month's first figure
    ctx = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="zh-CN", base_url=live_server.url
    )
    ctx.set_default_timeout(15_000)
    clerk = ctx.new_page()
    clerk.viewport_name = "phone"
    clerk.goto("/accounts/login/")
    clerk.get_by_label("用户名").fill("qh_dongan")
    clerk.get_by_label("密码").fill(passwords["qh_dongan"])
    clerk.get_by_role("button", name="登录").click()
    clerk.wait_for_url("**/accounts/password/")
    assert "请先修改初始密码" in clerk.locator("body").inner_text()
    clerk.locator("#id_old_password").fill(passwords["qh_dongan"])
    clerk.locator("#id_new_password1").fill(CLERK_NEW_PASSWORD)
    clerk.locator("#id_new_password2").fill(CLERK_NEW_PASSWORD)
    clerk.get_by_role("button", name="保存").click()
    clerk.wait_for_url(f"{live_server.url}/")
    item = clerk.locator(".todo").get_by_role("link").filter(has_text="进度待报送")
    expect(item).to_contain_text(f"{year} 年 1-1 月")
    shot(clerk, "done-when-clerk-home")
    item.click()
    clerk.get_by_role("link", name="项目1 · 指标1-1").click()
    clerk.get_by_label("累计完成（个）").fill("1")
    clerk.get_by_label("进展情况").fill("1 月完成第一批")
    clerk.get_by_role("button", name="保存并报送").click()
    expect(clerk.locator("#figure-state")).to_have_text("已报送")
    shot(clerk, "done-when-clerk-figure")
    figure = Figure.objects.get(target__county__name="东岸县", target__indicator__name="指标1-1")
    assert (figure.period.month, figure.value, figure.state, figure.narrative) == (
        1,
        1,
        "submitted",
        "1 月完成第一批",
    )
    ctx.close()


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_the_office_copies_last_year_into_a_draft_and_completes_the_votes_items(page, live_server, settings):
    """Part 4: from the programme page, preview the copy (counts, carried and finished lists), copy, see the
    checklist and the 待办 ask for the adopted item's indicator, be refused opening a month, fill the indicator
    in, publish, and a second copy is refused."""
    from datetime import date
    from decimal import Decimal

    from candidates.models import Candidate, CandidateStage, CandidateYearTarget, ScreeningRound
    from minsheng.accounts.models import Organisation, Role, User
    from progress.models import ReportingPeriod
    from projects.models import Indicator, IndicatorKind, IndicatorTarget, Matter, Programme, Project

    settings.MINSHENG = {**settings.MINSHENG, "CITY_NAME": "清河市"}
    province = Organisation.objects.create(name="云岭省", kind=Organisation.Kind.PROVINCE)
    city = Organisation.objects.create(name="清河市", kind=Organisation.Kind.CITY, parent=province)
    county = Organisation.objects.create(name="东岸县", kind=Organisation.Kind.COUNTY, parent=city)
    edu = Organisation.objects.create(
        name="清河市教育局", short_name="市教育局", kind="department", parent=city
    )
    User.objects.create_user("qh_office", password=ADMIN_PASSWORD, role=Role.OFFICE, organisation=city,
                             real_name="周文")  # fmt: skip
    User.objects.create_user("qh_dongan", password=ADMIN_PASSWORD, role=Role.COUNTY, organisation=county)
    old = Programme.objects.create(year=2026, organisation=city, name="重点民生实事")
    matter = Matter.objects.create(programme=old, level="city", seq=1, name="教育提质", lead_unit=edu)
    school = Project.objects.create(matter=matter, seq=1, name="新建寄宿制学校", lead_unit=edu)
    road = Project.objects.create(matter=matter, seq=2, name="农村公路提质改造", lead_unit=edu)
    made = [
        Indicator.objects.create(project=school, name="建成寄宿制学校", unit="所", target=Decimal(3),
                                 due_date=date(2027, 8, 31)),
        Indicator.objects.create(project=school, name="城市低保标准", unit="元/月", target=Decimal(650),
                                 kind=IndicatorKind.STANDARD, target_text="不低于650元/月"),
        Indicator.objects.create(project=road, name="改造农村公路", unit="公里", target=Decimal(40),
                                 due_date=date(2026, 11, 30)),
    ]  # fmt: skip
    for ind in made:
        IndicatorTarget.objects.create(indicator=ind, county=county, target=ind.target)
    rnd = ScreeningRound.objects.create(organisation=city, year=2027)
    water = Candidate.objects.create(round=rnd, name="城乡供水提质改造", content="改造管网", responsible_unit=edu,
                                     stage=CandidateStage.CHOSEN, budget_confirmed=True)  # fmt: skip
    CandidateYearTarget.objects.create(
        candidate=water, year=2027, description="改造供水管网", quantity=30, unit="公里"
    )
    Candidate.objects.create(round=rnd, name="社区食堂", content="新建社区食堂", responsible_unit=edu,
                             stage=CandidateStage.CHOSEN, budget_confirmed=True)  # fmt: skip

    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("qh_office")
    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto("/setup/")  # reached from the set-up page, and from the programme's page
    expect(page.get_by_role("link", name="下一年度计划（从上年复制）")).to_have_attribute(
        "href", "/programme/candidates/new-year/"
    )
    page.goto(f"/programme/{old.pk}/")
    page.get_by_role("link", name="复制为 2027 年计划（草稿）").click()
    counts = page.locator("#new-year-counts")
    expect(counts).to_contain_text("延续 2 个指标（1 个项目）")
    expect(counts).to_contain_text("已完成、不复制 1 个指标")
    expect(counts).to_contain_text("票决入选 1 项（有年度目标）")
    expect(counts).to_contain_text("票决入选 1 项待补充指标和目标")
    assert "完成时限 2026-11-30，已在 2026 年内" in page.locator("#left-out").inner_text()
    assert "跨年度项目，完成时限 2027-08-31" in page.locator("#carried").inner_text()
    assert not Programme.objects.filter(year=2027).exists()  # a preview stores nothing
    shot(page, "new-year-preview")
    page.get_by_role("button", name="确认复制，生成 2027 年草稿").click()
    page.get_by_role("heading", name="待补充指标和目标的票决项目：1 项").wait_for()
    draft = Programme.objects.get(year=2027, organisation=city)
    assert draft.is_draft and draft.copied_by.username == "qh_office"
    tree = page.locator("#draft-tree").inner_text()
    assert "建成寄宿制学校" in tree and "改造供水管网" in tree and "改造农村公路" not in tree
    shot(page, "new-year-draft")

    # the 待办 and the checklist ask for the adopted item's indicator; the month cannot open yet
    page.goto("/")
    page.locator(".todo").get_by_role("link").filter(has_text="建账检查清单：2027 年").click()
    checklist = page.locator("#checklist").inner_text()
    assert f"{draft}：1 个票决项目尚未填写指标和年度目标" in checklist and "仍是草稿" in checklist
    page.goto(f"/progress/periods/?programme={draft.pk}")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="开启 1-1 月填报").click()
    expect(page.locator("body")).to_contain_text(f"{draft}仍是草稿")
    assert not ReportingPeriod.objects.filter(programme=draft).exists()

    # the office fills the indicator in (a refusal keeps what was typed), then publishes
    page.goto(f"/programme/candidates/new-year/{draft.pk}/")
    form = page.locator("#waiting form")
    form.get_by_label("指标").fill("新建社区食堂")
    form.get_by_label("单位").fill("个")
    form.get_by_role("button", name="保存指标和目标").click()
    expect(page.locator("#waiting")).to_contain_text("“累计数量”类指标须填写年度目标（数字）。")
    assert page.locator("#waiting form").get_by_label("指标").input_value() == "新建社区食堂"
    page.locator("#waiting form").get_by_label("年度目标").fill("12")
    page.locator("#waiting form").get_by_role("button", name="保存指标和目标").click()
    page.get_by_role("heading", name="待补充指标和目标的票决项目：0 项").wait_for()
    page.get_by_role("button", name="发布计划").click()
    expect(page.locator("body")).to_contain_text(f"已发布 {draft}")
    shot(page, "new-year-published")
    page.get_by_role("link", name="开启调度月份").click()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="开启 1-1 月填报").click()
    expect(page.locator("body")).to_contain_text("已开启 2027 年 1-1 月填报")
    draft.refresh_from_db()
    assert not draft.is_draft and draft.is_public and draft.published_by.username == "qh_office"
    # a second copy for the same year and city is refused, by name
    page.goto(f"/programme/candidates/new-year/?source={old.pk}")
    expect(page.locator("#new-year-refusal")).to_contain_text("清河市 2027 年的计划已经由")
    expect(page.get_by_role("button", name="确认复制，生成 2027 年草稿")).to_have_count(0)
