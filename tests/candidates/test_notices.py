"""Deputies on a roster hear when a vote or survey opens and when its results are published; nobody else."""

import pytest
from django.db import transaction
from django.urls import reverse

from candidates import notices
from candidates import programme as pg
from candidates import voting as vt
from minsheng.common.models import Notification

from .factories import deputy
from .test_survey import make_survey
from .test_voting import make_session

pytestmark = pytest.mark.django_db


def _notes(user):
    return [(n.title, n.url) for n in Notification.objects.filter(recipient=user).order_by("id")]


def test_vote_opened_and_results_published_reach_the_roster_only():
    outsider = deputy()
    session, cands, roster, office_user = make_session()
    ballot = reverse("candidates:ballot", args=[session.pk])
    opened = (notices.SESSION_OPENED_TITLE.format(title="测试票决"), ballot)
    for d in roster:
        assert _notes(d) == [opened]
    vt.session_close(session=session, by=office_user)
    results = (
        notices.SESSION_RESULTS_TITLE.format(title="测试票决"),
        reverse("candidates:session_results", args=[session.pk]),
    )
    for d in roster:
        assert _notes(d) == [opened, results]
    assert _notes(outsider) == [] and _notes(office_user) == []


def test_a_rolled_back_close_tells_nobody(django_capture_on_commit_callbacks):
    session, cands, roster, office_user = make_session(n_deputies=2)
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        vt.session_close(session=session, by=office_user)
        raise RuntimeError
    assert Notification.objects.count() == before and callbacks == []
    session.refresh_from_db()
    vt.session_close(session=session, by=office_user)
    assert Notification.objects.count() == before + 2


def test_survey_opened_and_published_reach_its_deputies():
    survey, projects, deputies, office_user = make_survey()
    page = reverse("candidates:survey", args=[survey.programme_id])
    opened = (notices.SURVEY_OPENED_TITLE.format(programme=survey.programme), page)
    assert all(_notes(d) == [opened] for d in deputies)
    pg.survey_open(programme=survey.programme, by=office_user)  # idempotent: nobody told twice
    assert all(_notes(d) == [opened] for d in deputies)
    pg.survey_publish(survey=survey, by=office_user)
    published = (notices.SURVEY_PUBLISHED_TITLE.format(programme=survey.programme), page)
    assert all(_notes(d) == [opened, published] for d in deputies)
    pg.survey_publish(survey=survey, by=office_user)  # already published: no second notice
    assert all(len(_notes(d)) == 2 for d in deputies)
