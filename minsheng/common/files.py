"""Upload checks: the type comes from the file's content (magic bytes), never from its name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

ERR_EMPTY = "文件“{name}”是空文件。"
ERR_TOO_BIG = "文件“{name}”大小为 {size}，超过了 {limit} 的上限。"
ERR_BAD_TYPE = "文件“{name}”的实际格式不被接受（只接受：{allowed}）。请勿仅修改文件扩展名。"
ERR_TOO_MANY = "最多只能上传 {n} 个文件。"
ERR_IMAGE_BOMB = "图片“{name}”的像素尺寸异常巨大（疑似“解压炸弹”），已拒绝。请上传普通手机照片。"
ERR_ARCHIVE_BOMB = "文件“{name}”解压后异常巨大（疑似压缩炸弹），已拒绝。"

# Above this an image is refused before anything decodes it (a 40-megapixel phone photo is the largest
# honest upload); zip-based Office files may not expand beyond these limits.
MAX_IMAGE_PIXELS = 40_000_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_MEMBERS = 2000

# Accepted kinds: the MIME types `filetype` reports for the content, and a label for messages.
KINDS: dict[str, tuple[set[str], str]] = {
    "image": ({"image/jpeg", "image/png", "image/webp", "image/gif", "image/heic"}, "JPG/PNG/WEBP/GIF 图片"),
    "pdf": ({"application/pdf"}, "PDF"),
    "office": (
        {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/msword",
            "application/vnd.ms-excel",
        },
        "Word/Excel/PPT 文档",
    ),
    "xlsx": ({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, "Excel 工作簿（.xlsx）"),
}

# The file-name suffix a file of each accepted type is stored and served under (the first is the usual one; a
# name already ending in any of them keeps its own). An unknown type is stored and served as ".bin".
SUFFIXES: dict[str, tuple[str, ...]] = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "image/gif": (".gif",),
    "image/heic": (".heic",),
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/msword": (".doc", ".xls", ".ppt"),  # any legacy OLE compound file
    "application/vnd.ms-excel": (".xls",),
}
UNKNOWN_MIME = "application/octet-stream"

# OOXML parts whose presence tells the office formats apart when `filetype` sees only "a zip".
_OOXML_MARKERS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    size: int
    mime: str


def sniff_mime(uploaded) -> str | None:
    """The MIME type read from the first bytes of the content (and the zip directory for OOXML)."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in (None, "application/zip") and head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(uploaded) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError):
            names = []
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, ooxml in _OOXML_MARKERS.items():
                if any(n.startswith(prefix) for n in names):
                    return ooxml
    if mime is None and head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "application/msword"  # legacy OLE compound file (.doc/.xls)
    return mime


def suffix_for(mime: str) -> str:
    """The suffix a stored file of this (sniffed) type gets: never the one the uploader's file name carried."""
    return SUFFIXES.get(mime, (".bin",))[0]


def sniff_stored(field_file) -> str:
    """The type of a file already in storage, read from its content; "" when the file is gone."""
    if not field_file:
        return ""
    try:
        with field_file.storage.open(field_file.name, "rb") as fh:
            return sniff_mime(fh) or UNKNOWN_MIME
    except FileNotFoundError:
        return ""


def fill_sniffed_mime(model, *, file_field: str, mime_field: str) -> int:
    """For a data migration: give every stored row with an empty type the type sniffed from its content."""
    rows = (
        model.objects.filter(**{mime_field: ""})
        .exclude(**{file_field: ""})
        .only("pk", file_field, mime_field)
    )
    done = 0
    for row in rows.iterator():
        mime = sniff_stored(getattr(row, file_field))
        if mime:
            model.objects.filter(pk=row.pk).update(**{mime_field: mime})
            done += 1
    return done


def upload_check(
    uploaded, *, kinds: tuple[str, ...], max_bytes: int, max_pixels: int | None = None
) -> CheckedFile:
    """Refuse an empty, oversized or wrongly typed upload with a Chinese message; return what it is.

    max_pixels raises the image ceiling for a caller that decodes big images scaled down (observers' photos).
    """
    name = getattr(uploaded, "name", "") or "未命名"
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, 2)
        size = uploaded.tell()
        uploaded.seek(0)
    if size == 0:
        raise ValidationError(ERR_EMPTY.format(name=name), code="empty")
    if size > max_bytes:
        raise ValidationError(
            ERR_TOO_BIG.format(name=name, size=filesizeformat(size), limit=filesizeformat(max_bytes)),
            code="too_big",
        )
    mime = sniff_mime(uploaded)
    allowed: set[str] = set()
    for kind in kinds:
        allowed |= KINDS[kind][0]
    if mime not in allowed:
        labels = "、".join(KINDS[k][1] for k in kinds)
        raise ValidationError(ERR_BAD_TYPE.format(name=name, allowed=labels), code="bad_type")
    if mime.startswith("image/"):
        _refuse_image_bomb(uploaded, name, max_pixels or MAX_IMAGE_PIXELS)
    elif head_is_zip(uploaded):
        _refuse_zip_bomb(uploaded, name)
    return CheckedFile(name=name, size=size, mime=mime)


def head_is_zip(uploaded) -> bool:
    uploaded.seek(0)
    head = uploaded.read(4)
    uploaded.seek(0)
    return head == b"PK\x03\x04"


def _refuse_image_bomb(uploaded, name: str, max_pixels: int = MAX_IMAGE_PIXELS) -> None:
    """Read only the image header (no pixel decoding) and refuse absurd dimensions or frame counts."""
    from PIL import Image

    try:
        with Image.open(uploaded) as img:
            frames = getattr(img, "n_frames", 1) if img.format == "GIF" else 1
            pixels = img.width * img.height * max(1, frames)
    except Image.DecompressionBombError as exc:
        raise ValidationError(ERR_IMAGE_BOMB.format(name=name), code="image_bomb") from exc
    except Exception:  # noqa: BLE001 - an unreadable header is left to the app's own image handling
        return
    finally:
        uploaded.seek(0)
    if pixels > max_pixels:
        raise ValidationError(ERR_IMAGE_BOMB.format(name=name), code="image_bomb")


def _refuse_zip_bomb(uploaded, name: str) -> None:
    try:
        with zipfile.ZipFile(uploaded) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a readable archive: the type check above already decided what it is
    finally:
        uploaded.seek(0)
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if len(infos) > MAX_ZIP_MEMBERS or total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO:
        raise ValidationError(ERR_ARCHIVE_BOMB.format(name=name), code="zip_bomb")
