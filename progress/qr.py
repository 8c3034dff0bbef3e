"""QR codes (segno) for 现场亮码 and the printable A4 poster (WeasyPrint, no network access)."""

from __future__ import annotations

import base64
import hashlib
import io
import ipaddress
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import get_template, render_to_string

from minsheng.accounts.models import Organisation
from minsheng.accounts.selectors import area_of

ERR_FETCH_REFUSED = "海报只能引用本站静态文件或内嵌数据。"
ERR_SITE_URL_UNSET = (
    "暂不能打印亮码海报：系统没有设置群众访问的网址（SITE_URL），印出的二维码在现场扫不开。"
    "请系统管理员在服务器配置中把 SITE_URL 设为对外公开的网址（如 https://ms.example.gov.cn）后再打印。"
)
ERR_SITE_URL_LOCAL = (
    "暂不能打印亮码海报：系统设置的网址“{url}”是本机或内网地址，群众用手机扫码打不开。"
    "请系统管理员在服务器配置中把 SITE_URL 设为对外公开的网址（如 https://ms.example.gov.cn）后再打印。"
)
LOCAL_HOST_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
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


def site_url_problem(site_url: str | None) -> str | None:
    """Why a poster must not be printed with this SITE_URL (unset, not http(s), or a loopback, private or
    .local address a passer-by's phone cannot open), or None when it is a public address."""
    value = (site_url or "").strip()
    if not value:
        return ERR_SITE_URL_UNSET
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return ERR_SITE_URL_UNSET
    local = host in LOCAL_HOST_NAMES or host.endswith((".local", ".localhost", ".internal", ".lan"))
    if not local:
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            local = "." not in host  # a bare machine name ("web01") resolves only inside the network
        else:
            local = ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified
    return ERR_SITE_URL_LOCAL.format(url=value) if local else None


def poster_print_refusal() -> str | None:
    """The message for the office when posters must not be printed here (production requires a public
    SITE_URL: settings.MINSHENG["POSTER_REQUIRE_PUBLIC_SITE_URL"]), or None."""
    if not settings.MINSHENG.get("POSTER_REQUIRE_PUBLIC_SITE_URL", False):
        return None
    return site_url_problem(getattr(settings, "SITE_URL", ""))


def _date_text(d: date) -> str:
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


def poster_facts(*, project) -> dict:
    """What a passer-by needs, in plain words: 实施单位, 地点, 工期 and the 监督电话 (the responsible unit's public
    phone: the lead unit's, else the first co-responsible unit's, else the programme's organisation's)."""
    matter = project.matter
    programme = matter.programme
    lead = project.lead_unit or matter.lead_unit
    units = [lead] if lead else []
    units += [u for u in project.responsible_units.all() if u != lead][:2]
    names = list(
        Organisation.objects.filter(indicator_targets__indicator__project=project)
        .distinct()
        .order_by("sort_order", "id")
        .values_list("name", flat=True)
    )
    dues = [d for d in project.indicators.values_list("due_date", flat=True) if d]
    if not names:
        place = programme.organisation.name
    elif len(names) > 6:
        place = "、".join(names[:6]) + f"等 {len(names)} 个县市区"
    else:
        place = "、".join(names)
    end = max(dues) if dues else date(programme.year, 12, 31)
    phone = ""
    for unit in [*units, programme.organisation]:
        if unit is not None and unit.public_phone:
            phone = unit.public_phone
            break
    return {
        "units": "、".join(u.name for u in units) or programme.organisation.name,
        "place": place,
        "period": f"{programme.year} 年 1 月 1 日 至 {_date_text(end)}",
        "phone": phone,
    }


def poster_city(project) -> str:
    """The government whose name the poster carries: the project's programme's (the setting as fallback)."""
    area = area_of(project.matter.programme.organisation)
    return area.name if area is not None else settings.MINSHENG["CITY_NAME"]


def poster_pdf(*, project, url: str, base_url: str) -> bytes:
    """An A4 poster filling the page: project name, 实施单位, 地点, 工期, 监督电话, a large QR code and its URL."""
    from weasyprint import HTML

    html = render_to_string(
        POSTER_TEMPLATE,
        {
            "project": project,
            "url": url,
            "qr": qr_data_uri(url),
            "city": poster_city(project),
            "facts": poster_facts(project=project),
        },
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
        *poster_facts(project=project).values(),
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
