"""The set-up imports and the checklist act within the importing office's own level: a 宁川市 office naming a
邵阳市 unit, user, programme or observer gets a row/column error in Chinese and nothing is stored; the checklist
and the set-up page list only the office's own programmes; the administrator keeps full scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts import workbooks as aw
from minsheng.accounts.models import Organisation, Role, User
from minsheng.accounts.rules import ERR_IMPORT_OUTSIDE_SCOPE, ERR_IMPORT_TOP_LEVEL
from minsheng.accounts.workbooks import ERR_LOGIN_ELSEWHERE
from minsheng.common import workbook as wb
from observers.models import Observer
from observers.workbooks import ERR_CERT_ELSEWHERE, ObserverRosterKind
from projects import workbooks as pw
from projects.models import Programme
from tests.factories import UserFactory
from tests.workbooks import book

pytestmark = pytest.mark.django_db
K = Organisation.Kind
O_HEADERS = [c.header for c in aw.OrganisationsKind.columns]
U_HEADERS = [c.header for c in aw.UsersKind.columns]
P_HEADERS = [c.header for c in pw.ProgrammeKind.columns]
OBS_HEADERS = [c.header for c in ObserverRosterKind.columns]


def refusal(org, what, root="宁川市"):
    return ERR_IMPORT_OUTSIDE_SCOPE.format(org=org, root=root, what=what)


@pytest.fixture
def world():
    province = Organisation.objects.create(name="甲省", kind=K.PROVINCE)
    w = {"province": province}
    w["shaoyang"] = Organisation.objects.create(name="邵阳市", kind=K.CITY, parent=province)
    w["ningchuan"] = Organisation.objects.create(name="宁川市", kind=K.CITY, parent=province)
    w["office_sy"] = Organisation.objects.create(name="邵阳市专班办公室", kind=K.OFFICE, parent=w["shaoyang"])
    w["office_nc"] = Organisation.objects.create(
        name="宁川市专班办公室", kind=K.OFFICE, parent=w["ningchuan"]
    )
    w["dept_sy"] = Organisation.objects.create(name="邵阳市教育局", kind=K.DEPARTMENT, parent=w["shaoyang"])
    w["dept_nc"] = Organisation.objects.create(name="宁川市教育局", kind=K.DEPARTMENT, parent=w["ningchuan"])
    w["sy_user"] = UserFactory(username="sy_clerk", role=Role.DEPARTMENT, organisation=w["dept_sy"])
    w["nc"] = UserFactory(username="nc_office", role=Role.OFFICE, organisation=w["office_nc"])
    w["sy"] = UserFactory(username="sy_office", role=Role.OFFICE, organisation=w["office_sy"])
    w["admin"] = UserFactory(username="sysadmin", role=Role.ADMIN, organisation=None)
    return w


def preview(f, kind, actor):
    f.seek(0)
    return wb.workbook_preview(uploaded=f, expected=kind, actor=actor)


def errors(p):
    return [(e.row, e.column, e.message) for e in p.errors]


def test_users_outside_the_office_are_refused_by_row_and_column(world):
    f = book("用户", U_HEADERS, [
        ["新人", "nc_new", "市直责任单位", "宁川市教育局", "", ""],
        ["外人", "sy_new", "市直责任单位", "邵阳市教育局", "", ""],
        ["改名", "sy_clerk", "市直责任单位", "宁川市教育局", "", ""],
    ])  # fmt: skip
    p = preview(f, "users", world["nc"])
    assert errors(p) == [
        (3, "D 列（所属单位）", refusal("邵阳市教育局", "该单位的用户")),
        (4, "B 列（登录名）", ERR_LOGIN_ELSEWHERE.format(login="sy_clerk", refusal=refusal("邵阳市教育局", "或修改该单位的用户"))),
    ]  # fmt: skip
    f.seek(0)
    with pytest.raises(ValidationError) as exc:
        wb.workbook_commit(uploaded=f, expected="users", actor=world["nc"])
    assert "未保存任何数据" in exc.value.messages[0] and "第 3 行" in exc.value.messages[0]
    assert not User.objects.filter(username__in=["nc_new", "sy_new"]).exists()
    world["sy_user"].refresh_from_db()
    assert world["sy_user"].organisation == world["dept_sy"] and world["sy_user"].real_name != "改名"
    # the administrator keeps the whole instance; 宁川市's office its own city
    assert preview(f, "users", world["admin"]).ok
    ok = book("用户", U_HEADERS, [["新人", "nc_new", "市直责任单位", "宁川市教育局", "", ""]])
    assert preview(ok, "users", world["nc"]).ok


def test_organisations_outside_the_office_are_refused(world):
    f = book("组织机构", O_HEADERS, [
        ["宁川市民政局", "", "直属责任单位", "宁川市", "", 1],
        ["邵阳市民政局", "", "直属责任单位", "邵阳市", "", 1],
        ["邵阳市教育局", "", "直属责任单位", "邵阳市", "", 2],
        ["乙省", "", "省", "", "", 1],
    ])  # fmt: skip
    p = preview(f, "organisations", world["nc"])
    assert errors(p) == [
        (3, "D 列（上级单位）", refusal("邵阳市", "其下属单位")),
        (4, "D 列（上级单位）", refusal("邵阳市", "其下属单位")),
        (5, "D 列（上级单位）", ERR_IMPORT_TOP_LEVEL),
    ]
    count = Organisation.objects.count()
    f.seek(0)
    with pytest.raises(ValidationError):
        wb.workbook_commit(uploaded=f, expected="organisations", actor=world["nc"])
    assert Organisation.objects.count() == count


def test_a_programme_of_another_city_is_refused(world):
    f = book("年度实事计划", P_HEADERS, [
        [2025, "邵阳市", "市定", 1, "教育", 1, "新建学校", "", "新建学校", "所", "累计数量", 3, "", "", "邵阳市教育局", "", ""],
    ])  # fmt: skip
    p = preview(f, "programme", world["nc"])
    assert (2, "B 列（实施主体）", refusal("邵阳市", "它的实事计划或任务分解表")) in errors(p)
    f.seek(0)
    with pytest.raises(ValidationError):
        wb.workbook_commit(uploaded=f, expected="programme", actor=world["nc"])
    assert not Programme.objects.exists()
    assert preview(f, "programme", world["sy"]).ok  # 邵阳市's own office imports it


def test_observers_of_another_city_are_refused(world):
    f = book("观察员名册", OBS_HEADERS, [
        ["NC-001", "刘芳", "观察员", "宁川市", "人大代表", "", "", "2025-03-01", "", "", "", ""],
        ["SY-001", "陈刚", "观察员", "邵阳市", "人大代表", "", "", "2025-03-01", "", "", "", ""],
    ])  # fmt: skip
    p = preview(f, "observers", world["nc"])
    assert errors(p) == [(3, "D 列（聘任单位）", refusal("邵阳市", "它聘任的观察员"))]
    f.seek(0)
    with pytest.raises(ValidationError):
        wb.workbook_commit(uploaded=f, expected="observers", actor=world["nc"])
    assert not Observer.objects.exists()
    # 邵阳市 appoints SY-001; 宁川市 cannot take it over by its certificate number
    f = book(
        "观察员名册",
        OBS_HEADERS,
        [["SY-001", "陈刚", "观察员", "邵阳市", "人大代表", "", "", "2025-03-01", "", "", "", ""]],
    )
    wb.workbook_commit(uploaded=f, expected="observers", actor=world["sy"])
    f = book(
        "观察员名册",
        OBS_HEADERS,
        [["SY-001", "陈刚", "观察员", "宁川市", "人大代表", "", "", "2025-03-01", "", "", "", ""]],
    )
    p = preview(f, "observers", world["nc"])
    assert errors(p) == [
        (
            2,
            "A 列（聘书编号）",
            ERR_CERT_ELSEWHERE.format(cert="SY-001", refusal=refusal("邵阳市", "它聘任的观察员")),
        )
    ]


def test_checklist_and_setup_page_list_only_the_offices_own_programmes(client, world):
    sy = Programme.objects.create(year=2025, organisation=world["shaoyang"], name="重点民生实事")
    nc = Programme.objects.create(year=2025, organisation=world["ningchuan"], name="重点民生实事")
    client.force_login(world["nc"])
    texts = [i.text for i in client.get("/setup/checklist/").context["items"]]
    assert any(str(nc) in t for t in texts) and any("宁川市" in t for t in texts)
    assert not [t for t in texts if "邵阳市" in t]
    assert client.get("/setup/").context["programmes"] == [nc]
    assert (
        client.get(f"/setup/template/?kind=targets&programme={sy.pk}")
        .headers["Content-Disposition"]
        .endswith("%E6%A8%A1%E6%9D%BF.xlsx")
    )  # 邵阳市's pre-filled 任务分解表 is not handed out: the blank template comes back
    client.force_login(world["admin"])
    texts = [i.text for i in client.get("/setup/checklist/").context["items"]]
    assert any("邵阳市" in t for t in texts) and any("宁川市" in t for t in texts)
    assert set(client.get("/setup/").context["programmes"]) == {sy, nc}
