"""Chinese error pages in the site layout, each with a way back (400 / 403 / 404 / 405 / CSRF; 500 is a static
page)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
)
from django.template.loader import render_to_string

PAGES = {
    400: ("请求无法处理", "提交的内容不完整或格式不对。请返回上一页重新填写后再提交。"),
    403: ("没有权限访问此页面", "您当前的账户没有打开此页面或执行此操作的权限。如需办理，请联系专班办公室开通权限。"),
    404: ("页面不存在", "您要找的页面不存在，可能链接有误或内容已被删除。请从首页重新进入。"),
    405: (
        "不能直接打开此地址",
        "此地址只接受页面上的按钮或表单提交，不能从地址栏或链接直接打开。请返回上一页，用页面上的按钮办理。",
    ),
    "csrf": (
        "页面已过期，请刷新后重新提交",
        "为保护您的账户安全，提交的表单已失效（页面停留过久或已在别处退出登录）。请返回上一页，刷新后重新提交。",
    ),
}


def _detail(exception) -> str:
    """The Chinese reason a service gave with PermissionDenied, never Django's English text."""
    if isinstance(exception, PermissionDenied) and exception.args:
        text = str(exception.args[0])
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return text
    return ""


def _render(request, key, template: str, detail: str = "") -> str:
    title, text = PAGES[key]
    code = 403 if key == "csrf" else key
    context = {"error_code": code, "error_title": title, "error_text": text, "error_detail": detail}
    return render_to_string(template, context, request=request)


def bad_request(request, exception=None):
    return HttpResponseBadRequest(_render(request, 400, "400.html"))


def permission_denied(request, exception=None):
    return HttpResponseForbidden(_render(request, 403, "403.html", _detail(exception)))


def page_not_found(request, exception=None):
    return HttpResponseNotFound(_render(request, 404, "404.html"))


def csrf_failure(request, reason=""):
    return HttpResponseForbidden(_render(request, "csrf", "403_csrf.html"))


class MethodNotAllowedMiddleware:
    """A 405 (a GET on a POST-only view: PostOnlyMixin, require_POST, a View without `get`) comes from Django
    with an empty body; answer it with the Chinese page in the site layout, keeping the Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or getattr(response, "streaming", False):
            return response
        allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
        return HttpResponseNotAllowed(allowed, _render(request, 405, "errors/page.html"))
