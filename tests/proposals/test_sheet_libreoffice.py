"""A unit's 汇总表 written by a program and saved again by LibreOffice Calc (which stores formula results, as Excel
and WPS do): names and phones still split, a formula is kept as its text, a level formula counts by its result."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from proposals.models import Proposal, UnitSheet
from tests.proposals.corpus import build as corpus

from .test_sheet_content import row, setup, upload  # noqa: F401 - setup is a fixture

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice Calc is installed by scripts/bootstrap test"),
]


def resave(data: bytes, tmp_path) -> bytes:
    src = tmp_path / "in" / "汇总表.xlsx"
    src.parent.mkdir()
    src.write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--calc", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    return (tmp_path / "out" / "汇总表.xlsx").read_bytes()


def test_libreoffice_resaved_sheet(client, setup, tmp_path):  # noqa: F811
    campaign, county, clerk = setup
    client.force_login(clerk)
    rows = [
        row("农村公路安装路灯", "张三 138-1234-5678"),
        row("社区助餐", "李四（0739）5026059转8012", level="省级"),
        [3, "=\"农村\"&\"饮水\"", "=IF(1,\"市级\",\"省级\")", "王五\n13812345678", "", "内容", "", "", "", "", ""],
    ]
    data = resave(corpus.sheet_bytes(rows), tmp_path)
    r = upload(client, campaign, data)
    html = r.content.decode()
    assert r.status_code == 200, html[:3000]
    assert "第 6 行 · B 列（项目名称）：该单元格是公式" in html and "不能为空" not in html
    client.post(reverse("proposals:import_commit", args=[UnitSheet.objects.get().pk]))
    stored = list(Proposal.objects.order_by("sheet_row").values_list("title", "level", "proposer_name", "proposer_phone"))
    assert stored == [
        ("农村公路安装路灯", "city", "张三", "13812345678"),
        ("社区助餐", "province", "李四", "0739-5026059转8012"),
        ("=\"农村\"&\"饮水\"", "city", "王五", "13812345678"),
    ]
