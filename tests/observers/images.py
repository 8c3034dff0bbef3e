"""Test images made in memory: a phone-like JPEG with EXIF GPS, a PNG bomb, a fake .jpg."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image


def jpeg_with_gps(name="现场.jpg", size=(640, 480), color=(200, 80, 40)) -> SimpleUploadedFile:
    img = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (27.0, 14.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (111.0, 28.0, 10.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def png_bomb(name="bomb.png", side=8000) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("1", (side, side)).save(buf, "PNG", optimize=True)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def fake_jpeg(name="照片.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"MZ\x90\x00 this is an executable, not a photo" * 20, content_type="image/jpeg"
    )


def oversize_jpeg(name="big.jpg", size=10 * 1024 * 1024 + 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\x00" * (size - 4), content_type="image/jpeg")
