"""The observers' field app at 375 px, one journey per fault found on a phone (issue 18):
switching projects, submit then a new report, log-out then another observer, a restored position, an offline report
with photos sent later exactly once, photos that cannot be used, and the Slow-3G figure for 3 photos."""

import io
import json
import time
from pathlib import Path

import pytest
from PIL import Image, ImageFilter
from playwright.sync_api import expect

from minsheng.accounts.models import User
from observers.models import FieldReport
from projects.models import Project
from tests.e2e.conftest import SHOTS, VIEWPORTS, shot

pytestmark = pytest.mark.e2e
PHONE = VIEWPORTS["phone"]


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone-sized context (its own storage) per journey; CSP reports fail the test like `page` does."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(
            viewport=PHONE, locale="zh-CN", base_url=live_server.url, reduced_motion="reduce", **kwargs
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.viewport_name = "phone"
        page.csp_violations = []
        page.on(
            "console",
            lambda msg: (
                page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        contexts.append((context, page))
        return page

    yield make
    for context, page in contexts:
        violations = page.csp_violations
        context.close()
        assert not violations, "违反内容安全策略（CSP）：\n" + "\n".join(violations)


def login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def logout(page):
    page.goto("/observers/")
    toggler = page.get_by_role("button", name="展开菜单")
    if toggler.is_visible():
        toggler.click()
    # The log-out form first clears this phone's drafts (site.js, at most 1.5 s), then posts. Wait for the
    # navigation to start and the new page's document, not for every subresource of it ("load"), which a busy
    # CI machine took more than 20 s to fire twice in five runs.
    with page.expect_navigation(wait_until="commit", timeout=30_000):
        page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("a[href='/accounts/login/']").count() >= 1  # signed out


def open_form(page):
    page.goto("/observers/reports/new/")
    page.locator("form[data-ready]").wait_for(state="attached")


def phone_photo(path: Path, seed: int = 0, size=(4032, 3024)) -> str:
    """A 12 MP 'phone photo' with texture (compresses like a real scene, not like a flat colour)."""
    base = Image.linear_gradient("L").rotate(seed * 37).resize(size)
    noise = Image.effect_noise(size, 40).filter(ImageFilter.GaussianBlur(1.2))
    img = Image.merge("RGB", (base, noise, Image.blend(base, noise, 0.5)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92)
    path.write_bytes(buf.getvalue())
    return str(path)


def projects():
    a = Project.objects.get(name="建设老年助餐服务点", matter__programme__year=2024)
    b = Project.objects.get(name="实施特殊困难老年人家庭适老化改造", matter__programme__year=2024)
    return a, b


def test_switching_projects_keeps_text_and_answers_per_project(phone, demo):
    meals, homes = projects()
    page = phone()
    login(page, "observer")
    open_form(page)
    page.get_by_label("观察项目").select_option(str(meals.pk))
    page.get_by_text("助餐点是否正常开放").wait_for()
    page.get_by_label("情况记录").fill("午餐 12 元，补贴后 6 元（切换测试）")
    page.get_by_label("每日就餐老人人数").fill("35")
    page.get_by_role("radiogroup", name="1. 助餐点是否正常开放").get_by_text("是").click()

    # Change the project: the text stays, the new card comes, the select keeps the new project.
    page.get_by_label("观察项目").select_option(str(homes.pk))
    page.get_by_text("是否安装扶手、防滑等设施").wait_for()
    page.wait_for_timeout(400)  # a stale re-apply (the old fault) would land here
    assert page.get_by_label("观察项目").input_value() == str(homes.pk)
    assert page.get_by_label("情况记录").input_value() == "午餐 12 元，补贴后 6 元（切换测试）"
    expect(page.get_by_text("助餐点是否正常开放")).to_have_count(0)
    page.get_by_label("已改造户数").fill("4")

    # Back to the first project: its answers come back; then on to the second again, and submit there.
    page.get_by_label("观察项目").select_option(str(meals.pk))
    page.get_by_text("助餐点是否正常开放").wait_for()
    assert page.get_by_label("每日就餐老人人数").input_value() == "35"
    expect(page.locator("input[value=yes]:checked")).to_have_count(1)
    page.get_by_label("观察项目").select_option(str(homes.pk))
    page.get_by_text("是否安装扶手、防滑等设施").wait_for()
    assert page.get_by_label("已改造户数").input_value() == "4"
    assert page.get_by_label("情况记录").input_value() == "午餐 12 元，补贴后 6 元（切换测试）"
    shot(page, "field-switch-projects")
    page.get_by_role("button", name="提交报送").click()
    page.get_by_text("观察信息已报送专班办公室").wait_for()
    report = FieldReport.objects.get(content__contains="切换测试")
    assert report.project_id == homes.pk
    item = report.card_version.items.get(text="已改造户数")
    assert report.answers == {str(item.pk): "4"}  # only this project's card, never the other one's answers


def test_submit_then_new_report_opens_empty(phone, demo):
    _, homes = projects()
    page = phone()
    login(page, "observer")
    open_form(page)
    page.get_by_label("观察项目").select_option(str(homes.pk))
    page.get_by_text("是否安装扶手、防滑等设施").wait_for()
    page.get_by_label("情况记录").fill("提交后新建测试")
    page.get_by_label("问题 1").fill("价格未公示（提交后新建测试）")
    page.wait_for_timeout(400)  # the draft is written
    page.get_by_role("button", name="提交报送").click()
    page.get_by_text("观察信息已报送专班办公室").wait_for()
    assert FieldReport.objects.filter(content="提交后新建测试").count() == 1

    open_form(page)
    assert page.get_by_label("情况记录").input_value() == ""
    assert page.get_by_label("问题 1").input_value() == ""
    assert page.get_by_label("观察项目").input_value() == ""
    expect(page.get_by_text("已恢复您在本机上次未提交的内容")).not_to_be_visible()
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('draft:'))")
    assert keys == [] or all(
        json.loads(page.evaluate(f"localStorage.getItem('{k}')"))["state"]["fields"].get("content", [""])
        == [""]
        for k in keys
    )


def test_logout_then_another_observer_sees_no_draft(phone, demo, tmp_path):
    page = phone()
    login(page, "observer")
    open_form(page)
    page.get_by_label("情况记录").fill("敏感记录：某住户家中情况（退出测试）")
    page.get_by_label("现场照片（最多 9 张）").set_input_files(
        [phone_photo(tmp_path / "a.jpg", size=(800, 600))]
    )
    page.get_by_text("照片已处理 1/1 张").wait_for()
    page.wait_for_timeout(400)
    open_form(page)  # the draft is there for its own observer …
    assert page.get_by_label("情况记录").input_value() == "敏感记录：某住户家中情况（退出测试）"
    expect(page.get_by_text("已恢复您在本机上次未提交的内容")).to_be_visible()
    expect(page.locator("[data-photo-list] img")).to_have_count(1)

    logout(page)  # … and gone from this phone at log-out
    second = User.objects.get(username="observer02")
    second.set_password("Minsheng#2024")  # the demo signs in only `observer`; a second phone user here
    second.save()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('draft:')).length") == 0
    photos_left = page.evaluate(
        """() => new Promise(r => { const q = indexedDB.open('minsheng-field'); q.onsuccess = () => {
             const t = q.result.transaction('draftPhotos'); const c = t.objectStore('draftPhotos').count();
             c.onsuccess = () => r(c.result); }; })"""
    )
    assert photos_left == 0
    login(page, "observer02")
    open_form(page)
    assert page.get_by_label("情况记录").input_value() == ""
    expect(page.locator("[data-photo-list] img")).to_have_count(0)
    assert "退出测试" not in page.content()
    shot(page, "field-after-logout-other-observer")


def test_restored_position_is_shown_with_remove_button(phone, demo):
    page = phone(geolocation={"latitude": 27.2418, "longitude": 111.4672}, permissions=["geolocation"])
    login(page, "observer")
    open_form(page)
    page.get_by_role("button", name="添加当前位置").click()
    page.get_by_text("已添加位置 27.241800, 111.467200").wait_for()
    page.wait_for_timeout(400)
    open_form(page)  # reopen: the draft comes back with its position, visibly
    page.get_by_text("已添加位置 27.241800, 111.467200").wait_for()
    remove = page.get_by_role("button", name="移除位置")
    expect(remove).to_be_visible()
    shot(page, "field-restored-position")
    remove.click()
    assert page.locator("#id_latitude").input_value() == ""
    page.wait_for_timeout(400)
    open_form(page)
    expect(page.get_by_role("button", name="移除位置")).not_to_be_visible()
    assert page.locator("#id_latitude").input_value() == ""


def test_offline_reports_with_photos_are_sent_later_exactly_once(phone, demo, tmp_path):
    meals, homes = projects()
    page = phone()
    login(page, "observer")
    open_form(page)
    assert page.evaluate(
        "navigator.serviceWorker.ready.then(r => !!r.active)"
    )  # installed, scope /observers/
    page.wait_for_function(
        "pk => caches.open('field-pages').then(c => c.keys())"
        ".then(k => k.some(r => r.url.endsWith('project=' + pk)))",
        arg=meals.pk,
        polling=200,
    )  # the form and the projects' cards are cached (one addAll: the meals card is there once the batch is)

    page.wait_for_function("!!navigator.serviceWorker.controller", polling=200)  # this page goes through it
    context = page.context
    context.set_offline(True)
    page.get_by_label("观察项目").select_option(str(meals.pk))
    page.get_by_text("助餐点是否正常开放").wait_for()  # the card from the cache, with no signal
    page.get_by_label("情况记录").fill("离线报送一（离线测试）")
    page.get_by_label("每日就餐老人人数").fill("20")
    files = [phone_photo(tmp_path / f"{n}.jpg", seed=n, size=(1600, 1200)) for n in range(2)]
    page.get_by_label("现场照片（最多 9 张）").set_input_files(files)
    page.get_by_text("照片已处理 2/2 张").wait_for()
    page.get_by_role("button", name="提交报送").click()
    page.get_by_text("1 条待发送）").wait_for()
    assert page.get_by_label("情况记录").input_value() == ""  # the form is free for the next one

    page.get_by_label("观察项目").select_option(str(homes.pk))
    page.get_by_text("是否安装扶手、防滑等设施").wait_for()
    page.get_by_label("情况记录").fill("离线报送二（离线测试）")
    page.get_by_label("现场照片（最多 9 张）").set_input_files([files[0]])
    page.get_by_text("照片已处理 1/1 张").wait_for()
    page.get_by_role("button", name="提交报送").click()
    page.get_by_text("2 条待发送）").wait_for()
    assert page.locator("[data-outbox-count]").inner_text() == "2 条待发送"
    expect(page.locator("[data-outbox-state=pending]")).to_have_count(2)
    assert FieldReport.objects.filter(content__contains="离线测试").count() == 0

    # Airplane mode: the form opens from the cache, the outbox is still there.
    page.reload()
    page.locator("form[data-ready]").wait_for(state="attached")
    assert page.locator("[data-outbox-count]").inner_text() == "2 条待发送"
    shot(page, "field-offline-outbox")
    # Keep a copy of one item as it was queued, to send it again after it went through.
    copy = page.evaluate(
        """() => FieldOutbox.all(document.querySelector('[data-outbox]').dataset.user)
                 .then(items => items[0].id)"""
    )

    context.set_offline(False)  # signal is back: Background Sync or the page's 'online' sends the outbox
    page.get_by_text("待发送信息已全部发出").wait_for()
    expect(page.locator("[data-outbox-state=sent]")).to_have_count(2)
    reports = FieldReport.objects.filter(content__contains="离线测试").order_by("id")
    assert [r.content for r in reports] == ["离线报送一（离线测试）", "离线报送二（离线测试）"]
    assert [r.photos.count() for r in reports] == [2, 1]
    assert [r.project_id for r in reports] == [meals.pk, homes.pk]
    assert all(r.state == FieldReport.State.SUBMITTED and r.client_key for r in reports)
    assert str(reports[0].client_key) == copy
    first = reports[0]
    assert max(first.photos.first().width, first.photos.first().height) == 1600  # resized only when larger

    # The same item again (a lost answer, a second sync): the server answers with the stored report.
    again = page.evaluate(
        """(id) => FieldOutbox.post({id: id, user: document.querySelector('[data-outbox]').dataset.user,
                 url: '/observers/reports/new/', fields: [['kind', 'snapshot'], ['visited_on', '2024-06-01'],
                 ['content', '重发']], photos: [], csrf: document.querySelector('[name=csrfmiddlewaretoken]').value})""",
        copy,
    )
    assert again["ok"] and again["data"]["duplicate"] and again["data"]["id"] == first.pk
    page.get_by_role("button", name="立即发送").click()
    page.wait_for_timeout(500)
    assert FieldReport.objects.filter(content__contains="离线测试").count() == 2
    assert not FieldReport.objects.filter(content="重发").exists()
    shot(page, "field-outbox-sent")


def test_photos_that_cannot_be_used_are_named_and_the_others_kept(phone, demo, tmp_path):
    page = phone()
    login(page, "observer")
    open_form(page)
    heic = tmp_path / "IMG_0001.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 200)
    broken = tmp_path / "坏照片.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    good = phone_photo(tmp_path / "好照片.jpg", size=(3000, 2000))
    page.get_by_label("现场照片（最多 9 张）").set_input_files([str(heic), str(broken), good])
    page.get_by_text("照片已处理 3/3 张，共 1 张待上传").wait_for()
    expect(page.get_by_text("暂不支持 HEIC，请在相机设置中选择‘兼容性最佳’")).to_be_visible()
    expect(page.get_by_text("无法读取这张照片")).to_be_visible()
    expect(page.locator("[data-photo-list] img")).to_have_count(1)
    # Long side 2,560 px, or 2,048 px when this noisy test photo cannot fit the 220 KB budget at 2,560.
    assert page.locator("figure[data-photo='好照片.jpg'] figcaption").inner_text() in (
        "2560×1707",
        "2048×1365",
    )
    shot(page, "field-photo-errors")


def test_slow_3g_submit_of_three_phone_photos(phone, demo, tmp_path):
    """Chromium's 'Slow 3G' (2 s latency, 50 KB/s each way): tap 提交 to the report page, with 3 photos of 12 MP."""
    meals, _ = projects()
    page = phone()
    login(page, "observer")
    open_form(page)
    page.evaluate("navigator.serviceWorker.ready")
    page.get_by_label("观察项目").select_option(str(meals.pk))
    page.get_by_text("助餐点是否正常开放").wait_for()
    page.get_by_label("情况记录").fill("慢速网络测试")
    files = [phone_photo(tmp_path / f"p{n}.jpg", seed=n) for n in range(3)]
    page.get_by_label("现场照片（最多 9 张）").set_input_files(files)
    page.get_by_text("照片已处理 3/3 张").wait_for()
    sizes = page.evaluate(
        "FieldOutbox.loadPhotos('draft:' + document.querySelector('form[data-user]').dataset.user + ':new')"
        ".then(ps => ps.map(p => p.blob.size))"
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
    )
    started = time.monotonic()
    page.get_by_role("button", name="提交报送").click()
    page.get_by_text("观察信息已报送专班办公室").wait_for(timeout=120_000)
    elapsed = time.monotonic() - started
    report = FieldReport.objects.get(content="慢速网络测试")
    dims = ", ".join(f"{p.width}×{p.height}" for p in report.photos.all())
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS.parent / "slow3g.txt").write_text(
        f"Slow 3G (2 s latency, 50 KB/s), 3 photos of 4032x3024 resized to {dims} "
        f"({', '.join(f'{s // 1024} KB' for s in sizes)}; budget 220 KB each): {elapsed:.1f} s (target ≤ 20 s)\n"
    )
    print(f"\nSLOW3G submit of 3 photos: {elapsed:.1f} s; resized sizes {sizes}; {dims}")
    assert report.photos.count() == 3
    # Long side 2,560 px unless the byte budget could not be met at the lowest quality, then 2,048 px.
    assert all(max(p.width, p.height) in (2560, 2048) for p in report.photos.all())
    # Each photo fits the browser's byte budget (220 KB), so the three go up in about 14 s at 50 KB/s plus a few
    # round trips of 2 s: the target is ≤ 20 s.
    assert all(s <= 220 * 1024 for s in sizes), sizes
    assert elapsed <= 20, f"Slow 3G 下提交 3 张照片用时 {elapsed:.1f} 秒，超过 20 秒"


def test_reopen_after_closure_and_rate_the_fix(phone, demo, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from minsheng.common.models import Notification
    from observers.models import HandOff

    hand_off = HandOff.objects.filter(finding__report__observer__user__username="observer").first()
    HandOff.objects.filter(pk=hand_off.pk).update(
        state=HandOff.State.CLOSED, closed_at=timezone.now() - timedelta(days=3)
    )
    page = phone()
    login(page, "observer")
    page.goto(f"/observers/hand-offs/{hand_off.pk}/")
    page.get_by_text("基本满意", exact=True).click()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("感谢您的回访评价").wait_for()
    expect(page.get_by_text("基本满意（")).to_be_visible()

    page.get_by_label("仍未解决的情况").fill("助餐点价格仍未公示（回访测试）")
    page.get_by_label("现场照片（最多 9 张）").set_input_files(
        [phone_photo(tmp_path / "回访.jpg", size=(1200, 900))]
    )
    shot(page, "field-reopen-form")
    page.get_by_role("button", name="仍未解决，重新提出").click()
    page.get_by_text("已重新提出，专班办公室和责任单位会收到通知").wait_for()
    expect(page.get_by_text("退回重新整改").first).to_be_visible()
    assert not page.get_by_role("button", name="提交评价").count()
    hand_off.refresh_from_db()
    assert hand_off.state == HandOff.State.RETURNED and hand_off.reopen_count == 1
    assert hand_off.evidence.filter(original_name__startswith="观察员回访照片").count() == 1
    assert Notification.objects.filter(
        title__startswith="观察员回访：问题仍未解决", recipient__username="office"
    ).exists()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "field-reopened")
