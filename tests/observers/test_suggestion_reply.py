"""The office answers an observer's 意见建议 (issue 18 §5): a notice to the observer, the answer on the report page,
counted on the duty page as answered or waiting, and a 待办 for the office."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from minsheng.common.models import Notification
from observers.models import FieldReport
from observers.selectors import suggestion_answers
from observers.services import report_save, suggestion_reply
from observers.services.reports import ERR_REPLY_EMPTY, ERR_REPLY_NOTHING, ERR_REPLY_OFFICE_ONLY

from .factories import ObserverFactory, clerk, county, office, project

pytestmark = pytest.mark.django_db


def _report(observer, suggestions="建议在助餐点增设无障碍坡道", submit=True):
    return report_save(
        observer=observer,
        by=observer.user,
        submit=submit,
        data={
            "project": project(),
            "kind": "snapshot",
            "visited_on": date.today(),
            "content": "看了",
            "suggestions": suggestions,
        },
    )


def test_service_answers_notifies_and_refuses():
    me, boss = ObserverFactory(), office()
    report = _report(me)
    assert suggestion_answers(observer=me, year=date.today().year) == {"answered": 0, "waiting": 1}
    with pytest.raises(ValidationError) as err:
        suggestion_reply(report=report, by=boss, text="  ")
    assert err.value.message_dict == {"reply": [ERR_REPLY_EMPTY]}
    with pytest.raises(PermissionDenied, match=ERR_REPLY_OFFICE_ONLY):
        suggestion_reply(report=report, by=me.user, text="自己答复")
    with pytest.raises(PermissionDenied):
        suggestion_reply(report=report, by=clerk(county()), text="单位答复")
    with pytest.raises(ValidationError, match=ERR_REPLY_NOTHING):
        suggestion_reply(report=_report(me, suggestions=""), by=boss, text="无")
    with pytest.raises(ValidationError, match=ERR_REPLY_NOTHING):
        suggestion_reply(report=_report(me, submit=False), by=boss, text="草稿")

    suggestion_reply(report=report, by=boss, text="已转市残联，年内完成改造。")
    report.refresh_from_db()
    assert report.suggestion_reply == "已转市残联，年内完成改造。" and report.suggestion_replied_by == boss
    note = Notification.objects.get(kind="observers.suggestion_reply")
    assert note.recipient == me.user and note.url == reverse("observers:report_detail", args=[report.pk])
    assert suggestion_answers(observer=me, year=date.today().year) == {"answered": 1, "waiting": 0}


def test_office_replies_on_the_page_and_the_observer_reads_it(client):
    me, boss = ObserverFactory(), office()
    report = _report(me)
    client.force_login(boss)
    home = client.get(reverse("home")).content.decode()
    assert "观察员的意见建议待答复" in home
    listing = client.get(reverse("observers:report_list") + "?suggestion=unanswered").content.decode()
    assert "待答复意见建议的观察信息" in listing and reverse("observers:report_detail", args=[report.pk]) in listing
    url = reverse("observers:report_reply", args=[report.pk])
    r = client.post(url, {"reply": "   "})
    assert r.status_code == 400 and ERR_REPLY_EMPTY in r.content.decode()
    r = client.post(url, {"reply": "已转交责任单位研究"})
    assert r.status_code == 302
    assert FieldReport.objects.get(pk=report.pk).suggestion_reply == "已转交责任单位研究"

    client.force_login(me.user)
    page = client.get(reverse("observers:report_detail", args=[report.pk])).content.decode()
    assert "专班办公室答复" in page and "已转交责任单位研究" in page and "发送答复" not in page
    duty = client.get(reverse("observers:home")).content.decode()
    assert "今年意见建议：已答复 <strong>1</strong> 条，待答复 <strong>0</strong> 条" in duty
    assert client.post(url, {"reply": "观察员自己答"}).status_code == 403
