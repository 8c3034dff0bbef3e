"""The organisations and users workbooks: the tree built top-down, people with roles that fit their unit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts import workbooks as aw
from minsheng.accounts.models import ERR_NAME_TAKEN_IN_CITY, Organisation, Role, User
from minsheng.common import workbook as wb
from tests.workbooks import book

pytestmark = pytest.mark.django_db

O_HEADERS = [c.header for c in aw.OrganisationsKind.columns]
U_HEADERS = [c.header for c in aw.UsersKind.columns]

TREE = [
    ["湖东省", "", "省", "", "", 1],
    ["青山市", "", "市（州）", "湖东省", "431100", 1],
    ["青山市重点民生实事工作专班办公室", "市专班办", "工作专班办公室", "青山市", "", 1],
    ["青山市教育局", "市教育局", "直属责任单位", "青山市", "", 10],
    ["甲县", "", "县市区", "青山市", "431121", 21],
    ["甲县城关镇", "城关镇", "乡镇（街道）", "甲县", "", 1],
    ["甲县教育局", "县教育局", "直属责任单位", "甲县", "", 30],
]


def preview(f, kind):
    return wb.workbook_preview(uploaded=f, expected=kind)


def commit(f, kind):
    f.seek(0)
    return wb.workbook_commit(uploaded=f, expected=kind, actor=None)


def messages(p):
    return [(e.row, e.column, e.message) for e in p.errors]


def test_organisations_tree_is_created_then_updated_by_code_or_full_name():
    f = book("组织机构", O_HEADERS, TREE)
    p = preview(f, "organisations")
    assert p.ok, messages(p)
    assert p.counts[wb.NEW] == 7
    commit(f, "organisations")
    town = Organisation.objects.get(name="甲县城关镇")
    assert town.parent.name == "甲县" and town.parent.parent.code == "431100"
    assert Organisation.objects.get(name="青山市教育局").short_name == "市教育局"
    again = [list(r) for r in TREE]
    again[6][1] = "甲县教育局"  # short name changed
    again[1][0] = "青山市（新名）"  # renamed city, matched by its code
    again[2][3] = again[3][3] = again[4][3] = "青山市（新名）"
    p = preview(book("组织机构", O_HEADERS, again), "organisations")
    assert p.ok, messages(p)
    assert p.counts[wb.NEW] == 0 and p.counts[wb.CHANGED] == 2, [(c.label, c.diff) for c in p.changes]
    commit(book("组织机构", O_HEADERS, again), "organisations")
    assert Organisation.objects.count() == 7
    assert Organisation.objects.get(code="431100").name == "青山市（新名）"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["乙镇", "", "乡镇（街道）", "青山市", "", ""],
            "D 列（上级单位）",
            "“乡镇（街道）”的上级应为县市区，“青山市”是市（州）。",
        ),
        (
            ["乙县", "", "县市区", "", "", ""],
            "D 列（上级单位）",
            aw.ERR_PARENT_REQUIRED.format(kind="县市区"),
        ),
        (
            ["乙县", "", "县", "青山是", "", ""],
            "D 列（上级单位）",
            "单位“青山是”不存在。您是否要找“青山市”？",
        ),
        (["乙县", "", "县城", "青山市", "", ""], "C 列（类型）", "“县城”不是可选值"),
        (
            ["甲县", "", "县市区", "青山市", "", ""],
            "A 列（单位全称）",
            aw.ERR_DUPLICATE_UNIT.format(name="甲县", first=6),
        ),
        (
            ["乙县", "", "县市区", "青山市", "431121", ""],
            "E 列（代码）",
            wb.ERR_DUPLICATE.format(value="431121", first=6),
        ),
    ],
)
def test_organisations_bad_rows(row, column, message):
    f = book("组织机构", O_HEADERS, [*TREE, row])
    p = preview(f, "organisations")
    assert any(r == 9 and c == column and message in m for r, c, m in messages(p)), messages(p)
    with pytest.raises(ValidationError):
        commit(f, "organisations")
    assert not Organisation.objects.exists()


@pytest.fixture
def tree():
    commit(book("组织机构", O_HEADERS, TREE), "organisations")


PEOPLE = [
    ["王晓", "qs_office", "专班办公室", "市专班办", "0739-5550000", "office@example.cn"],
    ["李明", "county_jia", "县市区专班", "甲县", "13800000000", ""],
    ["赵静", "dept_edu", "市直责任单位", "青山市教育局", "", ""],
    ["钱观", "obs_1", "观察员", "", "", ""],
]


def test_users_get_initial_passwords_shown_once_and_must_change_them(tree, client):
    f = book("用户", U_HEADERS, PEOPLE)
    p = preview(f, "users")
    assert p.ok, messages(p)
    result = commit(f, "users")
    assert [r["登录名"] for r in result.sheet] == ["qs_office", "county_jia", "dept_edu", "obs_1"]
    clerk = User.objects.get(username="county_jia")
    assert clerk.role == Role.COUNTY and clerk.county.name == "甲县" and clerk.must_change_password
    password = result.sheet[1]["初始密码"]
    assert User.objects.get(username="county_jia").check_password(password)
    client.force_login(clerk)
    resp = client.get("/")
    assert resp.status_code == 302 and resp["Location"].endswith("/accounts/password/")
    # re-import: an update, no new password
    changed = [list(r) for r in PEOPLE]
    changed[1][4] = "13900000000"
    p = preview(book("用户", U_HEADERS, changed), "users")
    assert p.counts[wb.CHANGED] == 1 and p.counts[wb.UNCHANGED] == 3
    result = commit(book("用户", U_HEADERS, changed), "users")
    assert result.sheet is None
    assert User.objects.get(username="county_jia").check_password(password)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["孙", "dept_x", "市直责任单位", "甲县", "", ""],
            "D 列（所属单位）",
            aw.ERR_ROLE_ORG.format(role="市直责任单位", want="直属责任单位", org="甲县", got="县市区"),
        ),
        (
            ["孙", "county_x", "县市区专班", "青山市教育局", "", ""],
            "D 列（所属单位）",
            "角色“县市区专班”须属于县市区",
        ),
        (
            ["孙", "county_x", "县市区专班", "", "", ""],
            "D 列（所属单位）",
            aw.ERR_ROLE_NEEDS_ORG.format(role="县市区专班"),
        ),
        (
            ["孙", "qs_office", "观察员", "", "", ""],
            "B 列（登录名）",
            wb.ERR_DUPLICATE.format(value="qs_office", first=2),
        ),
        (["孙", "has space", "观察员", "", "", ""], "B 列（登录名）", aw.ERR_LOGIN.format(value="has space")),
        (["孙", "x1", "局长", "", "", ""], "C 列（角色）", "“局长”不是可选值"),
        (["孙", "x1", "观察员", "", "电话", ""], "E 列（联系电话）", aw.ERR_PHONE.format(value="电话")),
        (
            ["孙", "x1", "观察员", "", "", "not-an-email"],
            "F 列（电子邮箱）",
            aw.ERR_EMAIL.format(value="not-an-email"),
        ),
    ],
)
def test_users_bad_rows(tree, row, column, message):
    f = book("用户", U_HEADERS, [*PEOPLE, row])
    p = preview(f, "users")
    assert any(r == 6 and c == column and message in m for r, c, m in messages(p)), messages(p)
    with pytest.raises(ValidationError):
        commit(f, "users")
    assert not User.objects.exists()


def _name_errors(rows):
    p = preview(book("组织机构", O_HEADERS, rows), "organisations")
    return [(e.row, e.column, e.message) for e in p.errors]


def test_a_full_name_is_unique_within_its_city_but_not_across_cities():
    commit(book("组织机构", O_HEADERS, TREE), "organisations")
    # Two 市教育局 in one city (one under the city, one under its county) are refused, in the sheet …
    rows = [
        *TREE,
        ["市教育局", "", "直属责任单位", "青山市", "", 11],
        ["市教育局", "", "直属责任单位", "甲县", "", 31],
    ]
    errors = _name_errors(rows)
    assert errors == [(10, "A 列（单位全称）", aw.ERR_NAME_IN_CITY_SHEET.format(name="市教育局", first=9,
                                                                           scope="青山市"))]  # fmt: skip
    # … and against a unit already stored elsewhere in the city.
    errors = _name_errors([["青山市教育局", "", "直属责任单位", "甲县", "", 31]])
    assert errors == [(2, "A 列（单位全称）", ERR_NAME_TAKEN_IN_CITY.format(name="青山市教育局", scope="青山市",
                                                                          parent="青山市"))]  # fmt: skip
    assert Organisation.objects.filter(name="青山市教育局").count() == 1  # nothing stored
    # The same full name in another city is another unit.
    other = [["远山市", "", "市（州）", "湖东省", "", 2], ["市教育局", "", "直属责任单位", "远山市", "", 1]]
    p = preview(book("组织机构", O_HEADERS, [*other, ["市教育局", "", "直属责任单位", "青山市", "", 11]]),
                "organisations")  # fmt: skip
    assert p.ok, messages(p)


def test_a_unit_stored_under_its_short_name_is_renamed_to_the_full_name_not_duplicated():
    commit(book("组织机构", O_HEADERS, TREE[:2]), "organisations")
    city = Organisation.objects.get(name="青山市")
    old = Organisation.objects.create(name="市教育局", kind="department", parent=city)
    f = book("组织机构", O_HEADERS, [TREE[1], TREE[3]])
    p = preview(f, "organisations")
    assert p.ok and p.counts[wb.CHANGED] == 1, messages(p)
    commit(f, "organisations")
    old.refresh_from_db()
    assert (old.name, old.short_name) == ("青山市教育局", "市教育局")


def test_the_model_refuses_a_second_unit_with_the_same_full_name_in_the_city():
    commit(book("组织机构", O_HEADERS, TREE), "organisations")
    county = Organisation.objects.get(name="甲县")
    twin = Organisation(name="青山市教育局", kind="department", parent=county)
    with pytest.raises(ValidationError) as exc:
        twin.full_clean()
    assert exc.value.message_dict["name"] == [
        ERR_NAME_TAKEN_IN_CITY.format(name="青山市教育局", scope="青山市", parent="青山市")
    ]
    Organisation(
        name="甲县教育局（新）", kind="department", parent=county
    ).full_clean()  # another name is fine
