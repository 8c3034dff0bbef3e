"""Issue 12 §1 in Chromium: a county's polyglot evidence never runs as the site when the office opens it.

The attack: a county replies to a hand-off with "check.js" (a GIF signature, then JavaScript) and, after the office
returns the reply, with "整改说明.html" (a JPEG signature, then a page whose <script src> is the first file's
download URL). Both pass the content check (they *are* a GIF and a JPEG to a sniffer). Served with a type guessed
from those names, the page ran the script on our own origin (script-src 'self' allows it). Served by the one
download helper they are an image, nosniff, sandboxed: nothing runs. The real photos of the same hand-off still
show in the page's <img> tags.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from minsheng.accounts.models import User
from minsheng.common.downloads import DOWNLOAD_CSP
from observers.models import HandOff, HandOffEvidence, ReportPhoto
from observers.photos import photo_prepare
from observers.services import handoff_reply, handoff_return
from tests.e2e.conftest import shot
from tests.observers.images import jpeg_with_gps

pytestmark = pytest.mark.e2e

MARKER = "/xss-marker-12-1/"
SCRIPT = f"document.title='XSS-RAN';fetch('{MARKER}');"


def login(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_office_opening_a_polyglot_runs_no_script(page, demo):
    clerk = User.objects.get(username="county_dongkou")
    office = User.objects.get(username="office")
    hand_off = HandOff.objects.filter(unit=clerk.organisation).select_related("finding__report").first()
    HandOff.objects.filter(pk=hand_off.pk).update(state=HandOff.State.ISSUED)
    hand_off.refresh_from_db()  # the services refuse a copy older than what is stored
    report = hand_off.finding.report
    prepared = photo_prepare(jpeg_with_gps("现场.jpg"))
    photo = ReportPhoto(
        report=report, original_name=prepared.original_name, mime=prepared.mime, width=1, height=1
    )
    photo.image.save(prepared.content.name, prepared.content, save=True)

    # The county uploads the script polyglot, the office returns the reply, the county uploads the page polyglot.
    handoff_reply(
        hand_off=hand_off,
        by=clerk,
        text="已整改",
        files=[SimpleUploadedFile("check.js", b"GIF89a=1;" + SCRIPT.encode())],
    )
    script = HandOffEvidence.objects.get(hand_off=hand_off, original_name="check.js")
    handoff_return(hand_off=hand_off, by=office, comment="请补充材料")
    page_bytes = b'\xff\xd8\xff\xe0<html><body><script src="/observers/evidence/%d/"></script>' % script.pk
    page_bytes += f"<script>{SCRIPT}</script>整改说明</body></html>".encode()
    handoff_reply(
        hand_off=hand_off, by=clerk, text="已补充", files=[SimpleUploadedFile("整改说明.html", page_bytes)]
    )
    html = HandOffEvidence.objects.get(hand_off=hand_off, original_name="整改说明.html")
    assert (script.mime, html.mime) == ("image/gif", "image/jpeg")  # they pass the content check as images

    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    login(page, "office")

    # The hand-off page: the real photo still displays in its <img>; the evidence is listed.
    page.goto(f"/observers/hand-offs/{hand_off.pk}/")
    img = page.locator(f"img[src='/observers/photos/{photo.pk}/']")
    img.wait_for()
    page.wait_for_function(
        "(src) => { const i = document.querySelector(`img[src='${src}']`); return i && i.complete; }",
        arg=f"/observers/photos/{photo.pk}/",
    )
    assert img.evaluate("i => i.naturalWidth") > 0, "现场照片在页面 <img> 中未能显示"
    shot(page, "download-safety-handoff")

    # The office opens the page polyglot, as a link click would: it is an image, and no script runs.
    response = page.goto(f"/observers/evidence/{html.pk}/", wait_until="load")
    assert page.title() != "XSS-RAN", "多态文件中的脚本在本站源上运行了"
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["content-security-policy"] == DOWNLOAD_CSP
    assert page.evaluate("() => document.contentType") == "image/jpeg"
    expect(page.locator("script")).to_have_count(0)
    shot(page, "download-safety-polyglot")

    # And the script polyglot opened directly is a GIF, never JavaScript.
    response = page.goto(f"/observers/evidence/{script.pk}/", wait_until="load")
    assert response.headers["content-type"] == "image/gif"
    assert page.title() != "XSS-RAN"

    # A real photo opened on its own still displays (the sandboxing CSP does not stop the browser's image view).
    page.goto(f"/observers/photos/{photo.pk}/", wait_until="load")
    assert page.locator("img").evaluate("i => i.naturalWidth") > 0

    # One more navigation flushes every request event of the pages before: none went to the marker.
    page.goto("/", wait_until="load")
    assert not [u for u in requests if MARKER in u], "多态文件中的脚本在本站源上运行了"
    assert page.title() != "XSS-RAN"
