"""意见建议 answered by the right unit (issue 17 §4): a receipt code, routing to the county the resident chose
(else the lead department) with a reply deadline, a notice and a 待办 for that unit, the unit's reply shown on the
project page and to the resident who types the code and the last four phone digits — never their name or phone."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from minsheng.common.models import Notification
from minsheng.common.todo import todo_items
from progress import services
from progress.models import PublicOpinion
from progress.services import ERR_OPINION_COUNTY, OPINION_REPLY_DAYS
from progress.views.public import ERR_OPINION_STATUS_NOT_FOUND

pytestmark = pytest.mark.django_db
TEXT = "甲县城关托育点报名电话一直打不通"


@pytest.fixture(autouse=True)
def _fixed_captcha(settings):
    settings.PUBLIC_FORMS = {**settings.PUBLIC_FORMS, "CAPTCHA_FIXED_ANSWER": 7}
    cache.clear()
    yield
    cache.clear()


def send(client, project, **extra):
    client.get(reverse("common:captcha"))
    data = {
        "content": TEXT,
        "contact_name": "王五",
        "contact_phone": "138 1234 5678",
        "captcha": "7",
        **extra,
    }
    return client.post(
        reverse("progress:public_opinion", args=[project.public_code]), data, REMOTE_ADDR="10.1.2.3"
    )


def todo_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return [t for t in todo_items(request) if t.group == "意见建议"]


def test_county_row_routes_to_the_county_with_a_deadline_notice_and_todo(client, world):
    project = world["ind"].project
    r = send(client, project, county=str(world["a"].pk))
    assert r.status_code == 302
    op = PublicOpinion.objects.get()
    assert (
        op.unit == world["a"] and op.county == world["a"] and op.code.startswith("YJ") and len(op.code) == 10
    )
    assert op.reply_due == timezone.localdate() + dt.timedelta(days=OPINION_REPLY_DAYS)
    assert op.contact_phone == "13812345678"  # spaces typed on a phone dropped
    page = client.get(r["Location"]).content.decode()
    assert op.code in page and "甲县" in page
    note = Notification.objects.get(recipient=world["clerk_a"])
    assert (
        project.name in note.title
        and op.code in note.body
        and note.url.startswith(reverse("progress:unit_opinions"))
    )
    assert not Notification.objects.filter(recipient=world["clerk_b"]).exists()
    (item,) = todo_for(world["clerk_a"])
    assert item.count == 1 and item.url == reverse("progress:unit_opinions") and item.deadline == op.reply_due
    assert todo_for(world["clerk_b"]) == []


def test_without_a_county_the_lead_department_answers(client, world):
    send(client, world["ind"].project)
    op = PublicOpinion.objects.get()
    assert op.unit == world["ind"].lead_unit and op.county is None
    assert Notification.objects.filter(recipient=world["dept"]).exists()


def test_a_county_outside_the_project_is_refused_and_the_text_kept(client, world):
    from tests.progress.factories import CountyFactory

    other = CountyFactory(name="丙县")
    r = send(client, world["ind"].project, county=str(other.pk))
    html = r.content.decode()
    assert r.status_code == 400 and ERR_OPINION_COUNTY in html and TEXT in html
    assert not PublicOpinion.objects.exists()


def test_the_county_answers_in_its_list_and_the_reply_is_public_without_personal_data(client, world):
    project = world["ind"].project
    send(client, project, county=str(world["a"].pk))
    op = PublicOpinion.objects.get()
    url = reverse("progress:unit_opinions")
    client.force_login(world["clerk_b"])
    assert TEXT not in client.get(url).content.decode()
    assert client.post(url, {"opinion": op.pk, "reply": "不是我县的", "publish": "on"}).status_code == 404
    client.force_login(world["clerk_a"])
    listing = client.get(url).content.decode()
    assert TEXT in listing and "王*" in listing and "13812345678" not in listing and "138****5678" in listing
    r = client.post(
        url, {"opinion": op.pk, "reply": "已安排专人接听，报名电话 0739-1234567", "publish": "on"}
    )
    assert r.status_code == 302
    op.refresh_from_db()
    assert op.state == PublicOpinion.State.HANDLED and op.replied_by == world["clerk_a"] and op.publish_reply
    assert todo_for(world["clerk_a"]) == []
    client.logout()
    page = client.get(reverse("progress:public_project", args=[project.public_code])).content.decode()
    assert "甲县答复" in page and "已安排专人接听" in page
    assert "王五" not in page and "13812345678" not in page and "5678" not in page


def test_another_unit_cannot_answer(world):
    op, _ = services.opinion_submit(project=world["ind"].project, content=TEXT, county=world["a"])
    with pytest.raises(PermissionDenied):
        services.opinion_reply(opinion=op, actor=world["dept"], reply="越权答复")
    services.opinion_reply(opinion=op, actor=world["office"], reply="专班办公室代为答复")  # the office may


def test_resident_reads_the_answer_with_the_code_typed_loosely(client, world):
    op, _ = services.opinion_submit(
        project=world["ind"].project,
        content=TEXT,
        contact_name="王五",
        contact_phone="13812345678",
        county=world["a"],
    )
    url = reverse("progress:opinion_status")
    pending = client.post(url, {"code": op.code, "last4": "5678"}).content.decode()
    assert "正在办理" in pending and "甲县" in pending
    services.opinion_reply(opinion=op, actor=world["clerk_a"], reply="已安排专人接听")
    loose = " ".join(op.code.lower())  # spaces and lower case
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in op.code)  # Ｙ Ｊ … as a Chinese keyboard types it
    for code, last4 in (
        (loose, "5678"),
        (full_width, "５６７８"),
        (op.code[:2] + "-" + op.code[2:], " 56 78"),
    ):
        r = client.post(url, {"code": code, "last4": last4})
        html = r.content.decode()
        assert r.status_code == 200 and "已安排专人接听" in html and "已答复" in html, code
        assert "王五" not in html and "13812345678" not in html
    wrong = client.post(url, {"code": op.code, "last4": "0000"})
    assert wrong.status_code == 404 and ERR_OPINION_STATUS_NOT_FOUND in wrong.content.decode()
    typed = client.post(url, {"code": "YJ12", "last4": "12a"})
    assert (
        typed.status_code == 400
        and "请填写 4 位数字。" in typed.content.decode()
        and 'value="YJ12"' in typed.content.decode()
    )


def test_lookups_are_limited(client, world, settings):
    settings.PUBLIC_FORMS = {
        **settings.PUBLIC_FORMS,
        "RATE_LIMITS": {**settings.PUBLIC_FORMS["RATE_LIMITS"], "status": (2, 3600)},
    }
    url = reverse("progress:opinion_status")
    for _ in range(2):
        assert client.post(url, {"code": "YJAAAAAAAA", "last4": "1234"}).status_code == 404
    assert client.post(url, {"code": "YJAAAAAAAA", "last4": "1234"}).status_code == 429


def test_overdue_opinions_are_flagged_to_the_office(world):
    op, _ = services.opinion_submit(project=world["ind"].project, content=TEXT, county=world["a"])
    assert todo_for(world["office"]) == []
    PublicOpinion.objects.filter(pk=op.pk).update(reply_due=timezone.localdate() - dt.timedelta(days=2))
    (item,) = todo_for(world["office"])
    assert item.count == 1 and item.urgency == "overdue" and "逾期" in item.title
    (mine,) = todo_for(world["clerk_a"])
    assert "1 条已逾期" in mine.note and mine.urgency == "overdue"


def test_per_unit_rate_overdue_and_reply_time_from_real_states(client, world):
    from progress.selectors import opinion_unit_stats

    project = world["ind"].project
    a1, _ = services.opinion_submit(project=project, content="一", county=world["a"])
    a2, _ = services.opinion_submit(project=project, content="二", county=world["a"])
    services.opinion_submit(project=project, content="三")  # → the lead department
    spam, _ = services.opinion_submit(project=project, content="广告", county=world["a"])
    services.opinion_mark_spam(opinion_ids=[spam.pk], actor=world["office"])
    services.opinion_reply(opinion=a1, actor=world["clerk_a"], reply="已办")
    PublicOpinion.objects.filter(pk=a1.pk).update(submitted_at=timezone.now() - dt.timedelta(days=3))
    PublicOpinion.objects.filter(pk=a2.pk).update(reply_due=timezone.localdate() - dt.timedelta(days=1))
    rows = {r["unit"]: r for r in opinion_unit_stats(today=timezone.localdate())}
    assert rows["甲县"]["received"] == 2 and rows["甲县"]["handled"] == 1 and rows["甲县"]["overdue"] == 1
    assert str(rows["甲县"]["rate_percent"]) == "50.0" and str(rows["甲县"]["avg_days"]) == "3.0"
    assert rows["测试局"]["received"] == 1 and rows["测试局"]["avg_days"] is None
    client.force_login(world["office"])
    page = client.get(reverse("progress:opinions")).content.decode()
    assert "各承办单位办理情况" in page and "3.0 天" in page
    client.force_login(world["clerk_a"])
    mine = client.get(reverse("progress:unit_opinions")).content.decode()
    assert "3.0 天" in mine and "测试局" not in mine


def test_a_refusal_keeps_the_county_and_says_what_is_wrong_with_the_phone(client, world):
    from progress.forms import ERR_OPINION_PHONE

    project = world["ind"].project
    r = send(client, project, county=str(world["b"].pk), contact_phone="12345", captcha="8")
    html = r.content.decode()
    assert r.status_code == 400 and ERR_OPINION_PHONE in html and TEXT in html
    assert f'<option value="{world["b"].pk}" selected>乙县</option>' in html
    assert not PublicOpinion.objects.exists()


def test_a_county_without_clerks_goes_to_the_lead_department(world):
    from tests.progress.factories import CountyFactory, IndicatorTargetFactory

    city_self = CountyFactory(name="市本级")
    IndicatorTargetFactory(indicator=world["ind"], county=city_self)
    op, _ = services.opinion_submit(project=world["ind"].project, content=TEXT, county=city_self)
    assert op.county == city_self and op.unit == world["ind"].lead_unit
    assert Notification.objects.filter(recipient=world["dept"]).exists()
