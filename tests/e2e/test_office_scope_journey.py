"""Offices at every level in one instance (issue 20): 邵阳市's office sees 邵阳市's work, the invented second
city 宁川市's office only its own under its own name, 邵东市's office (a county-level city with its own plan)
only 邵东市's, and the province's office both cities; an office that asks for another city's programme gets
the Chinese 404 page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e

SHAOYANG_PROJECT = "徐特立项目"  # a 邵阳市 2024 project (seed 003)
NINGCHUAN_PROJECT = "新增公办幼儿园学位"  # the invented 宁川市's (projects/demo/workbooks/ningchuan_2024_programme.xlsx)


def login(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Minsheng#2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def body(page) -> str:
    return page.locator("body").inner_text()


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_each_office_sees_its_own_subtree_under_its_own_name(page, demo, live_server):
    from projects.models import Programme

    shaoyang = Programme.objects.get(year=2024, organisation__name="邵阳市")
    ningchuan = Programme.objects.get(year=2024, organisation__name="宁川市")

    # 1. 邵阳市's office: its name in the header, its plans (and 邵东市's, below it, read-only), not 宁川市's.
    login(page, "office")
    expect(page.locator(".navbar-brand")).to_contain_text("邵阳市")
    queue = page.locator("#office-queue").locator("xpath=..")
    expect(queue).to_contain_text("邵阳市 2024 年")
    assert "宁川市" not in body(page)
    shot(page, "scope-shaoyang-home")
    page.goto("/progress/dashboard/")
    expect(page.locator("main")).to_contain_text(SHAOYANG_PROJECT)
    assert NINGCHUAN_PROJECT not in body(page) and "宁川市" not in body(page)
    shot(page, "scope-shaoyang-dashboard")

    # 2. 宁川市's office: its own name in the header and footer, its own plan and counties only.
    login(page, "office_ningchuan")
    expect(page.locator(".navbar-brand")).to_contain_text("宁川市")
    assert "邵阳市" not in page.locator(".navbar-brand").inner_text()
    expect(page.locator("footer")).to_contain_text("宁川市重点民生实事工作专班办公室")
    expect(page.locator("#office-queue").locator("xpath=..")).to_contain_text("宁川市 2024 年")
    assert "邵阳市" not in body(page) and "邵东市" not in body(page)
    shot(page, "scope-ningchuan-home")
    page.goto("/progress/dashboard/")
    expect(page.locator("main")).to_contain_text(NINGCHUAN_PROJECT)
    text = body(page)
    assert SHAOYANG_PROJECT not in text and "洞口县" not in text
    assert "青溪区" in text and "云岭县" in text
    shot(page, "scope-ningchuan-dashboard")
    # Another city's programme by its id: not found, in Chinese, in the site's layout.
    response = page.goto(f"/progress/dashboard/?programme={shaoyang.pk}")
    assert response.status == 404
    assert SHAOYANG_PROJECT not in body(page)
    shot(page, "scope-ningchuan-other-city-404")

    # 3. 邵东市's office: its own name and its own 2023 plan, nothing of the city's or of 宁川市.
    login(page, "office_shaodong")
    expect(page.locator(".navbar-brand")).to_contain_text("邵东市")
    expect(page.locator("footer")).to_contain_text("邵东市打好重点民生保障仗工作专班办公室")
    expect(page.locator("#office-queue").locator("xpath=..")).to_contain_text("邵东市 2023 年")
    text = body(page)
    assert "邵阳市 2024 年" not in text and "宁川市" not in text
    # Its demo 2024 plan reports monthly (its 县定 items; the 省定 and 邵阳市定 ones on 邵阳市's rows, issue 20 §2):
    # the home page's 调度总览 opens its own plan, not the city's.
    shot(page, "scope-shaodong-home")
    page.locator("#progress-panel-h").locator("xpath=..").get_by_role("link", name="调度总览").click()
    expect(page.locator("main h1")).to_contain_text("2024 年重点民生实事")
    expect(page.locator("main")).to_contain_text("县定重点民生实事")
    assert "宁川市" not in body(page)
    for programme in (shaoyang, ningchuan):
        response = page.goto(f"/progress/dashboard/?programme={programme.pk}")
        assert response.status == 404

    # 4. The province's office reads both cities (and 邵东市's plan) for reporting, under the province's name.
    login(page, "office_province")
    expect(page.locator(".navbar-brand")).to_contain_text("湖南省")
    plans = page.locator("#office-queue").locator("xpath=..")
    for name in ("邵阳市 2024 年", "宁川市 2024 年", "邵东市 2023 年"):
        expect(plans).to_contain_text(name)
    shot(page, "scope-province-home")
    page.goto(f"/progress/dashboard/?programme={ningchuan.pk}")
    expect(page.locator("main")).to_contain_text(NINGCHUAN_PROJECT)
