"""The office sets up a city it invented through the 建账导入 pages (375 px): organisations, the year's programme,
then the 任务分解表 downloaded pre-filled from the platform, filled in and uploaded back; each upload is previewed
before it is confirmed, a wrong total is refused with its row and column, and the checklist and the programme page
show the result."""

import io

import openpyxl
import pytest

from tests.e2e.conftest import shot
from tests.workbooks import book

pytestmark = pytest.mark.e2e
PASSWORD = "Setup#2025city"

ORGS = [
    ["湖东省", "", "省", "", "", 1],
    ["青山市", "", "市（州）", "湖东省", "431100", 1],
    ["青山市重点民生实事工作专班办公室", "市专班办", "工作专班办公室", "青山市", "", 1],
    ["青山市教育局", "市教育局", "直属责任单位", "青山市", "", 10],
    ["青山市民政局", "市民政局", "直属责任单位", "青山市", "", 11],
    ["甲县", "", "县市区", "青山市", "431121", 21],
    ["乙区", "", "县市区", "青山市", "431122", 22],
]
PROGRAMME = [
    [2025, "青山市", "省定", 1, "推进教育高质量发展", 1, "寄宿制学校", "", "建设寄宿制学校", "所", "累计数量", 5, "", "",
     "市教育局", "", ""],
    [2025, "青山市", "省定", 2, "提高救助标准", 1, "城乡低保", "", "城市低保标准", "元/月", "标准值", 650,
     "不低于650元/月", "", "市民政局", "", ""],
    [2025, "青山市", "市定", 1, "幼儿园建设", 1, "新建幼儿园", "", "新建普惠性幼儿园", "所", "累计数量", 4, "", "",
     "市教育局", "市民政局", ""],
]  # fmt: skip


def upload(page, kind_label, f, *, expect):
    page.goto("/setup/")
    page.get_by_label("工作簿类型").select_option(label=kind_label)
    page.get_by_label("填好的 Excel 文件（.xlsx）").set_input_files(
        files=[{"name": f.name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": f.getvalue()}])  # fmt: skip
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_role("heading", name=f"导入预览：{kind_label}").wait_for()
    assert expect in page.locator("main").inner_text()


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_office_sets_up_a_city_through_workbooks(page, live_server, browser):
    from minsheng.accounts.models import Role, User
    from projects.models import IndicatorTarget, Programme
    from projects.workbooks import ProgrammeKind

    User.objects.create_user("setup_office", password=PASSWORD, role=Role.OFFICE, real_name="建账员")
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("setup_office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")
    page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("button", name="管理").click()  # the office's tools are one menu
    page.get_by_role("link", name="建账导入").click()
    page.get_by_role("heading", name="建账导入").wait_for()
    shot(page, "setup-journey-start")

    # 1. organisations, 2. the programme: preview, then confirm
    upload(
        page,
        "组织机构",
        book("组织机构", ["单位全称", "简称", "类型", "上级单位", "代码", "排序"], ORGS),
        expect="新增 7",
    )
    page.get_by_role("button", name="确认导入").click()
    assert "新增 7 个单位" in page.locator("#import-result").inner_text()
    upload(
        page,
        "年度实事计划",
        book("年度实事计划", [c.header for c in ProgrammeKind.columns], PROGRAMME),
        expect="新增 3",
    )
    shot(page, "setup-journey-programme-preview")
    page.get_by_role("button", name="确认导入").click()
    assert "新增 3 个指标" in page.locator("#import-result").inner_text()
    programme = Programme.objects.get(year=2025, organisation__name="青山市")

    # 3. the 任务分解表, downloaded pre-filled (indicators × counties) with the signed-in session
    data = page.request.get(f"/setup/template/?kind=targets&programme={programme.pk}").body()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["任务分解表"]
    assert [c.value for c in ws[1]][6:] == ["甲县", "乙区"]
    fill = {"省1-1-1": (5, 3, 2), "省2-1-1": (None, "不低于650元/月", "不低于650元/月"), "市1-1-1": (5, 2, 2)}
    for r in range(2, ws.max_row + 1):
        total, a, b = fill[ws.cell(r, 3).value]
        ws.cell(r, 6).value, ws.cell(r, 7).value, ws.cell(r, 8).value = total, a, b
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "任务分解表.xlsx"
    # the 市1-1-1 row says 5 but its counties add up to 4: refused with row and column, nothing stored
    upload(page, "任务分解表", buf, expect="发现 1 处错误，未导入任何数据")
    errors = page.locator("#import-errors").inner_text()
    assert "F 列（合计）" in errors and "合计 5 与各县市区之和 4 不一致（相差 1）" in errors
    shot(page, "setup-journey-targets-error")
    assert not IndicatorTarget.objects.exists()
    ws.cell(next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == "市1-1-1"), 6).value = 4
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "任务分解表.xlsx"
    upload(page, "任务分解表", buf, expect="新增 3")
    assert "甲县：（空） → 3" in page.locator("#import-changes").inner_text()
    page.get_by_role("button", name="确认导入").click()
    assert "新增 6 项" in page.locator("#import-result").inner_text()
    assert IndicatorTarget.objects.count() == 6

    # the result: the checklist and the programme's page
    page.get_by_role("link", name="查看建账检查清单").click()
    checklist = page.locator("#checklist").inner_text()
    assert "各指标均已分解到县市区" in checklist and "甲县没有县市区专班账户" in checklist
    shot(page, "setup-journey-checklist")
    page.goto(f"/programme/{programme.pk}/")
    body = page.locator("main").inner_text()
    assert "建设寄宿制学校" in body and "新建普惠性幼儿园" in body
    shot(page, "setup-journey-programme")

    # 4. a clerk for 甲县: the initial password is shown once on a printable sheet, and changed at first log-in
    people = [["李明", "county_jia", "县市区专班", "甲县", "13800000000", ""]]
    upload(
        page,
        "用户",
        book("用户", ["姓名", "登录名", "角色", "所属单位", "联系电话", "电子邮箱"], people),
        expect="新增 1",
    )
    page.get_by_role("button", name="确认导入").click()
    sheet = page.locator("#password-sheet")
    assert "county_jia" in sheet.inner_text()
    initial = sheet.locator("tbody td").last.inner_text().strip()
    shot(page, "setup-journey-password-sheet")
    clerk_context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN",
                                        base_url=live_server.url)  # fmt: skip
    clerk = clerk_context.new_page()
    clerk.goto("/accounts/login/")
    clerk.get_by_label("用户名").fill("county_jia")
    clerk.get_by_label("密码").fill(initial)
    clerk.get_by_role("button", name="登录").click()
    clerk.wait_for_url("**/accounts/password/")
    assert "请先修改初始密码" in clerk.locator("body").inner_text()
    clerk.locator("#id_old_password").fill(initial)
    clerk.locator("#id_new_password1").fill("Qz7#Lm2pXv9w")
    clerk.locator("#id_new_password2").fill("Qz7#Lm2pXv9w")
    clerk.get_by_role("button", name="保存").click()
    clerk.wait_for_url(f"{live_server.url}/")
    resp = clerk.goto("/setup/")  # a clerk cannot open the office's set-up pages
    assert resp.status == 403 and "没有权限访问此页面" in clerk.locator("main").inner_text()
    clerk_context.close()
