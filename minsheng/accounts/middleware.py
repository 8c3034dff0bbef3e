"""Ends a signed-in session after SESSION_IDLE_TIMEOUT seconds without a request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "_last_seen"
MSG_IDLE = "您已超过 30 分钟未操作，为保护数据安全已自动退出，请重新登录。"
# Refresh the stamp at most once a minute so that dashboards do not write the session every request.
REFRESH_EVERY = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(SESSION_KEY)
            if last is not None and now - int(last) > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.warning(request, MSG_IDLE)
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse(settings.LOGIN_URL)
                    return response
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if last is None or now - int(last) >= REFRESH_EVERY:
                request.session[SESSION_KEY] = now
        return self.get_response(request)


MSG_CHANGE_FIRST = "这是您首次登录：请先修改初始密码，再使用平台。"
FIRST_LOGIN_OPEN = ("accounts:password_change", "accounts:logout")


class FirstLoginPasswordMiddleware:
    """A user given an initial password by a workbook import opens only the password-change page until they
    change it (and may log out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in FIRST_LOGIN_OPEN}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL or "/static/"):
                messages.warning(request, MSG_CHANGE_FIRST)
                return redirect("accounts:password_change")
        return self.get_response(request)
