"""Public pages (no personal data), QR, open data, opinions/处理率, reminders and letters."""

import json
from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest
import segno  # noqa: F401 - the QR library must be importable
from django.urls import reverse

from minsheng.common.models import NoticeOnce, Notification
from progress import reminders, services, tasks
from progress.models import SHANGHAI, PublicOpinion

pytestmark = pytest.mark.django_db


def test_public_page_shows_progress_without_personal_data(client, world):
    w = world
    project = w["ind"].project
    services.opinion_submit(
        project=project, content="建议增加托位", contact_name="张三丰", contact_phone="13812345678"
    )
    w["fb"].deduction_reason = "内部核减说明"
    w["fb"].save()
    r = client.get(reverse("progress:public_project", args=[project.public_code]) + "?month=9")
    page = r.content.decode()
    assert r.status_code == 200 and "新增托位" in page and "处理率" in page
    assert "张三丰" not in page and "13812345678" not in page and "内部核减说明" not in page
    assert "evidence" not in page


def test_opinion_form_and_rate(client, world, settings):
    settings.PUBLIC_FORMS = {**settings.PUBLIC_FORMS, "CAPTCHA_FIXED_ANSWER": 7}
    project = world["ind"].project
    client.get(reverse("common:captcha"))
    client.post(reverse("progress:public_opinion", args=[project.public_code]), {"content": "路灯不亮", "captcha": "7"})
    op = PublicOpinion.objects.get()
    services.opinion_reply(opinion=op, actor=world["office"], reply="已修复", publish=True)
    from progress.selectors import opinion_stats

    assert opinion_stats(project=project) == {"received": 1, "handled": 1, "rate_percent": D("100.0"), "spam": 0}


def test_qr_svg_png_and_open_data(client, world):
    code = world["ind"].project.public_code
    assert client.get(reverse("progress:project_qr", args=[code, "svg"]))["Content-Type"] == "image/svg+xml"
    assert client.get(reverse("progress:project_qr", args=[code, "png"])).content[:4] == b"\x89PNG"
    assert client.get(reverse("progress:project_qr", args=[code, "gif"])).status_code == 404
    r = client.get(reverse("progress:open_data_file", args=["json"]) + "?month=9")
    data = json.loads(r.content)
    assert set(data["fields"]) == set(data["rows"][0])
    assert {row["area"] for row in data["rows"]} >= {"全市", "甲县", "乙县"}
    csv = client.get(reverse("progress:open_data_file", args=["csv"]) + "?month=9").content.decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[0].startswith("year,month,level")


def test_reminder_task_is_idempotent(world, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    w = world
    period = w["p9"]
    today = (period.deadline.astimezone(SHANGHAI) - timedelta(days=2)).date()
    assert period in reminders.periods_due(today=today)
    now = datetime.combine(today, datetime.min.time(), tzinfo=SHANGHAI)
    assert (
        reminders.period_remind_unsubmitted(period=period, now=now) == 1
    )  # 甲县 has not submitted; 乙县 has
    assert reminders.period_remind_unsubmitted(period=period, now=now) == 0
    assert list(NoticeOnce.objects.values_list("recipient", flat=True)) == [w["clerk_a"].pk]
    assert Notification.objects.filter(recipient=w["clerk_a"]).count() == 1
    # Today both months are long past their deadlines: the overdue reminder goes out once, then never again.
    assert tasks.progress_deadline_reminders.apply().get() == 3  # August: 甲县, 乙县; September: 甲县
    assert tasks.progress_deadline_reminders.apply().get() == 0
