"""Log-in throttling by (user name, address) and by address (issue 12 §3): an attacker from one address can
neither lock people out elsewhere nor spray every account; five failures still lock the attacking address."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Test#2024pass"
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


def login(client, username, password, address):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_attacker_cannot_lock_the_owner_out_from_elsewhere(client):
    UserFactory(username="office")
    for _ in range(5):
        login(client, "office", "wrong", ATTACKER)
    # 等保: five failures lock the name for the attacking address, even with the right password …
    r = login(client, "office", PASSWORD, ATTACKER)
    assert r.status_code == 429 and "15 分钟后再试" in r.content.decode()
    # … while the owner, at their own desk, logs in as usual.
    r = login(client, "office", PASSWORD, OWNER)
    assert r.status_code == 302


def test_lock_out_follows_the_client_behind_the_trusted_proxy(client, settings):
    """Behind nginx every peer is the proxy; the lock-out must still be per citizen, not for everyone."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    UserFactory(username="admin1")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "admin1", "password": "wrong"},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER)
    r = client.post(reverse("accounts:login"), {"username": "admin1", "password": PASSWORD},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=OWNER)
    assert r.status_code == 302


def test_spraying_many_names_from_one_address_is_throttled(client, settings):
    UserFactory(username="clerk_real")
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert limit == 20
    for i in range(limit - 1):
        login(client, f"guess{i}", "Spring2024!", ATTACKER)
    # Below the address limit a colleague behind the same (NAT) address still gets in …
    assert login(client, "clerk_real", PASSWORD, ATTACKER).status_code == 302
    client.post(reverse("accounts:logout"))
    login(client, "guess-last", "Spring2024!", ATTACKER)
    # … at the limit the address is locked for every name, the right password included …
    assert login(client, "clerk_real", PASSWORD, ATTACKER).status_code == 429
    assert login(client, "another-guess", "x", ATTACKER).status_code == 429
    # … and nobody else is.
    assert login(client, "clerk_real", PASSWORD, OWNER).status_code == 302
