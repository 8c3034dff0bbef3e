"""The programme and 任务分解表 workbooks: preview, all-or-nothing commit, re-import as update, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts.models import Organisation
from minsheng.common import workbook as wb
from projects import workbooks as pw
from projects.models import Indicator, IndicatorKind, IndicatorTarget, Matter, Programme
from tests.workbooks import book

pytestmark = pytest.mark.django_db

P_HEADERS = [c.header for c in pw.ProgrammeKind.columns]
T_FIXED = pw.TargetsKind.fixed


@pytest.fixture
def city():
    province = Organisation.objects.create(name="湖东省", kind="province")
    city = Organisation.objects.create(name="青山市", kind="city", parent=province)
    for i, name in enumerate(["甲县", "乙区", "丙市"]):
        Organisation.objects.create(name=name, kind="county", parent=city, sort_order=i)
    Organisation.objects.create(name="青山市教育局", short_name="市教育局", kind="department", parent=city)
    Organisation.objects.create(name="青山市民政局", short_name="市民政局", kind="department", parent=city)
    Organisation.objects.create(name="青山市财政局", short_name="市财政局", kind="department", parent=city)
    other = Organisation.objects.create(name="远方市", kind="city", parent=province)
    Organisation.objects.create(name="远方县", kind="county", parent=other)
    return city


def prow(level="省定", mseq=1, mname="推进教育高质量发展", pseq=1, pname="寄宿制学校", code="", name="建设寄宿制学校",
         unit="所", kind="累计数量", target=35, text="", due=None, lead="市教育局", resp="", note=""):  # fmt: skip
    return [
        2025,
        "青山市",
        level,
        mseq,
        mname,
        pseq,
        pname,
        code,
        name,
        unit,
        kind,
        target,
        text,
        due,
        lead,
        resp,
        note,
    ]


def programme_book(rows):
    return book("年度实事计划", P_HEADERS, rows)


def preview(f, kind=None):
    return wb.workbook_preview(uploaded=f, expected=kind)


def commit(f, kind):
    f.seek(0)
    return wb.workbook_commit(uploaded=f, expected=kind, actor=None)


def messages(p):
    return [(e.row, e.column, e.message) for e in p.errors]


GOOD = [
    prow(),
    prow(name="改造薄弱学校", unit="所", target=10),
    prow(mseq=2, mname="提高救助标准", pname="城乡低保", name="城市低保标准", unit="元/月", kind="标准值", target=650,
         text="不低于650元/月", lead="市民政局", resp="市财政局、青山市教育局"),
    prow(level="市定", mseq=1, mname="医院东扩", pname="人民医院东扩工程", name="主体完工", unit="", kind="按期完成",
         target=None, due="2025年12月31日", lead="市财政局"),
]  # fmt: skip


def test_programme_preview_then_commit_creates_the_tree(city):
    f = programme_book(GOOD)
    p = preview(f, "programme")
    assert p.ok, messages(p)
    assert p.counts[wb.NEW] == 4
    assert not Indicator.objects.exists()  # a preview stores nothing
    result = commit(f, "programme")
    assert "新增 4 个指标" in result.message
    prog = Programme.objects.get(year=2025, organisation=city)
    assert Matter.objects.filter(programme=prog).count() == 3
    school = Indicator.objects.get(code="省1-1-1")
    assert school.target == 35 and school.unit == "所" and school.lead_unit.name == "青山市教育局"
    assert Indicator.objects.get(code="省1-1-2").name == "改造薄弱学校"
    std = Indicator.objects.get(name="城市低保标准")
    assert std.kind == IndicatorKind.STANDARD and std.target_text == "不低于650元/月"
    assert sorted(u.name for u in std.responsible_units.all()) == ["青山市教育局", "青山市财政局"]
    assert Indicator.objects.get(name="主体完工").due_date.isoformat() == "2025-12-31"


def test_programme_reimport_updates_by_code_and_removes_only_rows_without_figures(city):
    commit(programme_book(GOOD), "programme")
    first_pk = Indicator.objects.get(code="省1-1-1").pk
    changed = [prow(target=40), *GOOD[2:]]  # 35 → 40; 省1-1-2 left out
    p = preview(programme_book(changed), "programme")
    assert p.ok, messages(p)
    assert p.counts == {wb.NEW: 0, wb.CHANGED: 1, wb.UNCHANGED: 2, wb.REMOVED: 1, wb.KEPT: 0}
    change = next(c for c in p.changes if c.action == wb.CHANGED)
    assert change.diff == [("年度目标", "35", "40")]
    commit(programme_book(changed), "programme")
    assert Indicator.objects.get(code="省1-1-1").pk == first_pk  # updated, not duplicated
    assert Indicator.objects.get(code="省1-1-1").target == 40
    assert not Indicator.objects.filter(code="省1-1-2").exists()
    assert Indicator.objects.count() == 3


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (prow(unit=""), "J 列（单位）", pw.ERR_NO_UNIT.format(kind="累计数量")),
        (prow(target="约35所"), "L 列（年度目标）", wb.ERR_NOT_NUMBER.format(value="约35所")),
        (prow(level="区定"), "C 列（级别）", "“区定”不是可选值"),
        (prow(lead="市教育厅"), "O 列（牵头单位）", "单位“市教育厅”不存在。您是否要找“市教育局”？"),
        (prow(kind="按期完成", unit="", target=None), "N 列（完成时限）", pw.ERR_DEADLINE),
        (prow(due="年底"), "N 列（完成时限）", wb.ERR_NOT_DATE.format(value="年底")),
    ],
)
def test_programme_bad_rows_are_refused_by_row_and_column(city, row, column, message):
    f = programme_book([GOOD[0], row])
    p = preview(f, "programme")
    assert any(r == 3 and c == column and message in m for r, c, m in messages(p)), messages(p)
    with pytest.raises(ValidationError):
        commit(f, "programme")
    assert not Indicator.objects.exists()  # all or nothing: the good first row is not stored either


def test_programme_monthly_plan_is_read_and_checked(city):
    plan = "0、0、10、20、30、40、50、60、70、80、90、100"
    f = programme_book([[*prow(), plan]])
    commit(f, "programme")
    assert Indicator.objects.get().monthly_plan == [0, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    p = preview(programme_book([[*prow(), "10、5、20"]]), "programme")
    assert messages(p) == [(2, "R 列（月度计划（累计%））", pw.ERR_PLAN.format(n=3))]


def test_programme_duplicate_codes_and_names_that_disagree(city):
    p = preview(
        programme_book([prow(code="A1"), prow(code="A1", name="另一个"), prow(mname="别的名字", name="x")])
    )
    assert (3, "H 列（指标编码）", wb.ERR_DUPLICATE.format(value="A1", first=2)) in messages(p)
    assert any(r == 4 and c == "E 列（实事名称）" for r, c, _ in messages(p))


def test_wrong_headers_and_wrong_kind_are_refused(city):
    headers = list(P_HEADERS)
    headers[9] = "计量单位"
    p = preview(book("年度实事计划", headers, [prow()]))
    assert (1, "J 列", wb.ERR_HEADER.format(expected="单位", got="计量单位")) in messages(p)
    with pytest.raises(ValidationError, match="不是所选的“任务分解表”"):
        preview(programme_book([prow()]), "targets")
    with pytest.raises(ValidationError, match="无法识别工作簿的类型"):
        preview(book("Sheet1", P_HEADERS, [prow()]))


def test_a_renamed_file_is_refused_by_the_existing_checks(city):
    import io

    f = io.BytesIO(b"%PDF-1.4 not a workbook")
    f.name = "计划.xlsx"
    with pytest.raises(ValidationError):
        preview(f)


# ---- 任务分解表 ---------------------------------------------------------------------------------------------------


def targets_book(rows, counties=("甲县", "乙区", "丙市")):
    return book("任务分解表", [*T_FIXED, *counties], rows)


def trow(code="省1-1-1", total=35, *cells, name="建设寄宿制学校", unit="所"):
    return [2025, "青山市", code, name, unit, total, *cells]


@pytest.fixture
def programme(city):
    commit(programme_book(GOOD), "programme")
    return Programme.objects.get(year=2025, organisation=city)


def test_targets_import_checks_total_and_creates_rows(programme):
    f = targets_book(
        [
            trow("省1-1-1", 35, 20, 10, 5),
            trow("省2-1-1", "", "不低于650元/月", 650, None, name="城市低保标准", unit="元/月"),
        ]
    )
    p = preview(f, "targets")
    assert p.ok, messages(p)
    assert p.counts[wb.NEW] == 2
    commit(f, "targets")
    got = {
        (t.indicator.code, t.county.name): (t.target, t.target_text) for t in IndicatorTarget.objects.all()
    }
    assert got[("省1-1-1", "甲县")] == (Decimal(20), "")
    assert got[("省2-1-1", "甲县")] == (None, "不低于650元/月")
    assert got[("省2-1-1", "乙区")] == (Decimal(650), "")
    assert ("省2-1-1", "丙市") not in got


def test_targets_reimport_changes_and_keeps_what_has_figures(programme):
    commit(targets_book([trow("省1-1-1", 35, 20, 10, 5)]), "targets")
    p = preview(targets_book([trow("省1-1-1", 35, 25, 10, None)]), "targets")
    assert p.ok, messages(p)
    (change,) = p.changes
    assert change.action == wb.CHANGED
    assert ("甲县", "20", "25") in change.diff and ("丙市", "5", "（删除）") in change.diff
    p = preview(targets_book([trow("省1-1-1", 35, 20, 10, 5)]), "targets")
    assert p.counts[wb.UNCHANGED] == 1 and not p.has_work
    commit(targets_book([trow("省1-1-1", 35, 25, 10, None)]), "targets")
    jia = IndicatorTarget.objects.get(indicator__code="省1-1-1", county__name="甲县")
    assert jia.target == 25
    assert [h.target for h in jia.history.order_by("history_id")] == [20, 25]  # audited, as the admin does
    assert jia.history.latest("history_id").history_change_reason == "任务分解表导入"
    assert not IndicatorTarget.objects.filter(county__name="丙市").exists()


@pytest.mark.parametrize(
    ("rows", "counties", "row", "column", "message"),
    [
        (
            [trow("省1-1-1", 36, 20, 10, 5)],
            None,
            2,
            "F 列（合计）",
            pw.ERR_TOTAL.format(total="36", sum="35", diff="1"),
        ),
        ([trow("省1-1-1", 35, "二十", 10, 5)], None, 2, "G 列（甲县）", "“二十”不是数字"),
        (
            [trow("省1-1-1", 35, 20, 10, 5)],
            ("甲县", "乙区", "远方县"),
            1,
            "I 列",
            "“远方县”不是青山市下属的县市区。",
        ),
        ([trow("省9-9-9", 35, 20, 10, 5)], None, 2, "C 列（指标编码）", "指标编码“省9-9-9”不在"),
        (
            [trow("省1-1-1", 35, 20, 10, 5), trow("省1-1-1", 35, 20, 10, 5)],
            None,
            3,
            "C 列（指标编码）",
            pw.ERR_SAME_ROW.format(code="省1-1-1", first=2),
        ),
        (
            [trow("省1-1-1", 35, 20, 10, 5, unit="个")],
            None,
            2,
            "E 列（单位）",
            pw.ERR_UNIT_MISMATCH.format(got="个", want="所"),
        ),
        ([trow("省1-1-1", 35, -1, 10, 5)], None, 2, "G 列（甲县）", wb.ERR_NEGATIVE),
    ],
)
def test_targets_bad_input_is_refused_and_nothing_is_stored(programme, rows, counties, row, column, message):
    f = targets_book(rows, counties or ("甲县", "乙区", "丙市"))
    p = preview(f, "targets")
    assert any(r == row and c == column and message in m for r, c, m in messages(p)), messages(p)
    with pytest.raises(ValidationError):
        commit(f, "targets")
    assert not IndicatorTarget.objects.exists()


def test_targets_without_a_programme_say_import_it_first(city):
    p = preview(targets_book([trow()]), "targets")
    assert messages(p) == [(2, "B 列（实施主体）", pw.ERR_NO_PROGRAMME.format(org="青山市", year=2025))]


def test_targets_template_is_prefilled_with_indicators_and_counties(programme):
    import io

    from openpyxl import load_workbook

    data = wb.template_build(kind=wb.workbook_kind("targets"), programme=programme)
    book_ = load_workbook(io.BytesIO(data))
    assert book_.sheetnames == ["任务分解表", wb.INSTRUCTIONS_SHEET, wb.EXAMPLE_SHEET]
    ws = book_["任务分解表"]
    assert [c.value for c in ws[1]] == [*T_FIXED, "甲县", "乙区", "丙市"]
    assert [ws.cell(r, 3).value for r in range(2, ws.max_row + 1)] == [
        "省1-1-1",
        "省1-1-2",
        "省2-1-1",
        "市1-1-1",
    ]


def _reimport(kind_key, programme):
    import io

    data = wb.template_build(kind=wb.workbook_kind(kind_key), programme=programme)
    f = io.BytesIO(data)
    f.name = "x.xlsx"
    return wb.workbook_preview(uploaded=f, expected=kind_key)


def test_every_demo_programme_round_trips_unchanged(demo):
    """The seed programmes downloaded as workbooks and uploaded back: no error, nothing to change."""
    programmes = list(Programme.objects.select_related("organisation"))
    assert len(programmes) >= 2
    for programme in programmes:
        p = _reimport("programme", programme)
        assert p.ok, (str(programme), messages(p)[:5])
        assert not p.has_work, (str(programme), [(c.label, c.diff) for c in p.shown_changes][:5])
        n = Indicator.objects.filter(project__matter__programme=programme).count()
        assert p.counts[wb.UNCHANGED] == n
        if IndicatorTarget.objects.filter(indicator__project__matter__programme=programme).exists():
            p = _reimport("targets", programme)
            assert p.ok, (str(programme), messages(p)[:5])
            assert not p.has_work, (str(programme), [(c.label, c.diff) for c in p.shown_changes][:5])


def test_rows_with_reported_figures_are_never_deleted(programme):
    from tests.progress.factories import FigureFactory

    commit(targets_book([trow("省1-1-1", 35, 20, 10, 5), trow("省1-1-2", 10, 4, 3, 3, name="改造薄弱学校")]),
           "targets")  # fmt: skip
    reported = IndicatorTarget.objects.get(indicator__code="省1-1-1", county__name="丙市")
    FigureFactory(target=reported)
    # the 任务分解表 without 丙市's share of 省1-1-1: kept, and said so
    p = preview(targets_book([trow("省1-1-1", 30, 20, 10, None), trow("省1-1-2", 10, 4, 3, 3, name="改造薄弱学校")]),
                "targets")  # fmt: skip
    assert p.ok, messages(p)
    assert ("丙市（已有填报数据，保留）", "5", "（空）") in p.changes[0].diff
    commit(targets_book([trow("省1-1-1", 30, 20, 10, None)]), "targets")
    assert IndicatorTarget.objects.filter(pk=reported.pk).exists()
    # the programme without 省1-1-1 (it has a figure) and without 省1-1-2 (none): one kept, one deleted
    p = preview(programme_book(GOOD[2:]), "programme")
    kept = [c.label for c in p.changes if c.action == wb.KEPT]
    removed = [c.label for c in p.changes if c.action == wb.REMOVED]
    assert kept == ["省1-1-1 建设寄宿制学校"] and removed == ["省1-1-2 改造薄弱学校"]
    result = commit(programme_book(GOOD[2:]), "programme")
    assert "另有 1 个已有填报数据的指标保留" in result.message
    assert Indicator.objects.filter(code="省1-1-1").exists()
    assert not Indicator.objects.filter(code="省1-1-2").exists()


def _later(domain="", tracked="", count="", mdesc="", pdesc=""):
    """The columns after 月度计划: 领域, 统一调度指标, 计数口径, 实事主要内容, 项目建设内容."""
    return ["", domain, tracked, count, mdesc, pdesc]


def test_programme_domain_tracking_count_rule_and_contents_are_imported(city):
    rows = [
        [*prow(), *_later("公共教育", mdesc="推进教育高质量发展的主要内容", pdesc="新建寄宿制学校 35 所")],
        [*prow(name="改造薄弱学校", target=10), *_later(count="持续性指标")],
        [*prow(level="市定", mname="学校建设", pname="学校建设", name="新建学校", target=20),
         *_later("公共教育", tracked="省1-1-1", count="按统一调度口径计数")],
    ]  # fmt: skip
    commit(programme_book(rows), "programme")
    school = Indicator.objects.get(code="省1-1-1")
    assert school.project.domain == "education" and school.project.matter.domain == "education"
    assert school.project.description == "新建寄宿制学校 35 所"
    assert school.project.matter.description == "推进教育高质量发展的主要内容"
    assert Indicator.objects.get(code="省1-1-2").is_continuing
    city_school = Indicator.objects.get(code="市1-1-1")
    assert city_school.tracked_by == school and city_school.counted_as_tracked
    # Exported and read back: nothing to change.
    p = _reimport("programme", school.project.matter.programme)
    assert p.ok and not p.has_work, [(c.label, c.diff) for c in p.shown_changes]


@pytest.mark.parametrize(
    ("later", "column", "message"),
    [
        (_later(tracked="省9-9-9"), "T 列（统一调度指标）", "统一调度指标“省9-9-9”不在本表中"),
        (_later(tracked="省1-1-2"), "T 列（统一调度指标）", pw.ERR_TRACKED_SELF),
        (_later(count="按统一调度口径计数"), "T 列（统一调度指标）", pw.ERR_TRACKED_NEEDED),
        (_later(count="另计"), "U 列（计数口径）", "“另计”不是可选值"),
        (_later(domain="教育"), "S 列（领域）", "“教育”不是可选值"),
    ],
)
def test_programme_bad_tracking_and_domain_are_refused(city, later, column, message):
    f = programme_book([[*GOOD[0], "", *_later()[1:]], [*prow(name="改造薄弱学校", target=10), *later]])
    p = preview(f, "programme")
    assert any(r == 3 and c == column and message in m for r, c, m in messages(p)), messages(p)
    with pytest.raises(ValidationError):
        commit(f, "programme")
    assert not Indicator.objects.exists()


def test_a_workbook_from_the_older_template_without_the_later_columns_is_read(city):
    f = book("年度实事计划", P_HEADERS[: -pw.ProgrammeKind.LATER], GOOD)
    p = preview(f, "programme")
    assert p.ok and p.counts[wb.NEW] == 4, messages(p)
