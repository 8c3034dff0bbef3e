"""Issue 12 §1: polyglot uploads through every upload form field of the site.

Each polyglot starts with a real signature (JPEG, GIF, PNG, PDF) and goes on as HTML or JavaScript, under a name
that says page or script (.html .js .svg .htm). A sniffer calls it an image or a PDF, so each field either refuses it
with its Chinese message (its sniffed type is not on the field's list, or a photo cannot be re-encoded), or stores
it — and then the download must carry the sniffed type, nosniff, the sandboxing CSP, a disposition that is inline
only for an image or PDF, and a file name whose suffix is the sniffed type's: never text/html, never ".html".

`test_every_upload_field_is_covered` and `test_every_stored_file_keeps_its_sniffed_type` fail when a form or model
gains a file field that this table does not know.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.urls import get_resolver, reverse

from minsheng.common.downloads import DOWNLOAD_CSP, INLINE_TYPES
from minsheng.common.files import ERR_BAD_TYPE, SUFFIXES
from observers.photos import ERR_UNREADABLE

pytestmark = pytest.mark.django_db

SCRIPT = b"document.title='XSS';fetch('/xss-marker/')"
HTML = b"<html><body><script>" + SCRIPT + b"</script><img src=x onerror=\"" + SCRIPT + b"\"></body></html>"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload=\"" + SCRIPT + b"\"><script>" + SCRIPT + b"</script></svg>"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# name → (the name it claims, its bytes, the type a sniffer reads from them)
POLYGLOTS = {
    "jpeg_html": ("整改照片.html", b"\xff\xd8\xff\xe0" + HTML, "image/jpeg"),
    "gif_js": ("check.js", b"GIF89a=1;" + SCRIPT + b";", "image/gif"),
    "png_svg": ("现场.svg", PNG_SIGNATURE + SVG, "image/png"),
    "pdf_htm": ("方案.htm", b"%PDF-1.4\n" + HTML, "application/pdf"),
}

IMAGE = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/heic"}
PDF = {"application/pdf"}
OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword",
    "application/vnd.ms-excel",
}
BAD_TYPE = ERR_BAD_TYPE.split("（")[0].split("”")[-1]  # "的实际格式不被接受"
UNREADABLE = ERR_UNREADABLE.split("”")[-1]  # "无法识别或已损坏，请重新拍摄或换一张。"


@dataclass(frozen=True)
class Field:
    """One upload field: who posts it where, what it accepts, and where a stored file is downloaded."""

    form: str  # "module.FormClass.field" — matched against the forms found in the project
    role: str
    url: Callable
    base: dict
    field: str
    accepts: set[str]
    model: str = ""  # the row a stored upload becomes
    mime_field: str = "mime"
    download: Callable | None = None  # (world, row) -> URL
    viewer: str = "office"
    refusal: Callable[[str], str] = lambda mime: BAD_TYPE  # the message when a polyglot is refused
    prepare: Callable | None = None  # (world) -> None: put the object in the state the form needs (rolled back)


def _proposal_base(w):
    return {
        "title": "增设社区公交站",
        "level": "city",
        "proposer_name": "王五",
        "proposer_phone": "13800001111",
        "suggested_unit_text": "市交通运输局",
        "content": "在某小区门口增设公交站。",
    }


FIELDS = {
    "public_proposal": Field(
        "proposals.forms.PublicProposalForm.attachments",
        "anon",
        lambda w: reverse("proposals:submit", kwargs={"pk": w.shared["campaign"]}),
        {"consent": "on", "captcha": "7"},
        "attachments",
        IMAGE | PDF,
        "proposals.ProposalAttachment",
        download=lambda w, row: reverse("proposals:attachment", kwargs={"pk": row.pk}),
    ),
    "staff_proposal": Field(
        "proposals.forms.StaffProposalForm.attachments",
        "county_a",
        lambda w: reverse("proposals:create", kwargs={"campaign_pk": w.shared["campaign"]}),
        {"channel": "directed"},
        "attachments",
        IMAGE | PDF,
        "proposals.ProposalAttachment",
        download=lambda w, row: reverse("proposals:attachment", kwargs={"pk": row.pk}),
    ),
    "unit_sheet": Field(
        "proposals.forms.ImportForm.file",
        "county_a",
        lambda w: reverse("proposals:import", kwargs={"campaign_pk": w.shared["campaign"]}),
        {},
        "file",
        set(),  # .xlsx only
    ),
    "figure_evidence": Field(
        "progress.forms.EvidenceForm.file",
        "county_a",
        lambda w: reverse("progress:evidence_upload", kwargs={"pk": w.a["figure"]}),
        {},
        "file",
        PDF | OFFICE,  # images are re-encoded like observers' photos: a polyglot image does not decode
        "progress.Evidence",
        download=lambda w, row: reverse("progress:evidence_download", kwargs={"pk": row.pk}),
        refusal=lambda mime: UNREADABLE if mime in IMAGE else BAD_TYPE,
    ),
    "figure_sheet": Field(
        "progress.forms.ImportForm.file",
        "county_a",
        lambda w: reverse("progress:sheet_upload", kwargs={"period_id": w.shared["period"]}),
        {},
        "file",
        set(),  # .xlsx only
    ),
    "policy_document": Field(
        "progress.forms.PolicyDocumentForm.file",
        "office",
        lambda w: reverse("progress:publish_project", kwargs={"pk": w.shared["project"]}),
        {"kind": "policy", "d-title": "托育服务实施方案", "d-published_on": "2024-03-01", "d-is_published": "on"},
        "d-file",
        PDF,
        "progress.PolicyDocument",
        download=lambda w, row: reverse(
            "progress:policy_download", kwargs={"code": w.shared["project_code"], "pk": row.pk}
        ),
        viewer="anon",  # a published policy file is public
    ),
    "update_photos": Field(
        "progress.forms.PublicUpdateForm.photos",
        "county_a",  # a county with a target in the project publishes on its page
        lambda w: reverse("progress:publish_project", kwargs={"pk": w.shared["project"]}),
        {
            "kind": "update",
            "u-kind": "news",
            "u-title": "托育点开工",
            "u-body": "本月新开工 3 处。",
            "u-published_on": "2024-09-01",
            "u-is_published": "on",
        },
        "u-photos",
        set(),  # re-encoded like the observers' photos: a polyglot image does not decode, so none is stored
        refusal=lambda mime: UNREADABLE if mime in IMAGE else BAD_TYPE,
    ),
    "report_photos": Field(
        "observers.forms.ReportForm.photos",
        "observer",
        lambda w: reverse("observers:report_create"),
        {"kind": "snapshot", "visited_on": "2024-09-01", "content": "现场施工中", "submit": "1"},
        "photos",
        set(),  # every photo is re-encoded: a polyglot image does not decode, so none is stored
        refusal=lambda mime: UNREADABLE if mime in IMAGE else BAD_TYPE,
    ),
    "report_document": Field(
        "observers.forms.ReportForm.document",
        "observer",
        lambda w: reverse("observers:report_create"),
        {"kind": "written", "visited_on": "2024-09-01", "content": "书面报告见附件", "submit": "1"},
        "document",
        PDF | OFFICE,
        "observers.FieldReport",
        mime_field="document_mime",
        download=lambda w, row: reverse("observers:report_document", kwargs={"pk": row.pk}),
    ),
    "handoff_evidence": Field(
        "observers.forms.ReplyForm.files",
        "county_a",
        lambda w: reverse("observers:handoff_reply", kwargs={"pk": w.a["handoff"]}),
        {"reply_text": "已完成整改"},
        "files",
        IMAGE | PDF | OFFICE,
        "observers.HandOffEvidence",
        download=lambda w, row: reverse("observers:evidence", kwargs={"pk": row.pk}),
    ),
    "handoff_reopen_photos": Field(
        "observers.forms.ReopenForm.photos",
        "observer",
        lambda w: reverse("observers:handoff_reopen", kwargs={"pk": w.a["handoff"]}),
        {"comment": "路灯仍然不亮"},
        "photos",
        set(),  # re-encoded like the report photos: a polyglot image does not decode, so none is stored
        refusal=lambda mime: UNREADABLE if mime in IMAGE else BAD_TYPE,
        prepare=lambda w: _close_handoff(w.a["handoff"]),
    ),
    "setup_workbook": Field(
        "minsheng.common.setup_views.SetupImportForm.file",
        "office",
        lambda w: reverse("common:setup_import"),
        {"kind": "targets"},
        "file",
        set(),  # .xlsx only
    ),
    "approval_attachment": Field(
        "candidates.forms.ApprovalForm.attachment",
        "office",
        lambda w: reverse("candidates:approval_add", kwargs={"pk": w.shared["approval_round"]}),
        {"kind": "1", "held_on": "2025-01-05", "decision": "approved", "note": "同意"},
        "attachment",
        PDF | OFFICE | IMAGE,
        "candidates.ApprovalMeeting",
        mime_field="attachment_mime",
        download=lambda w, row: reverse("candidates:approval_file", kwargs={"pk": row.pk}),
    ),
    "letter_reply": Field(
        "reports.forms.ReplyForm.file",
        "county_a",
        lambda w: reverse("reports:letter_reply", kwargs={"pk": w.a["letter_document"]}),
        {"text": "已按函件要求整改"},
        "file",
        IMAGE | PDF,  # a reply carries its PDF or photos of the rectification
        "reports.LetterReply",
        mime_field="file_mime",
        download=lambda w, row: reverse("reports:reply_file", kwargs={"pk": row.pk}),
    ),
}

# Model file fields and the column holding their sniffed type; generated documents carry the type we wrote.
STORED_FILES = {
    ("candidates.ApprovalMeeting", "attachment"): "attachment_mime",
    ("observers.FieldReport", "document"): "document_mime",
    ("observers.ReportPhoto", "image"): "mime",
    ("observers.HandOffEvidence", "file"): "mime",
    ("progress.Evidence", "file"): "mime",
    ("progress.PolicyDocument", "file"): "mime",
    ("progress.PublicUpdatePhoto", "file"): "mime",
    ("proposals.ProposalAttachment", "file"): "mime",
    ("proposals.UnitSheet", "file"): "mime",
    ("reports.LetterReply", "file"): "file_mime",
}
GENERATED = {("reports.Document", "pdf"), ("reports.Document", "docx"), ("reports.Document", "xlsx")}
PROJECT_PACKAGES = ("minsheng", "projects", "candidates", "proposals", "progress", "observers", "reports")


def project_upload_fields() -> set[str]:
    """Every form file field declared in the project's own forms (the URLconf imports every view and form)."""
    from django import forms

    get_resolver().url_patterns  # noqa: B018 - import every view, hence every form
    found: set[str] = set()
    todo = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if not cls.__module__.startswith(PROJECT_PACKAGES):
            continue
        inherited = set().union(*(getattr(base, "base_fields", {}) for base in cls.__bases__))
        for name, field in getattr(cls, "base_fields", {}).items():
            if isinstance(field, forms.FileField) and name not in inherited:  # declared or from a model here
                found.add(f"{cls.__module__}.{cls.__name__}.{name}")
    return found


def test_every_upload_field_is_covered():
    assert project_upload_fields() == {f.form for f in FIELDS.values()}


def test_every_stored_file_keeps_its_sniffed_type():
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith(PROJECT_PACKAGES) or model.__name__.startswith("Historical"):
            continue
        for f in model._meta.get_fields():
            if isinstance(f, models.FileField):
                found.add((model._meta.label, f.name))
    assert found == set(STORED_FILES) | GENERATED
    for (label, _field), mime_field in STORED_FILES.items():
        assert isinstance(apps.get_model(label)._meta.get_field(mime_field), models.CharField)


@pytest.fixture(scope="module")
def upload_world(world, django_db_blocker):
    """The world with A's figure open for evidence, a candidate of A's round confirmed (so the round's plan can go
    to its approval meetings) and A's letter awaiting its reply."""
    from candidates.models import Candidate
    from progress.models import Figure, FigureState
    from reports.models import Document, ReplyState

    with django_db_blocker.unblock():
        Figure.objects.filter(pk=world.a["figure"]).update(state=FigureState.DRAFT)
        Candidate.objects.filter(pk=world.a["candidate"]).update(stage="confirmed")
        world.shared["approval_round"] = world.a["round"]
        Document.objects.filter(pk=world.a["letter_document"]).update(reply_state=ReplyState.AWAITING)
    return world


def _close_handoff(pk: int) -> None:
    """The observer may say 仍未解决 only on a hand-off closed within 14 days."""
    from django.utils import timezone

    from observers.models import HandOff

    HandOff.objects.filter(pk=pk).update(state=HandOff.State.CLOSED, closed_at=timezone.now())


def _client(world, role: str) -> Client:
    c = Client(raise_request_exception=True, REMOTE_ADDR="127.0.0.78")
    if role != "anon":
        c.force_login(world.users[role])
    return c


def _filename(disposition: str) -> str:
    found = re.search(r"filename\*=UTF-8''([^;\s]+)", disposition)
    assert found, disposition
    return unquote(found.group(1))


@pytest.mark.parametrize("polyglot", list(POLYGLOTS))
@pytest.mark.parametrize("target", list(FIELDS))
def test_polyglot_is_refused_or_served_as_what_it_is(target, polyglot, upload_world, django_db_blocker, settings):
    from django.core.cache import cache

    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    settings.PUBLIC_FORMS = {**settings.PUBLIC_FORMS, "CAPTCHA_FIXED_ANSWER": 7}
    w, spec = upload_world, FIELDS[target]
    name, content, sniffed = POLYGLOTS[polyglot]
    data = {**spec.base, spec.field: SimpleUploadedFile(name, content)}
    if target.endswith("_proposal"):
        data = {**_proposal_base(w), **data}
    model = apps.get_model(spec.model) if spec.model else None
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        if spec.prepare:
            spec.prepare(w)
        client = _client(w, spec.role)
        if spec.role == "anon":
            client.get(spec.url(w))  # the captcha is issued with the form
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first() if model else None
        resp = client.post(spec.url(w), data, follow=True)
        assert resp.status_code < 500
        row = model.objects.filter(pk__gt=last or 0).exclude(**{spec.mime_field: ""}).first() if model else None
        if sniffed not in spec.accepts:
            page = re.sub(r"<[^>]+>", " ", resp.content.decode())
            message = spec.refusal(sniffed)
            assert message in page, f"页面未显示“{message}”"
            assert row is None, "被拒绝的多态文件仍被保存"
            transaction.set_rollback(True)
            return
        shown = re.findall(r'class="[^"]*(?:invalid-feedback|alert|errorlist|text-danger)[^"]*"[^>]*>(.*?)</', resp.content.decode(), re.S)
        assert row is not None, f"{name} 的实际格式（{sniffed}）在允许之列，却未被保存：{shown}"
        assert getattr(row, spec.mime_field) == sniffed
        download = _client(w, spec.viewer).get(spec.download(w, row))
        body = b"".join(download.streaming_content)
        transaction.set_rollback(True)
    assert download.status_code == 200 and body == content
    assert download["Content-Type"] == sniffed
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == DOWNLOAD_CSP
    kind = download["Content-Disposition"].split(";")[0]
    assert kind in ("inline", "attachment") and (kind == "attachment" or sniffed in INLINE_TYPES)
    served = _filename(download["Content-Disposition"])
    assert any(served.endswith(s) for s in SUFFIXES[sniffed]), f"下载文件名“{served}”与实际格式 {sniffed} 不符"
