"""HTML → PDF with WeasyPrint, fetching nothing but data: URIs and our own static files.

The templates are ours and autoescaped; the fetcher is the second wall: whatever ends up in the HTML
(a pasted <img src="file:///etc/passwd">, an http URL), WeasyPrint can only read `data:` URIs and files
under the app's static directory, addressed as /static/…; anything else raises and is logged, not loaded.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

ERR_URL_REFUSED = "生成文件时拒绝读取外部资源：{url}"
STATIC_PREFIX = "/static/"
STATIC_HOST = "minsheng-static.invalid"
# Only these static sub-trees may be read while rendering (our print CSS and images).
ALLOWED_STATIC = ("reports/",)


class UrlRefused(ValueError):
    pass


def _static_path(url: str) -> Path | None:
    parsed = urlparse(url)
    own = parsed.scheme == "https" and parsed.netloc == STATIC_HOST
    if not own and (parsed.scheme or parsed.netloc):
        return None
    path = unquote(parsed.path)
    rel = path[len(STATIC_PREFIX) :] if path.startswith(STATIC_PREFIX) else None
    if rel is None or ".." in rel.split("/") or not rel.startswith(ALLOWED_STATIC):
        return None
    found = finders.find(rel)
    if not found:
        return None
    return Path(found).resolve()


def _make_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):
        """WeasyPrint fetcher: data: URIs and our own /static/reports/ files; everything else is refused."""

        def __init__(self):
            super().__init__(allowed_protocols=("data",), allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                logger.warning(ERR_URL_REFUSED.format(url=url[:200]))
                raise UrlRefused(ERR_URL_REFUSED.format(url=url[:200]))
            mime, _ = mimetypes.guess_type(str(path))
            return URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": mime or "application/octet-stream"}
            )

    return SafeFetcher


_fetcher_class = None


def url_fetcher():
    """A new restricted fetcher instance (callable with a URL, like WeasyPrint's own)."""
    global _fetcher_class
    if _fetcher_class is None:
        _fetcher_class = _make_fetcher_class()
    return _fetcher_class()


# Relative URLs resolve against a host that cannot exist (.invalid is reserved) and that the fetcher
# maps to our static files, so nothing is ever looked up on the file system or the network.
BASE_URL = f"https://{STATIC_HOST}/static/"


_fonts = threading.local()


def font_config():
    """This thread's WeasyPrint FontConfiguration, created once and reused by every render.

    A new configuration per render (WeasyPrint's default) reloads Fontconfig and starts Pango's font
    map and its caches empty, so every render loads the CJK fonts again: 2-10 % of the 通报's render
    time (bench/bench_reports.py, CPU time). Sharing it is safe because our print CSS declares no @font-face (the only thing a
    render adds to a configuration) and the PDF bytes are identical (tests/reports/test_pdf.py). One per
    thread and per process (Pango's font map is not thread-safe; a forked child starts its own).
    """
    pid = os.getpid()
    if getattr(_fonts, "pid", None) != pid:
        from weasyprint.text.fonts import FontConfiguration

        _fonts.config, _fonts.pid = FontConfiguration(), pid
    return _fonts.config


def font_config_reset() -> None:
    """Forget this thread's configuration: the next render reloads Fontconfig (fonts added or removed)."""
    _fonts.pid = None
    _fonts.config = None


def html_to_pdf(html: str) -> bytes:
    """Render our HTML to PDF bytes with the restricted fetcher and the thread's font configuration."""
    from weasyprint import HTML

    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).render(
            font_config=font_config()
        )
        reveal_continued_matters(document)
        return document.write_pdf()
    except Exception:
        # A failed render (fonts being installed, an OSError the task retries …) starts the retry on a
        # freshly loaded configuration.
        font_config_reset()
        raise


def _walk(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def reveal_continued_matters(document) -> int:
    """Annex tables: a matter whose rows cross a page break repeats its name on the next page.

    Every continuation row carries the matter's cells, laid out but hidden (`td.cont`, so the page breaks
    do not depend on them); after layout, the continuation row at the top of a page is made visible. One
    layout pass, no re-render. Returns how many rows were revealed.
    """
    from weasyprint.formatting_structure import boxes

    revealed = 0
    for page in document.pages:
        for group in _walk(page._page_box):
            if not isinstance(group, boxes.TableRowGroupBox) or group.is_header or not group.children:
                continue
            row = group.children[0]
            if "g" in _classes(row):
                continue
            for cell in row.children:
                if "cont" not in _classes(cell):
                    continue
                for box in _walk(cell):
                    box.style = box.style.copy()
                    box.style["visibility"] = "visible"
                revealed += 1
    return revealed


def static_url(rel: str) -> str:
    """The address of one of our static files as the fetcher expects it."""
    return f"{STATIC_PREFIX}{rel}"


def debug_enabled() -> bool:
    return bool(getattr(settings, "DEBUG", False))
