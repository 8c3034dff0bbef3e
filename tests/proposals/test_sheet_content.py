"""The 征集汇总表 as units really fill it: names and phones in one cell, formulas, stamped unit names, footers,
level labels in the preview, and an export that keeps formula-looking text as text without an apostrophe."""
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minsheng.accounts.models import Organisation
from proposals.contacts import split_proposer
from proposals.models import Proposal, UnitSheet
from tests.proposals.corpus import build as corpus
from tests.proposals.factories import CampaignFactory, ProposalFactory, county_clerk, office_user

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def setup():
    campaign = CampaignFactory(year=2025)
    county = Organisation.objects.create(name="洞口县", kind=Organisation.Kind.COUNTY, parent=campaign.organisation)
    Organisation.objects.create(name="隆回县", kind=Organisation.Kind.COUNTY, parent=campaign.organisation)
    Organisation.objects.create(name="市交通运输局", kind=Organisation.Kind.DEPARTMENT, parent=campaign.organisation)
    return campaign, county, county_clerk(county)


def upload(client, campaign, data, name="汇总表.xlsx", **extra):
    f = SimpleUploadedFile(name, data, content_type=XLSX)
    return client.post(reverse("proposals:import", args=[campaign.pk]), {"file": f, **extra})


def row(title, proposer, level="市级", remark=""):
    return [1, title, level, proposer, "", "内容", remark, "", "", "", ""]


PEOPLE = [
    ("张三 13812345678", "张三", "13812345678"),
    ("张三 138 1234 5678", "张三", "13812345678"),
    ("张三 138-1234-5678", "张三", "13812345678"),
    ("张三 1381-234-5678", "张三", "13812345678"),
    ("张三 +86 138 1234 5678", "张三", "13812345678"),
    ("张三 8613812345678", "张三", "13812345678"),
    ("张三 0086-13812345678", "张三", "13812345678"),
    ("李四 0739-5026059", "李四", "0739-5026059"),
    ("李四（0739）5026059", "李四", "0739-5026059"),
    ("李四 0739 502 6059", "李四", "0739-5026059"),
    ("李四 0739-5026059转8012", "李四", "0739-5026059转8012"),
    ("李四 0739-5026059-8012", "李四", "0739-5026059转8012"),
    ("王五 １３８１２３４５６７８", "王五", "13812345678"),
    ("王五（13812345678）", "王五", "13812345678"),
    ("王五(13812345678)", "王五", "13812345678"),
    ("王五\n13812345678", "王五", "13812345678"),
    ("手机：13812345678（王五）", "王五", "13812345678"),
    ("王五，电话：13812345678", "王五", "13812345678"),
    ("刘老师", "刘老师", ""),
]


@pytest.mark.parametrize(("cell", "name", "phone"), PEOPLE)
def test_names_and_phones_split_as_written(cell, name, phone):
    who = split_proposer(cell)
    assert (who.name, who.phone, who.unreadable, who.several) == (name, phone, [], False)


def test_every_format_imports_with_name_and_phone_columns_in_the_preview(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    data = corpus.sheet_bytes([row(f"项目{i}", cell) for i, (cell, _, _) in enumerate(PEOPLE)])
    r = upload(client, campaign, data)
    html = r.content.decode()
    assert r.status_code == 200, html[html.find("import-error"):][:2000]
    assert "<th scope=\"col\">联系电话</th>" in html and "0739-5026059转8012" in html
    client.post(reverse("proposals:import_commit", args=[UnitSheet.objects.get().pk]))
    stored = list(Proposal.objects.order_by("sheet_row").values_list("proposer_name", "proposer_phone"))
    assert stored == [(n, p) for _, n, p in PEOPLE]


def test_several_people_or_numbers_are_all_kept_and_said(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    data = corpus.sheet_bytes([row("甲", "张三 13812345678 / 李四 13900001111"),
                               row("乙", "王五 13812345678、0739-5026059", remark="原备注")])
    html = upload(client, campaign, data).content.decode()
    assert "import-warnings" in html
    assert "第 4 行 · D 列（建议人姓名及联系电话）：该格有 2 位建议人、2 个电话" in html
    assert "其余（李四，13900001111）已写入备注" in html
    client.post(reverse("proposals:import_commit", args=[UnitSheet.objects.get().pk]))
    a, b = Proposal.objects.order_by("sheet_row")
    assert (a.proposer_name, a.proposer_phone, a.remark) == ("张三", "13812345678", "建议人栏另有：李四，13900001111")
    assert (b.proposer_name, b.proposer_phone, b.remark) == ("王五", "13812345678", "原备注；建议人栏另有：0739-5026059")


@pytest.mark.parametrize("cell", ["张三 1381234567", "张三 138123456789", "张三 5026059", "张三 13812345678 / 李四 139000"])
def test_phone_like_text_that_is_no_phone_flags_the_row(client, setup, cell):
    campaign, county, clerk = setup
    client.force_login(clerk)
    r = upload(client, campaign, corpus.sheet_bytes([row("甲", cell)]))
    html = r.content.decode()
    assert r.status_code == 400
    assert "第 4 行 · D 列（建议人姓名及联系电话）：未找到有效的联系电话：“" in html
    assert UnitSheet.objects.count() == 0 and Proposal.objects.count() == 0


def test_formula_without_cached_value_is_stored_as_its_text_with_a_warning(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    data = corpus.sheet_bytes([[1, "=\"农村\"&\"路灯\"", "市级", "张三 13812345678", "", "=B4&\"安装\"", "", "", "", "", ""]])
    r = upload(client, campaign, data)
    html = r.content.decode()
    assert r.status_code == 200 and "不能为空" not in html
    assert "第 4 行 · B 列（项目名称）：该单元格是公式" in html and "将按公式原文保存" in html
    client.post(reverse("proposals:import_commit", args=[UnitSheet.objects.get().pk]))
    p = Proposal.objects.get()
    assert p.title == "=\"农村\"&\"路灯\"" and p.content == "=B4&\"安装\""


def test_cached_formula_result_is_not_stored_as_typed_text(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    plain = corpus.sheet_bytes([[1, "=\"农村\"&\"路灯\"", "=IF(1,\"市级\",\"省级\")", "张三 13812345678", "", "内容",
                                 "", "", "", "", ""]])
    data = corpus.with_cached(plain, {"B4": "农村路灯", "C4": "市级"})
    r = upload(client, campaign, data)
    html = r.content.decode()
    assert r.status_code == 200, html[:3000]
    assert "第 4 行 · B 列（项目名称）：该单元格是公式" in html
    client.post(reverse("proposals:import_commit", args=[UnitSheet.objects.get().pk]))
    p = Proposal.objects.get()
    assert p.title == "=\"农村\"&\"路灯\"" and p.level == "city"  # the level is the formula's result


def test_level_formula_without_result_says_so(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    data = corpus.sheet_bytes([[1, "路灯", "=IF(1,\"市级\",\"省级\")", "张三 13812345678", "", "内容", "", "", "", "", ""]])
    html = upload(client, campaign, data).content.decode()
    assert "第 4 行 · C 列（项目级别（省级/市级））：该单元格是公式" in html and "没有计算结果" in html
    assert "不能为空" not in html


@pytest.mark.parametrize("stamp", ["洞口县", "邵阳市洞口县人民政府", "洞口县人民政府办公室", "中共洞口县委",
                                   "洞口县人民政府（盖章）", "  洞口县 "])
def test_county_clerk_imports_own_sheet_whatever_the_stamp(client, setup, stamp):
    campaign, county, clerk = setup
    Organisation.objects.filter(kind="city").update(name="邵阳市")
    client.force_login(clerk)
    r = upload(client, campaign, corpus.sheet_bytes(corpus.GOOD_ROWS, unit=stamp))
    assert r.status_code == 200, r.content.decode()[:3000]
    assert UnitSheet.objects.get().unit == county


def test_county_clerk_with_another_countys_stamp_is_refused(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    r = upload(client, campaign, corpus.sheet_bytes(corpus.GOOD_ROWS, unit="中共隆回县委"))
    assert r.status_code == 400 and "与当前账户单位“洞口县”不一致" in r.content.decode()


@pytest.mark.parametrize(("stamp", "unit"), [("邵阳市隆回县人民政府", "隆回县"), ("隆回县人民政府办公室", "隆回县"),
                                             ("中共洞口县委", "洞口县"), ("邵阳市交通运输局", "市交通运输局"),
                                             ("交通运输局", "市交通运输局")])
def test_office_import_matches_stamped_names(client, setup, stamp, unit):
    campaign, county, clerk = setup
    office = office_user()  # the campaign city's office (made before the city is renamed: issue 20's scope)
    Organisation.objects.filter(kind="city").update(name="邵阳市")
    client.force_login(office)
    r = upload(client, campaign, corpus.sheet_bytes(corpus.GOOD_ROWS, unit=stamp))
    assert r.status_code == 200, r.content.decode()[:3000]
    assert UnitSheet.objects.get().unit.name == unit


def test_office_import_unmatched_lists_closest_units(client, setup):
    campaign, county, clerk = setup
    client.force_login(office_user())
    html = upload(client, campaign, corpus.sheet_bytes(corpus.GOOD_ROWS, unit="洞口县人民医院")).content.decode()
    assert "未能识别“单位名称”：洞口县人民医院" in html and "最接近的单位：洞口县" in html


def _footer_sheet(lines):
    wb = openpyxl.load_workbook(io.BytesIO(corpus.sheet_bytes(corpus.GOOD_ROWS, footer=False)))
    ws = wb.active
    ws.append([])
    for line in lines:
        ws.append(line)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("lines", [
    [["联系人：王五"], ["联系方式（手机号码）：13900001111"]],
    [["联系人", "王五"], ["联系方式（手机号码）", "13900001111"]],
    [["联系人：", "王五"], ["联系方式（手机号码）：", "13900001111"]],
    [["联系人:王五"], ["联系方式(手机号码):13900001111"]],
    [["联系人：王五   联系方式（手机号码）：13900001111"]],
    [["联系人：", "王五", None, "联系方式（手机号码）：", "13900001111"]],
])
def test_footer_value_in_label_cell_or_next(client, setup, lines):
    campaign, county, clerk = setup
    client.force_login(clerk)
    r = upload(client, campaign, _footer_sheet(lines))
    assert r.status_code == 200, r.content.decode()[:3000]
    us = UnitSheet.objects.get()
    assert (us.contact_name, us.contact_phone) == ("王五", "13900001111")


def test_preview_shows_level_words_not_codes(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    html = upload(client, campaign, corpus.good_quirky()).content.decode()
    assert '<td data-label="级别">市级</td>' in html and '<td data-label="级别">省级</td>' in html
    assert '<td data-label="级别">city</td>' not in html


def test_export_keeps_formula_like_text_as_text_without_apostrophe(client, setup):
    campaign, county, clerk = setup
    ProposalFactory(campaign=campaign, unit=county, title="=HYPERLINK(\"http://x\")", proposer_name="张三",
                    proposer_phone="13812345678", content="-5 度以下停课", remark="@所有人")
    client.force_login(office_user())
    r = client.get(reverse("proposals:export", args=[campaign.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = wb["洞口县"]
    title, content, remark = ws.cell(row=4, column=2), ws.cell(row=4, column=6), ws.cell(row=4, column=7)
    assert title.value == "=HYPERLINK(\"http://x\")" and content.value.startswith("-5 度以下停课")
    assert remark.value == "@所有人"
    for cell in (title, content, remark):
        assert cell.data_type == "s" and cell.quotePrefix
    for wsx in wb.worksheets:
        for line in wsx.iter_rows():
            for c in line:
                assert not (isinstance(c.value, str) and c.value.startswith("'"))
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.data_type == "s" and c.quotePrefix, c.coordinate


def test_real_xls_asks_to_save_as_xlsx(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    r = upload(client, campaign, corpus.real_xls(), name="汇总表.xls")
    assert r.status_code == 400 and "请另存为 .xlsx 后上传" in r.content.decode()
    assert "请勿仅修改文件扩展名" not in r.content.decode()
