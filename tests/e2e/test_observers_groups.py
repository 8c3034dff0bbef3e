"""Journey (desktop and 375 px phone): the office creates an observer group following two projects,
assigns two observers to it, moves one on to another group, is refused when deleting the group that
still has a member, and exports the roster (花名册) as .xlsx."""

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from observers.exports import ROSTER_HEADERS
from observers.models import Observer, ObserverGroup
from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e

NEW_GROUP = "城市更新观察组"


def login(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_office_manages_groups_and_exports_the_roster(page, demo):
    first, second = ObserverGroup.objects.order_by("sort_order", "pk")[:2]
    a = Observer.objects.filter(group=first).order_by("certificate_no").first()
    b = Observer.objects.filter(group=second).order_by("certificate_no").first()
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions (site.js)

    # 1. From the roster to 小组管理.
    login(page, "office")
    page.goto("/observers/roster/")
    page.get_by_role("link", name="小组管理").first.click()
    page.get_by_role("heading", name="观察员小组（6 个）").wait_for()
    no_sideways_scroll(page)
    shot(page, "observers-groups-list")

    # 2. A new group following two projects (the counter is site.js's data-count-checked).
    page.get_by_role("link", name="新建小组").click()
    page.get_by_label("小组名称").fill(NEW_GROUP)
    page.get_by_label("工作领域").select_option(label="城市建设")
    page.get_by_label("排序").fill("10")
    boxes = page.locator("details[open] input[name=projects]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert page.locator("#gp-count").inner_text() == "2"
    no_sideways_scroll(page)
    shot(page, "observers-group-form")
    page.get_by_role("button", name="新建小组").click()
    page.get_by_text(f"已新建小组“{NEW_GROUP}”").wait_for()
    group = ObserverGroup.objects.get(name=NEW_GROUP)
    assert group.field == "urban" and group.sort_order == 10 and group.projects.count() == 2

    # 3. Two observers from two other groups join it.
    for observer, came_from in ((a, first), (b, second)):
        page.get_by_label("选择观察员").select_option(str(observer.pk))
        page.get_by_role("button", name="调入本组").click()
        page.get_by_text(f"已将{observer.name}调入本组（原属“{came_from.name}”）。").wait_for()
    assert set(group.members.all()) == {a, b}
    members = page.locator("section[aria-labelledby=members-h] li")
    expect(members).to_have_count(2)

    # 4. One of them moves on to the second group, from that group's page.
    page.goto(f"/observers/roster/groups/{second.pk}/")
    page.get_by_label("选择观察员").select_option(str(a.pk))
    page.get_by_role("button", name="调入本组").click()
    page.get_by_text(f"已将{a.name}调入本组（原属“{NEW_GROUP}”）。").wait_for()
    a.refresh_from_db()
    assert a.group == second and list(group.members.all()) == [b]

    # 5. Deleting the new group while it has a member is refused with the reason.
    page.goto(f"/observers/roster/groups/{group.pk}/")
    page.get_by_role("button", name="删除小组").click()
    page.get_by_text(f"小组“{NEW_GROUP}”还有 1 名成员，不能删除。").wait_for()
    assert ObserverGroup.objects.filter(pk=group.pk).exists()
    no_sideways_scroll(page)
    shot(page, "observers-group-detail")

    # 6. The roster export.
    page.goto("/observers/roster/")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出花名册（Excel）").click()
    download = info.value
    assert download.suggested_filename.startswith("观察员花名册") and download.suggested_filename.endswith(
        ".xlsx"
    )
    # The download is stored without an extension, which openpyxl refuses by name: read the bytes.
    ws = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert [c.value for c in ws[3]] == list(ROSTER_HEADERS)
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert len(rows) == Observer.objects.count()
    group_col, phone_col = ROSTER_HEADERS.index("所属小组"), ROSTER_HEADERS.index("联系电话")
    assert rows[b.name][group_col] == NEW_GROUP and rows[a.name][group_col] == second.name
    assert rows[b.name][phone_col] == b.phone  # the office gets full phone numbers
    no_sideways_scroll(page)
    shot(page, "observers-roster")
