"""The 征集汇总表: template layout, import preview/commit (all or nothing), the bad-file corpus, export."""
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minsheng.accounts.models import Organisation
from proposals import sheet
from proposals.models import Proposal, ProposalEvent, UnitSheet
from tests.proposals.corpus import build as corpus
from tests.proposals.factories import CampaignFactory, ProposalFactory, county_clerk, office_user

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def setup():
    campaign = CampaignFactory(year=2025)
    county = Organisation.objects.create(name="洞口县", kind=Organisation.Kind.COUNTY, parent=campaign.organisation)
    Organisation.objects.create(name="市交通运输局", kind=Organisation.Kind.DEPARTMENT, parent=campaign.organisation)
    return campaign, county, county_clerk(county)


def upload(client, campaign, name, data, **extra):
    f = SimpleUploadedFile(name, data, content_type=XLSX)
    return client.post(reverse("proposals:import", args=[campaign.pk]), {"file": f, **extra})


def test_template_layout_matches_seed(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    r = client.get(reverse("proposals:template", args=[campaign.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = wb.active
    assert ws["A1"].value == "2025 年重点民生实事项目征集汇总表"
    assert "A1:K1" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["A2"].value == "单位名称（盖章）：洞口县" and ws["G2"].value.startswith("时间：")
    assert [c.value for c in ws[3]][:7] == ["序号", "项目名称", "项目级别（省级/市级）", "建议人姓名及联系电话",
                                           "建议承办单位", "项目现状、实施内容以及预期可达到的效果", "备注"]
    assert [c.value for c in ws[3]][7:] == ["责任单位（含协助单位）", "项目必要性", "项目内容及年度进度安排", "项目总投资及资金筹措"]
    values = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert "联系人：" in values and "联系方式（手机号码）：" in values


def test_import_preview_then_commit(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    r = upload(client, campaign, "汇总表.xlsx", corpus.good_quirky())
    html = r.content.decode()
    assert r.status_code == 200, html[:3000]
    assert "检查通过" in html and Proposal.objects.count() == 0
    us = UnitSheet.objects.get()
    assert us.state == UnitSheet.State.PREVIEW and us.unit == county
    r = client.post(reverse("proposals:import_commit", args=[us.pk]))
    assert r.status_code == 302
    ps = list(Proposal.objects.order_by("sheet_row"))
    assert len(ps) == 3 and all(p.unit == county for p in ps)
    assert ps[0].proposer_name == "张三" and ps[0].proposer_phone == "13812345678"
    assert ps[0].suggested_unit.name == "市交通运输局"
    assert ps[1].proposer_phone == "0739-5026059" and ps[1].level == "province" and ps[1].responsible_text == "市民政局"
    assert ps[2].proposer_phone == "13812349999"  # a phone stored as a number
    assert ProposalEvent.objects.count() == 3
    # One history row per imported row, written in one INSERT … SELECT: same fields as a model-built one.
    for p in ps:
        (ev,) = p.events.all()
        assert (ev.actor, ev.from_state, ev.to_state, ev.public_note) == (clerk, "", "submitted", "")
        assert ev.comment == f"由汇总表“汇总表.xlsx”第 {p.sheet_row} 行导入。"
        assert ev.at == p.created_at
    assert len({p.code for p in ps}) == 3 and all(p.code.startswith("JY") and len(p.code) == 10 for p in ps)
    us.refresh_from_db()
    assert us.state == UnitSheet.State.COMMITTED and us.contact_name == "王五" and us.contact_phone == "13900001111"
    # A preview can be committed once only.
    assert client.post(reverse("proposals:import_commit", args=[us.pk])).status_code == 404
    assert Proposal.objects.count() == 3


EXPECTED = {
    "not_xlsx_text.xlsx": "不被接受",
    "legacy_xls.xlsx": "不被接受",
    "pdf_renamed.xlsx": "不被接受",
    "truncated.xlsx": "",
    "plain_zip.xlsx": "不被接受",
    "zip_bomb.xlsx": "压缩炸弹",
    "xml_bomb.xlsx": "不安全的 XML",
    "wrong_headers.xlsx": "表头第 B 列应为“项目名称”",
    "extra_column.xlsx": "不是汇总表的列",
    "no_header.xlsx": "未找到表头",
    "no_rows.xlsx": "表中没有项目数据",
    "wrong_year.xlsx": "与本次征集年度（2025）不一致",
    "bad_rows.xlsx": "第 7 行 · C 列（项目级别（省级/市级））",
    "wrong_unit.xlsx": "与当前账户单位“洞口县”不一致",
    # the formula in B is not empty (it is kept as its text); the empty content in F is the error
    "formula_cells.xlsx": "第 4 行 · F 列（项目现状、实施内容以及预期可达到的效果）：不能为空",
}


@pytest.mark.parametrize("name", sorted(corpus.bad_files()))
def test_bad_corpus_fails_cleanly(client, setup, name):
    campaign, county, clerk = setup
    client.force_login(clerk)
    r = upload(client, campaign, name, corpus.bad_files()[name])
    html = r.content.decode()
    assert r.status_code == 400
    assert ("import-error" in html) or ("import-errors" in html)
    assert EXPECTED[name] in html
    assert Proposal.objects.count() == 0 and UnitSheet.objects.count() == 0


def test_bad_rows_reports_every_error_by_row_and_column(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    html = upload(client, campaign, "bad.xlsx", corpus.bad_files()["bad_rows.xlsx"]).content.decode()
    for msg in ("第 6 行 · B 列（项目名称）：不能为空", "第 7 行 · C 列（项目级别（省级/市级））：应为“省级”或“市级”",
                "第 7 行 · D 列（建议人姓名及联系电话）：未找到有效的联系电话", "第 7 行 · F 列（项目现状、实施内容以及预期可达到的效果）：不能为空",
                "第 8 行 · B 列（项目名称）：不能超过 100 个字", "第 8 行 · C 列（项目级别（省级/市级））：本次征集不接受“县级”项目"):
        assert msg in html, msg
    assert "发现 6 处错误" in html


def test_too_big_refused(client, setup):
    campaign, county, clerk = setup
    client.force_login(clerk)
    r = upload(client, campaign, "big.xlsx", corpus.too_big())
    assert r.status_code == 400 and "超过了" in r.content.decode()
    assert Proposal.objects.count() == 0 and UnitSheet.objects.count() == 0


def test_corpus_script_writes_files(tmp_path):
    paths = corpus.build(tmp_path)
    assert len(paths) == len(corpus.bad_files()) + 1 and all(p.stat().st_size > 0 for p in paths)


def test_office_import_needs_unit_from_sheet(client, setup):
    campaign, county, clerk = setup
    client.force_login(office_user())
    r = upload(client, campaign, "x.xlsx", corpus.sheet_bytes(corpus.GOOD_ROWS, unit="不存在的县"))
    assert r.status_code == 400 and "未能识别“单位名称”" in r.content.decode()
    r = upload(client, campaign, "x.xlsx", corpus.sheet_bytes(corpus.GOOD_ROWS, unit="洞口县"))
    assert r.status_code == 200 and UnitSheet.objects.get().unit == county


def test_export_layout_masking_and_neutralising(client, setup):
    campaign, county, clerk = setup
    ProposalFactory(campaign=campaign, unit=county, title="=HYPERLINK(\"http://x\")", proposer_name="张三",
                    proposer_phone="13812345678", content="<script>alert(1)</script>")
    ProposalFactory(campaign=campaign, title="群众建议", proposer_phone="13900002222", proposer_name="李四")
    client.force_login(office_user())
    r = client.get(reverse("proposals:export", args=[campaign.pk]))
    assert r.status_code == 200 and r["Content-Type"] == XLSX
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[0] == "汇总" and "洞口县" in wb.sheetnames and "群众直接提交" in wb.sheetnames
    ws = wb["洞口县"]
    assert [c.value for c in ws[3]] == sheet.HEADERS
    row = [c.value for c in ws[4]]
    assert row[1] == "=HYPERLINK(\"http://x\")"  # kept as text by the cell's quote prefix, no apostrophe
    assert ws.cell(row=4, column=2).data_type == "s" and ws.cell(row=4, column=2).quotePrefix
    assert row[3] == "张三 13812345678" and row[5] == "<script>alert(1)</script>"
    combined = wb["汇总"]
    assert [c.value for c in combined[3]] == [*sheet.HEADERS, "报送单位"]
    # Every formula-looking text cell is a text cell with the quote prefix.
    for wsx in wb.worksheets:
        for line in wsx.iter_rows():
            for c in line:
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.data_type == "s" and c.quotePrefix


def test_export_masked_phone_helper():
    from proposals.exports import proposal_row
    p = Proposal(title="t", level="city", proposer_name="张三", proposer_phone="13812345678", content="c")
    assert proposal_row(p, seq=1, full_phone=False)[3] == "张* 138****5678"
    assert proposal_row(p, seq=1, full_phone=True)[3] == "张三 13812345678"


def test_importer_limits_mirror_model_fields():
    from proposals.importers import LIMITS
    for name, limit in LIMITS.items():
        field = Proposal._meta.get_field("suggested_unit_text" if name == "suggested_unit" else name)
        assert field.max_length == limit, name


def test_commit_service_refuses_a_second_commit(setup):
    from django.core.exceptions import ValidationError

    from proposals import importers

    campaign, county, clerk = setup
    parsed, us = importers.unit_sheet_preview(campaign=campaign, uploaded=SimpleUploadedFile(
        "a.xlsx", corpus.good_quirky(), content_type=XLSX), actor=clerk, own_unit=county)
    importers.unit_sheet_commit(unit_sheet=us, parsed=parsed, actor=clerk)
    stale = UnitSheet.objects.get(pk=us.pk)
    stale.state = UnitSheet.State.PREVIEW  # what a second tab, loaded before the first commit, still holds
    with pytest.raises(ValidationError, match="已导入"):
        importers.unit_sheet_commit(unit_sheet=stale, parsed=parsed, actor=clerk)
    assert Proposal.objects.count() == 3 and ProposalEvent.objects.count() == 3


def test_tracking_codes_are_distinct_and_skip_stored_ones(monkeypatch):
    import secrets

    from proposals import models

    taken = ProposalFactory()
    assert len(set(models.new_tracking_codes(500))) == 500
    # Force the first draw to repeat a stored code: it is replaced by a fresh one.
    stored = bytes(models.CODE_ALPHABET.index(ch) for ch in taken.code[2:])
    draws = iter([stored + stored, secrets.token_bytes(16)])
    monkeypatch.setattr(models.secrets, "token_bytes", lambda n: next(draws))
    codes = models.new_tracking_codes(2)
    assert len(codes) == 1 + 1 and taken.code not in codes
