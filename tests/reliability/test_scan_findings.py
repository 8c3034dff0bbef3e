"""Regression tests for what the wapiti scan found (see docs/reliability.md, 安全扫描)."""

import pytest
from django.urls import reverse

from projects.candidates.views.screening import ERR_ROUND_ORGANISATION

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["27¿'\"(", "1 OR 1=1", "²", "9" * 30, ""])
def test_new_screening_round_with_a_tampered_organisation_is_a_message_not_a_500(client, office_user, value):
    client.force_login(office_user)
    r = client.post(reverse("projects:candidates:round_create"), {"organisation": value, "year": "1337"},
                    follow=True)
    assert r.status_code == 200
    assert ERR_ROUND_ORGANISATION in r.content.decode()
