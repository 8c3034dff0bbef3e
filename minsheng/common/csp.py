"""Content-Security-Policy: scripts only from our own origin (no inline code, no eval), styles from our own origin
or a <style> element carrying the request's nonce. Inline style *attributes* stay allowed (style-src-attr): ECharts
tooltips and Bootstrap/Popper positioning write them, and an attribute cannot run code.

The nonce is drawn per request on first use (`request.csp_nonce` in templates); pages rendered outside a request
(WeasyPrint PDFs) get an empty nonce, which WeasyPrint ignores. Settings: CSP_ENABLED, CSP_REPORT_ONLY, CSP_EXTRA
(directives appended as written, e.g. a report-uri) — see settings/base.py.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.utils.functional import SimpleLazyObject

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"

BASE_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'{nonce}",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


def policy(nonce: str | None) -> str:
    """The header value; `nonce` is added to style-src only when a template used it."""
    directives = [d.format(nonce=f" 'nonce-{nonce}'" if nonce else "") for d in BASE_DIRECTIVES]
    extra = getattr(settings, "CSP_EXTRA", "")
    if extra:
        directives.append(extra.strip().rstrip(";"))
    return "; ".join(directives)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drawn: list[str] = []

        def draw() -> str:
            drawn.append(secrets.token_urlsafe(18))
            return drawn[0]

        request.csp_nonce = SimpleLazyObject(draw)
        response = self.get_response(request)
        if not getattr(settings, "CSP_ENABLED", True) or getattr(response, "csp_exempt", False):
            return response
        header = REPORT_ONLY_HEADER if getattr(settings, "CSP_REPORT_ONLY", False) else HEADER
        if header not in response:
            response[header] = policy(drawn[0] if drawn else None)
        return response
