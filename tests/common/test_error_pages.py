"""Every refusal is a Chinese page in the site layout with a way back, never Django's English page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

from minsheng import urls as site_urls
from minsheng.common import errors


def _denied_with_reason(request):
    raise PermissionDenied("只有专班办公室可以审核。")


def _denied_plain(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("denied-reason/", _denied_with_reason),
    path("denied-plain/", _denied_plain),
    path("broken/", _broken),
    *site_urls.urlpatterns,  # the layout links to the site's own pages
]
handler403 = "minsheng.common.errors.permission_denied"
handler404 = "minsheng.common.errors.page_not_found"
handler500 = "django.views.defaults.server_error"

ENGLISH = ("Forbidden", "Not Found", "Server Error", "CSRF verification failed")


def _assert_chinese_page(body: str, title: str) -> None:
    assert title in body
    assert "返回首页" in body
    for word in ENGLISH:
        assert word not in body


@pytest.mark.django_db
def test_404_is_chinese_in_site_layout(client):
    resp = client.get("/no-such-page/")
    assert resp.status_code == 404
    body = resp.content.decode()
    _assert_chinese_page(body, errors.PAGES[404][0])
    assert 'aria-label="主导航"' in body  # the site's header, so the person can navigate on


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_403_shows_the_services_chinese_reason(client):
    body = client.get("/denied-reason/").content.decode()
    _assert_chinese_page(body, errors.PAGES[403][0])
    assert "只有专班办公室可以审核。" in body
    resp = client.get("/denied-plain/")
    assert resp.status_code == 403
    _assert_chinese_page(resp.content.decode(), errors.PAGES[403][0])
    assert "工作人员登录" in resp.content.decode()  # anonymous: offered the log-in


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_is_chinese():
    client = Client(raise_request_exception=False)
    resp = client.get("/broken/")
    assert resp.status_code == 500
    _assert_chinese_page(resp.content.decode(), "系统暂时出错")


@pytest.mark.django_db
def test_csrf_failure_is_chinese():
    client = Client(enforce_csrf_checks=True)
    resp = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert resp.status_code == 403
    _assert_chinese_page(resp.content.decode(), errors.PAGES["csrf"][0])


@pytest.mark.django_db
def test_405_on_a_post_only_view_is_chinese_in_site_layout(client, django_user_model):
    """A GET on a PostOnlyMixin view (a link or the address bar) gets the Chinese page, not a blank one."""
    user = django_user_model.objects.create_user(username="u405", password="x-Password-1")
    client.force_login(user)
    resp = client.get("/progress/figure/1/review/")  # progress: a PostOnlyMixin view
    assert resp.status_code == 405
    assert "POST" in resp["Allow"]
    body = resp.content.decode()
    _assert_chinese_page(body, errors.PAGES[405][0])
    assert 'aria-label="主导航"' in body
    assert "Method Not Allowed" not in body
