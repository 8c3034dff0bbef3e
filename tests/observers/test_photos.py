"""Photos: re-encoded without EXIF/GPS (checked on the stored file), size and bomb limits, real type."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image

from minsheng.common import files as common_files
from observers import photos
from observers.models import ReportPhoto
from observers.services import report_save

from .factories import ObserverFactory, project
from .images import fake_jpeg, jpeg_with_gps, oversize_jpeg, png_bomb

pytestmark = pytest.mark.django_db


def _save(observer, files):
    return report_save(
        observer=observer,
        by=observer.user,
        photos=files,
        data={"project": project(), "visited_on": date(2024, 3, 1), "kind": "snapshot"},
    )


def test_input_really_has_gps():
    with Image.open(jpeg_with_gps()) as img:
        assert img.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_stored_photo_has_no_exif_and_no_gps():
    observer = ObserverFactory()
    report = _save(observer, [jpeg_with_gps(), jpeg_with_gps("second.png")])
    stored = list(report.photos.all())
    assert len(stored) == 2
    for photo in stored:
        with photo.image.open("rb") as fh, Image.open(fh) as img:
            assert img.format == "JPEG"
            exif = img.getexif()
            assert len(exif) == 0
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
            assert "exif" not in img.info and "xmp" not in img.info
            assert img.size == (640, 480)
        assert photo.image.name.endswith(".jpg") and "现场" not in photo.image.name
    assert stored[0].original_name == "现场.jpg"


def test_large_photo_is_scaled_down():
    prepared = photos.photo_prepare(jpeg_with_gps(size=(4000, 3000)))
    assert max(prepared.width, prepared.height) == photos.MAX_STORED_SIDE


def test_oversize_refused_before_decoding():
    with pytest.raises(ValidationError) as exc:
        photos.photo_prepare(oversize_jpeg(size=photos.MAX_PHOTO_BYTES + 1))
    assert exc.value.code == "too_big"
    assert "超过了 40.0\xa0MB 的上限" in exc.value.messages[0]


def test_decompression_bomb_refused():
    with pytest.raises(ValidationError) as exc:
        photos.photo_prepare(png_bomb())
    assert exc.value.messages == [photos.ERR_BOMB.format(name="bomb.png")]


def test_pillow_bomb_limit_is_a_refusal_too(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError) as exc:
        photos.photo_prepare(jpeg_with_gps(size=(100, 100)))  # 10 000 px: over Pillow's (patched) limit
    assert exc.value.messages == [photos.ERR_BOMB.format(name="现场.jpg")]


def test_non_image_with_jpg_name_refused():
    with pytest.raises(ValidationError) as exc:
        photos.photo_prepare(fake_jpeg())
    assert exc.value.code == "bad_type"
    assert exc.value.messages[0].startswith(common_files.ERR_BAD_TYPE.split("”")[0].format(name="照片.jpg"))


def test_ten_photos_refused_and_nothing_stored():
    observer = ObserverFactory()
    with pytest.raises(ValidationError) as exc:
        _save(observer, [jpeg_with_gps(f"p{i}.jpg", size=(32, 32)) for i in range(10)])
    assert exc.value.messages == [photos.ERR_TOO_MANY_PHOTOS]
    assert ReportPhoto.objects.count() == 0


def test_one_bad_photo_stores_none():
    observer = ObserverFactory()
    with pytest.raises(ValidationError):
        _save(observer, [jpeg_with_gps(), fake_jpeg()])
    assert ReportPhoto.objects.count() == 0
