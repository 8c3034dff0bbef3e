"""The QR poster is a public PDF anyone can request: rendered once per project and version, then served from
the cache (issue 12 §3), so a flood of requests is not a flood of WeasyPrint renderings."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from progress import qr

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    cache.clear()
    calls = []

    def fake_pdf(*, project, url, base_url):
        calls.append(project.name)
        return b"%PDF-1.7 " + project.name.encode()

    monkeypatch.setattr(qr, "poster_pdf", fake_pdf)
    yield calls
    cache.clear()


def test_poster_is_rendered_once_per_version(client, world, renders):
    project = world["ind"].project
    url = reverse("progress:project_poster", args=[project.public_code])
    first = client.get(url)
    for _ in range(5):
        again = client.get(url)
    assert renders == [project.name]
    assert again.content == first.content and again["Content-Type"] == "application/pdf"
    assert again["ETag"] == first["ETag"] and "public" in again["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # What the poster shows changed: a new version, rendered once.
    old_name, project.name = project.name, "新增托位（扩建）"
    project.save()
    changed = client.get(url)
    client.get(url)
    assert renders == [old_name, "新增托位（扩建）"]
    assert changed["ETag"] != first["ETag"] and "扩建".encode() in changed.content


def test_version_follows_the_public_address(world, settings):
    project = world["ind"].project
    a = qr.poster_version(project=project, url="https://a.example/progress/p/x/")
    b = qr.poster_version(project=project, url="https://b.example/progress/p/x/")
    assert a != b and a == qr.poster_version(project=project, url="https://a.example/progress/p/x/")
