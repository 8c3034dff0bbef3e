"""No province or city office viewer pays for the 各市（州）汇总 after a change (issue 20 §5): the warming task,
queued on commit of every stamp renewal, computes the parts their default page shows; the next view reads them
from the cache. A stale stamp is left alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minsheng.accounts.models import User
from progress import selectors
from progress.cities_cache import _readers, cities_warm
from progress.stamps import rollup_stamp_renew
from projects.models import Programme

pytestmark = pytest.mark.django_db
URL = reverse("progress:cities")


@pytest.fixture
def shaoyang(demo):
    return Programme.objects.select_related("organisation").get(year=2024, organisation__name="邵阳市")


def test_the_readers_are_one_office_per_province_or_city_above(shaoyang):
    roots = {u.username for u in _readers(shaoyang.organisation)}
    assert roots == {"office", "office_province"}  # not 宁川市's, not 邵东市's (a county's office), not admins
    ningchuan = Programme.objects.get(year=2024, organisation__name="宁川市")
    assert {u.username for u in _readers(ningchuan.organisation)} == {"office_ningchuan", "office_province"}


def test_after_a_change_the_next_view_reads_the_warmed_parts(client, shaoyang, monkeypatch):
    client.force_login(User.objects.get(username="office_province"))
    assert client.get(URL).status_code == 200  # everything cached once
    token = rollup_stamp_renew(programme_id=shaoyang.pk)  # a change in 邵阳市: its card is stale
    assert cities_warm(programme_id=shaoyang.pk, token=token) == "warmed 2"

    def no_rollup(**kwargs):
        raise AssertionError("the page computed a roll-up the warming task had cached")

    monkeypatch.setattr(selectors, "cities_rollup", no_rollup)
    resp = client.get(URL)
    assert resp.status_code == 200
    assert "邵阳市" in resp.content.decode()
    # 邵阳市's own office reads its row from the same cache.
    client.force_login(User.objects.get(username="office"))
    assert client.get(URL).status_code == 200


def test_without_warming_the_view_computes_the_changed_card(client, shaoyang, monkeypatch):
    client.force_login(User.objects.get(username="office_province"))
    client.get(URL)
    rollup_stamp_renew(programme_id=shaoyang.pk)
    computed = []
    real = selectors.cities_rollup
    monkeypatch.setattr(selectors, "cities_rollup", lambda **kw: computed.append(kw) or real(**kw))
    assert client.get(URL).status_code == 200
    assert computed and computed[0]["only_cities"] == [shaoyang.organisation_id]


def test_a_stale_stamp_is_left_alone(shaoyang):
    old = rollup_stamp_renew(programme_id=shaoyang.pk)
    rollup_stamp_renew(programme_id=shaoyang.pk)
    assert cities_warm(programme_id=shaoyang.pk, token=old) == "stale"
