"""The field app's server side: the outbox's idempotency key, the owner guard, JSON answers, big and bad photos,
the service worker and manifest under /observers/."""

import io
import json
import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from observers import photos
from observers.models import FieldReport
from observers.services import report_save
from observers.views.reports import ERR_OTHER_OBSERVER

from .factories import ObserverFactory, project
from .images import fake_jpeg, jpeg_with_gps

pytestmark = pytest.mark.django_db
JSON = {"HTTP_X_FIELD_APP": "1"}


def _post(client, proj, **extra):
    data = {
        "kind": "snapshot",
        "project": proj.pk,
        "visited_on": "2024-03-05",
        "content": "路灯不亮",
        "submit": "1",
        "photos": [jpeg_with_gps("a.jpg")],
    }
    data.update(extra)
    return client.post(reverse("observers:report_create"), data, **JSON)


def test_same_client_key_files_once(client):
    observer = ObserverFactory()
    proj = project()
    client.force_login(observer.user)
    key = str(uuid.uuid4())
    first = _post(client, proj, client_key=key, client_user=str(observer.user.pk))
    again = _post(client, proj, client_key=key, client_user=str(observer.user.pk))
    assert first.status_code == 200 and again.status_code == 200
    a, b = first.json(), again.json()
    assert a["ok"] and not a["duplicate"] and b["duplicate"] and a["id"] == b["id"]
    report = FieldReport.objects.get()
    assert report.client_key == uuid.UUID(key) and report.state == FieldReport.State.SUBMITTED
    assert report.photos.count() == 1
    assert a["url"] == reverse("observers:report_detail", args=[report.pk])
    other = _post(client, proj, client_key=str(uuid.uuid4()))
    assert other.json()["id"] != a["id"] and FieldReport.objects.count() == 2


def test_client_key_is_unique_per_observer_in_the_database():
    observer = ObserverFactory()
    key = uuid.uuid4()
    data = {"project": project(), "visited_on": date(2024, 3, 1), "kind": "snapshot", "content": "x"}
    report_save(observer=observer, by=observer.user, data=data, client_key=key)
    with pytest.raises(ValidationError) as exc:
        report_save(observer=observer, by=observer.user, data=data, client_key=key)
    assert exc.value.messages == ["这条观察信息已经报送过了，不会重复报送。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        FieldReport.objects.create(observer=observer, visited_on=date(2024, 3, 1), client_key=key)
    other = ObserverFactory()  # another observer's phone may (in theory) draw the same key
    FieldReport.objects.create(observer=other, visited_on=date(2024, 3, 1), client_key=key)


def test_outbox_item_of_another_observer_is_refused(client):
    first, second = ObserverFactory(), ObserverFactory()
    client.force_login(second.user)
    response = _post(client, project(), client_key=str(uuid.uuid4()), client_user=str(first.user.pk))
    assert response.status_code == 403
    assert response.json()["errors"] == [ERR_OTHER_OBSERVER] and response.json()["wrong_user"]
    assert FieldReport.objects.count() == 0


def test_json_errors_name_fields_in_chinese(client):
    observer = ObserverFactory()
    client.force_login(observer.user)
    response = _post(client, project(), visited_on="明天", photos=[fake_jpeg(), jpeg_with_gps("ok.jpg")])
    assert response.status_code == 400
    body = response.json()
    assert body["fields"]["visited_on"]["label"] == "观察日期"
    assert FieldReport.objects.count() == 0


def test_every_bad_photo_is_named_and_none_is_dropped_silently():
    observer = ObserverFactory()
    data = {"project": project(), "visited_on": date(2024, 3, 1), "kind": "snapshot"}
    with pytest.raises(ValidationError) as exc:
        report_save(
            observer=observer,
            by=observer.user,
            data=data,
            photos=[jpeg_with_gps("good.jpg"), fake_jpeg("坏一.jpg"), fake_jpeg("坏二.jpg")],
        )
    text = " ".join(exc.value.messages)
    assert "坏一.jpg" in text and "坏二.jpg" in text
    assert FieldReport.objects.count() == 0  # nothing half-stored: the observer's phone still holds all three


def _big_jpeg(size, name="50mp.jpg"):
    buf = io.BytesIO()
    img = Image.linear_gradient("L").resize(size).convert("RGB")
    img.save(buf, "JPEG", quality=70)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def test_fifty_megapixel_photo_is_resized_not_refused():
    prepared = photos.photo_prepare(_big_jpeg((8192, 6144)))  # 50.3 MP, above Pillow's own warning (89 MP)/2
    assert (prepared.width, prepared.height) == (2560, 1920)


def test_pixel_ceiling_still_refuses(monkeypatch):
    from minsheng.common import photos as shared_photos  # the policy lives in the shared layer

    monkeypatch.setattr(shared_photos, "MAX_PHOTO_PIXELS", 1_000_000)
    with pytest.raises(ValidationError) as exc:
        photos.photo_prepare(_big_jpeg((1200, 1000), name="huge.jpg"))
    assert exc.value.messages == [photos.ERR_BOMB.format(name="huge.jpg")]


def test_service_worker_served_under_observers_scope(client):
    response = client.get(reverse("observers:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/observers/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "/static/observers/outbox.js" in body and "field-outbox" in body
    assert reverse("observers:service_worker").startswith("/observers/")


def test_manifest_installs_the_form(client):
    response = client.get(reverse("observers:manifest"))
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert data["start_url"] == reverse("observers:report_create") and data["scope"] == "/observers/"
    assert data["display"] == "standalone" and {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}


def test_form_page_links_manifest_and_outbox(client):
    observer = ObserverFactory()
    client.force_login(observer.user)
    body = client.get(reverse("observers:report_create")).content.decode()
    assert reverse("observers:manifest") in body and "data-outbox" in body
    assert f'data-user="{observer.user.pk}"' in body
    assert "hx-get" not in body  # the card is swapped by report_form.js, which keeps answers per project


def test_submitting_a_saved_draft_twice_with_one_key_files_it_once(client):
    observer = ObserverFactory()
    proj = project()
    client.force_login(observer.user)
    saved = client.post(
        reverse("observers:report_create"),
        {"kind": "snapshot", "project": proj.pk, "visited_on": "2024-03-05", "content": "草稿", "save": "1"},
        **JSON,
    ).json()
    edit = reverse("observers:report_edit", args=[saved["id"]])
    key = str(uuid.uuid4())
    data = {
        "kind": "snapshot",
        "project": proj.pk,
        "visited_on": "2024-03-05",
        "content": "草稿",
        "submit": "1",
    }
    first = client.post(edit, {**data, "client_key": key}, **JSON)
    assert first.status_code == 200 and first.json()["submitted"]
    # The answer was lost; the outbox sends the same 提交 again (to the same URL, which now refuses edits).
    again = client.post(edit, {**data, "client_key": key}, **JSON)
    assert again.status_code == 200
    assert again.json()["duplicate"] and again.json()["id"] == saved["id"]
    report = FieldReport.objects.get()
    assert report.state == FieldReport.State.SUBMITTED and str(report.client_key) == key
