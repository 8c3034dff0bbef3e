"""The public form: every validation failure gives its Chinese message and stores nothing."""
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from PIL import Image

from minsheng.common import abuse
from minsheng.common.abuse import ERR_HONEYPOT
from proposals.forms import ERR_CONSENT
from proposals.models import ERR_PHONE, Campaign, Proposal, ProposalAttachment, State
from tests.proposals.factories import CampaignFactory, office_user

pytestmark = pytest.mark.django_db


def form_data(**over):
    data = {"title": "村道安装路灯", "level": "city", "domain": "", "proposer_name": "张三", "proposer_phone": "13812345678",
                "suggested_unit": "", "suggested_unit_text": "市交通运输局", "situation": "村里晚上很黑",
                "content": "在主要村道安装太阳能路灯", "effect": "出行安全", "remark": "", "consent": "on", "captcha": "7", "website": ""}
    data.update(over)
    return data


def post(client, campaign, data, **kw):
    client.get(reverse("proposals:submit", args=[campaign.pk]))  # sets the CAPTCHA in the session
    return client.post(reverse("proposals:submit", args=[campaign.pk]), data, **kw)


def png(size=(10, 10)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 0, 0)).save(buf, format="PNG")
    return buf.getvalue()


def test_submit_creates_proposal_receipt_and_status(client, captcha_fixed):
    campaign = CampaignFactory()
    r = post(client, campaign, form_data())
    assert r.status_code == 302
    p = Proposal.objects.get()
    assert p.state == State.SUBMITTED and p.domain == "" and p.domain_suggested == "transport"
    assert p.events.count() == 1
    r = client.get(r["Location"])
    assert p.code in r.content.decode()
    r = client.post(reverse("proposals:status"), {"code": p.code.lower(), "last4": "5678"})
    html = r.content.decode()
    assert r.status_code == 200 and "已提交" in html and p.title in html
    assert "13812345678" not in html and "张三" not in html  # personal data never on public pages


def test_status_needs_matching_last4(client, captcha_fixed):
    campaign = CampaignFactory()
    post(client, campaign, form_data())
    p = Proposal.objects.get()
    r = client.post(reverse("proposals:status"), {"code": p.code, "last4": "0000"})
    assert r.status_code == 404 and "未找到对应的建议" in r.content.decode()


def test_receipt_needs_the_submitting_session(client, captcha_fixed):
    campaign = CampaignFactory()
    post(client, campaign, form_data())
    p = Proposal.objects.get()
    client.cookies.clear()
    assert client.get(reverse("proposals:receipt", args=[p.code])).status_code == 404


@pytest.mark.parametrize("over,message", [
    ({"proposer_phone": "12345"}, ERR_PHONE),
    ({"proposer_phone": "0739-123"}, ERR_PHONE),
    ({"title": ""}, "请填写项目名称。"),
    ({"content": ""}, "请填写实施内容。"),
    ({"proposer_name": ""}, "请填写建议人姓名。"),
    ({"level": ""}, "请填写项目级别。"),
    ({"title": "长" * 101}, "项目名称不能超过 100 个字"),
    ({"consent": ""}, ERR_CONSENT),
    ({"captcha": "8"}, abuse.ERR_CAPTCHA),
    ({"website": "http://spam"}, ERR_HONEYPOT),
    ({"suggested_unit_text": ""}, "请选择或填写建议承办单位。"),
    ({"level": "county"}, "选择一个有效的选项"),
])
def test_each_validation_failure_has_its_message_and_stores_nothing(client, captcha_fixed, over, message):
    campaign = CampaignFactory()
    r = post(client, campaign, form_data(**over))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert Proposal.objects.count() == 0


def test_real_captcha_check_without_fixed_answer(client):
    campaign = CampaignFactory()
    client.get(reverse("proposals:submit", args=[campaign.pk]))
    answer = client.session[abuse.SESSION_KEY]["a"]
    r = client.post(reverse("proposals:submit", args=[campaign.pk]), form_data(captcha=str(answer + 1)))
    assert abuse.ERR_CAPTCHA in r.content.decode() and Proposal.objects.count() == 0
    client.get(reverse("proposals:submit", args=[campaign.pk]))
    answer = client.session[abuse.SESSION_KEY]["a"]
    r = client.post(reverse("proposals:submit", args=[campaign.pk]), form_data(captcha=str(answer)))
    assert r.status_code == 302 and Proposal.objects.count() == 1


def test_captcha_without_session_challenge_is_refused(client, captcha_fixed):
    campaign = CampaignFactory()
    r = client.post(reverse("proposals:submit", args=[campaign.pk]), form_data())
    assert abuse.ERR_CAPTCHA_EXPIRED in r.content.decode() and Proposal.objects.count() == 0


def test_captcha_image_is_png(client):
    r = client.get(reverse("common:captcha"))
    assert r.status_code == 200 and r["Content-Type"] == "image/png" and r.content[:4] == b"\x89PNG"


def limits(settings, **scopes):
    settings.PUBLIC_FORMS = {**settings.PUBLIC_FORMS,
                             "RATE_LIMITS": {**settings.PUBLIC_FORMS["RATE_LIMITS"], **scopes}}


def test_rate_limit(client, captcha_fixed, settings):
    limits(settings, proposal=(2, 3600))
    campaign = CampaignFactory()
    for i in range(2):
        assert post(client, campaign, form_data(title=f"建议{i}")).status_code == 302
    r = post(client, campaign, form_data(title="第三条"))
    assert r.status_code == 429 and "提交过于频繁" in r.content.decode()
    assert Proposal.objects.count() == 2


def test_rate_limit_counts_accepted_submissions_and_says_how_long_to_wait(client, captcha_fixed, settings):
    """Ten refusals (a wrong captcha, a missing field) do not use up the limit; the refusal names the wait."""
    limits(settings, proposal=(2, 3600))
    campaign = CampaignFactory(starts_at=datetime(2026, 1, 1, tzinfo=UTC), ends_at=datetime(2026, 12, 31, tzinfo=UTC))
    with freeze_time("2026-03-02 02:37:00"):  # 10:37 in Shanghai: the hour's window ends in 23 minutes
        for _ in range(5):
            assert post(client, campaign, form_data(captcha="8")).status_code == 400
            assert post(client, campaign, form_data(title="")).status_code == 400
        for i in range(2):
            assert post(client, campaign, form_data(title=f"建议{i}")).status_code == 302
        r = post(client, campaign, form_data(title="第三条"))
        assert r.status_code == 429
        assert abuse.ERR_RATE_LIMIT.format(wait="23 分钟") in r.content.decode()
    with freeze_time("2026-03-02 03:00:01"):
        assert post(client, campaign, form_data(title="第三条")).status_code == 302
    assert Proposal.objects.count() == 3


def test_a_folded_repeat_is_not_counted(client, captcha_fixed, settings):
    limits(settings, proposal=(2, 3600))
    campaign = CampaignFactory()
    for _ in range(3):  # the same proposal three times: one write, counted once
        assert post(client, campaign, form_data()).status_code == 302
    assert post(client, campaign, form_data(title="另一条")).status_code == 302
    assert Proposal.objects.count() == 2


def captcha_input(html: str) -> str:
    return re.search(r'<input[^>]*name="captcha"[^>]*>', html).group(0)


@pytest.mark.parametrize("over", [{"captcha": "8"}, {"captcha": "7", "title": ""}])
def test_captcha_box_is_empty_when_the_form_comes_back_with_a_new_image(client, captcha_fixed, over):
    """After a refusal the session holds a new question: the old answer must not be left in the box."""
    campaign = CampaignFactory()
    r = post(client, campaign, form_data(**over))
    assert r.status_code == 400
    box = captcha_input(r.content.decode())
    assert "value=" not in box
    assert 'autocomplete="off"' in box and 'inputmode="numeric"' in box
    assert "村道安装路灯" in r.content.decode() or over.get("title") == ""  # the rest of the typing survives


def test_refresh_button_empties_the_captcha_box(client, captcha_fixed):
    html = client.get(reverse("proposals:submit", args=[CampaignFactory().pk])).content.decode()
    assert 'data-refresh-img="#captcha-img" data-refresh-clear="#id_captcha"' in html


def test_submitting_address_is_kept_and_shown_masked(client, captcha_fixed):
    campaign = CampaignFactory()
    assert post(client, campaign, form_data(), REMOTE_ADDR="113.246.10.20").status_code == 302
    p = Proposal.objects.get()
    assert p.submitted_from == "113.246.10.20"
    client.force_login(office_user())
    html = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert "113.246.*.*" in html and "113.246.10.20" not in html


def test_limits_are_per_citizen_behind_the_trusted_proxy(client, captcha_fixed, settings):
    """Behind nginx every request comes from the proxy: one citizen's limit must not close the form for all."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    limits(settings, proposal=(1, 3600))
    campaign = CampaignFactory()
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert post(client, campaign, form_data(), HTTP_X_FORWARDED_FOR="113.246.10.20", **via_proxy).status_code == 302
    r = post(client, campaign, form_data(title="第二条"), HTTP_X_FORWARDED_FOR="113.246.10.20", **via_proxy)
    assert r.status_code == 429
    r = post(client, campaign, form_data(title="别人的建议", proposer_phone="13900001111"),
             HTTP_X_FORWARDED_FOR="222.240.1.2", **via_proxy)
    assert r.status_code == 302
    assert set(Proposal.objects.values_list("submitted_from", flat=True)) == {"113.246.10.20", "222.240.1.2"}


def test_status_lookup_limit_says_how_long_to_wait(client, settings):
    limits(settings, status=(2, 3600))
    with freeze_time("2026-03-02 02:59:30"):
        for _ in range(2):
            assert client.post(reverse("proposals:status"), {"code": "NOPE", "last4": "0000"}).status_code == 404
        r = client.post(reverse("proposals:status"), {"code": "NOPE", "last4": "0000"})
    assert r.status_code == 429 and abuse.ERR_RATE_LIMIT.format(wait="30 秒") in r.content.decode()


def test_outside_window_closed_and_nothing_stored(client, captcha_fixed):
    campaign = CampaignFactory(starts_at=timezone.now() - timedelta(days=30), ends_at=timezone.now() - timedelta(days=1))
    r = client.get(reverse("proposals:submit", args=[campaign.pk]))
    assert "当前不在征集时间内" in r.content.decode()
    r = client.post(reverse("proposals:submit", args=[campaign.pk]), form_data())
    assert r.status_code == 403 and Proposal.objects.count() == 0


def test_service_refuses_outside_window(db):
    from django.core.exceptions import ValidationError

    from proposals.services import proposal_submit
    campaign = CampaignFactory(starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=3))
    with pytest.raises(ValidationError, match="不在开放时间内"):
        proposal_submit(campaign=campaign, data=form_data())


def test_draft_campaign_is_invisible(client):
    campaign = CampaignFactory(state=Campaign.State.DRAFT)
    assert client.get(reverse("proposals:submit", args=[campaign.pk])).status_code == 404
    assert campaign.title not in client.get(reverse("proposals:campaigns")).content.decode()


def test_duplicate_within_24h_returns_existing_receipt(client, captcha_fixed):
    campaign = CampaignFactory()
    r1 = post(client, campaign, form_data())
    r2 = post(client, campaign, form_data(proposer_phone="138 1234 5678"))
    assert Proposal.objects.count() == 1
    assert r1["Location"] == r2["Location"]
    assert "24 小时内已提交过同名建议" in client.get(r2["Location"]).content.decode()


def test_html_payload_stored_as_text_and_escaped(client, captcha_fixed, django_user_model):
    campaign = CampaignFactory()
    payload = '<script>alert(1)</script>'
    post(client, campaign, form_data(title=payload, content=payload))
    p = Proposal.objects.get()
    assert p.title == payload
    html = client.get(reverse("proposals:receipt", args=[p.code])).content.decode()
    assert payload not in html and "&lt;script&gt;" in html


def test_landline_accepted_and_normalised(client, captcha_fixed):
    campaign = CampaignFactory()
    post(client, campaign, form_data(proposer_phone="0739 5026059"))
    assert Proposal.objects.get().proposer_phone == "0739-5026059"


def test_attachments_checked_by_content(client, captcha_fixed):
    campaign = CampaignFactory()
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image at all", content_type="image/png")
    r = post(client, campaign, form_data(attachments=[fake]))
    assert r.status_code == 400 and "实际格式不被接受" in r.content.decode()
    assert Proposal.objects.count() == 0 and ProposalAttachment.objects.count() == 0
    good = SimpleUploadedFile("现场.png", png(), content_type="image/png")
    r = post(client, campaign, form_data(attachments=[good]))
    assert r.status_code == 302
    att = ProposalAttachment.objects.get()
    assert att.mime == "image/png" and att.original_name == "现场.png"


def test_too_many_attachments(client, captcha_fixed):
    campaign = CampaignFactory()
    files = [SimpleUploadedFile(f"{i}.png", png(), content_type="image/png") for i in range(4)]
    r = post(client, campaign, form_data(attachments=files))
    assert r.status_code == 400 and "最多只能上传 3 个附件" in r.content.decode()
    assert Proposal.objects.count() == 0


def test_attachment_too_big(client, captcha_fixed):
    campaign = CampaignFactory()
    big = SimpleUploadedFile("big.png", png() + b"\0" * (5 * 1024 * 1024), content_type="image/png")
    r = post(client, campaign, form_data(attachments=[big]))
    assert r.status_code == 400 and "超过了" in r.content.decode()
    assert Proposal.objects.count() == 0


def test_similar_shown_to_citizen(client, captcha_fixed):
    campaign = CampaignFactory()
    post(client, campaign, form_data(title="农村道路安装路灯"))
    r = client.get(reverse("proposals:similar_public", args=[campaign.pk]), {"title": "村道路灯安装"})
    html = r.content.decode()
    assert "农村道路安装路灯" in html and "13812345678" not in html
