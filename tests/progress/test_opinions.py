"""The 意见建议 form on project pages (issue 12 §3): CAPTCHA, limits per address and per project counting accepted
posts, repeats folded, the address kept and shown masked; the office's paginated queue marks spam, which leaves
the 处理率 everywhere it is computed (public page, office page, 通报 snapshot)."""

import re
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from freezegun import freeze_time

from minsheng.common import abuse
from progress import services
from progress.models import PublicOpinion
from progress.selectors import opinion_stats
from progress.views.public import ERR_OPINION_PROJECT_BUSY, MSG_OPINION_DUPLICATE, MSG_OPINION_THANKS
from tests.progress.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fixed_captcha_fresh_limits(settings):
    settings.PUBLIC_FORMS = {**settings.PUBLIC_FORMS, "CAPTCHA_FIXED_ANSWER": 7}
    cache.clear()
    yield
    cache.clear()


def limits(settings, **scopes):
    settings.PUBLIC_FORMS = {**settings.PUBLIC_FORMS,
                             "RATE_LIMITS": {**settings.PUBLIC_FORMS["RATE_LIMITS"], **scopes}}


def send(client, project, content="路灯不亮，请尽快修复", address="113.246.10.20", captcha="7", **extra):
    client.get(reverse("common:captcha"))  # the image puts the question in the session, as a browser does
    data = {"content": content, "contact_name": "", "contact_phone": "", "captcha": captcha, "website": "", **extra}
    return client.post(reverse("progress:public_opinion", args=[project.public_code]), data, REMOTE_ADDR=address)


def test_captcha_is_required(client, world):
    project = world["ind"].project
    url = reverse("progress:public_opinion", args=[project.public_code])
    r = client.post(url, {"content": "没有验证码的提交"})  # a bot posting straight at the form
    assert r.status_code == 400 and abuse.ERR_CAPTCHA_EXPIRED in r.content.decode()
    r = send(client, project, captcha="8")
    assert r.status_code == 400 and abuse.ERR_CAPTCHA in r.content.decode()
    assert not PublicOpinion.objects.exists()
    r = send(client, project)
    assert r.status_code == 302 and PublicOpinion.objects.count() == 1
    assert MSG_OPINION_THANKS in client.get(r["Location"]).content.decode()


def test_refusal_keeps_the_typing_and_empties_the_captcha_box(client, world):
    project = world["ind"].project
    r = send(client, project, content="小区门口的路灯坏了三天", captcha="8", contact_name="李四")
    html = r.content.decode()
    assert "小区门口的路灯坏了三天" in html and 'value="李四"' in html
    box = re.search(r'<input[^>]*name="captcha"[^>]*>', html).group(0)
    assert "value=" not in box and "autofocus" in box


def test_honeypot(client, world):
    r = send(client, world["ind"].project, website="http://spam.example")
    assert r.status_code == 400 and abuse.ERR_HONEYPOT in r.content.decode()
    assert not PublicOpinion.objects.exists()


def test_limit_per_address_counts_accepted_posts_and_says_how_long_to_wait(client, world, settings):
    limits(settings, opinion=(2, 3600))
    project = world["ind"].project
    with freeze_time("2026-03-02 02:50:00"):  # 10:50 in Shanghai: 10 minutes left in the window
        for _ in range(4):  # refusals do not count
            assert send(client, project, captcha="8").status_code == 400
        assert send(client, project, content="第一条").status_code == 302
        assert send(client, project, content="第二条").status_code == 302
        r = send(client, project, content="第三条")
        assert r.status_code == 429 and abuse.ERR_RATE_LIMIT.format(wait="10 分钟") in r.content.decode()
        assert "第三条" in r.content.decode()  # the typing survives the refusal
        # Another citizen is not affected.
        assert send(client, project, content="别处的意见", address="222.240.1.2").status_code == 302
    assert PublicOpinion.objects.count() == 3


def test_limit_per_project(client, world, settings):
    limits(settings, opinion_project=(3, 3600))
    project = world["ind"].project
    for i in range(3):
        assert send(client, project, content=f"意见{i}", address=f"113.246.10.{i + 1}").status_code == 302
    r = send(client, project, content="又一条", address="113.246.10.99")
    assert r.status_code == 429
    assert ERR_OPINION_PROJECT_BUSY.format(wait=abuse.wait_text(abuse.rate_limit_wait(
        scope="opinion_project", subject=f"project-{project.pk}"))) in r.content.decode()
    other = IndicatorFactory(project__matter=project.matter).project
    assert send(client, other, content="另一个项目", address="113.246.10.99").status_code == 302


def test_the_200_posts_flood_is_stopped_and_the_rate_survives(client, world, settings):
    """The issue's attack: one address posting 200 times in 20 s dragged the published 处理率 from 50% to 0.5%
    (40 posts here: the first 10 of the hour are stored, the rest refused, and the office marks the 10 as spam)."""
    project = world["ind"].project
    office = world["office"]
    for i in range(2):
        services.opinion_submit(project=project, content=f"真实意见{i}")
    services.opinion_reply(opinion=PublicOpinion.objects.first(), actor=office, reply="已办理")
    codes = [send(client, project, content=f"垃圾{i}", address="45.9.9.9").status_code for i in range(40)]
    assert codes.count(302) == 10 and codes.count(429) == 30
    client.force_login(office)
    junk = PublicOpinion.objects.filter(content__startswith="垃圾").values_list("pk", flat=True)
    client.post(reverse("progress:opinions"), {"action": "spam", "ids": list(junk)})
    assert opinion_stats(project=project)["rate_percent"] == D("50.0")


def test_a_repeat_is_folded_into_the_first(client, world):
    project = world["ind"].project
    r1 = send(client, project, content="  路灯不亮  ")
    r2 = send(client, project, content="路灯不亮")
    assert r1.status_code == r2.status_code == 302
    assert PublicOpinion.objects.count() == 1
    assert MSG_OPINION_DUPLICATE in client.get(r2["Location"]).content.decode()
    # The same words from someone else are their own opinion; so is the same phone from another network.
    assert send(client, project, content="路灯不亮", address="222.240.1.2").status_code == 302
    assert PublicOpinion.objects.count() == 2
    services.opinion_submit(project=project, content="井盖缺失", contact_phone="13812345678", address="1.1.1.1")
    _, created = services.opinion_submit(project=project, content="井盖缺失", contact_phone="13812345678",
                                         address="2.2.2.2")
    assert not created


def test_address_is_kept_and_only_ever_shown_masked(client, world):
    project = world["ind"].project
    send(client, project, content="建议增加座椅", address="113.246.10.20")
    op = PublicOpinion.objects.get()
    assert op.submitted_from == "113.246.10.20"
    public = client.get(reverse("progress:public_project", args=[project.public_code])).content.decode()
    assert "113.246" not in public
    client.force_login(world["office"])
    office_page = client.get(reverse("progress:opinions")).content.decode()
    assert "113.246.*.*" in office_page and "113.246.10.20" not in office_page
    admin_page = client.get(reverse("admin:progress_publicopinion_change", args=[op.pk])).content.decode()
    assert "113.246.*.*" in admin_page and "113.246.10.20" not in admin_page


def test_spam_is_left_out_of_the_rate_everywhere(client, world):
    from reports.snapshot import bulletin_snapshot_build

    project, office, programme = world["ind"].project, world["office"], world["programme"]
    handled = services.opinion_submit(project=project, content="真实意见")[0]
    services.opinion_reply(opinion=handled, actor=office, reply="已办理")
    junk = [services.opinion_submit(project=project, content=f"广告{i}")[0] for i in range(3)]
    assert opinion_stats(project=project)["rate_percent"] == D("25.0")
    client.force_login(office)
    r = client.post(reverse("progress:opinions"), {"action": "spam", "ids": [str(o.pk) for o in junk]}, follow=True)
    assert "已将 3 条标记为垃圾信息" in r.content.decode()
    assert opinion_stats(project=project) == {"received": 1, "handled": 1, "rate_percent": D("100.0"), "spam": 3}
    assert "处理率 100.0%" in r.content.decode()  # the office page
    public = client.get(reverse("progress:public_project", args=[project.public_code])).content.decode()
    assert "本项目收到 1 条，已办结 1 条，处理率 100.0%" in public
    snap = bulletin_snapshot_build(programme=programme, month=9, scope=programme.organisation)
    counts = {k: snap["opinions"][k] for k in ("received", "handled", "rate")}
    assert counts == {"received": 1, "handled": 1, "rate": "100"}
    assert snap["opinions"]["overdue"] == 0  # the spam opinion is not waiting for an answer either


def test_marking_spam_is_audited_and_can_be_undone(client, world):
    project, office = world["ind"].project, world["office"]
    op = services.opinion_submit(project=project, content="广告")[0]
    client.force_login(office)
    client.post(reverse("progress:opinions"), {"action": "spam", "ids": [str(op.pk)]})
    op.refresh_from_db()
    assert op.state == PublicOpinion.State.SPAM
    last = op.history.first()
    assert last.state == PublicOpinion.State.SPAM and last.history_user == office
    client.post(reverse("progress:opinions") + "?state=spam", {"action": "restore", "opinion": str(op.pk)})
    op.refresh_from_db()
    assert op.state == PublicOpinion.State.RECEIVED and op.history.first().history_user == office


def test_only_the_office_marks_spam_and_only_waiting_ones(world):
    project = world["ind"].project
    op = services.opinion_submit(project=project, content="广告")[0]
    with pytest.raises(PermissionDenied):
        services.opinion_mark_spam(opinion_ids=[op.pk], actor=world["clerk_a"])
    services.opinion_reply(opinion=op, actor=world["office"], reply="已答复")
    assert services.opinion_mark_spam(opinion_ids=[op.pk], actor=world["office"]) == 0
    op.refresh_from_db()
    assert op.state == PublicOpinion.State.HANDLED


def test_office_list_is_paginated_and_filtered(client, world):
    project = world["ind"].project
    for i in range(35):
        services.opinion_submit(project=project, content=f"第{i:02d}条意见")
    spam = services.opinion_submit(project=project, content="广告信息")[0]
    services.opinion_mark_spam(opinion_ids=[spam.pk], actor=world["office"])
    client.force_login(world["office"])
    page1 = client.get(reverse("progress:opinions")).content.decode()
    assert page1.count('id="pick-') == 30
    assert "第 1 / 2 页" in page1 and "第34条意见" in page1 and "第00条意见" not in page1
    assert "广告信息" not in page1  # spam is only under its own filter
    page2 = client.get(reverse("progress:opinions") + "?page=2").content.decode()
    assert "第00条意见" in page2 and "第34条意见" not in page2
    spam_page = client.get(reverse("progress:opinions") + "?state=spam").content.decode()
    assert "广告信息" in spam_page and "恢复为待处理" in spam_page and "第00条意见" not in spam_page
