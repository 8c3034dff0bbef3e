"""QR codes (segno) for 现场亮码 and the printable A4 poster (WeasyPrint, no network access)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

ERR_FETCH_REFUSED = "海报只能引用本站静态文件或内嵌数据。"


def qr_svg(url: str, *, scale: int = 6) -> bytes:
    """The URL as an SVG QR code (error correction M, quiet zone kept)."""
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buf, kind="svg", scale=scale, xmldecl=False, title="项目公开页二维码"
    )
    return buf.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """The URL as a PNG QR code."""
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=scale)
    return buf.getvalue()


def qr_data_uri(url: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(url, scale=12)).decode()


def static_only_fetcher():
    """A WeasyPrint URL fetcher serving data: URIs and our own static files only (no network, no disk)."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            marker = settings.STATIC_URL
            if marker in url:
                rel = url.split(marker, 1)[1].split("?", 1)[0]
                path = finders.find(rel) if ".." not in rel else None
                if path:
                    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime}, 200)
            raise ValueError(ERR_FETCH_REFUSED)

    return StaticOnlyFetcher(allowed_protocols=("data", "http", "https"))


def poster_pdf(*, project, url: str, base_url: str) -> bytes:
    """An A4 poster: project name, lead unit, the QR code (inline) and its URL."""
    from weasyprint import HTML

    html = render_to_string(
        "progress/poster.html",
        {"project": project, "url": url, "qr": qr_data_uri(url), "city": settings.MINSHENG["CITY_NAME"]},
    )
    return HTML(string=html, base_url=base_url, url_fetcher=static_only_fetcher()).write_pdf()
