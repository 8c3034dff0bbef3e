"""一码到底, the end of the loop (issue 17 §5): once the project a proposal became is finished (the computed
status of its latest verified figures), the proposer rates it on the status page with the receipt code and the
last four phone digits — once per code, with CAPTCHA and a per-address limit — and the project's public page
shows the counts only."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from candidates.models import CandidateStage
from minsheng.common.abuse import ERR_CAPTCHA, ERR_HONEYPOT
from progress.models import FigureState
from proposals import services
from proposals.models import ProposalRating
from tests.candidates.factories import CandidateFactory, RoundFactory
from tests.factories import IndicatorTargetFactory, ProjectFactory
from tests.progress.factories import FigureFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db
STATUS = reverse("proposals:status")
RATE = reverse("proposals:rate")


def _chain(*, done: bool):
    """A proposal adopted as a candidate that became a project whose one county task is done (50/50) or half
    done (25/50) by month 9."""
    project = ProjectFactory(name="城区路灯改造 50 盏")
    target = IndicatorTargetFactory(indicator__project=project, indicator__target=D("50"), target=D("50"))
    value = D("50") if done else D("25")
    FigureFactory(target=target, value=value, verified_value=value, state=FigureState.VERIFIED)
    candidate = CandidateFactory(
        round=RoundFactory(year=2024), name="城区路灯改造", stage=CandidateStage.CHOSEN, project=project
    )
    proposal = ProposalFactory(title="小区门口装路灯", proposer_phone="13900002468", candidate=candidate)
    return proposal, project


@pytest.fixture
def finished():
    return _chain(done=True)


def _rate(client, proposal, value="satisfied", last4="2468", **extra):
    client.post(STATUS, {"code": proposal.code, "last4": last4})  # the look-up shows the form and its CAPTCHA
    data = {"code": proposal.code, "last4": last4, "value": value, "captcha": "7", "website": ""}
    data.update(extra)
    return client.post(RATE, data)


def test_finished_project_offers_the_rating_form(client, finished):
    proposal, project = finished
    html = client.post(STATUS, {"code": proposal.code, "last4": "2468"}).content.decode()
    assert 'id="rating-form"' in html and "基本满意" in html and "不满意" in html
    assert project.name in html


def test_unfinished_project_offers_no_form_and_the_service_refuses(client):
    proposal, project = _chain(done=False)
    html = client.post(STATUS, {"code": proposal.code, "last4": "2468"}).content.decode()
    assert 'id="rating-form"' not in html and "项目完成后，您可以在这里" in html
    with pytest.raises(ValidationError) as exc:
        services.proposal_rate(proposal=proposal, value="satisfied")
    assert exc.value.messages == [services.ERR_RATING_NOT_FINISHED.format(project=project.name)]


def test_a_proposal_without_project_cannot_be_rated():
    proposal = ProposalFactory(proposer_phone="13900002468")
    with pytest.raises(ValidationError) as exc:
        services.proposal_rate(proposal=proposal, value="satisfied")
    assert exc.value.messages == [services.ERR_RATING_NO_PROJECT]


def test_rating_is_stored_once_without_personal_data_and_shown_as_counts(client, captcha_fixed, finished):
    proposal, project = finished
    r = _rate(client, proposal, value="fair")
    html = r.content.decode()
    assert r.status_code == 200 and "感谢您的评价" in html and 'id="rating-given"' in html
    rating = ProposalRating.objects.get()
    assert (rating.proposal, rating.project, rating.value) == (proposal, project, "fair")
    assert rating.submitted_from == "127.0.0.1"
    stored = {f.name for f in ProposalRating._meta.get_fields()}
    assert not stored & {"phone", "name", "proposer_phone", "proposer_name", "contact_phone"}

    page = client.get(reverse("progress:public_project", args=[project.public_code])).content.decode()
    assert 'id="proposer-ratings"' in page and "共 1 人" in page
    assert "<strong>1</strong> 人（100%）" in page
    assert proposal.code not in page and "13900002468" not in page and "2468" not in page


def test_second_rating_is_refused_with_the_first_ones_date(client, captcha_fixed, finished):
    proposal, _ = finished
    _rate(client, proposal, value="satisfied")
    r = _rate(client, proposal, value="dissatisfied")
    html = r.content.decode()
    today = timezone.localdate()
    expected = services.ERR_RATING_TWICE.format(
        date=f"{today.year}年{today.month}月{today.day}日", value="满意"
    )
    assert r.status_code == 409 and expected in html
    assert ProposalRating.objects.get().value == "satisfied"
    with pytest.raises(ValidationError) as exc:
        services.proposal_rate(proposal=proposal, value="fair")
    assert exc.value.messages == [expected]


def test_wrong_digits_captcha_and_honeypot_store_nothing(client, captcha_fixed, finished):
    proposal, _ = finished
    r = _rate(client, proposal, last4="0000")
    assert r.status_code == 404 and "未找到对应的建议" in r.content.decode()
    r = _rate(client, proposal, captcha="3")
    assert r.status_code == 400 and ERR_CAPTCHA in r.content.decode()
    r = _rate(client, proposal, website="http://spam.example")
    assert r.status_code == 400 and ERR_HONEYPOT in r.content.decode()
    r = _rate(client, proposal, value="great")
    assert r.status_code == 400 and "请选择“满意”“基本满意”或“不满意”。" in r.content.decode()
    assert not ProposalRating.objects.exists()


def test_ratings_are_limited_per_address(client, captcha_fixed, settings):
    settings.PUBLIC_FORMS = {
        **settings.PUBLIC_FORMS,
        "RATE_LIMITS": {**settings.PUBLIC_FORMS["RATE_LIMITS"], "rating": (1, 3600)},
    }
    first, _ = _chain(done=True)
    second = ProposalFactory(proposer_phone="13900001111", candidate=first.candidate)
    assert _rate(client, first).status_code == 200
    r = _rate(client, second, last4="1111")
    assert r.status_code == 429 and "提交过于频繁" in r.content.decode()
    assert ProposalRating.objects.count() == 1


def test_code_typed_with_spaces_and_full_width_digits_is_found(client, captcha_fixed, finished):
    proposal, _ = finished
    client.post(STATUS, {"code": proposal.code, "last4": "2468"})
    spaced = " ".join(proposal.code.lower())
    r = client.post(RATE, {"code": spaced, "last4": "２４６８", "value": "satisfied", "captcha": "7"})
    assert r.status_code == 200 and ProposalRating.objects.filter(proposal=proposal).exists()


def test_finished_is_the_computed_status_of_a_public_project(finished):
    """projects.records.project_finished answers with the progress app's roll-up; a programme not public has no
    finished project to rate."""
    from projects.records import project_finished

    _, project = finished
    assert project_finished(project=project) is True
    project.matter.programme.is_public = False
    project.matter.programme.save()
    assert project_finished(project=project) is False


def test_ratings_panel_shows_nothing_before_any_rating(client, finished):
    _, project = finished
    page = client.get(reverse("progress:public_project", args=[project.public_code])).content.decode()
    assert 'id="proposer-ratings"' not in page
