"""The staff panel on the home page counts the waiting proposals, capped so a province's backlog stays cheap."""

import pytest
from django.test import RequestFactory

from proposals import home
from tests.proposals.factories import ProposalFactory, office_user

pytestmark = pytest.mark.django_db


def _panel(user):
    req = RequestFactory().get("/")
    req.user = user
    return home.staff_panel(req)


def test_waiting_count_exact_below_the_cap_and_capped_above(monkeypatch):
    office = office_user()
    ProposalFactory.create_batch(3, state="submitted")
    ProposalFactory(state="accepted")
    assert _panel(office).context["waiting"] == "3"
    monkeypatch.setattr(home, "WAITING_CAP", 2)
    assert _panel(office).context["waiting"] == "2+"
