"""minsheng.common.demo.workbook_load: the demo's workbooks go through the importers, all or nothing, once."""

import pytest
from django.core.management.base import CommandError

from minsheng.accounts.models import Organisation
from minsheng.accounts.workbooks import OrganisationsKind
from minsheng.common.demo import workbook_load
from tests.workbooks import book

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in OrganisationsKind.columns]
TREE = [["湖东省", "", "省", "", "", 1], ["青山市", "", "市（州）", "湖东省", "431100", 1]]


def _write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(book("组织机构", HEADERS, rows).getvalue())
    return path


def test_a_demo_workbook_is_imported_once_then_left_alone(tmp_path):
    path = _write(tmp_path, "organisations.xlsx", TREE)
    result = workbook_load(path)
    assert result is not None and "新增 2 个单位" in result.message
    assert workbook_load(path) is None  # the database already matches: nothing written
    assert Organisation.objects.count() == 2


def test_a_broken_demo_workbook_stops_the_load_with_the_importers_message_and_stores_nothing(tmp_path):
    path = _write(tmp_path, "bad.xlsx", [*TREE, ["甲县", "", "县市区", "青山市（错）", "", 1]])
    with pytest.raises(CommandError) as exc:
        workbook_load(path)
    assert (
        "演示工作簿 bad.xlsx 未能导入（未保存任何数据）：第 4 行 D 列（上级单位）：单位“青山市（错）”不存在"
        in str(exc.value)
    )
    assert not Organisation.objects.exists()
