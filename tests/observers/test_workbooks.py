"""The observer roster workbook: new observers get a log-in (password shown once), re-import updates by 聘书编号."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts.models import Organisation, User
from minsheng.common import workbook as wb
from observers import workbooks as ow
from observers.models import Observer, ObserverGroup
from tests.workbooks import book

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in ow.ObserverRosterKind.columns]
ROSTER = [
    ["QS-001", "刘芳", "观察员", "青山市", "人大代表", "第一中学教师", "13800000001", "2025-03-01", "2027-02-28",
     "民生保障组", "民生保障", ""],
    ["QS-002", "陈刚", "监督员", "甲县", "村（社区）干部", "东门社区主任", "", "2025-03-01", "", "民生保障组", "", "chen_gang"],
]  # fmt: skip


@pytest.fixture
def city():
    province = Organisation.objects.create(name="湖东省", kind="province")
    city = Organisation.objects.create(name="青山市", kind="city", parent=province)
    Organisation.objects.create(name="甲县", kind="county", parent=city)
    Organisation.objects.create(name="青山市教育局", kind="department", parent=city)
    return city


def run(rows, *, commit=False):
    f = book("观察员名册", HEADERS, rows)
    p = wb.workbook_preview(uploaded=f, expected="observers")
    if commit:
        f.seek(0)
        return p, wb.workbook_commit(uploaded=f, expected="observers", actor=None)
    return p, None


def test_roster_creates_observers_groups_and_logins_then_updates(city):
    p, result = run(ROSTER, commit=True)
    assert p.ok and p.counts[wb.NEW] == 3  # two people and one group
    assert [r["登录名"] for r in result.sheet] == ["obs_QS-001", "chen_gang"]
    liu = Observer.objects.get(certificate_no="QS-001")
    assert liu.group.name == "民生保障组" and liu.user.role == "observer" and liu.user.must_change_password
    assert liu.user.check_password(result.sheet[0]["初始密码"])
    changed = [list(r) for r in ROSTER]
    changed[1][6] = "13900000002"
    p, result = run(changed, commit=True)
    assert p.counts == {wb.NEW: 0, wb.CHANGED: 1, wb.UNCHANGED: 1, wb.REMOVED: 0, wb.KEPT: 0}
    assert result.sheet is None
    assert Observer.objects.get(certificate_no="QS-002").phone == "13900000002"
    assert Observer.objects.count() == 2 and ObserverGroup.objects.count() == 1


@pytest.mark.parametrize(
    ("col", "value", "column", "message"),
    [
        (
            3,
            "青山市教育局",
            "D 列（聘任单位）",
            ow.ERR_ORG_LEVEL.format(org="青山市教育局", got="直属责任单位"),
        ),
        (4, "网红", "E 列（界别）", "“网红”不是可选值"),
        (8, "2024-01-01", "I 列（任期至）", ow.ERR_TERM.format(end="2024-01-01", start="2025-03-01")),
        (9, "新小组", "K 列（小组领域）", ow.ERR_GROUP_FIELD.format(group="新小组")),
        (0, "QS-001", "A 列（聘书编号）", wb.ERR_DUPLICATE.format(value="QS-001", first=2)),
        (7, "明年", "H 列（聘任日期）", wb.ERR_NOT_DATE.format(value="明年")),
    ],
)
def test_roster_bad_rows(city, col, value, column, message):
    bad = list(ROSTER[1])
    bad[col] = value
    p, _ = run([ROSTER[0], bad])
    assert any(e.row == 3 and e.column == column and message in e.message for e in p.errors), p.errors
    f = book("观察员名册", HEADERS, [ROSTER[0], bad])
    with pytest.raises(ValidationError):
        wb.workbook_commit(uploaded=f, expected="observers", actor=None)
    assert not Observer.objects.exists() and not User.objects.exists()
