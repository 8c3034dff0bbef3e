"""The 年度实事计划 workbook's 上级计划指标 column and the 任务分解表's one-row-per-county-in-a-family rule."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts.models import Organisation
from minsheng.common import workbook as wb
from projects import workbooks as pw
from projects.models import ERR_UPPER_NOT_ABOVE, Indicator, IndicatorTarget, Programme
from tests.workbooks import book

pytestmark = pytest.mark.django_db

P_HEADERS = [c.header for c in pw.ProgrammeKind.columns]
UPPER = "X 列（上级计划指标）"


def row(org, level, mseq, name, code="", upper="", target=35, unit="所"):
    return [2025, org, level, mseq, f"实事{mseq}", 1, f"项目{mseq}", code, name, unit, "累计数量", target, "", None,
            "", "", "", "", "", "", "", "", "", upper]  # fmt: skip


def preview(f, kind):
    return wb.workbook_preview(uploaded=f, expected=kind)


def commit(f, kind):
    f.seek(0)
    return wb.workbook_commit(uploaded=f, expected=kind, actor=None)


def messages(p):
    return [(e.row, e.column, e.message) for e in p.errors]


@pytest.fixture
def city():
    """湖东省 > 青山市 (2025 programme: 省1-1-1 split over 甲县 20, 乙区 15) > 甲县, 乙区; 远方市 (its own 2025 one)."""
    province = Organisation.objects.create(name="湖东省", kind="province")
    city = Organisation.objects.create(name="青山市", kind="city", parent=province)
    for i, name in enumerate(["甲县", "乙区"]):
        Organisation.objects.create(name=name, kind="county", parent=city, sort_order=i)
    other = Organisation.objects.create(name="远方市", kind="city", parent=province)
    Organisation.objects.create(name="远方县", kind="county", parent=other)
    commit(
        book(
            "年度实事计划",
            P_HEADERS,
            [row("青山市", "省定", 1, "建设寄宿制学校"), row("青山市", "省定", 2, "改造学校")],
        ),
        "programme",
    )
    commit(book("年度实事计划", P_HEADERS, [row("远方市", "省定", 1, "建设寄宿制学校")]), "programme")
    commit(
        book(
            "任务分解表",
            [*pw.TargetsKind.fixed, "甲县", "乙区"],
            [[2025, "青山市", "省1-1-1", "", "所", 35, 20, 15]],
        ),
        "targets",
    )
    return city


COUNTY_ROWS = [
    row("甲县", "省定", 1, "建设寄宿制学校", upper="青山市：省1-1-1", target=20),
    row("甲县", "县定", 1, "改造县城菜市场", target=3, unit="个"),
]


def test_a_county_programme_names_the_city_indicator_and_round_trips(city):
    p = preview(book("年度实事计划", P_HEADERS, COUNTY_ROWS), "programme")
    assert p.ok, messages(p)
    commit(book("年度实事计划", P_HEADERS, COUNTY_ROWS), "programme")
    county = Programme.objects.get(year=2025, organisation__name="甲县")
    linked = Indicator.objects.get(project__matter__programme=county, code="省1-1-1")
    assert linked.upper == Indicator.objects.get(
        project__matter__programme__organisation=city, code="省1-1-1"
    )
    assert Indicator.objects.get(project__matter__programme=county, code="县1-1-1").upper is None
    # exported and read back: the column holds “青山市：省1-1-1” and nothing changes
    kind = pw.ProgrammeKind()
    rows = kind.template_rows(programme=county)
    assert rows[0][23] == "青山市：省1-1-1"
    again = preview(book("年度实事计划", P_HEADERS, rows), "programme")
    assert again.ok and not again.has_work, [(c.label, c.diff) for c in again.shown_changes]
    # the column emptied: the link goes
    plain = [r[:23] + [""] for r in rows]
    commit(book("年度实事计划", P_HEADERS, plain), "programme")
    linked.refresh_from_db()
    assert linked.upper is None


@pytest.mark.parametrize(
    ("upper", "message"),
    [
        ("青山市省1-1-1", pw.ERR_UPPER_FORMAT.format(value="青山市省1-1-1")),
        ("青山市：省9-9-9", "指标编码“省9-9-9”不在《青山市 2025 年"),
        ("远方市：省1-1-1", ERR_UPPER_NOT_ABOVE.format(upper="远方市", own="甲县")),
        ("甲县：县1-1-1", ERR_UPPER_NOT_ABOVE.format(upper="甲县", own="甲县")),
        ("湖东省：省1-1-1", pw.ERR_UPPER_NO_PROGRAMME.format(org="湖东省", year=2025)),
        ("无名市：省1-1-1", "无名市"),
    ],
)
def test_bad_upper_cells_are_refused_by_row_and_column(city, upper, message):
    rows = [row("甲县", "省定", 1, "建设寄宿制学校", upper=upper, target=20)]
    f = book("年度实事计划", P_HEADERS, rows)
    p = preview(f, "programme")
    assert any(r == 2 and c == UPPER and message in m for r, c, m in messages(p)), messages(p)
    with pytest.raises(ValidationError):
        commit(f, "programme")
    assert not Programme.objects.filter(organisation__name="甲县").exists()


def test_two_rows_for_the_same_upper_work_are_refused(city):
    rows = [
        row("甲县", "省定", 1, "建设寄宿制学校", upper="青山市：省1-1-1"),
        row("甲县", "省定", 2, "寄宿制学校（重复）", upper="青山市：省1-1-1"),
    ]
    p = preview(book("年度实事计划", P_HEADERS, rows), "programme")
    assert (3, UPPER, pw.ERR_UPPER_TWICE.format(first=2, value="青山市：省1-1-1")) in messages(p)


def test_linking_an_indicator_that_already_splits_to_the_county_is_refused(city):
    unlinked = [row("甲县", "省定", 1, "建设寄宿制学校", target=20)]
    commit(book("年度实事计划", P_HEADERS, unlinked), "programme")
    commit(
        book("任务分解表", [*pw.TargetsKind.fixed, "甲县"], [[2025, "甲县", "省1-1-1", "", "所", 20, 20]]),
        "targets",
    )
    p = preview(book("年度实事计划", P_HEADERS, COUNTY_ROWS[:1]), "programme")
    assert any(c == UPPER and "“甲县”已在《青山市 2025 年" in m for _r, c, m in messages(p)), messages(p)
    assert (
        Indicator.objects.get(project__matter__programme__organisation__name="甲县", code="省1-1-1").upper
        is None
    )


def test_the_targets_sheet_refuses_a_second_row_for_the_same_work(city):
    commit(book("年度实事计划", P_HEADERS, COUNTY_ROWS), "programme")
    f = book(
        "任务分解表",
        [*pw.TargetsKind.fixed, "甲县"],
        [[2025, "甲县", "省1-1-1", "", "所", 20, 20], [2025, "甲县", "县1-1-1", "", "个", 3, 3]],
    )
    p = preview(f, "targets")
    assert any(
        r == 2 and c == "G 列（甲县）" and "“甲县”已在《青山市 2025 年" in m and "省1-1-1" in m
        for r, c, m in messages(p)
    ), messages(p)
    with pytest.raises(ValidationError):
        commit(f, "targets")
    assert not IndicatorTarget.objects.filter(
        indicator__project__matter__programme__organisation__name="甲县"
    ).exists()
    # the 县定 item alone is taken
    commit(
        book("任务分解表", [*pw.TargetsKind.fixed, "甲县"], [[2025, "甲县", "县1-1-1", "", "个", 3, 3]]),
        "targets",
    )
    assert IndicatorTarget.objects.filter(county__name="甲县").count() == 2  # 青山市's row and 县定's
