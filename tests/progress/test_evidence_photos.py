"""County evidence photos follow the observers' photo policy (issue 18 §7): the stored copy carries no EXIF or GPS,
the position is kept on the row and shown to the office reviewer only."""

import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from progress import services
from tests.observers.images import jpeg_with_gps

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _download(client, ev) -> bytes:
    r = client.get(reverse("progress:evidence_download", args=[ev.pk]))
    assert r.status_code == 200
    return b"".join(r.streaming_content) if r.streaming else r.content


def test_evidence_photo_is_stripped_and_its_position_shown_to_the_office_only(client, world):
    w = world
    ev = services.evidence_add(figure=w["fb"], actor=w["clerk_b"], uploaded=jpeg_with_gps(name="工地.jpg"))
    assert ev.mime == "image/jpeg" and ev.original_name == "工地.jpg"
    assert (ev.latitude, ev.longitude) == (D("27.241667"), D("111.469444"))
    with ev.file.open("rb") as f:
        stored = f.read()
    assert b"Exif" not in stored and b"TestPhone" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()

    client.force_login(w["clerk_b"])  # the county downloads the clean copy and never sees the position
    assert not Image.open(io.BytesIO(_download(client, ev))).getexif()
    county_page = client.get(reverse("progress:figure_entry", args=[w["tb"].pk, w["p9"].pk])).content.decode()
    assert "工地.jpg" in county_page and "27.241667" not in county_page and "拍摄位置" not in county_page

    client.force_login(w["office"])
    page = client.get(reverse("progress:verification_figure", args=[w["fb"].pk])).content.decode()
    assert "拍摄位置 27.241667, 111.469444" in page
    assert "https://www.openstreetmap.org/?mlat=27.241667&amp;mlon=111.469444" in page
    assert not Image.open(io.BytesIO(_download(client, ev))).getexif()


def test_pdf_evidence_is_stored_as_sent(world):
    ev = services.evidence_add(figure=world["fb"], actor=world["clerk_b"], uploaded=SimpleUploadedFile("a.pdf", PDF))
    assert ev.mime == "application/pdf" and ev.latitude is None
    with ev.file.open("rb") as f:
        assert f.read() == PDF
