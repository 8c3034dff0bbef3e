"""Issue 17 part 3 on a 375 px phone: a county clerk goes from their home to a project of their county and
publishes a 工作动态 with a phone photo (GPS in its EXIF) and a 政策文件 PDF; a resident opens the public page
and sees both (the photo without EXIF); the office hides one with a reason; the clerk sees it was hidden."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from minsheng.accounts.models import User
from progress import selectors
from progress.models import PolicyDocument, PublicUpdate
from tests.e2e.conftest import shot
from tests.observers.images import jpeg_with_gps

pytestmark = pytest.mark.e2e

PASSWORD = "Minsheng#2024"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "城南托育点主体完工"
POLICY = "洞口县托育服务补贴实施细则"
REASON = "照片中有群众正脸，请更换照片后重新发布"


def login(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_county_publishes_resident_sees_office_hides(page, demo, tmp_path):
    clerk = User.objects.get(username="county_dongkou")
    project = selectors.projects_publishable_by(clerk).filter(matter__programme__is_public=True).first()
    assert project is not None
    photo_path = tmp_path / "IMG_20241008.jpg"
    photo_path.write_bytes(jpeg_with_gps(size=(1600, 1200)).read())
    assert Image.open(photo_path).getexif()  # the phone's photo carries EXIF (GPS)
    pdf_path = tmp_path / "细则.pdf"
    pdf_path.write_bytes(PDF)

    # The clerk finds where to publish from their home page, without knowing a URL.
    login(page, "county_dongkou")
    page.get_by_role("link", name="发布项目动态、政策文件").first.click()
    expect(page.get_by_role("heading", name="选择项目")).to_be_visible()
    page.locator(f"#publish-projects a[href='/progress/publish/{project.pk}/']").click()
    expect(page.get_by_role("heading", name=project.name)).to_be_visible()
    assert no_sideways_scroll(page)
    page.locator("#id_u-title").fill(TITLE)
    page.locator("#id_u-body").fill("城南托育点主体工程完工，新增托位 60 个，预计 11 月投用。")
    page.locator("#id_u-photos").set_input_files(str(photo_path))
    shot(page, "unit-publish-form")
    page.get_by_role("button", name="发布动态").click()
    expect(page.get_by_text("动态已保存。")).to_be_visible()
    page.locator("#policy-details summary").click()
    page.locator("#id_d-title").fill(POLICY)
    page.locator("#id_d-doc_number").fill("洞政办发〔2024〕12号")
    page.locator("#id_d-file").set_input_files(str(pdf_path))
    page.get_by_role("button", name="上传政策文件").click()
    expect(page.get_by_text("政策文件已保存。")).to_be_visible()
    expect(page.locator("#update-list")).to_contain_text(TITLE)
    expect(page.locator("#policy-list")).to_contain_text(POLICY)
    update = PublicUpdate.objects.get(title=TITLE)
    assert update.unit == clerk.county and update.photos.get().latitude is not None
    assert PolicyDocument.objects.get(title=POLICY).unit == clerk.county
    shot(page, "unit-published")

    # A resident (no account) opens the public page: both are in the timeline with the county's name.
    page.context.clear_cookies()
    page.goto(f"/progress/p/{project.public_code}/")
    timeline = page.locator("#timeline")
    expect(timeline.get_by_text(TITLE)).to_be_visible()
    expect(timeline.get_by_role("link", name=POLICY)).to_be_visible()
    expect(timeline.get_by_text(clerk.county.name).first).to_be_visible()
    img = timeline.locator(".timeline-photos img").first
    img.scroll_into_view_if_needed()
    assert img.evaluate("i => i.decode().then(() => i.naturalWidth)") > 0
    photo = page.request.get(img.get_attribute("src"))
    assert photo.ok and photo.headers["content-type"] == "image/jpeg"
    served = Image.open(io.BytesIO(photo.body()))
    assert not served.getexif() and "exif" not in served.info  # no GPS, no camera
    assert no_sideways_scroll(page)
    timeline.scroll_into_view_if_needed()
    shot(page, "unit-public-timeline")

    # The office hides the update with a reason.
    login(page, "office")
    page.goto("/progress/publish/")
    page.locator("#recent-items").get_by_role("link", name=TITLE).click()
    item = page.locator(f"#item-update-{update.pk}")
    item.get_by_text("隐藏此内容").click()
    item.get_by_label("隐藏原因（发布单位可见）").fill(REASON)
    item.get_by_role("button", name="隐藏", exact=True).click()
    expect(page.get_by_text("已隐藏，发布单位会看到隐藏原因。")).to_be_visible()
    shot(page, "unit-office-hid")

    # The public no longer sees it; the policy file stays.
    page.context.clear_cookies()
    page.goto(f"/progress/p/{project.public_code}/")
    expect(page.locator("#timeline").get_by_role("link", name=POLICY)).to_be_visible()
    expect(page.locator("#timeline").get_by_text(TITLE)).to_have_count(0)

    # The clerk sees it was hidden and why (a notice, and on their publishing page).
    login(page, "county_dongkou")
    page.get_by_role("link", name="发布项目动态、政策文件").first.click()
    expect(page.locator("#recent-items").get_by_text(f"隐藏原因：{REASON}")).to_be_visible()
    page.locator("#recent-items").get_by_role("link", name=TITLE).click()
    hidden = page.locator(f"#item-update-{update.pk}")
    expect(hidden.get_by_text("已被专班办公室隐藏")).to_be_visible()
    expect(hidden.get_by_text(f"隐藏原因：{REASON}")).to_be_visible()
    assert no_sideways_scroll(page)
    shot(page, "unit-sees-hidden")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_county_prints_the_poster_marks_it_posted_and_its_missing_list_changes(page, demo):
    from progress.selectors.disclosure import disclosure_counties
    from progress.selectors.posters import poster_coverage
    from projects.models import Programme, Project

    clerk = User.objects.get(username="county_dongkou")
    programme = Programme.objects.get(year=2024, organisation__name="邵阳市")
    assert clerk.county in disclosure_counties(programme=programme)
    names, printed = poster_coverage(programme=programme, county_ids=[clerk.county.pk])[clerk.county.pk]
    without = [n for n in names if n not in printed]
    project = Project.objects.get(matter__programme=programme, name=without[0])
    before = f"尚未打印现场公示海报：{project.name}"

    # The clerk reads what the county is missing: this project has no poster yet.
    login(page, "county_dongkou")
    page.locator("#disclosure-estimate-link").click()
    missing = page.locator("#disclosure-missing")
    expect(missing).to_contain_text(before)
    expect(missing).to_contain_text(f"等 {len(without)} 个项目")
    assert no_sideways_scroll(page)
    shot(page, "poster-missing-before")

    # From the home page to the project's publishing page, print the poster, open it, mark it posted.
    page.goto("/")
    page.get_by_role("link", name="发布项目动态、政策文件").first.click()
    page.locator(f"#publish-projects a[href='/progress/publish/{project.pk}/']").click()
    posters = page.locator("#posters")
    expect(posters.get_by_text("尚未在平台打印过本项目的海报。")).to_be_visible()
    posters.get_by_role("button", name="打印现场公示海报").click()
    expect(page.get_by_text("已登记打印海报")).to_be_visible()
    item = page.locator("#poster-list li").first
    expect(item).to_contain_text("洞口县")
    expect(item).to_contain_text("未登记张贴")
    pdf = page.request.get(item.get_by_role("link", name="打开海报 PDF").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
    assert no_sideways_scroll(page)
    shot(page, "poster-printed")
    item.get_by_label("张贴地点（选填）").fill("洞口县文昌街道项目施工点")
    item.get_by_role("button", name="登记已张贴").click()
    expect(page.get_by_text("已登记张贴，项目公开页会显示“现场已张贴公示牌”。")).to_be_visible()
    expect(page.locator("#poster-list li").first).to_contain_text("已张贴")
    expect(page.locator("#poster-list li").first).to_contain_text("洞口县文昌街道项目施工点")
    shot(page, "poster-posted")

    # A resident scanning the sign reads that it is posted on site.
    page.context.clear_cookies()
    page.goto(f"/progress/p/{project.public_code}/")
    expect(page.locator("#poster-posted")).to_contain_text("现场已张贴公示牌")
    page.locator("#poster-posted").scroll_into_view_if_needed()
    shot(page, "poster-public-sign")

    # The county's 还缺什么 no longer names the project, and one project fewer is missing.
    login(page, "county_dongkou")
    page.locator("#disclosure-estimate-link").click()
    missing = page.locator("#disclosure-missing")
    expect(missing).to_contain_text("尚未打印现场公示海报")
    expect(missing).not_to_contain_text(before)
    expect(missing).to_contain_text(f"等 {len(without) - 1} 个项目")
    shot(page, "poster-missing-after")
