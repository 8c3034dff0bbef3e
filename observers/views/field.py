"""The field app as a progressive web app: its manifest and service worker, served under /observers/.

Both are the same for everyone and carry no data; the worker's scope is /observers/ because it is served from
there. The worker caches pages only for the signed-in observer's browser, and the log-out clears those caches.
"""

from __future__ import annotations

import hashlib

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views import View

# What the report form needs with no signal (the page itself and each project's card are added as they load).
SHELL_ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "css/site.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/site.js",
    "observers/observers.css",
    "observers/outbox.js",
    "observers/report_form.js",
    "observers/icons/icon-192.png",
)


class ServiceWorkerView(View):
    """The service worker script (a template: it names the static files by their served URLs)."""

    def get(self, request):
        assets = [static(a) for a in SHELL_ASSETS]
        version = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
        body = render_to_string(
            "observers/sw.js",
            {
                "assets": assets,
                "version": version,
                "outbox_js": static("observers/outbox.js"),
                "form_url": reverse("observers:report_create"),
                "scope": reverse("observers:home"),
            },
        )
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
        response["Cache-Control"] = "no-cache"
        response["Service-Worker-Allowed"] = reverse("observers:home")
        return response


class ManifestView(View):
    """The web app manifest: installs the field app to the home screen, opening on the report form."""

    def get(self, request):
        data = {
            "name": "民生实事观察员",
            "short_name": "观察员",
            "description": "观察员现场报送：随手拍、随手记，无信号时先存入待发送。",
            "lang": "zh-CN",
            "start_url": reverse("observers:report_create"),
            "scope": reverse("observers:home"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#b02020",
            "icons": [
                {"src": static(f"observers/icons/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
                for n in (192, 512)
            ],
        }
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        response["Content-Type"] = "application/manifest+json"
        return response
