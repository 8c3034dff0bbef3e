"""The client's address: X-Forwarded-For is believed only as far as TRUSTED_PROXIES vouch for it (issue 12 §3)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from minsheng.common.netaddr import client_address, trusted_networks
from minsheng.common.privacy import mask_address

rf = RequestFactory()


def addr(remote: str, xff: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return client_address(rf.get("/", **meta))


@pytest.mark.parametrize(
    ("proxies", "remote", "xff", "expected"),
    [
        # No trusted proxy configured (the default): the header is anyone's to write, so it is ignored.
        ([], "203.0.113.9", "1.2.3.4", "203.0.113.9"),
        # A peer outside the list cannot pick the address it is counted as.
        (["10.0.0.0/8"], "203.0.113.9", "1.2.3.4", "203.0.113.9"),
        # nginx (trusted) appended the client it saw.
        (["10.0.0.0/8"], "10.0.0.2", "113.246.10.20", "113.246.10.20"),
        # A client's own forged entries stay left of the address nginx saw: walking from the right stops there.
        (["10.0.0.0/8"], "10.0.0.2", "6.6.6.6, 113.246.10.20", "113.246.10.20"),
        # Two trusted hops (load balancer → nginx), given as a single address and a CIDR.
        (["10.0.0.2", "172.16.0.0/12"], "10.0.0.2", "1.1.1.1, 113.246.10.20, 172.16.5.5", "113.246.10.20"),
        # Every hop trusted: the leftmost address is the best we know.
        (["10.0.0.0/8"], "10.0.0.2", "10.1.1.1, 10.2.2.2", "10.1.1.1"),
        # Garbage left of a trusted hop: the trusted hop is the last address anyone vouches for.
        (["10.0.0.0/8"], "10.0.0.2", "not-an-ip, 10.3.3.3", "10.3.3.3"),
        (["10.0.0.0/8"], "10.0.0.2", "", "10.0.0.2"),
        # Ports, brackets and IPv4-mapped IPv6 are normalised; IPv6 proxies and clients work alike.
        (["10.0.0.0/8"], "10.0.0.2", "113.246.10.20:5123", "113.246.10.20"),
        (["fd00::/8"], "fd00::2", "[2409:8a4c:1e2a::7]:443", "2409:8a4c:1e2a::7"),
        (["10.0.0.0/8"], "::ffff:10.0.0.2", "113.246.10.20", "113.246.10.20"),
    ],
)
def test_client_address(settings, proxies, remote, xff, expected):
    settings.TRUSTED_PROXIES = proxies
    assert addr(remote, xff) == expected


def test_missing_remote_addr_is_empty(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert addr("", "1.2.3.4") == ""


def test_a_typo_in_trusted_proxies_fails_loudly(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/33"]
    with pytest.raises(ValueError):
        trusted_networks()


def test_documented_in_settings_readme_and_compose(settings):
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    assert "`TRUSTED_PROXIES`" in (root / "README.md").read_text(encoding="utf-8")
    assert "TRUSTED_PROXIES:" in (root / "docker-compose.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("113.246.10.20", "113.246.*.*"), ("2409:8a4c:1e2a:0:1:2:3:4", "2409:8a4c:1e2a:*"), ("", ""), (None, "")],
)
def test_mask_address(raw, masked):
    assert mask_address(raw) == masked


@pytest.mark.django_db
def test_login_audit_records_the_client_behind_the_proxy(client, settings):
    from axes.models import AccessFailureLog

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"},
                REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="113.246.10.20")
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"},
                REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="113.246.10.20")
    assert list(AccessFailureLog.objects.order_by("pk").values_list("ip_address", flat=True)) == [
        "113.246.10.20",
        "203.0.113.9",
    ]
