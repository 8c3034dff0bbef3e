"""Photos as every app stores them: typed from content, size- and bomb-checked, re-encoded as JPEG without EXIF
(and GPS). The position a phone wrote into the EXIF is read first and handed back to the caller, who keeps it
where only the office sees it (observers: the report's coordinates; progress: the evidence row); every stored
copy anyone downloads is the clean one."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from minsheng.common.files import sniff_mime, upload_check

MAX_PHOTO_BYTES = 40 * 1024 * 1024  # before re-encoding (a 108 MP phone JPEG is about 25 MB)
# A JPEG is decoded already scaled down (libjpeg's DCT scaling, Image.draft), so a 50–120 MP phone photo costs
# little memory and is accepted; other formats are decoded whole, so they keep the lower ceiling.
MAX_PHOTO_PIXELS = 120_000_000
MAX_FULL_DECODE_PIXELS = 40_000_000
MAX_STORED_SIDE = 2560  # stored photos are scaled down to this on the long side
JPEG_QUALITY = 85

ERR_BOMB = "图片“{name}”的像素尺寸异常巨大（疑似“解压炸弹”），已拒绝。请上传普通手机照片。"
ERR_UNREADABLE = "图片“{name}”无法识别或已损坏，请重新拍摄或换一张。"


@dataclass(frozen=True)
class PreparedPhoto:
    content: ContentFile
    original_name: str
    mime: str  # sniffed from the re-encoded bytes, so what is stored says what is stored
    width: int
    height: int
    # Where the phone said it was (from the EXIF, before it was dropped): for the office only, never in the file.
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _degrees(value, ref) -> Decimal | None:
    try:
        d, m, s = (float(v) for v in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    deg = d + m / 60 + s / 3600
    if str(ref).upper().startswith(("S", "W")):
        deg = -deg
    return Decimal(f"{deg:.6f}")


def exif_position(img: Image.Image) -> tuple[Decimal | None, Decimal | None]:
    """The GPS latitude/longitude in an image's EXIF, or (None, None); out-of-range values are ignored."""
    try:
        gps = img.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:  # noqa: BLE001 — a malformed EXIF block means "no position", never a refusal
        return None, None
    if not gps:
        return None, None
    lat = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef, "N"))
    lng = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef, "E"))
    if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None, None
    return lat, lng


def photo_prepare(uploaded, *, max_bytes: int = MAX_PHOTO_BYTES) -> PreparedPhoto:
    """Check an uploaded photo and return it re-encoded as a clean JPEG (no metadata at all), with the EXIF
    position read out beside it."""
    checked = upload_check(uploaded, kinds=("image",), max_bytes=max_bytes, max_pixels=MAX_PHOTO_PIXELS)
    name = checked.name
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns above its MAX_IMAGE_PIXELS (and raises above twice that): below that we apply our own
            # ceilings (a big JPEG is decoded scaled down); a patched-down Pillow limit is still a refusal.
            limit = Image.MAX_IMAGE_PIXELS or MAX_PHOTO_PIXELS
            warnings.simplefilter(
                "ignore" if limit >= MAX_FULL_DECODE_PIXELS else "error", Image.DecompressionBombWarning
            )
            with Image.open(uploaded) as img:
                width, height = img.size
                latitude, longitude = exif_position(img)
                ceiling = MAX_PHOTO_PIXELS if img.format == "JPEG" else MAX_FULL_DECODE_PIXELS
                if width * height > ceiling:
                    raise ValidationError(ERR_BOMB.format(name=name), code="bomb")
                if img.format == "JPEG" and max(width, height) > MAX_STORED_SIDE:
                    img.draft("RGB", (MAX_STORED_SIDE, MAX_STORED_SIDE))  # decode at 1/2, 1/4 or 1/8 scale
                img.load()
                img = ImageOps.exif_transpose(img)  # keep the orientation the phone meant, drop the tag
                if img.mode not in ("RGB", "L"):
                    background = Image.new("RGB", img.size, (255, 255, 255))
                    rgba = img.convert("RGBA")
                    background.paste(rgba, mask=rgba.getchannel("A"))
                    img = background
                img.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                # A fresh image object carries no info dict: no EXIF, no GPS, no XMP, no comments.
                clean = Image.new(img.mode, img.size)
                clean.paste(img)
                clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(ERR_BOMB.format(name=name), code="bomb") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(ERR_UNREADABLE.format(name=name), code="unreadable") from exc
    finally:
        uploaded.seek(0)
    stem = name.rsplit(".", 1)[0][:150] or "photo"
    content = ContentFile(out.getvalue(), name=f"{stem}.jpg")
    return PreparedPhoto(
        content=content,
        original_name=name[:200],
        mime=sniff_mime(content),
        width=clean.width,
        height=clean.height,
        latitude=latitude,
        longitude=longitude,
    )
