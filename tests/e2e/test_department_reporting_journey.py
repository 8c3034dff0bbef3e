"""Department journey on a phone (375 px): 市教育局 signs in, its 待办 lists its own city-level row (市本级, no
county split) to report; it reports the figure with evidence through the same form the counties use; the office
verifies it in the queue; the department hears the result and the notice lands on the verified figure."""

import pytest
from playwright.sync_api import expect

from tests.corpus.generate import PDF_MIN
from tests.e2e.conftest import shot
from tests.e2e.test_notices_journey import bell, login

pytestmark = pytest.mark.e2e


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_department_reports_its_city_level_figure_and_hears_the_verification(page, demo, tmp_path):
    from minsheng.accounts.models import User
    from progress.models import Figure, FigureState

    dept = User.objects.get(username="dept_education")
    dept.notifications.all().delete()

    # 1. Home: the 待办 item "本部门待报送 N / M" with the deadline, linking to the department's own list.
    login(page, "dept_education")
    item = page.locator(".todo-item").filter(has_text="本部门待报送")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("1 / 1")
    expect(item).to_contain_text("截止")
    shot(page, "dept-home-todo")
    assert _fits(page)
    item.get_by_role("link").click()
    page.wait_for_url("**/progress/department/**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("本部门报送")
    expect(page.locator("#row-filter")).to_contain_text("仅显示待报送的数据：1 项")
    row = page.locator("#department-rows a").filter(has_text="“爱晚”老年学校")
    expect(row).to_have_count(1)
    shot(page, "dept-month-list")
    assert _fits(page)

    # 2. The figure form: a wrong value is refused in Chinese and keeps the typing; then reported with evidence.
    row.click()
    page.wait_for_url("**/progress/entry/**")
    entry = page.url
    page.get_by_label("进展情况").fill("市直老年学校完成课程设置和挂牌")
    page.get_by_label("累计形象进度").fill("120")
    page.get_by_role("button", name="保存并报送").click()
    expect(page.get_by_text("形象进度须在 0 到 100 之间").first).to_be_visible()
    expect(page.get_by_label("进展情况")).to_have_value("市直老年学校完成课程设置和挂牌")
    pdf = tmp_path / "挂牌照片.pdf"
    pdf.write_bytes(PDF_MIN)
    expect(page.get_by_label("累计形象进度")).to_have_value("120")
    page.get_by_label("累计形象进度").fill("85")
    page.get_by_label("佐证材料（可一次选择多个文件").set_input_files(str(pdf))
    page.get_by_role("button", name="保存并报送").click()
    expect(page.get_by_text("已报送，等待专班办公室审核。")).to_be_visible()
    expect(page.locator("#figure-state")).to_have_text("已报送")
    shot(page, "dept-figure-submitted")
    assert _fits(page)
    figure = Figure.objects.get(
        target__county__name="市本级", state=FigureState.SUBMITTED, target__indicator__name__contains="爱晚"
    )

    # 3. The office finds it in the verification queue (filtered by 市本级) and verifies it.
    page.context.clear_cookies()
    login(page, "office")
    page.goto(f"/progress/verification/?county={figure.target.county_id}")
    checkbox = page.locator(f"#fig-{figure.pk}")
    expect(checkbox).to_be_visible()
    checkbox.check()
    page.get_by_role("button", name="审核通过所选").click()
    expect(page.locator(f"#fig-{figure.pk}")).to_have_count(0)
    figure.refresh_from_db()
    assert figure.state == FigureState.VERIFIED
    shot(page, "dept-office-queue")

    # 4. The department hears it: the bell counts the notice, which lands on the verified figure.
    page.context.clear_cookies()
    login(page, "dept_education")
    expect(bell(page)).to_contain_text("1")
    expect(page.locator(".todo-item").filter(has_text="本部门待报送")).to_have_count(0)
    bell(page).click()
    page.wait_for_url("**/inbox/")
    note = page.get_by_role(
        "link", name=f"“{figure.target.indicator.name}”{figure.period.label}数据已审核通过"
    )
    expect(note).to_be_visible()
    shot(page, "dept-inbox")
    note.click()
    page.wait_for_url(entry)
    expect(page.locator("#figure-state")).to_have_text("已审核")
    shot(page, "dept-figure-verified")
    assert _fits(page)
