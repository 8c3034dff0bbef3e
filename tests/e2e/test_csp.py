"""The Content-Security-Policy as Chromium enforces it: an injected inline script is refused (eval is absent from
the header, checked in tests/common/test_csp.py; DevTools-evaluated code would bypass it here), and the
conftest's violation detector (which every journey relies on) sees the refusal."""

import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_inline_script_and_eval_are_refused(page):
    page.goto("/")
    # Wait for Chromium's report itself (no fixed sleep): it arrives on the console after the script is refused.
    with page.expect_console_message(lambda msg: "Content Security Policy" in msg.text):
        page.evaluate("""() => {
            const s = document.createElement('script');
            s.textContent = 'window.__injected = 1';
            document.head.appendChild(s);
        }""")
    assert page.evaluate("() => window.__injected") is None
    assert any("inline script" in v and "script-src" in v for v in page.csp_violations), page.csp_violations
    page.csp_violations.clear()  # expected here; any other violation fails the journeys


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_pages_outside_the_journeys_run_under_the_policy(page, demo):
    """Admin (change form, history), the heat map (nonce style), the certificate (print button), and the captcha's
    "换一张" button (data-refresh-img): each loads without a violation and the moved behaviour still works."""
    from observers.models import Observer
    from projects.models import Project
    from proposals.models import Campaign

    campaign = next(
        c for c in Campaign.objects.order_by("pk") if c.is_open()
    )  # the demo's year-round campaign
    page.goto(f"/proposals/c/{campaign.pk}/")
    before = page.locator("#captcha-img").get_attribute("src")
    page.get_by_role("button", name="换一张").click()
    page.wait_for_function(
        "src => document.getElementById('captcha-img').getAttribute('src') !== src", arg=before
    )

    login(page, "admin")
    project = Project.objects.order_by("pk").first()
    for url in (
        "/admin/",
        f"/admin/projects/project/{project.pk}/change/",
        f"/admin/projects/project/{project.pk}/history/",
        "/progress/heatmap/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
    assert page.locator(".heat-done, .heat-ok, .heat-behind, .heat-none").count() > 0
    # The nonce'd <style> applied: 未达序时 cells are tinted red (the demo data has some, e.g. 洞口县 74.51 %).
    heat = page.locator(".heat-behind").first
    assert heat.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(248, 215, 218)"

    observer = Observer.objects.order_by("pk").first()
    page.goto(f"/observers/roster/{observer.pk}/certificate/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("() => window.__printed") == 1
    assert not page.csp_violations
