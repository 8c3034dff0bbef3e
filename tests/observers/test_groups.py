"""小组管理 and 花名册导出: services (rules, history), views (forms, messages), permissions, the xlsx."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minsheng.accounts.models import Organisation, Role
from observers.exports import ROSTER_HEADERS, roster_xlsx
from observers.models import Observer, ObserverGroup
from observers.services import (
    group_create,
    group_delete,
    group_member_add,
    group_member_remove,
    group_update,
)
from observers.services.groups import (
    ERR_GROUP_HAS_MEMBERS,
    ERR_GROUP_NAME_REQUIRED,
    ERR_GROUP_NAME_TAKEN,
    ERR_MEMBER_ALREADY,
    ERR_MEMBER_ENDED,
    ERR_MEMBER_NOT_IN_GROUP,
)
from observers.services.workflow import ERR_OFFICE_ONLY
from tests.factories import OrganisationFactory, UserFactory

from .factories import ObserverFactory, ObserverGroupFactory, clerk, county, office, project

pytestmark = pytest.mark.django_db

HEADER_ROW = 3


def _history_rows() -> int:
    return ObserverGroup.history.count() + Observer.history.count()


# --- services ------------------------------------------------------------------------------------


def test_group_create_follows_projects_and_is_audited():
    boss = office()
    p1, p2 = project(), project()
    group = group_create(by=boss, name="  城市建设组 ", field="urban", sort_order=3, projects=[p1, p2])
    assert group.name == "城市建设组" and group.sort_order == 3
    assert set(group.projects.all()) == {p1, p2}
    rows = list(group.history.order_by("history_id"))
    assert [r.history_type for r in rows] == ["+", "~"]
    assert all(r.history_user == boss and r.history_change_reason == "新建小组" for r in rows)
    # The last row holds the projects the group followed at that moment.
    assert {m.project_id for m in rows[-1].projects.all()} == {p1.pk, p2.pk}


def test_group_create_refuses_blank_and_taken_names():
    boss = office()
    ObserverGroupFactory(name="民生保障组")
    with pytest.raises(ValidationError) as exc:
        group_create(by=boss, name="民生保障组", field="livelihood")
    assert exc.value.message_dict["name"] == [ERR_GROUP_NAME_TAKEN.format(name="民生保障组")]
    with pytest.raises(ValidationError) as exc:
        group_create(by=boss, name="   ", field="livelihood")
    assert exc.value.message_dict["name"] == [ERR_GROUP_NAME_REQUIRED]
    assert ObserverGroup.objects.count() == 1


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.COUNTY, Role.DEPARTMENT, Role.DEPUTY])
def test_services_refuse_everyone_but_the_office(role):
    someone = UserFactory(username=f"u_{role}", role=role)
    group = ObserverGroupFactory(name="甲组")
    other = ObserverGroupFactory(name="乙组")
    observer = ObserverFactory(group=other)
    before = _history_rows()
    calls = [
        lambda: group_create(by=someone, name="新组", field="urban"),
        lambda: group_update(group=group, by=someone, name="改名", field="urban", sort_order=1, projects=[]),
        lambda: group_delete(group=other, by=someone),
        lambda: group_member_add(group=group, observer=observer, by=someone),
        lambda: group_member_remove(group=other, observer=observer, by=someone),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as exc:
            call()
        assert str(exc.value) == ERR_OFFICE_ONLY
    assert sorted(ObserverGroup.objects.values_list("name", flat=True)) == ["乙组", "甲组"]
    observer.refresh_from_db()
    assert observer.group == other and _history_rows() == before


def test_group_update_replaces_projects_in_one_history_row():
    boss = office()
    p1, p2, p3 = project(), project(), project()
    group = group_create(by=boss, name="乡村振兴组", field="rural", projects=[p1, p2])
    n = group.history.count()
    group_update(group=group, by=boss, name="乡村振兴一组", field="ecology", sort_order=7, projects=[p2, p3])
    group.refresh_from_db()
    assert (group.name, group.field, group.sort_order) == ("乡村振兴一组", "ecology", 7)
    assert set(group.projects.all()) == {p2, p3}
    assert group.history.count() == n + 1
    last = group.history.first()
    assert (last.history_type, last.history_user, last.history_change_reason) == ("~", boss, "修改小组")
    assert {m.project_id for m in last.projects.all()} == {p2.pk, p3.pk}


def test_group_update_refuses_another_groups_name_but_keeps_its_own():
    boss = office()
    ObserverGroupFactory(name="安全生产组")
    group = ObserverGroupFactory(name="生态环境组")
    group_update(group=group, by=boss, name="生态环境组", field="ecology", sort_order=2, projects=[])
    with pytest.raises(ValidationError) as exc:
        group_update(group=group, by=boss, name="安全生产组", field="safety", sort_order=2, projects=[])
    assert exc.value.message_dict["name"] == [ERR_GROUP_NAME_TAKEN.format(name="安全生产组")]
    group.refresh_from_db()
    assert group.name == "生态环境组"


def test_group_delete_only_when_empty():
    boss = office()
    group = ObserverGroupFactory(name="社会事业组")
    ObserverFactory(group=group)
    ObserverFactory(group=group, status=Observer.Status.ENDED)  # an ended member still counts
    with pytest.raises(ValidationError) as exc:
        group_delete(group=group, by=boss)
    assert exc.value.messages == [ERR_GROUP_HAS_MEMBERS.format(name="社会事业组", n=2)]
    assert ObserverGroup.objects.filter(pk=group.pk).exists()

    empty = ObserverGroupFactory(name="空组")
    pk = empty.pk
    group_delete(group=empty, by=boss)
    assert not ObserverGroup.objects.filter(pk=pk).exists()
    gone = ObserverGroup.history.filter(id=pk).first()
    assert (gone.history_type, gone.history_user, gone.history_change_reason) == ("-", boss, "删除小组")


def test_member_add_moves_between_groups_and_is_audited():
    boss = office()
    a, b = ObserverGroupFactory(name="甲组"), ObserverGroupFactory(name="乙组")
    observer = ObserverFactory(group=a, name="李明")
    group_member_add(group=b, observer=observer, by=boss)
    observer.refresh_from_db()
    assert observer.group == b
    row = observer.history.first()
    assert (row.history_user, row.history_change_reason, row.group_id) == (boss, "调入小组“乙组”", b.pk)
    assert row.prev_record.group_id == a.pk

    with pytest.raises(ValidationError) as exc:
        group_member_add(group=b, observer=observer, by=boss)
    assert exc.value.messages == [ERR_MEMBER_ALREADY.format(name="李明")]

    ended = ObserverFactory(group=None, name="王芳", status=Observer.Status.ENDED)
    with pytest.raises(ValidationError) as exc:
        group_member_add(group=b, observer=ended, by=boss)
    assert exc.value.messages == [ERR_MEMBER_ENDED.format(name="王芳")]
    ended.refresh_from_db()
    assert ended.group is None


def test_member_remove():
    boss = office()
    a, b = ObserverGroupFactory(name="甲组"), ObserverGroupFactory(name="乙组")
    observer = ObserverFactory(group=a, name="赵强")
    with pytest.raises(ValidationError) as exc:
        group_member_remove(group=b, observer=observer, by=boss)
    assert exc.value.messages == [ERR_MEMBER_NOT_IN_GROUP.format(name="赵强")]
    group_member_remove(group=a, observer=observer, by=boss)
    observer.refresh_from_db()
    assert observer.group is None
    assert observer.history.first().history_change_reason == "移出小组“甲组”"


# --- views ---------------------------------------------------------------------------------------


def test_office_creates_a_group_through_the_form(client):
    boss = office()
    p1, p2 = project(name="老旧小区改造"), project(name="城市道路提质")
    client.force_login(boss)
    page = client.get(reverse("observers:group_create")).content.decode()
    assert "老旧小区改造" in page and 'name="projects"' in page
    r = client.post(
        reverse("observers:group_create"),
        {"name": "城市建设组", "field": "urban", "sort_order": "2", "projects": [p1.pk, p2.pk]},
    )
    group = ObserverGroup.objects.get(name="城市建设组")
    assert r.status_code == 302 and r.url == reverse("observers:group_detail", args=[group.pk])
    assert set(group.projects.all()) == {p1, p2}
    body = client.get(r.url).content.decode()
    assert "已新建小组“城市建设组”" in body and "城市道路提质" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "field": "urban", "sort_order": "0"}, "请填写小组名称。"),
        ({"name": "甲组", "field": "", "sort_order": "0"}, "请选择工作领域。"),
        ({"name": "甲组", "field": "urban", "sort_order": "-1"}, "排序号不能小于 0。"),
        ({"name": "甲组", "field": "urban", "sort_order": "一"}, "排序号须为整数。"),
        ({"name": "甲" * 51, "field": "urban", "sort_order": "0"}, "小组名称不能超过 50 个字。"),
        (
            {"name": "甲组", "field": "urban", "sort_order": "0", "projects": ["987654"]},
            "所选项目不存在或已被删除，请刷新页面后重新选择。",
        ),
        ({"name": "已有组", "field": "urban", "sort_order": "0"}, "已有名为“已有组”的小组，请换一个名称。"),
    ],
)
def test_group_form_errors_in_chinese(client, data, message):
    ObserverGroupFactory(name="已有组")
    client.force_login(office())
    r = client.post(reverse("observers:group_create"), data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert ObserverGroup.objects.count() == 1


def test_failed_edit_keeps_the_ticked_projects(client):
    p1, p2 = project(), project()
    group = ObserverGroupFactory(name="甲组")
    group.projects.set([p1])
    client.force_login(office())
    page = client.get(reverse("observers:group_edit", args=[group.pk])).content.decode()
    assert f'value="{p1.pk}" id="gp-{p1.pk}" checked' in page and f'id="gp-{p2.pk}" checked' not in page
    r = client.post(
        reverse("observers:group_edit", args=[group.pk]),
        {"name": "", "field": "urban", "sort_order": "0", "projects": [p2.pk]},
    )
    page = r.content.decode()
    assert (
        r.status_code == 400 and f'id="gp-{p2.pk}" checked' in page and f'id="gp-{p1.pk}" checked' not in page
    )
    assert list(group.projects.all()) == [p1]


def test_office_moves_and_removes_members_through_the_views(client):
    a, b = ObserverGroupFactory(name="甲组"), ObserverGroupFactory(name="乙组")
    observer = ObserverFactory(group=a, name="孙丽")
    ended = ObserverFactory(group=None, name="周平", status=Observer.Status.ENDED)
    client.force_login(office())
    page = client.get(reverse("observers:group_detail", args=[b.pk])).content.decode()
    assert "孙丽（" in page and "现属甲组" in page and "周平（" not in page  # ended observers are not offered
    r = client.post(
        reverse("observers:group_member_add", args=[b.pk]), {"observer": observer.pk}, follow=True
    )
    assert "已将孙丽调入本组（原属“甲组”）。" in r.content.decode()
    observer.refresh_from_db()
    assert observer.group == b

    r = client.post(reverse("observers:group_member_add", args=[b.pk]), {"observer": ""})
    assert r.status_code == 400 and "请选择要调入的观察员。" in r.content.decode()
    r = client.post(reverse("observers:group_member_add", args=[b.pk]), {"observer": ended.pk})
    assert r.status_code == 400 and "所选观察员不存在，或已解聘、已在本组" in r.content.decode()

    r = client.post(
        reverse("observers:group_member_remove", args=[a.pk]), {"observer": observer.pk}, follow=True
    )
    assert "孙丽不在本组，无需移出。" in r.content.decode()
    r = client.post(
        reverse("observers:group_member_remove", args=[b.pk]), {"observer": observer.pk}, follow=True
    )
    assert "已将孙丽移出本组" in r.content.decode()
    observer.refresh_from_db()
    assert observer.group is None


def test_deleting_a_group_with_members_is_refused(client):
    group = ObserverGroupFactory(name="民生保障组")
    ObserverFactory(group=group)
    client.force_login(office())
    r = client.post(reverse("observers:group_delete", args=[group.pk]))
    assert r.status_code == 302 and r.url == reverse("observers:group_detail", args=[group.pk])
    body = client.get(r.url).content.decode()
    assert "小组“民生保障组”还有 1 名成员，不能删除。" in body
    assert ObserverGroup.objects.filter(pk=group.pk).exists()

    empty = ObserverGroupFactory(name="临时组")
    r = client.post(reverse("observers:group_delete", args=[empty.pk]), follow=True)
    assert "已删除小组“临时组”。" in r.content.decode()
    assert not ObserverGroup.objects.filter(pk=empty.pk).exists()
    assert client.get(reverse("observers:group_delete", args=[group.pk])).status_code == 405


def test_group_list_counts(client):
    a = ObserverGroupFactory(name="甲组", field="urban")
    a.projects.set([project(), project()])
    ObserverFactory(group=a)
    ObserverFactory(group=a, status=Observer.Status.SUSPENDED)
    ObserverGroupFactory(name="乙组", field="rural")
    client.force_login(office())
    body = client.get(reverse("observers:group_list")).content.decode()
    assert (
        "甲组" in body and "城市建设" in body and "成员 2 人（在聘 1 人）" in body and "联系项目 2 个" in body
    )
    assert "乙组" in body and "成员 0 人 · 联系项目 0 个" in body


def test_office_pages_link_groups_and_export(client, demo):
    from minsheng.accounts.models import User

    client.force_login(User.objects.get(username="office"))
    roster = client.get(reverse("observers:roster")).content.decode()
    home = client.get(reverse("home")).content.decode()
    for page in (roster, home):
        assert reverse("observers:group_list") in page and reverse("observers:roster_export") in page


def _refused_world():
    group = ObserverGroupFactory(name="甲组")
    other = ObserverGroupFactory(name="乙组")
    member = ObserverFactory(group=group)
    outsider = ObserverFactory(group=other)
    return group, other, member, outsider


def _requests(group, member, outsider):
    g = group.pk
    return [
        ("get", reverse("observers:group_list"), {}),
        ("get", reverse("observers:group_create"), {}),
        ("post", reverse("observers:group_create"), {"name": "新组", "field": "urban", "sort_order": "0"}),
        ("get", reverse("observers:group_detail", args=[g]), {}),
        ("get", reverse("observers:group_edit", args=[g]), {}),
        (
            "post",
            reverse("observers:group_edit", args=[g]),
            {"name": "改名", "field": "rural", "sort_order": "9"},
        ),
        ("post", reverse("observers:group_member_add", args=[g]), {"observer": outsider.pk}),
        ("post", reverse("observers:group_member_remove", args=[g]), {"observer": member.pk}),
        ("post", reverse("observers:group_delete", args=[outsider.group_id]), {}),
        ("get", reverse("observers:roster_export"), {}),
    ]


@pytest.mark.parametrize("who", ["observer", "county", "department", "deputy", "anon"])
def test_non_office_users_are_refused_and_nothing_changes(client, who):
    group, other, member, outsider = _refused_world()
    if who == "observer":
        client.force_login(member.user)  # even a member of the group
    elif who == "county":
        client.force_login(clerk(county(), "clerk_x"))
    elif who == "department":
        dept = OrganisationFactory(name="市民政局", kind=Organisation.Kind.DEPARTMENT)
        client.force_login(clerk(dept, "dept_x", role=Role.DEPARTMENT))
    elif who == "deputy":
        client.force_login(UserFactory(username="deputy_x", role=Role.DEPUTY))
    empty = ObserverGroupFactory(name="空组")  # an empty group: a refused delete must leave it too
    before = _history_rows()
    for method, url, data in [
        *_requests(group, member, outsider),
        ("post", reverse("observers:group_delete", args=[empty.pk]), {}),
    ]:
        r = getattr(client, method)(url, data)
        if who == "anon":
            assert r.status_code == 302 and r.url.startswith(reverse("accounts:login")), url
        else:
            assert r.status_code == 403, url
            assert "spreadsheetml" not in r.get("Content-Type", "")
    assert sorted(ObserverGroup.objects.values_list("name", "field", "sort_order")) == [
        ("乙组", "livelihood", 0),
        ("甲组", "livelihood", 0),
        ("空组", "livelihood", 0),
    ]
    member.refresh_from_db()
    outsider.refresh_from_db()
    assert (member.group, outsider.group) == (group, other)
    assert _history_rows() == before


def test_office_gets_a_missing_group_as_404(client):
    client.force_login(office())
    for name in ("group_detail", "group_edit"):
        assert client.get(reverse(f"observers:{name}", args=[987654])).status_code == 404
    for name in ("group_delete", "group_member_add", "group_member_remove"):
        assert client.post(reverse(f"observers:{name}", args=[987654])).status_code == 404


# --- 花名册导出 ----------------------------------------------------------------------------------------


def _sheet(content: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return wb.active


def test_roster_export_for_the_office(client):
    cty = county("测试隆回县")
    g = ObserverGroupFactory(name="城市建设组", sort_order=1)
    ObserverFactory(
        name='=HYPERLINK("http://evil","点我")',
        group=g,
        phone="13900001111",
        appointed_on=date(2023, 6, 1),
        term_ends_on=date(2026, 5, 31),
        certificate_no="SYGC-2023-001",
        work_unit="@SUM(A1)",
    )
    ObserverFactory(
        name="刘建国",
        organisation=cty,
        group=None,
        phone="0739-5221234",
        category="lawyer",
        kind="supervisor",
        status=Observer.Status.SUSPENDED,
        certificate_no="SYGC-2023-002",
    )
    client.force_login(office())
    r = client.get(reverse("observers:roster_export"))
    assert r.status_code == 200 and "spreadsheetml" in r["Content-Type"]
    assert (
        "attachment" in r["Content-Disposition"] and "%E8%8A%B1%E5%90%8D%E5%86%8C" in r["Content-Disposition"]
    )
    ws = _sheet(r.content)
    assert "观察员花名册" in ws["A1"].value
    assert [c.value for c in ws[HEADER_ROW]] == list(ROSTER_HEADERS)
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER_ROW + 1)]
    assert len(rows) == 2
    first, second = rows
    col = {h: i for i, h in enumerate(ROSTER_HEADERS)}
    # Formula-looking text stays text (leading apostrophe), never a live formula.
    assert first[col["姓名"]] == '\'=HYPERLINK("http://evil","点我")'
    assert first[col["工作单位及职务"]] == "'@SUM(A1)"
    assert all(not (isinstance(v, str) and v.startswith(("=", "+", "-", "@"))) for row in rows for v in row)
    assert first[col["联系电话"]] == "13900001111"
    assert first[col["所属小组"]] == "城市建设组" and first[col["层级"]] == "市级"
    assert first[col["聘任日期"]] == datetime(2023, 6, 1) and first[col["任期至"]] == datetime(2026, 5, 31)
    assert ws.cell(row=HEADER_ROW + 1, column=col["聘任日期"] + 1).number_format == "yyyy-mm-dd"
    assert second[col["姓名"]] == "刘建国" and second[col["所属小组"]] == "未分组"
    assert (second[col["类别"]], second[col["界别"]], second[col["状态"]]) == ("监督员", "律师", "暂停履职")
    assert second[col["层级"]] == "测试隆回县" and second[col["联系电话"]] == "0739-5221234"
    assert second[col["任期至"]] is None


def test_roster_xlsx_masks_phones_unless_full():
    o = ObserverFactory(name="陈静", phone="13912345678")
    masked = _sheet(roster_xlsx(observers=[o], city="测试市", as_of=date(2024, 5, 1), full_phone=False))
    full = _sheet(roster_xlsx(observers=[o], city="测试市", as_of=date(2024, 5, 1), full_phone=True))
    phone_col = ROSTER_HEADERS.index("联系电话") + 1
    assert masked.cell(row=HEADER_ROW + 1, column=phone_col).value == "139****5678"
    assert full.cell(row=HEADER_ROW + 1, column=phone_col).value == "13912345678"
    assert (
        masked["A1"].value == "测试市重点民生实事观察员花名册"
        and masked["A2"].value == "导出日期：2024 年 5 月 1 日"
    )


def test_group_pages_and_export_have_fixed_query_counts(client):
    boss = office()
    client.force_login(boss)
    group = ObserverGroupFactory(name="甲组")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    urls = [
        reverse("observers:group_list"),
        reverse("observers:group_detail", args=[group.pk]),
        reverse("observers:group_edit", args=[group.pk]),
        reverse("observers:roster_export"),
    ]
    ObserverFactory(group=group)
    group.projects.set([project()])
    [count(u) for u in urls]  # warm caches before measuring
    small = [count(u) for u in urls]
    for n in range(5):
        g = ObserverGroupFactory(name=f"加组{n}")
        g.projects.set([project(), project()])
        ObserverFactory(group=group)
        ObserverFactory(group=g)
    group.projects.add(project(), project())
    large = [count(u) for u in urls]
    assert large == small
