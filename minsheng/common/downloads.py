"""The one way a stored file leaves the site (CONVENTIONS, journey rule 6).

Every upload and every generated document is served by `serve_stored_file`: its Content-Type is the type sniffed
from the content when it was stored (or, for our own generated files, the type we wrote), never one guessed from a
file name; `nosniff`; `attachment` unless it is an image or a PDF; and a per-response CSP that forbids everything and
sandboxes the document, so even a file that a browser might try to render as a page gets no script and no origin.
Permission checks stay in the views: this only decides how the bytes are labelled.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

from .files import KINDS, SUFFIXES, UNKNOWN_MIME, suffix_for

# Nothing may load and the document is sandboxed (no script, an opaque origin). Inline styles stay allowed: Chromium's
# own image and PDF viewers style their page with them (blocked, each view logs CSP violations and the image is no
# longer centred), and a style cannot run code. Checked in Chromium by tests/e2e/test_download_safety.py.
DOWNLOAD_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
# Shown in the browser: raster images (an <img> on our pages, or opened alone) and PDFs. Never SVG or HTML.
INLINE_TYPES = frozenset(KINDS["image"][0] | KINDS["pdf"][0])
# Every type an upload may be stored as; anything else is served as opaque bytes.
SERVABLE_TYPES = frozenset().union(*(types for types, _label in KINDS.values()))

DEFAULT_NAME = "文件"
MAX_STEM = 100
# Characters that mean something to a file system or to the header: path separators, quotes, Windows-reserved.
_UNSAFE = re.compile(r"[\\/:*?\"<>|;'`]")
_EXTENSION = re.compile(r"[A-Za-z][A-Za-z0-9]{0,7}")
_NOT_PLAIN_ASCII = re.compile(r"[^A-Za-z0-9._()+\- ]+")


def safe_filename(name: str, *, mime: str) -> str:
    """The uploader's name made harmless: no control or invisible characters, no path separators or quotes, and
    a suffix that matches the stored type (a JPEG called "x.html" is offered as "x.jpg")."""
    cleaned = []
    for ch in unicodedata.normalize("NFC", name or ""):
        category = unicodedata.category(ch)
        if category[0] == "C" or category in ("Zl", "Zp"):  # CR/LF, NUL, bidi overrides, zero-width …
            continue
        cleaned.append(" " if category == "Zs" else ch)
    text = _UNSAFE.sub("", "".join(cleaned))
    text = re.sub(r"\s+", " ", text).strip(" .")
    stem, dot, ext = text.rpartition(".")
    if not (dot and _EXTENSION.fullmatch(ext)):  # "1.5号文" has no extension: the suffix is added, nothing cut
        stem, ext = text, ""
    allowed = SUFFIXES.get(mime, (suffix_for(mime),))
    suffix = f".{ext.lower()}" if f".{ext.lower()}" in allowed else allowed[0]
    stem = stem.strip(" .")[:MAX_STEM].strip(" .") or DEFAULT_NAME
    return stem + suffix


def content_disposition(filename: str, *, inline: bool) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the exact UTF-8 name in `filename*` (RFC 5987)."""
    stem, _dot, suffix = filename.rpartition(".")
    fallback_stem = _NOT_PLAIN_ASCII.sub("_", stem).strip("_ .") or "download"
    fallback = f"{fallback_stem}.{suffix}" if suffix else fallback_stem
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def serve_stored_file(
    field_file, *, mime: str, filename: str, inline: bool = True, cache_control: str = "private, no-store"
) -> FileResponse:
    """Serve a stored file with its stored type: nosniff, attachment unless image/PDF, a sandboxing CSP.

    `mime` is the type sniffed at upload (or the known type of a file we generated); `inline=False` asks for a
    download even for an image or PDF. A missing file is a 404.
    """
    if not field_file:
        raise Http404("文件不存在")
    try:
        fh = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("文件不存在") from exc
    content_type = mime if mime in SERVABLE_TYPES else UNKNOWN_MIME
    response = FileResponse(fh, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        safe_filename(filename, mime=content_type), inline=inline and content_type in INLINE_TYPES
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = cache_control
    return response
