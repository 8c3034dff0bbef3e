"""Content-Security-Policy: the header on every page, nonces on the few <style> elements, and no inline code left in
any template (the e2e journeys additionally fail on any violation Chromium reports)."""
import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from minsheng.accounts.models import User

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
STYLE_TAG = re.compile(r"<style\b([^>]*)>", re.I)


def directives(header: str) -> dict[str, str]:
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
def test_public_page_carries_a_strict_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == "script-src 'self'"          # no 'unsafe-inline', no 'unsafe-eval'
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == "object-src 'none'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["form-action"] == "form-action 'self'"
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_style_nonce_matches_the_header_and_changes_per_request(client, demo):
    client.force_login(User.objects.get(username="office"))
    nonces = []
    for _ in range(2):
        response = client.get(reverse("progress:heatmap"))
        assert response.status_code == 200
        html = response.content.decode()
        found = re.findall(r'<style nonce="([^"]+)">', html)
        assert found, "热力图的 <style> 没有带 nonce"
        assert f"'nonce-{found[0]}'" in response["Content-Security-Policy"]
        nonces.append(found[0])
    assert nonces[0] != nonces[1]


@pytest.mark.django_db
def test_report_only_switch(client):
    with override_settings(CSP_REPORT_ONLY=True):
        response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def template_files():
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_no_inline_code(path):
    text = path.read_text(encoding="utf-8")
    # Django comments may mention anything; the rest is what the browser receives.
    text = re.sub(r"{#.*?#}", "", text)
    problems = []
    problems += [f"内联事件处理：{m.group(0).strip()}" for m in INLINE_HANDLER.finditer(text)]
    problems += ["style 属性" for _ in STYLE_ATTR.finditer(text)]
    for m in SCRIPT_TAG.finditer(text):
        attrs = m.group(1)
        if "src=" not in attrs and "application/json" not in attrs:
            problems.append(f"内联脚本：{m.group(0)}")
    for m in STYLE_TAG.finditer(text):
        if "nonce=" not in m.group(1):
            problems.append(f"没有 nonce 的 <style>：{m.group(0)}")
    assert not problems, f"{path.relative_to(TEMPLATES)}：" + "；".join(problems)


def test_the_template_scan_would_catch_inline_code(tmp_path):
    """The scan above must be able to fail."""
    bad = '<button onclick="x()">a</button><div style="color:red"></div><script>alert(1)</script><style>p{}</style>'
    assert INLINE_HANDLER.search(bad) and STYLE_ATTR.search(bad)
    assert "src=" not in SCRIPT_TAG.search(bad).group(1)
    assert "nonce=" not in STYLE_TAG.search(bad).group(1)
