"""Redis stopped: the public form, progress entry and the dashboards keep working over real HTTP; what
needed the queue is kept and queued again later, and the user is told so in Chinese."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time

from minsheng.accounts.models import Role, User
from minsheng.celery import app as celery_app
from minsheng.common.models import Notification
from minsheng.common.queue import MSG_QUEUE_DOWN
from minsheng.common.services import notification_send
from minsheng.common.tasks import notification_email_retry_unsent
from progress.models import Figure, ReportingPeriod
from projects.models import IndicatorTarget
from proposals import selectors as proposal_selectors
from proposals.models import Proposal
from reports.models import Document, RenderState

from .harness import Browser, Worker

pytestmark = [pytest.mark.postgres, pytest.mark.fault, pytest.mark.django_db(transaction=True)]

PROPOSAL = {
    "title": "村道安装路灯（Redis 停机期间）", "level": "city", "domain": "", "proposer_name": "张三",
    "proposer_phone": "13812345678", "suggested_unit": "", "suggested_unit_text": "市交通运输局",
    "situation": "村里晚上很黑", "content": "在主要村道安装太阳能路灯", "effect": "出行安全", "remark": "",
    "consent": "on", "captcha": "7", "website": "",
}


def _open_campaign():
    campaign = proposal_selectors.campaign_list_open(at=timezone.now()).first()
    if campaign is None:
        from tests.proposals.factories import CampaignFactory

        campaign = CampaignFactory()
    return campaign


def _open_target(clerk):
    period = ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN).order_by("-month").first()
    taken = Figure.objects.filter(period=period).values("target_id")
    target = (
        IndicatorTarget.objects.filter(county=clerk.county, indicator__project__matter__programme=period.programme)
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )
    return target, period


def test_site_keeps_working_while_redis_is_down(served, private_redis, app_env, tmp_path):
    campaign = _open_campaign()
    clerk = User.objects.get(username="county_dongkou")
    target, period = _open_target(clerk)
    assert target is not None, "演示数据中应有可填报的指标"
    citizen, county, office = Browser(served.base), Browser(served.base), Browser(served.base)
    county.login("county_dongkou")
    office.login("office")

    private_redis.stop()  # ---------------------------------------------------------- Redis is down

    # A citizen reads the public pages and submits a proposal (the rate limit's cache is down).
    for path in ("/", "/proposals/", "/proposals/status/", "/progress/open-data/"):
        status, html, _ = citizen.get(path)
        assert status == 200, (path, status, served.output())
    before = Proposal.objects.count()
    status, html, headers = citizen.post_form(f"/proposals/c/{campaign.pk}/", PROPOSAL)
    assert status == 302, (status, html[:2000], served.output())
    assert Proposal.objects.count() == before + 1
    status, html, _ = citizen.get(headers["Location"])
    code = Proposal.objects.get(title=PROPOSAL["title"]).code
    assert status == 200 and code in html

    # A county clerk saves and submits a monthly figure.
    entry = f"/progress/entry/{target.pk}/{period.pk}/"
    status, html, _ = county.post_form(
        entry, {"value": "100", "narrative": "Redis 停机期间填报", "fall_reason": "按实际核实", "submit": "on"}
    )
    assert status == 302, (status, re.findall(r'class="[^"]*invalid-feedback[^"]*"[^>]*>([^<]+)', html), served.output())
    figure = Figure.objects.get(target=target, period=period)
    assert figure.narrative == "Redis 停机期间填报" and figure.history.exists()
    assert county.get(entry)[0] == 200

    # The office reads its dashboards.
    for path in ("/", "/progress/dashboard/", "/progress/ranking/", "/reports/", "/proposals/manage/", "/inbox/"):
        status, _, _ = office.get(path)
        assert status in (200, 404) and status != 500, (path, status, served.output())
    assert office.get("/progress/dashboard/")[0] == 200

    # The office asks for a 通报: it is saved, not queued, and the office is told so in Chinese.
    status, html, _ = office.get("/reports/")
    programme = period.programme
    status, html, headers = office.request(
        "/reports/generate/",
        {"csrfmiddlewaretoken": office.csrf(html), "kind": "bulletin", "programme": programme.pk,
         "scope": programme.organisation_id, "month": period.month},
    )
    assert status == 302, (status, html[:1500], served.output())
    doc = Document.objects.get(kind="bulletin", scope=programme.organisation, period=f"M{period.month:02d}",
                               state__in=["draft", "edited"])
    assert doc.render_state == RenderState.QUEUED and doc.render_error == MSG_QUEUE_DOWN
    status, html, _ = office.get(headers["Location"])
    assert status == 200 and MSG_QUEUE_DOWN in html

    # An e-mail notification raised while the broker is down is kept, not lost.
    celery_app.conf.update(task_always_eager=False, broker_url=app_env["CELERY_BROKER_URL"])
    try:
        office_user = User.objects.get(username="office")
        office_user.email = office_user.email or "office@example.cn"
        office_user.save(update_fields=["email"])
        with transaction.atomic():
            (note,) = notification_send(recipients=[office_user], title="停机期间的通知")
        note.refresh_from_db()
        assert note.email_sent_at is None

        private_redis.start()  # ------------------------------------------------------ Redis is back

        # The periodic jobs catch up: the e-mail is sent, the 通报 is queued again and rendered.
        with freeze_time(timezone.now() + timedelta(minutes=11)):
            assert notification_email_retry_unsent() >= 1
        note.refresh_from_db()
        assert note.email_sent_at is not None
        assert any(m.subject.endswith("停机期间的通知") for m in mail.outbox)
    finally:
        celery_app.conf.update(task_always_eager=True, broker_url=None)

    worker = Worker(app_env).start()
    try:
        from reports.tasks import documents_render_requeue

        # Beat's job, sent through the broker: the worker queues the rendering again and then renders it.
        celery_app.conf.update(task_always_eager=False)
        try:
            with celery_app.connection_for_write(app_env["CELERY_BROKER_URL"]) as conn:
                documents_render_requeue.apply_async(connection=conn)
        finally:
            celery_app.conf.update(task_always_eager=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            doc.refresh_from_db()
            if doc.render_state in (RenderState.READY, RenderState.FAILED):
                break
            time.sleep(0.5)
        assert doc.render_state == RenderState.READY, (doc.render_state, doc.render_error, worker.output())
        assert doc.render_error == ""
    finally:
        worker.stop()
    assert Notification.objects.filter(recipient__role=Role.OFFICE).exists()
