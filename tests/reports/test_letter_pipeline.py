"""One letter pipeline (issue 14 §4): progress' letters migrated into reports with their data, one open
letter per lagging unit, the addressee's inbox and permissions, notices at every hand-over, the letters'
待办, and one answer to "who is behind" shared by the dashboard, the 通报 and the lagging list."""

import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import Organisation, User
from minsheng.common.models import Notification
from minsheng.common.todo import todo_items
from progress import selectors as progress_selectors
from reports.letters_migration import copy_progress_letters
from reports.models import Document, DocumentTransition, Kind, LetterReply, ReplyState
from reports.selectors import lagging_units
from reports.services import document_issue, letter_create, letter_reply, letter_review, letters_from_lagging
from reports.services.letters import (
    ERR_OPEN_LETTER,
    ERR_RETURN_REASON,
    LETTER_ACCEPTED,
    LETTER_RECEIVED,
    LETTER_REPLIED,
    LETTER_RETURNED,
)
from reports.snapshot import bulletin_snapshot_build

SH = ZoneInfo("Asia/Shanghai")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _lagging_letter(*, programme, office, unit, kind=Kind.WORK, days=10, key=None):
    return letter_create(
        kind=kind,
        addressee=unit,
        facts="截至 9 月底未达序时。",
        requirement="请加快推进。",
        reply_deadline=timezone.localdate() + timedelta(days=days),
        actor=office,
        programme=programme,
        source_key=key or f"lag-09-{unit.pk}-{kind}",
        month=9,
    )


# --- the data migration ------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DDL inside the test transaction: PostgreSQL")
def test_progress_letters_are_copied_with_replies_and_state(demo, programme, office, county):
    """The migration's function, run against progress' Letter table as it stood before it was dropped."""
    state = MigrationLoader(connection).project_state(("progress", "0004_opinion_spam_state_submitted_from"))
    OldLetter = state.apps.get_model("progress", "Letter")
    clerk = User.objects.get(username="county_dongkou")
    shaodong = Organisation.objects.get(name="邵东市", kind=Organisation.Kind.COUNTY)
    indicator = programme.matters.first().projects.first().indicators.first()
    # Inside the test's transaction: PostgreSQL rolls the table back with everything else.
    with connection.schema_editor() as editor:
        editor.create_model(OldLetter)
    issued = OldLetter.objects.create(
        programme_id=programme.pk, month=9, kind="gentle", recipient_id=county.pk,
        subject="关于加快推进“农村公路提质改造”的温馨提示函", body="截至 9 月底该指标未达序时进度。",
        issued_at=datetime(2024, 10, 10, 9, tzinfo=SH), issued_by_id=office.pk,
        reply_deadline=datetime(2024, 10, 20).date(), state="issued", is_auto=True,
    )
    issued.indicators.set([indicator.pk])
    replied = OldLetter.objects.create(
        programme_id=programme.pk, month=8, kind="work", recipient_id=shaodong.pk,
        subject="关于加快推进保障性租赁住房的工作提示函", body="请加快推进。",
        issued_at=datetime(2024, 9, 10, 9, tzinfo=SH), issued_by_id=office.pk,
        reply_deadline=datetime(2024, 9, 20).date(), state="replied", reply_text="已开工 1771 套。",
        replied_at=datetime(2024, 9, 18, 16, tzinfo=SH), replied_by_id=clerk.pk,
    )
    models = {"Document": Document, "DocumentTransition": DocumentTransition, "LetterReply": LetterReply}
    assert copy_progress_letters(Letter=OldLetter, **models) == 2
    assert copy_progress_letters(Letter=OldLetter, **models) == 0  # idempotent

    a = Document.objects.get(key=f"progress-{issued.pk}")
    assert (a.kind, a.addressee, a.state, a.reply_state, a.month) == (Kind.GENTLE, county, "issued", "awaiting", 9)
    assert a.title == issued.subject and a.sections["facts"] == issued.body and a.number
    assert a.reply_deadline == issued.reply_deadline and a.issued_by == office and a.programme == programme
    assert a.snapshot["indicators"] == [indicator.name] and not a.replies.exists()
    b = Document.objects.get(key=f"progress-{replied.pk}")
    assert (b.kind, b.addressee, b.reply_state) == (Kind.WORK, shaodong, ReplyState.REPLIED)
    reply = b.replies.get()
    assert (reply.text, reply.replied_by, reply.replied_at) == ("已开工 1771 套。", clerk, replied.replied_at)
    assert list(b.transitions.values_list("to_state", flat=True)) == ["issued", "replied"]
    # Copied letters are the unit's letters like any other: in its inbox, and an open one blocks a second.
    assert a in Document.objects.filter(pk__in=[a.pk]) and a.is_letter
    with pytest.raises(ValidationError) as exc:
        _lagging_letter(programme=programme, office=office, unit=county)
    assert "已有未办结的温馨提示函" in exc.value.messages[0]


# --- one open letter per lagging unit ------------------------------------------------------------------


def test_the_same_lagging_unit_never_gets_two_open_letters(demo, programme, office, county, media):
    first = _lagging_letter(programme=programme, office=office, unit=county, kind=Kind.WORK, days=10)
    first = document_issue(document=first, actor=office)
    with pytest.raises(ValidationError) as exc:
        _lagging_letter(programme=programme, office=office, unit=county, kind=Kind.GENTLE, days=3)
    assert exc.value.messages == [
        ERR_OPEN_LETTER.format(
            unit="洞口县", kind="工作提示函", title=first.title,
            deadline=f"{first.reply_deadline.year}年{first.reply_deadline.month}月{first.reply_deadline.day}日",
        )
    ]
    # The bulk run from the lagging list reuses the open letter instead of writing a second one.
    docs = letters_from_lagging(programme=programme, month=9, actor=office)
    assert first in docs
    assert Document.objects.filter(addressee=county, kind__in=[Kind.WORK, Kind.GENTLE]).count() == 1
    # Once the reply is accepted the matter is closed and a new letter may go out.
    clerk = User.objects.get(username="county_dongkou")
    letter_reply(document=first, actor=clerk, text="已整改。")
    first.refresh_from_db()
    letter_review(document=first, actor=office, accept=True)
    second = _lagging_letter(programme=programme, office=office, unit=county, kind=Kind.GENTLE, days=3)
    assert second.pk != first.pk

    # The lagging list shows the open letter instead of a second 写函 button.
    third = document_issue(document=second, actor=office)
    from django.test import Client

    c = Client()
    c.force_login(office)
    html = c.get(reverse("reports:letters_lagging"), {"programme": programme.pk, "month": 9}).content.decode()
    row = html[html.index("<h2 class=\"h6 mb-1\">洞口县</h2>"):][:800]
    assert reverse("reports:detail", args=[third.pk]) in row and "write-letter" not in row


# --- the addressee's inbox and permissions ---------------------------------------------------------------


def test_addressee_sees_only_its_issued_letters(client, demo, programme, office, county, media):
    shaodong = Organisation.objects.get(name="邵东市", kind=Organisation.Kind.COUNTY)
    draft = _lagging_letter(programme=programme, office=office, unit=county)
    other = document_issue(document=_lagging_letter(programme=programme, office=office, unit=shaodong), actor=office)
    clerk = User.objects.get(username="county_dongkou")
    client.force_login(clerk)
    # A draft is the office's: not in the county's inbox, not openable.
    assert draft.title not in client.get(reverse("reports:letters")).content.decode()
    assert client.get(reverse("reports:detail", args=[draft.pk])).status_code in (403, 404)
    # Another county's letter: neither listed, nor openable, nor answerable.
    inbox = client.get(reverse("reports:letters"))
    assert other.pk not in [d.pk for d in inbox.context["page"]]
    assert client.get(reverse("reports:detail", args=[other.pk])).status_code in (403, 404)
    assert client.post(reverse("reports:letter_reply", args=[other.pk]), {"text": "x"}).status_code in (403, 404)
    # A department sees none of the counties' letters; the county its own once issued.
    issued = document_issue(document=draft, actor=office)
    client.force_login(User.objects.get(username="dept_education"))
    assert not [d for d in client.get(reverse("reports:letters")).context["page"] if d.pk in (issued.pk, other.pk)]
    client.force_login(clerk)
    page = client.get(reverse("reports:letters"), {"state": "open"})
    assert [d.pk for d in page.context["page"]] == [issued.pk]
    assert client.get(reverse("reports:detail", args=[issued.pk])).context["reply_form"] is not None
    # The inbox is linked from the clerk's navigation.
    assert f'href="{reverse("reports:letters")}"' in client.get(reverse("home")).content.decode()


# --- notices and 待办 ------------------------------------------------------------------------------------


def _todo(user, today=None):
    request = RequestFactory().get("/")
    request.user = user
    return {t.title: t for t in todo_items(request, today=today)}


def test_notices_and_todo_at_every_hand_over(client, demo, programme, office, county, media):
    clerk = User.objects.get(username="county_dongkou")
    letter = _lagging_letter(programme=programme, office=office, unit=county, days=5)
    assert "待回复的函件" not in _todo(clerk)
    letter = document_issue(document=letter, actor=office)

    received = Notification.objects.get(recipient=clerk, kind="letter_received", url__endswith=f"/{letter.pk}/")
    assert received.title == LETTER_RECEIVED.format(kind="工作提示函", title=letter.title)
    d = letter.reply_deadline
    assert f"{d.year}年{d.month}月{d.day}日" in received.body
    assert received.url == reverse("reports:detail", args=[letter.pk])
    item = _todo(clerk)["待回复的函件"]
    assert (item.count, item.deadline, item.url) == (1, d, reverse("reports:letters") + "?state=open")
    assert client.get(item.url).status_code == 302  # signed out: the login page; signed in below
    client.force_login(clerk)
    assert client.get(item.url).status_code == 200

    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    client.post(reverse("reports:letter_reply", args=[letter.pk]), {"text": "已整改，附现场照片。", "file": photo})
    letter.refresh_from_db()
    assert letter.reply_state == ReplyState.REPLIED and letter.replies.get().file_mime == "image/png"
    replied = Notification.objects.get(recipient=office, kind="letter_replied", url__endswith=f"/{letter.pk}/")
    assert replied.title == LETTER_REPLIED.format(unit="洞口县", kind="工作提示函", title=letter.title)
    assert _todo(office)["函件回复待审核"].count == 1
    assert "待回复的函件" not in _todo(clerk)

    with pytest.raises(ValidationError) as exc:
        letter_review(document=letter, actor=office, accept=False, comment=" ")
    assert exc.value.messages == [ERR_RETURN_REASON]
    letter_review(document=letter, actor=office, accept=False, comment="请补充验收照片")
    returned = Notification.objects.get(recipient=clerk, kind="letter_returned", url__endswith=f"/{letter.pk}/")
    assert returned.title == LETTER_RETURNED.format(kind="工作提示函", title=letter.title)
    assert "请补充验收照片" in returned.body
    assert "被退回" in _todo(clerk)["待回复的函件"].note
    letter.refresh_from_db()
    letter_reply(document=letter, actor=clerk, text="已补充。")
    letter.refresh_from_db()
    letter_review(document=letter, actor=office, accept=True)
    accepted = Notification.objects.get(recipient=clerk, kind="letter_accepted", url__endswith=f"/{letter.pk}/")
    assert accepted.title == LETTER_ACCEPTED.format(kind="工作提示函", title=letter.title)
    # Another county's clerk heard nothing.
    assert not Notification.objects.filter(
        recipient__username="county_shaodong", kind__startswith="letter_", url__endswith=f"/{letter.pk}/"
    ).exists()


def test_office_todo_counts_overdue_letters_and_units_to_write_to(demo, programme, office, county, media):
    letter = document_issue(
        document=_lagging_letter(programme=programme, office=office, unit=county, days=1), actor=office
    )
    later = timezone.localdate() + timedelta(days=5)
    todo = _todo(office, today=later)
    assert todo["函件逾期未回复"].count == 1 and todo["函件逾期未回复"].deadline == letter.reply_deadline
    to_issue = todo["进度滞后待发函的单位（截至 9 月）"]
    units = {r["unit"].pk for r in lagging_units(programme=programme, month=9)}
    assert county.pk in units and to_issue.count == len(units) - 1  # 洞口县 has its letter


# --- one answer to "who is behind" -----------------------------------------------------------------------


def test_dashboard_bulletin_and_lagging_list_agree_on_who_is_behind(client, demo, programme, office, media):
    rows = progress_selectors.behind_rows(programme=programme, month=9)
    keys = {r.key for r in rows}
    # The demo's 1-9 月: four county rows at 省定 (市本级 included), the 市定 roll-up and its counties.
    assert {r.unit.name for r in rows if r.scope == "city_self"} == {"市本级"}
    assert len(keys) == len(rows) >= 5

    # The dashboard: each level's sentence counts the indicators its list names.
    client.force_login(office)
    html = client.get(reverse("progress:dashboard"), {"programme": programme.pk, "month": 9}).content.decode()
    for level in ("province", "city"):
        level_rows = [r for r in rows if r.level == level]
        sentence = re.search(rf'data-level="{level}">([^<]*)<', html).group(1)
        n = int(re.search(r"(\d+) 个指标未达序时", sentence).group(1))
        assert n == len({r.indicator.pk for r in level_rows}) > 0
        for r in level_rows:
            assert r.indicator.name in html
    summary = progress_selectors.programme_status_summary(programme=programme, month=9)
    assert {b.key for b in summary["behind_rows"]} == keys
    # Its 未达序时清单 export lists the same rows.
    export = client.get(reverse("progress:dashboard"), {"programme": programme.pk, "month": 9, "export": "behind"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content), read_only=True).active
    values = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r and r[2] == "指标")
    exported = {(r[2], r[3].removesuffix("（全市）")) for r in values[header + 1 :] if r and r[2]}
    assert exported == {(r.indicator.name, r.unit.name) for r in rows}

    # The 通报's data: the same rows; its 一 names the roll-up and 市本级 items, its 四 the unit rows.
    snap = bulletin_snapshot_build(programme=programme, month=9, scope=programme.organisation)
    snap_keys = {(b["indicator_id"], b["unit_id"]) for lv in snap["levels"] for b in lv["behind_rows"]}
    assert snap_keys == keys
    named = {b["indicator"] for lv in snap["levels"] for b in lv["behind"]}
    assert named == {r.indicator.name for r in rows if r.scope in ("city", "city_self")}

    # The lagging list: every row goes to exactly one unit (市本级's to the lead department).
    lag = lagging_units(programme=programme, month=9)
    assert {k for r in lag for k in r["keys"]} == keys
    assert "市本级" not in {r["unit"].name for r in lag}
    lead = next(r.addressee for r in rows if r.scope == "city_self")
    assert lead.kind == Organisation.Kind.DEPARTMENT and lead.pk in {r["unit"].pk for r in lag}


def test_letters_todo_costs_a_fixed_number_of_queries(demo, programme, office, county, media):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    from reports.home import letters_todo

    clerk = User.objects.get(username="county_dongkou")

    def cost(user):
        request = RequestFactory().get("/")
        request.user = user
        letters_todo(request, timezone.localdate())  # warms the lagging-list cache
        with CaptureQueriesContext(conn) as ctx:
            items = letters_todo(request, timezone.localdate())
        return len(ctx.captured_queries), items

    document_issue(document=_lagging_letter(programme=programme, office=office, unit=county), actor=office)
    office_before, _ = cost(office)
    clerk_before, items = cost(clerk)
    assert items[0].count == 1
    for name in ("邵东市", "邵阳县", "双清区"):
        unit = Organisation.objects.get(name=name, kind=Organisation.Kind.COUNTY)
        document_issue(document=_lagging_letter(programme=programme, office=office, unit=unit), actor=office)
    for kind in (Kind.REMINDER, Kind.ASSIGN):
        document_issue(
            document=letter_create(
                kind=kind, addressee=county, facts="事实", requirement="要求", actor=office, programme=programme,
                reply_deadline=timezone.localdate() + timedelta(days=3),
            ),
            actor=office,
        )
    office_after, _ = cost(office)
    clerk_after, items = cost(clerk)
    assert items[0].count == 3
    assert (office_after, clerk_after) == (office_before, clerk_before)
