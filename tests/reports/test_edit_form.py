"""Everything the office sends is editable before issue, on one page, in Chinese, in the document's order."""

import re
from datetime import date

from django.urls import reverse

from reports.forms import SectionsForm
from reports.models import Kind
from reports.render.html import document_html
from reports.services import letter_create

RAW_KEYS = ("facts", "requirement", "masthead", "issuer", "report_to", "send_to", "phone", "mailbox")


def _labels(html: str) -> list[str]:
    return re.findall(r'<label class="form-label[^"]*" for="id_[^"]+">([^<]+)</label>', html)


def test_bulletin_form_has_every_printed_field_in_order(client, city_bulletin, office):
    client.force_login(office)
    html = client.get(reverse("reports:detail", kwargs={"pk": city_bulletin.pk})).content.decode()
    labels = _labels(html)
    order = ["主送", "导语", "一、工作推进情况", "二、主要工作举措", "三、特色亮点", "四、存在问题", "五、工作打算",
             "抄送", "署名", "代章单位", "成文日期"]
    assert [lab for lab in labels if lab in order] == order, labels
    assert {"份号", "密级和保密期限", "紧急程度"} <= set(labels)
    # Each annex row (24 省定 projects, 12 市定 rows) follows the date, as the annexes follow the signature.
    annex = [lab for lab in labels if lab.endswith("：进展情况")]
    assert len(annex) == 24 + 12 and labels.index(annex[0]) > labels.index("成文日期")
    assert "附件 1 ⑰市县两级应急广播建设工程：进展情况" in annex
    # The generated 一、 and the defaults are in the form, ready to edit.
    assert "各县市区工作专班，市直责任单位：" in html and "（一）省定重点民生实事。" in html
    assert "邵阳市人力资源和社会保障局" in html
    for key in RAW_KEYS:
        assert f">{key}<" not in html


def test_letter_and_newsletter_fields_in_chinese_single_line_contacts():
    form = SectionsForm(keys=("facts", "requirement", "masthead", "issuer", "report_to", "send_to", "phone", "mailbox"))
    labels = [f.label for f in form.fields.values()]
    assert not set(RAW_KEYS) & set(labels), labels
    assert form.fields["s_phone"].widget.input_type == "text"
    assert form.fields["s_mailbox"].widget.input_type == "text"


def test_letter_form_has_addressee_and_signature(client, programme, county, office):
    letter = letter_create(
        kind=Kind.WORK, addressee=county, facts="截至9月底，进度为74.51%。", requirement="请加快推进。",
        reply_deadline=date(2024, 10, 25), actor=office, programme=programme, doc_date=date(2024, 10, 10),
    )
    client.force_login(office)
    html = client.get(reverse("reports:detail", kwargs={"pk": letter.pk})).content.decode()
    labels = _labels(html)
    assert labels.index("主送") < labels.index("事实") < labels.index("工作要求") < labels.index("署名")
    assert 'value="洞口县工作专班"' in html
    for key in RAW_KEYS:
        assert f">{key}<" not in html


def test_edits_to_section_one_and_signature_print_and_survive_a_refresh(client, city_bulletin, office):
    client.force_login(office)
    url = reverse("reports:detail", kwargs={"pk": city_bulletin.pk})
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}  # the page as the office sees it
    data["doc_date"] = "2024-10-09"
    data["s_progress"] = "（一）省定重点民生实事。办公室改写的省定一段。\n（二）市定重点民生实事。办公室改写的市定一段。"
    data["s_signature"] = "邵阳市民生实事办"
    data["s_copy_no"] = "000123"
    assert data["s_annex:province-17"].startswith("市级应急广播建设：全市 5 个单位中")
    data["s_annex:province-17"] = "全市 5 个项目中，市本级重新挂网，进度 60%。"
    resp = client.post(reverse("reports:edit", kwargs={"pk": city_bulletin.pk}), data)
    assert resp.status_code == 302
    city_bulletin.refresh_from_db()
    assert city_bulletin.sections["progress"].startswith("（一）省定重点民生实事。办公室改写")
    assert "addressee" not in city_bulletin.sections  # left as generated: follows the data
    printed = document_html(city_bulletin)
    assert "办公室改写的省定一段" in printed and "邵阳市民生实事办" in printed and "000123" in printed
    assert "市本级重新挂网" in printed and "annex:province-16" not in city_bulletin.sections
    # A refresh keeps the edits; asked to, it discards them.
    client.post(reverse("reports:regenerate", kwargs={"pk": city_bulletin.pk}))
    city_bulletin.refresh_from_db()
    assert "办公室改写" in city_bulletin.sections["progress"]
    client.post(reverse("reports:regenerate", kwargs={"pk": city_bulletin.pk}), {"discard_edits": "1"})
    city_bulletin.refresh_from_db()
    assert "progress" not in city_bulletin.sections
    assert "办公室改写" not in document_html(city_bulletin)
