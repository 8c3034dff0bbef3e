"""Field photos: the shared photo policy (minsheng.common.photos: typed from content, bomb-checked, re-encoded
as JPEG without EXIF or GPS) with the observers' own limit of photos per report."""

from __future__ import annotations

from minsheng.common.photos import (
    ERR_BOMB,
    ERR_UNREADABLE,
    JPEG_QUALITY,
    MAX_FULL_DECODE_PIXELS,
    MAX_PHOTO_BYTES,
    MAX_PHOTO_PIXELS,
    MAX_STORED_SIDE,
    PreparedPhoto,
    exif_position,
    photo_prepare,
)

MAX_PHOTOS = 9
ERR_TOO_MANY_PHOTOS = "每条观察信息最多上传 9 张照片。"

__all__ = [
    "ERR_BOMB",
    "ERR_TOO_MANY_PHOTOS",
    "ERR_UNREADABLE",
    "JPEG_QUALITY",
    "MAX_FULL_DECODE_PIXELS",
    "MAX_PHOTOS",
    "MAX_PHOTO_BYTES",
    "MAX_PHOTO_PIXELS",
    "MAX_STORED_SIDE",
    "PreparedPhoto",
    "exif_position",
    "photo_prepare",
]
