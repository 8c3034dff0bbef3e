"""The quality world: the demo data plus, for two counties A (洞口县) and B (邵东市), one object of every
kind a URL can point at, with distinctive personal data that must never leak."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

# Distinctive personal data: if these strings show up where they should not, the masking failed.
PROPOSER_NAME = "张三丰"
PROPOSER_PHONE = "13912345678"
OPINION_NAME = "欧阳锋"
OPINION_PHONE = "13912340000"
OBSERVER_PHONE = "13987654321"

# office: 邵阳市's 专班办公室; office_b: the invented second city's (宁川市), which must see none of 邵阳市's
# objects; office_sd: 邵东市's own office (county B runs its own 2023 plan), below the city's.
ROLES = ("anon", "county_a", "county_b", "dept", "observer", "deputy", "office", "office_b", "office_sd", "admin")
USERNAMES = {
    "county_a": "county_dongkou",
    "county_b": "county_shaodong",
    "dept": "dept_education",
    "observer": "observer",
    "deputy": "deputy",
    "office": "office",
    "office_b": "office_ningchuan",
    "office_sd": "office_shaodong",
    "admin": "admin",
}


def png_bytes(size=(8, 8)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def jpeg_bytes(size=(8, 8)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(buf, format="JPEG")
    return buf.getvalue()


def blank_xlsx() -> bytes:
    import openpyxl

    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "空表"
    wb.save(buf)
    return buf.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    """Primary keys of the objects owned by A and by B, and the users of every role."""

    users: dict = field(default_factory=dict)
    a: dict = field(default_factory=dict)
    b: dict = field(default_factory=dict)
    shared: dict = field(default_factory=dict)


# Apps whose tables get a disjoint id range while the world exists (framework tables are left alone).
PROJECT_APPS = ("accounts", "common", "projects", "candidates", "proposals", "progress", "observers", "reports")
PK_SPACING = 1_000_000


def spread_primary_keys():
    """Start every project table's ids at its own multiple of PK_SPACING; return a function undoing it.

    A URL fed the id of the wrong kind of object (a session id where a round id belongs) then answers
    404 on every run, instead of 200/302 only while the two tables' sequences happen to line up — as
    they do on a fresh database and stop doing on PostgreSQL once earlier tests in the same worker have
    advanced the sequences (a rolled-back insert does not give its id back there).
    """
    from django.apps import apps
    from django.db import connection
    from django.db.models import Max

    models = sorted(
        (
            m
            for m in apps.get_models()
            if m._meta.app_label in PROJECT_APPS
            and m._meta.managed
            and not m._meta.proxy
            and m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField")
        ),
        key=lambda m: m._meta.db_table,
    )
    undo: list[tuple[str, int, bool]] = []
    with connection.cursor() as cur:
        for n, model in enumerate(models, start=1):
            table, column, start = model._meta.db_table, model._meta.pk.column, n * PK_SPACING
            highest = model._base_manager.aggregate(m=Max("pk"))["m"] or 0
            assert highest < start, f"{table} 已有 id {highest}，超出了为它预留的起点 {start}"
            if connection.vendor == "postgresql":
                cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
                seq = cur.fetchone()[0]
                cur.execute(f"SELECT last_value, is_called FROM {seq}")  # noqa: S608 - a name PostgreSQL gave
                undo.append((seq, *cur.fetchone()))
                cur.execute("SELECT setval(%s, %s, false)", [seq, start])
            elif connection.vendor == "sqlite":  # sqlite_sequence is rolled back with the world
                cur.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cur.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start - 1])
            else:
                pytest.fail(f"权限矩阵的主键错开只支持 PostgreSQL 和 SQLite，当前数据库：{connection.vendor}")

    def restore() -> None:
        """PostgreSQL sequences ignore the rollback: put them back where the earlier tests left them."""
        with connection.cursor() as cur:
            for seq, last_value, is_called in undo:
                cur.execute("SELECT setval(%s, %s, %s)", [seq, last_value, is_called])

    return restore


def build_world() -> World:
    """Load the demo and add the A/B objects the demo lacks (attachments, evidence, documents …)."""
    from candidates.models import (
        ApprovalMeeting,
        Candidate,
        CandidateYearTarget,
        Opinion,
        SatisfactionSurvey,
        ScreeningRound,
        VotingSession,
    )
    from minsheng.accounts.models import Organisation, User
    from observers.models import (
        FieldReport,
        Finding,
        HandOff,
        HandOffEvidence,
        Inspection,
        Observer,
        ObserverGroup,
        ReportPhoto,
    )
    from progress.models import Evidence, Figure, PublicOpinion, ReportingPeriod
    from projects.models import Programme
    from proposals.models import Campaign, Proposal, ProposalAttachment, UnitSheet
    from reports.models import Article, DocState, Document, Kind, RenderState

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    w = World()
    w.users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
    county_a = Organisation.objects.get(name="洞口县", kind=Organisation.Kind.COUNTY)
    county_b = Organisation.objects.get(name="邵东市", kind=Organisation.Kind.COUNTY)
    office = w.users["office"]
    city = Programme.objects.get(year=2024, organisation__name="邵阳市")
    open_campaign = Campaign.objects.filter(state=Campaign.State.PUBLISHED).order_by("-ends_at").first()

    # --- proposals: one per county, with an attachment and a unit sheet, and leak-bait contacts.
    Proposal.objects.update(proposer_name=PROPOSER_NAME, proposer_phone=PROPOSER_PHONE)
    PublicOpinion.objects.update(contact_name=OPINION_NAME, contact_phone=OPINION_PHONE)
    for owner, county in (("a", county_a), ("b", county_b)):
        bag = getattr(w, owner)
        bag["county"] = county.pk
        proposal = Proposal.objects.filter(unit=county, campaign=open_campaign).first()
        bag["proposal"] = proposal.pk
        bag["proposal_code"] = proposal.code
        att = ProposalAttachment(proposal=proposal, original_name="现场.png", mime="image/png", size=100)
        att.file.save("x.png", ContentFile(png_bytes()), save=True)
        bag["attachment"] = att.pk
        sheet = UnitSheet(
            campaign=open_campaign,
            unit=county,
            original_name="汇总表.xlsx",
            contact_name=PROPOSER_NAME,
            contact_phone=PROPOSER_PHONE,
            filled_on=date(2026, 1, 5),
            row_count=0,
            uploaded_by=w.users["county_" + owner],
        )
        sheet.mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        sheet.file.save("sheet.xlsx", ContentFile(blank_xlsx()), save=False)
        sheet.save()
        bag["sheet"] = sheet.pk

    # --- progress: a figure of the open month per county, with evidence (letters: reports, below).
    period = ReportingPeriod.objects.filter(programme=city, state=ReportingPeriod.State.OPEN).order_by("month").first()
    w.shared["period"] = period.pk
    w.shared["programme"] = city.pk
    for owner, county in (("a", county_a), ("b", county_b)):
        bag = getattr(w, owner)
        fig = Figure.objects.filter(period=period, target__county=county).order_by("pk").first()
        bag["figure"] = fig.pk
        bag["target"] = fig.target_id
        ev = Evidence(figure=fig, original_name="佐证.pdf", mime="application/pdf", size=len(PDF_BYTES), uploaded_by=office)
        ev.file.save("e.pdf", ContentFile(PDF_BYTES), save=True)
        bag["evidence"] = ev.pk
    w.shared["indicator"] = Figure.objects.get(pk=w.a["figure"]).target.indicator_id
    w.shared["project_code"] = Figure.objects.get(pk=w.a["figure"]).target.indicator.project.public_code
    w.shared["project"] = Figure.objects.get(pk=w.a["figure"]).target.indicator.project_id
    from progress.models import PolicyDocument, PublicUpdate

    # the office's own item (the demo's units publish theirs on this project too: their rows are the units' to toggle)
    update = PublicUpdate.objects.filter(project_id=w.shared["project"], unit=None).first() or PublicUpdate.objects.create(
        project_id=w.shared["project"], title="进展", body="正文", published_on=date(2024, 9, 1)
    )
    w.shared["public_update"] = update.pk
    from progress.models import PublicUpdatePhoto

    photo = PublicUpdatePhoto(update=update, mime="image/jpeg", original_name="现场.jpg", width=8, height=8)
    photo.file.save("u.jpg", ContentFile(jpeg_bytes()), save=True)
    w.shared["public_update_photo"] = photo.pk
    policy = PolicyDocument.objects.filter(project_id=w.shared["project"]).first() or PolicyDocument.objects.create(
        project_id=w.shared["project"], title="政策", published_on=date(2024, 9, 1)
    )
    w.shared["policy"] = policy.pk
    from progress.models import PosterPrint

    poster = PosterPrint.objects.filter(project_id=w.shared["project"], unit=county_a).first() or PosterPrint.objects.create(
        project_id=w.shared["project"], unit=county_a, printed_by=w.users["county_a"], printed_at=timezone.now()
    )
    w.shared["poster"] = poster.pk  # printed by county A (洞口县), not yet marked 已张贴

    # --- observers: A = the demo observer's report, handed off to 洞口县; B = another's, to 邵东市.
    Observer.objects.update(phone=OBSERVER_PHONE)
    me = w.users["observer"].observer_profile
    for owner, county in (("a", county_a), ("b", county_b)):
        bag = getattr(w, owner)
        hand_off = HandOff.objects.filter(unit=county).select_related("finding__report").order_by("pk").first()
        if owner == "a":
            hand_off = HandOff.objects.filter(unit=county, finding__report__observer=me).first()
        else:
            hand_off = HandOff.objects.filter(unit=county).exclude(finding__report__observer=me).first()
        HandOff.objects.filter(pk=hand_off.pk).update(state=HandOff.State.ISSUED)
        finding = hand_off.finding
        report = finding.report
        bag.update(handoff=hand_off.pk, finding=finding.pk, report=report.pk, observer=report.observer_id)
        photo = ReportPhoto(report=report, original_name="p.jpg", mime="image/jpeg", width=8, height=8)
        photo.image.save("p.jpg", ContentFile(jpeg_bytes()), save=True)
        bag["photo"] = photo.pk
        report.document_mime = "application/pdf"
        report.document.save("r.pdf", ContentFile(PDF_BYTES), save=True)
        hev = HandOffEvidence(hand_off=hand_off, uploaded_by=office, original_name="整改.pdf", mime="application/pdf")
        hev.file.save("h.pdf", ContentFile(PDF_BYTES), save=True)
        bag["handoff_evidence"] = hev.pk
    assert FieldReport.objects.get(pk=w.a["report"]).observer_id == me.pk
    # Groups are the city office's, not a county's: one shared demo group that has members.
    w.shared["observer_group"] = ObserverGroup.objects.filter(members__isnull=False).order_by("pk").first().pk
    # A planned 集中观察 open to every observer (no projects), far ahead so sign-up stays open.
    planned = Inspection.objects.create(title="集中观察（报名）", kind="concentrated", date=date(2099, 1, 1))
    w.shared["inspection"] = planned.pk
    assert Finding.objects.filter(pk=w.b["finding"]).exists()

    # --- reports: an issued, non-public bulletin per county with a stored PDF.
    for owner, county in (("a", county_a), ("b", county_b)):
        doc = Document(
            kind=Kind.BULLETIN,
            programme=city,
            scope=county,
            year=2024,
            period="M08",  # the demo holds an open M09 county draft; one open draft per period is allowed
            month=8,
            title=f"{county.name}1-8月通报",
            doc_date=date(2024, 10, 9),
            state=DocState.ISSUED,
            render_state=RenderState.READY,
            issued_at=timezone.now(),
            issued_by=office,
        )
        doc.save()
        doc.pdf.save("d.pdf", ContentFile(PDF_BYTES), save=True)
        getattr(w, owner)["document"] = doc.pk
        letter = Document(
            kind=Kind.WORK,
            programme=city,
            scope=city.organisation,
            addressee=county,
            year=2024,
            period="M08",
            month=8,
            key=f"quality-{owner}",
            title=f"致{county.name}的工作提示函",
            doc_date=date(2024, 9, 20),
            reply_deadline=date(2024, 9, 30),
            state=DocState.ISSUED,
            render_state=RenderState.READY,
            issued_at=timezone.now(),
            issued_by=office,
        )
        letter.save()
        getattr(w, owner)["letter_document"] = letter.pk
        article = Article.objects.create(
            author_org=county, title=f"{county.name}动态", body="正文", submitted_by=w.users["county_" + owner]
        )
        getattr(w, owner)["article"] = article.pk

    # --- candidates: A = the department's own declared candidate (round 邵阳市 2025), B = another unit's.
    rnd_city = ScreeningRound.objects.get(organisation__name="邵阳市")
    rnd_county = ScreeningRound.objects.exclude(pk=rnd_city.pk).first()
    dept = w.users["dept"].organisation
    cand_a = Candidate.objects.filter(round=rnd_city, responsible_unit=dept).first()
    cand_b = Candidate.objects.filter(round=rnd_city).exclude(responsible_unit=dept).exclude(responsible_unit=None).first()
    w.a.update(round=rnd_city.pk, candidate=cand_a.pk)
    w.b.update(round=rnd_county.pk, candidate=cand_b.pk)
    w.a["year_target"] = CandidateYearTarget.objects.filter(candidate__round=rnd_city).first().pk
    w.b["year_target"] = CandidateYearTarget.objects.filter(candidate__round=rnd_county).first().pk
    w.a["opinion"] = Opinion.objects.filter(candidate__round=rnd_city).first().pk
    w.b["opinion"] = Opinion.objects.filter(candidate__round=rnd_county).first().pk
    meeting = ApprovalMeeting.objects.first()
    meeting.attachment.save("m.pdf", ContentFile(PDF_BYTES), save=False)
    meeting.attachment_name = "纪要.pdf"
    meeting.attachment_mime = "application/pdf"
    meeting.save()
    w.shared["meeting"] = meeting.pk
    w.shared["session"] = VotingSession.objects.first().pk
    if not SatisfactionSurvey.objects.filter(programme=city).exists():  # opened by the office's service (roster)
        from candidates.programme import survey_open

        survey_open(programme=city, by=office)
    w.shared["programme_b"] = Programme.objects.exclude(pk=city.pk).first().pk
    w.shared["campaign"] = open_campaign.pk
    w.shared["today"] = timezone.localdate()
    # --- the inbox: a notice of each county clerk's own (opening one marks it read and follows its link).
    from django_celery_beat.models import PeriodicTask

    from minsheng.common.models import Notification

    for owner, bag in (("a", w.a), ("b", w.b)):
        bag["notice"] = Notification.objects.create(
            recipient=w.users["county_" + owner], title="测试通知", url="/inbox/"
        ).pk
    # --- 定时任务: 邵阳市's office's own entry of a per-office job (load_demo gives each office its entries): the
    # other city's and 邵东市's offices must not see or run it.
    from minsheng.common.schedules import office_entry_name

    entry = office_entry_name("progress-open-month", city.organisation_id)
    w.shared["schedule"] = PeriodicTask.objects.get(name=entry).pk
    return w
