"""QR codes (segno) for 现场亮码 and the printable A4 poster (WeasyPrint, no network access)."""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import get_template, render_to_string

from minsheng.accounts.selectors import area_of

ERR_FETCH_REFUSED = "海报只能引用本站静态文件或内嵌数据。"
POSTER_TEMPLATE = "progress/poster.html"
POSTER_CACHE_SECONDS = 30 * 24 * 3600


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


def poster_city(project) -> str:
    """The government whose name the poster carries: the project's programme's (the setting as fallback)."""
    area = area_of(project.matter.programme.organisation)
    return area.name if area is not None else settings.MINSHENG["CITY_NAME"]


def poster_pdf(*, project, url: str, base_url: str) -> bytes:
    """An A4 poster: project name, lead unit, the QR code (inline) and its URL."""
    from weasyprint import HTML

    html = render_to_string(
        POSTER_TEMPLATE,
        {"project": project, "url": url, "qr": qr_data_uri(url), "city": poster_city(project)},
    )
    return HTML(string=html, base_url=base_url, url_fetcher=static_only_fetcher()).write_pdf()


def poster_version(*, project, url: str) -> str:
    """A hash of everything the poster shows and of its template: an edit to any of them is a new version."""
    matter = project.matter
    parts = [
        get_template(POSTER_TEMPLATE).template.source,
        poster_city(project),
        project.name,
        str(matter.programme.year),
        matter.get_level_display(),
        matter.name,
        project.lead_unit.name if project.lead_unit_id else "",
        url,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def poster_pdf_cached(*, project, url: str, base_url: str) -> tuple[bytes, str]:
    """(PDF, version): the poster is rendered once per project and version and then served from the cache
    (anyone can request it; WeasyPrint takes about a second and much memory per rendering)."""
    version = poster_version(project=project, url=url)
    key = f"progress:poster:{project.pk}:{version}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = poster_pdf(project=project, url=url, base_url=base_url)
        cache.set(key, pdf, POSTER_CACHE_SECONDS)
    return pdf, version
