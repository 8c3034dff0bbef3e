"""Letters from the UI: lagging units and hand-offs without a letter → form (facts pre-filled) → preview,
issue, download; the addressed unit replies (text + PDF), the office accepts or returns; overdue stands out."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from minsheng.accounts.models import User
from minsheng.common.files import ERR_BAD_TYPE
from observers.models import HandOff
from reports.models import Document, DocumentTransition, Kind, LetterReply, ReplyState
from reports.services import document_issue, letter_create, letter_review
from reports.services.letters import ERR_REPLY_STATE

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_lagging_letter_reply_review(
    client, demo, office, programme, media, django_capture_on_commit_callbacks
):
    client.force_login(office)
    page = client.get(reverse("reports:letters_lagging"), {"programme": programme.pk, "month": 9})
    html = page.content.decode()
    assert page.status_code == 200 and "洞口县" in html and "74.51%" in html

    dongkou = next(r for r in page.context["rows"] if r["county"].name == "洞口县")
    new_url = reverse("reports:letter_new")
    form = client.get(new_url, {"programme": programme.pk, "month": 9, "county": dongkou["county"].pk})
    assert "74.51%" in form.context["form"].initial["facts"]

    deadline = timezone.localdate() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            new_url,
            {
                "programme": programme.pk,
                "month": 9,
                "county": dongkou["county"].pk,
                "kind": Kind.GENTLE,
                "addressee": dongkou["county"].pk,
                "facts": form.context["form"].initial["facts"],
                "requirement": "请于期限内完成整改。",
                "reply_deadline": deadline.isoformat(),
            },
        )
    letter = Document.objects.get(kind=Kind.GENTLE, addressee=dongkou["county"])
    assert resp.status_code == 302 and resp["Location"] == reverse("reports:detail", args=[letter.pk])
    letter.refresh_from_db()
    assert letter.render_state == "ready"
    preview = client.get(reverse("reports:download", args=[letter.pk, "pdf"]) + "?preview=1")
    assert preview["Content-Disposition"].startswith("inline")
    letter = document_issue(document=letter, actor=office)
    assert letter.reply_state == ReplyState.AWAITING

    clerk = User.objects.get(username="county_dongkou")
    client.force_login(clerk)
    assert letter.title in client.get(reverse("reports:letters")).content.decode()
    detail = client.get(reverse("reports:detail", args=[letter.pk]))
    assert detail.context["reply_form"] is not None

    # A text file dressed as a PDF is refused (content sniffed), nothing recorded.
    fake = SimpleUploadedFile("整改.pdf", b"just text", content_type="application/pdf")
    resp = client.post(
        reverse("reports:letter_reply", args=[letter.pk]), {"text": "已整改", "file": fake}, follow=True
    )
    assert ERR_BAD_TYPE.format(name="整改.pdf", allowed="PDF、JPG/PNG/WEBP/GIF 图片") in resp.content.decode()
    assert not LetterReply.objects.exists()

    good = SimpleUploadedFile("整改情况.pdf", PDF, content_type="application/pdf")
    client.post(reverse("reports:letter_reply", args=[letter.pk]), {"text": "已完成 12 公里。", "file": good})
    letter.refresh_from_db()
    assert letter.reply_state == ReplyState.REPLIED
    reply = LetterReply.objects.get()
    assert reply.file and client.get(reverse("reports:reply_file", args=[reply.pk])).status_code == 200

    # Another county can neither see nor reply.
    client.force_login(User.objects.get(username="county_shaodong"))
    assert client.post(reverse("reports:letter_reply", args=[letter.pk]), {"text": "x"}).status_code == 404
    assert client.get(reverse("reports:reply_file", args=[reply.pk])).status_code == 404

    client.force_login(office)
    client.post(
        reverse("reports:letter_review", args=[letter.pk]), {"decision": "return", "comment": "请补充照片"}
    )
    letter.refresh_from_db()
    assert letter.reply_state == ReplyState.RETURNED
    client.force_login(clerk)
    client.post(reverse("reports:letter_reply", args=[letter.pk]), {"text": "已补充。"})
    client.force_login(office)
    client.post(reverse("reports:letter_review", args=[letter.pk]), {"decision": "accept"})
    letter.refresh_from_db()
    assert letter.reply_state == ReplyState.ACCEPTED
    history = list(
        DocumentTransition.objects.filter(document=letter, comment__startswith="【回复】").values_list(
            "from_state", "to_state"
        )
    )
    assert history == [
        ("awaiting", "replied"),
        ("replied", "returned"),
        ("returned", "replied"),
        ("replied", "accepted"),
    ]
    with pytest.raises(ValidationError) as exc:
        letter_review(document=letter, actor=office, accept=False, comment="再改")
    assert exc.value.messages == [ERR_REPLY_STATE.format(state="已采纳")]


def test_overdue_letters_stand_out(client, demo, office, programme, county, media):
    letter = letter_create(
        kind=Kind.REMINDER,
        addressee=county,
        facts="事实",
        requirement="要求",
        reply_deadline=timezone.localdate() - timedelta(days=1),
        doc_date=timezone.localdate() - timedelta(days=10),
        actor=office,
        programme=programme,
    )
    letter = document_issue(document=letter, actor=office)
    assert letter.is_overdue
    client.force_login(office)
    html = client.get(reverse("reports:letters"), {"overdue": "1"}).content.decode()
    assert letter.title in html and "已逾期" in html and "list-group-item-danger" in html


def test_handoff_without_letter(client, demo, office, media):
    hand_off = HandOff.objects.select_related("unit").first()
    if hand_off is None:
        pytest.skip("观察员演示数据中没有交办")
    client.force_login(office)
    page = client.get(reverse("reports:letters_handoffs"))
    assert hand_off in page.context["handoffs"]
    form = client.get(reverse("reports:letter_new"), {"handoff": hand_off.pk})
    initial = form.context["form"].initial
    assert initial["addressee"] == hand_off.unit_id and initial["facts"].startswith("民生实事观察员")
    resp = client.post(
        reverse("reports:letter_new"),
        {
            "handoff": hand_off.pk,
            "kind": initial["kind"],
            "addressee": hand_off.unit_id,
            "facts": initial["facts"],
            "requirement": initial["requirement"],
            "reply_deadline": initial["reply_deadline"].isoformat(),
        },
    )
    assert resp.status_code == 302
    assert Document.objects.filter(key=f"handoff-{hand_off.pk}").count() == 1
    assert hand_off not in client.get(reverse("reports:letters_handoffs")).context["handoffs"]


def test_letter_written_before_eight_china_time_carries_china_date(demo, office, programme, county):
    # 07:30 in 邵阳 is 23:30 UTC the day before: the container's clock has no time zone.
    with freeze_time(datetime(2024, 5, 2, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))):
        letter = letter_create(
            kind=Kind.REMINDER, addressee=county, facts="事实", requirement="要求",
            reply_deadline=date(2024, 5, 12), actor=office, programme=programme,
        )
    assert letter.doc_date == date(2024, 5, 2)
