"""Log-in, lock-out, idle time-out and password rules (等保)."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from minsheng.accounts.middleware import MSG_IDLE
from minsheng.accounts.validators import ERR_TOO_FEW_CLASSES
from tests.factories import UserFactory

PASSWORD = "Test#2024pass"


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("abcdefgh", False),  # one class
        ("abcd1234", False),  # two classes
        ("Qwzx7412", True),  # three classes
        ("abcd#123", True),
        ("Ab#1", False),  # too short
        ("Zq7#Lm2!", True),
    ],
)
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_password_class_message_is_chinese():
    with pytest.raises(ValidationError) as exc:
        validate_password("abcdefghij")
    assert ERR_TOO_FEW_CLASSES.format(n=3) in exc.value.messages


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    response = client.get(reverse("accounts:login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in body
    assert "工作人员登录" in body and "用户名" in body and "密码" in body


@pytest.mark.django_db
def test_login_and_logout(client):
    user = UserFactory(username="clerk1")
    response = client.post(reverse("accounts:login"), {"username": "clerk1", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_password_message(client):
    UserFactory(username="clerk2")
    response = client.post(reverse("accounts:login"), {"username": "clerk2", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


@pytest.mark.django_db
def test_lockout_after_five_failures(client):
    UserFactory(username="clerk3")
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "clerk3", "password": "wrong"})
    # The right password no longer works while locked.
    response = client.post(url, {"username": "clerk3", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_ends_after_fifteen_minutes(client):
    from freezegun import freeze_time

    UserFactory(username="clerk4")
    url = reverse("accounts:login")
    with freeze_time("2026-03-01 09:00:00"):
        for _ in range(5):
            client.post(url, {"username": "clerk4", "password": "wrong"})
        assert client.post(url, {"username": "clerk4", "password": PASSWORD}).status_code == 429
    with freeze_time("2026-03-01 09:16:00"):
        response = client.post(url, {"username": "clerk4", "password": PASSWORD})
        assert response.status_code == 302


@pytest.mark.django_db
def test_idle_session_ends_after_thirty_minutes(client, monkeypatch):
    user = UserFactory(username="clerk5")
    client.force_login(user)
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start)
    assert client.get(reverse("common:inbox")).status_code == 200
    monkeypatch.setattr(time, "time", lambda: start + 29 * 60)
    assert client.get(reverse("common:inbox")).status_code == 200  # activity refreshes the clock
    monkeypatch.setattr(time, "time", lambda: start + 29 * 60 + 31 * 60)
    response = client.get(reverse("common:inbox"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert MSG_IDLE in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_office_works_in_admin_but_cannot_manage_accounts(client):
    from minsheng.accounts.models import Role

    office = UserFactory(username="office-admin", role=Role.OFFICE)
    assert office.is_staff  # the role decides
    client.force_login(office)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:projects_indicator_changelist")).status_code == 200
    assert client.get(reverse("admin:projects_indicator_add")).status_code == 200
    # Accounts stay with the system administrator: no self-promotion to superuser.
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert not office.has_perm("accounts.change_user")


@pytest.mark.django_db
def test_county_clerk_has_no_admin(client):
    from minsheng.accounts.models import Role

    clerk = UserFactory(username="clerk-noadmin", role=Role.COUNTY)
    assert not clerk.is_staff and not clerk.has_perm("projects.change_indicator")
    client.force_login(clerk)
    assert client.get(reverse("admin:index")).status_code == 302
