"""Draft → edited → issued (numbered, locked) → new version supersedes; idempotent scheduling; permissions."""


from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from minsheng.accounts.models import Organisation, Role, User
from minsheng.common.models import Notification
from reports.models import ERR_ISSUED_LOCKED, DocState, Document, Kind, RenderState
from reports.services import (
    ERR_NOT_ISSUED,
    document_edit,
    document_generate,
    document_issue,
    document_new_version,
    document_render,
    document_set_public,
)
from tests.reports.conftest import ready_to_issue


def test_regenerate_keeps_edits_and_makes_one_draft(city_bulletin, programme, office):
    doc = document_edit(document=city_bulletin, actor=office, sections={"plans": "一是加快推进。"})
    assert doc.state == DocState.EDITED and doc.edited_sections == ["plans"]
    again = document_generate(programme=programme, scope=programme.organisation, month=9, actor=office)
    assert again.pk == doc.pk
    assert again.sections["plans"] == "一是加快推进。"
    assert "个别项目进度核减" in again.sections["problems"]  # unedited sections follow the data
    assert Document.objects.filter(kind=Kind.BULLETIN, period="M09").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            kind=Kind.BULLETIN, scope=doc.scope, year=2024, period="M09", title="x", doc_date=timezone.localdate()
        )


def test_issue_numbers_locks_and_new_version_supersedes(city_bulletin, programme, office):
    doc = document_issue(document=ready_to_issue(city_bulletin, office), actor=office)
    assert doc.state == DocState.ISSUED and doc.number == 1 and doc.number_label == "2024 年第 1 期"
    with pytest.raises(ValidationError) as exc:
        document_edit(document=doc, actor=office, sections={"plans": "改"})
    assert ERR_ISSUED_LOCKED in exc.value.messages
    # The schedule running again does not reopen or overwrite the issued one.
    same = document_generate(programme=programme, scope=programme.organisation, month=9)
    assert same.pk == doc.pk and same.state == DocState.ISSUED
    frozen = Document.objects.get(pk=doc.pk).sections
    v2 = document_new_version(document=doc, actor=office)
    assert v2.version == 2 and v2.supersedes_id == doc.pk and v2.state == DocState.DRAFT
    document_edit(document=v2, actor=office, sections={"plans": "更正后的打算。"})
    v2 = document_issue(document=v2, actor=office, doc_date=date(2024, 10, 20))  # (its 期号 is 2024's)
    doc.refresh_from_db()
    assert doc.state == DocState.SUPERSEDED and doc.sections == frozen
    assert v2.number == 1 and v2.sections["plans"] == "更正后的打算。"
    other = document_generate(programme=programme, scope=programme.organisation, month=8)
    assert document_issue(document=ready_to_issue(other, office), actor=office, doc_date=date(2024, 9, 9)).number == 2
    with pytest.raises(ValidationError) as exc:
        document_set_public(
            document=document_new_version(document=v2, actor=office), actor=office, public=True
        )
    assert ERR_NOT_ISSUED in exc.value.messages


@freeze_time("2024-10-06 08:00:00+08:00")
def test_monthly_task_is_idempotent_and_notifies(
    programme, media, django_capture_on_commit_callbacks, monkeypatch
):
    from reports import tasks

    queued = []
    real = tasks.document_render_task
    monkeypatch.setattr(tasks, "enqueue", lambda task, pk, notify=False: queued.append((pk, notify)) or True)
    with django_capture_on_commit_callbacks(execute=True):
        n1 = tasks.bulletins_monthly.delay().get()
    scopes = Document.objects.filter(kind=Kind.BULLETIN, year=2024, period="M09")
    # 邵阳市: the city, its 12 counties and 经开区 (市本级 is not a scope); the demo's invented second city
    # 宁川市: the city and its 3 counties; 邵东市's own 2024 plan (its own office, its own series): 邵东市.
    assert n1 == scopes.count() == 14 + 4 + 1
    assert scopes.filter(programme__organisation__name="邵阳市").count() == 14
    assert sorted(pk for pk, _ in queued) == sorted(scopes.values_list("pk", flat=True))
    assert all(notify for _, notify in queued)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.bulletins_monthly.delay().get()
    assert Document.objects.filter(kind=Kind.BULLETIN, year=2024, period="M09").count() == 14 + 4 + 1  # idempotent: no second draft
    county_doc = scopes.get(scope__name="洞口县")
    assert county_doc.title == "关于洞口县 1-9 月实施民生可感行动工作推进情况的通报"
    statuses = [
        i["status"]
        for lv in county_doc.snapshot["levels"]
        for m in lv["matters"]
        for p in m["projects"]
        for i in p["indicators"]
    ]
    assert "未达序时" in statuses
    # The eager task itself renders and notifies the office.
    assert real.apply(args=(county_doc.pk, True)).get() == RenderState.READY
    assert Notification.objects.filter(kind="reports_ready", recipient__username="office").exists()


def test_beat_schedule_declared(settings):
    tasks = {v["task"] for v in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "reports.tasks.bulletins_monthly",
        "reports.tasks.briefs_tenday",
        "reports.tasks.summaries_quarterly",
    } <= tasks
    monthly = settings.CELERY_BEAT_SCHEDULE["reports-bulletins-monthly"]["schedule"]
    assert monthly.day_of_month == {6} and monthly.hour == {8} and monthly.minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_permissions_and_downloads(client, city_bulletin, programme, office, county, media):
    county_doc = document_generate(programme=programme, scope=county, month=9)
    for d in (city_bulletin, county_doc):
        document_render(document_id=d.pk)
    clerk = User.objects.get(username="county_dongkou")
    other = User.objects.create_user(
        "clerk_other",
        password="Minsheng#2024",
        role=Role.COUNTY,
        organisation=Organisation.objects.get(name="邵东市", kind="county"),
    )
    url = lambda d, f="pdf": reverse("reports:download", kwargs={"pk": d.pk, "fmt": f})  # noqa: E731
    # anonymous: nothing that is not public
    assert client.get(url(city_bulletin)).status_code == 302
    client.force_login(clerk)
    county_doc.refresh_from_db()
    assert county_doc.render_state == RenderState.READY, county_doc.render_error
    assert clerk.has_perm("reports.view_document", county_doc)
    assert client.get(url(county_doc)).status_code == 200
    assert client.get(url(city_bulletin)).status_code == 404
    listed = client.get(reverse("reports:list")).content.decode()
    assert "关于洞口县" in listed and "关于全市" not in listed
    client.force_login(other)
    assert client.get(url(county_doc)).status_code == 404
    client.force_login(office)
    resp = client.get(url(city_bulletin))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert b"".join(resp.streaming_content).startswith(b"%PDF")
    issued = document_issue(document=ready_to_issue(city_bulletin, office), actor=office)
    document_render(document_id=issued.pk)
    document_set_public(document=issued, actor=office, public=True)
    client.logout()
    assert "关于全市" in client.get(reverse("reports:public_list")).content.decode()
    assert client.get(url(issued)).status_code == 200
    assert client.get(url(county_doc)).status_code == 302


def test_docx_and_xlsx(city_bulletin, office):
    import io

    import docx
    import openpyxl

    from reports.render.xlsx import annex_xlsx

    doc = document_edit(document=city_bulletin, actor=office, sections={"highlights": '=HYPERLINK("x")亮点'})
    doc = document_render(document_id=doc.pk)
    d = docx.Document(doc.docx.path)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "关于全市1-9月实施民生可感行动\n工作推进情况的通报" in text  # whole words, as in the PDF
    assert "=HYPERLINK" in text  # Word shows text as text
    cells = "".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert "其中，洞口县未达序时，进度为 74.51%。" in cells
    wb = openpyxl.load_workbook(io.BytesIO(annex_xlsx(doc)))
    assert wb.sheetnames == ["附件1（省定）", "附件2（市定）"]
    ws = wb["附件1（省定）"]
    assert [c.value for c in ws[2]] == ["序号", "实事名称", "项目名称", "进展情况"]
    values = [c.value for row in ws.iter_rows(min_row=3) for c in row if c.value]
    assert any("洞口县未达序时" in str(v) for v in values)
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)


def test_live_state_partial(client, city_bulletin, office):
    client.force_login(office)
    url = reverse("reports:status", kwargs={"pk": city_bulletin.pk})
    html = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in html and "排队中" in html
    Document.objects.filter(pk=city_bulletin.pk).update(
        render_state=RenderState.FAILED, render_error="生成失败：字体缺失"
    )
    html = client.get(url).content.decode()
    assert "hx-trigger" not in html and "生成失败：字体缺失" in html


def test_new_version_refused_while_an_open_draft_exists(city_bulletin, programme, office):
    from reports.services.documents import ERR_OPEN_DRAFT_EXISTS

    issued = document_issue(document=ready_to_issue(city_bulletin, office), actor=office)
    # A stray open draft of the same period (e.g. made by hand) blocks a second one: a message, not a 500.
    stray = Document.objects.create(
        kind=Kind.BULLETIN,
        scope=issued.scope,
        year=issued.year,
        period=issued.period,
        key=issued.key,
        title="手工草稿",
        doc_date=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as exc:
        document_new_version(document=issued, actor=office)
    assert ERR_OPEN_DRAFT_EXISTS.format(title=stray.title) in exc.value.messages
    assert not Document.objects.filter(supersedes=issued).exists()
