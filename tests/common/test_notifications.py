"""The in-app inbox with e-mail alongside."""

import pytest
from django.core import mail
from django.urls import reverse

from minsheng.common.delivery import notification_email_deliver
from minsheng.common.models import Notification
from minsheng.common.services import notification_mark_read, notification_send
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_notification_goes_to_inbox_and_email():
    user = UserFactory(username="n1", email="n1@example.cn")
    nobody = UserFactory(username="n2", email="")
    notes = notification_send(
        recipients=[user, nobody, user], title="请于 5 日前报送 9 月数据", body="截止 18:00"
    )
    assert len(notes) == 2  # duplicates collapse
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1  # only the user with an address; sent after commit (eager Celery)
    assert "请于 5 日前报送" in mail.outbox[0].subject
    assert Notification.objects.get(recipient=user).email_sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_email_not_sent_twice():
    user = UserFactory(username="n3", email="n3@example.cn")
    (note,) = notification_send(recipients=[user], title="t")
    assert notification_email_deliver(notification_id=note.pk) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_inbox_page_and_mark_read(client):
    user = UserFactory(username="n4")
    notification_send(recipients=[user], title="新的交办函")
    client.force_login(user)
    page = client.get(reverse("common:inbox")).content.decode()
    assert "新的交办函" in page and "条未读" in page
    client.post(reverse("common:inbox_read"))
    assert notification_mark_read(user=user) == 0
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_inbox_requires_login(client):
    response = client.get(reverse("common:inbox"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
