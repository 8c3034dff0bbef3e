"""The Django admin part of the matrix: its ~300 generated URLs are checked against glob rows of the
table (e.g. `GET admin:*_change`), with kwargs taken from the first stored object of each model."""

from __future__ import annotations

import fnmatch
import re

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from .matrix import Runner, all_routes
from .world import ROLES, World

ADMIN_LOGIN = "/admin/login/"


def _model_for(route) -> type | None:
    """The model an admin route belongs to, from its name (app_model_action) or its path."""
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}_"
        if route.name.startswith(f"admin:{info}"):
            return model
        if route.route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def admin_url(route, w: World) -> str | None:
    """A concrete URL for an admin route, or None when no object exists to point it at."""
    kwargs = {}
    model = _model_for(route)
    if route.name.endswith("_simple_history"):
        obj = model._default_manager.order_by("pk").first()
        record = obj.history.order_by("pk").first() if obj is not None else None
        if record is None:
            return None
        return reverse(route.name, args=[obj.pk, record.history_id])
    for k in route.kwargs:
        if k == "app_label":
            kwargs[k] = route.route.split("/")[1] if "<app_label>" not in route.route else "projects"
        elif k in ("object_id", "id"):
            obj = model._default_manager.order_by("pk").first() if model else None
            if obj is None:
                return None
            kwargs[k] = str(obj.pk)
        elif k == "content_type_id":
            ct = ContentType.objects.get_for_model(type(w.users["office"]))
            kwargs[k] = str(ct.pk)
            kwargs.setdefault("object_id", str(w.users["office"].pk))
        elif k == "url":
            kwargs[k] = "no-such-page/"
    if route.name.startswith("admin:<unnamed"):
        path = route.route
        for k, v in kwargs.items():
            path = re.sub(rf"<(?:\w+:)?{k}>", v, path)
        path = path.replace("^", "").replace("$", "")
        path = re.sub(r"\(\?P<url>\.\*\)", kwargs.get("url", ""), path)
        return "/" + path
    return reverse(route.name, kwargs=kwargs)


# Which (method, role, url) the sweep requests, to stay fast: every admin URL is asked by the signed-out
# visitor (GET and POST) and by county A's clerk (GET); Django's admin_view login check is the same for
# every non-staff role, so the other non-staff roles ask the index and each changelist. The office
# GETs each changelist (the pages that list data); the administrator the index. Add/history/delete
# pages are Django's own (the delete confirmation of a programme alone takes ~12 s: it collects every
# related row).
def _swept(method: str, role: str, name: str) -> bool:
    listing = name == "admin:index" or name.endswith("_changelist")
    if role == "anon":
        return True
    if method != "GET":
        return False
    if role == "county_a":
        return True
    if role in ("county_b", "dept", "observer", "deputy", "office"):
        return listing
    return name == "admin:index"


def sweep_admin(w: World, rows: dict, *, record: dict | None = None) -> list[str]:
    """GET every admin URL with every role; POST with the roles that must be refused."""
    from .test_authz_matrix import expected

    runner = Runner(w)
    problems: list[str] = []
    for route in all_routes():
        if not route.name.startswith("admin:"):
            continue
        url = admin_url(route, w)
        if url is None:
            continue
        for method in ("GET", "POST"):
            want = expected(rows, method, route.name)
            got_cells = []
            for role in ROLES:
                if not _swept(method, role, route.name):
                    got_cells.append("-")
                    continue
                resp = runner.request(method, role, url)
                got = "500" if resp is None else str(resp.status_code)
                got_cells.append(got)
                if (
                    resp is not None
                    and got == "302"
                    and role not in ("office", "admin")
                    and not resp["Location"].startswith(ADMIN_LOGIN)
                    and "logout" not in route.name
                ):
                    problems.append(f"{method} {url} [{role}] 跳转到了 {resp['Location']}，应跳转到后台登录")
            if record is not None:
                record[(method, route.name, url)] = got_cells
                continue
            for role, got, exp in zip(ROLES, got_cells, want or ["?"] * len(ROLES), strict=True):
                if exp != got and not (exp == "-" and got == "-"):
                    problems.append(f"{method} {route.name} {url} [{role}] 预期 {exp}，实际 {got}")
    problems += [f"{k}: {v}" for k, v in runner.errors.items()]
    return problems


def matches(pattern: str, name: str) -> bool:
    return fnmatch.fnmatchcase(name, pattern)
