"""The province office's roll-up of its cities on a phone (issue 20 §5): office_province signs in from the home
page, opens 各市（州）汇总 from its home, reads each city's plan (邵阳市 and the invented 宁川市) and follows 宁川市
to that city's own dashboard, read-only; 宁川市's office asking for 邵阳市's row gets the Chinese 404 page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e

# the invented 宁川市's (projects/demo/workbooks/ningchuan_2024_programme.xlsx)
NINGCHUAN_PROJECT = "新增公办幼儿园学位"


def sign_in_from_home(page, username):
    page.context.clear_cookies()
    page.goto("/")
    if page.viewport_name == "phone":
        page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("link", name="工作人员登录").click()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_province_office_reads_every_city_and_follows_one_to_its_dashboard(page, demo, live_server):
    from minsheng.accounts.models import Organisation

    shaoyang = Organisation.objects.get(name="邵阳市", kind=Organisation.Kind.CITY)
    ningchuan = Organisation.objects.get(name="宁川市", kind=Organisation.Kind.CITY)

    sign_in_from_home(page, "office_province")
    link = page.locator("#cities-link")
    expect(link).to_be_visible()
    shot(page, "cities-province-home")
    link.click()
    page.wait_for_url("**/progress/cities/**")
    expect(page.locator("h1")).to_contain_text("各市（州）汇总")
    cards = page.locator("article.city-row")
    expect(cards).to_have_count(2)
    shaoyang_card = page.locator(f'article.city-row[data-city="{shaoyang.pk}"]')
    ningchuan_card = page.locator(f'article.city-row[data-city="{ningchuan.pk}"]')
    expect(shaoyang_card).to_contain_text("邵阳市 2024 年民生可感行动")
    expect(shaoyang_card).to_contain_text("已报送")
    expect(ningchuan_card).to_contain_text("宁川市 2024 年重点民生实事")
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "cities-province-rollup")

    ningchuan_card.get_by_role("link", name="查看调度总览").first.click()
    page.wait_for_url("**/progress/dashboard/**")
    expect(page.locator("main")).to_contain_text(NINGCHUAN_PROJECT)
    expect(page.locator("h1")).to_contain_text("调度总览")
    shot(page, "cities-province-ningchuan-dashboard")

    # 宁川市's own office sees its own row only; 邵阳市's row is not found (the site's Chinese 404 page).
    sign_in_from_home(page, "office_ningchuan")
    page.goto("/progress/cities/")
    expect(page.locator("article.city-row")).to_have_count(1)
    expect(page.locator("article.city-row")).to_contain_text("宁川市")
    shot(page, "cities-ningchuan-own-row")
    response = page.goto(f"/progress/cities/?city={shaoyang.pk}")
    assert response.status == 404
    expect(page.locator("main")).to_contain_text("页面不存在")
    shot(page, "cities-ningchuan-other-city-404")
