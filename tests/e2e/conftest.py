"""Playwright driving Debian's Chromium (/usr/bin/chromium), headless, against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# expect(…) waits as long as the page actions do (a busy CI machine renders slowly; the default is 5 s).
expect.set_options(timeout=15_000)
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"找不到 Chromium：{CHROMIUM}（make test 会用 apt-get 安装 chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, live_server):
    # Reduced motion, as many phones are set: Bootstrap's collapse and dropdown then open at once, so a tap on
    # "管理" never lands while the folded menu is still sliding open (a setup journey lost that race once).
    context = browser.new_context(
        viewport=VIEWPORTS[request.param], locale="zh-CN", base_url=live_server.url, reduced_motion="reduce"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.viewport_name = request.param
    # Every journey also checks the Content-Security-Policy: Chromium reports each blocked inline script, style or
    # eval on the console; any such report fails the test that caused it.
    violations: list[str] = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.csp_violations = violations
    yield page
    context.close()
    assert not violations, "违反内容安全策略（CSP）：\n" + "\n".join(violations)


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/screenshots (git-ignored) and return its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-{page.viewport_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
