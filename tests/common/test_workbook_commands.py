"""The set-up importers from the command line: workbook_template KIND OUT.xlsx and import_workbook FILE [--commit]."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from minsheng.accounts.models import Organisation
from tests.workbooks import book

pytestmark = pytest.mark.django_db
O_HEADERS = ["单位全称", "简称", "类型", "上级单位", "代码", "排序"]


def test_workbook_template_writes_each_kind(tmp_path):
    for key, title in [("organisations", "组织机构"), ("users", "用户"), ("programme", "年度实事计划"),
                       ("targets", "任务分解表"), ("observers", "观察员名册")]:  # fmt: skip
        out = tmp_path / f"{key}.xlsx"
        call_command("workbook_template", key, str(out), stdout=StringIO())
        assert load_workbook(out).sheetnames[:2] == [title, "填写说明"]
    with pytest.raises(CommandError, match="没有“people”这种工作簿"):
        call_command("workbook_template", "people", str(tmp_path / "x.xlsx"))


def test_import_workbook_previews_then_commits(tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(book("组织机构", O_HEADERS, [["湖东省", "", "省", "", "", 1],
                                                 ["青山市", "", "市", "湖东省", "", 2]]).getvalue())  # fmt: skip
    out = StringIO()
    call_command("import_workbook", str(path), stdout=out)
    assert "工作簿类型：组织机构" in out.getvalue() and "新增 2" in out.getvalue() and "仅预览" in out.getvalue()
    assert not Organisation.objects.exists()
    out = StringIO()
    call_command("import_workbook", str(path), "--commit", stdout=out)
    assert "已导入组织机构：新增 2 个单位" in out.getvalue()
    assert Organisation.objects.get(name="青山市").parent.name == "湖东省"


def test_import_workbook_reports_errors_and_stores_nothing(tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(book("组织机构", O_HEADERS, [["青山市", "", "市", "湖东省", "", 2]]).getvalue())
    err = StringIO()
    with pytest.raises(CommandError, match="发现 1 处错误，未导入任何数据"):
        call_command("import_workbook", str(path), "--commit", stderr=err, stdout=StringIO())
    assert "第 2 行 D 列（上级单位）：单位“湖东省”不存在" in err.getvalue()
    assert not Organisation.objects.exists()
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_workbook", str(tmp_path / "none.xlsx"))
