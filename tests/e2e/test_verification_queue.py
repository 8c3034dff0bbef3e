"""The office's verification queue, walked as the office would at 375 px and at desktop width: home → 待办
"待审核：洞口县 N 条" → the queue filtered by that county → 审核通过所选 → the list shrinks → the month cannot be
locked while others wait ("还有 N 条数据未审核" links to them) → verify those (confirming the ones without
evidence) → the month locks."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot
from tests.e2e.test_progress_journey import login, no_sideways_scroll

pytestmark = pytest.mark.e2e


def _october_pending():
    """Three 洞口县 and two 邵东市 October figures awaiting verification; 洞口县's carry evidence."""
    from progress.models import Evidence, Figure, FigureState, ReportingPeriod
    from projects.models import IndicatorTarget

    october = ReportingPeriod.objects.get(
        programme__year=2024, programme__organisation__name="邵阳市", month=10
    )
    made = {}
    for county, n in (("洞口县", 3), ("邵东市", 2)):
        targets = IndicatorTarget.objects.filter(
            county__name=county,
            indicator__kind="quantity",
            target__isnull=False,
            indicator__project__matter__programme=october.programme,
        ).order_by("pk")[:n]
        made[county] = []
        for t in targets:
            f = Figure.objects.create(
                target=t,
                period=october,
                value=t.target * Decimal("0.9"),
                state=FigureState.SUBMITTED,
                narrative="10 月进展",
            )
            if county == "洞口县":
                Evidence.objects.create(
                    figure=f,
                    file="progress/evidence/e2e.pdf",
                    original_name="验收.pdf",
                    mime="application/pdf",
                    size=10,
                )
            made[county].append(f)
    return october, made


def test_office_verifies_from_the_todo_and_locks_the_month(page, demo):
    october, made = _october_pending()
    login(page, "office")
    page.goto("/")
    todo = page.get_by_role("link", name="待审核：洞口县 3 条")
    expect(todo).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "queue-office-home")
    todo.click()

    # the queue filtered by the county: three rows, the county chosen in the filter
    rows = page.locator(".queue-row")
    expect(rows).to_have_count(3)
    assert page.locator("#f-county option:checked").inner_text().startswith("洞口县")
    assert "推进进度" in rows.first.inner_text() and "佐证 1 份" in rows.first.inner_text()
    no_sideways_scroll(page)
    shot(page, "queue-filtered")
    first, *rest = made["洞口县"]
    page.locator(f"#fig-{first.pk}").check()
    page.locator(f"#fig-{rest[0].pk}").check()
    page.get_by_role("button", name="审核通过所选").click()
    assert "已审核通过 2 条数据" in page.locator(".alert-success, .alert").first.inner_text()
    expect(rows).to_have_count(1)  # the list shrinks
    assert page.locator("#queue-total").inner_text() == "1"

    # verify and next: the last 洞口县 figure, then the county's queue is empty
    page.get_by_role("link", name="逐条审核").click()
    assert page.locator("#figure-state").inner_text() == "已报送"
    no_sideways_scroll(page)
    shot(page, "queue-figure")
    page.get_by_role("button", name="审核通过并下一条").click()
    expect(page.locator("#queue-empty")).to_be_visible()

    # the month cannot be locked while 邵东市's two figures wait; the refusal links to them
    page.goto(f"/progress/periods/?programme={october.programme_id}")
    pending = page.locator("#period-10 .period-pending")
    assert pending.inner_text() == "待审核 2"
    page.locator("#period-10").get_by_role("link", name="锁定 10 月…").click()
    refusal = page.locator("#lock-refusal")
    assert "还有 2 条数据未审核" in refusal.inner_text()
    shot(page, "queue-lock-refused")
    refusal.get_by_role("link", name="2 条数据未审核").click()
    expect(page.locator(".queue-row")).to_have_count(2)
    page.get_by_label("全选本页").check()
    page.get_by_role("button", name="审核通过所选").click()
    # no evidence: a confirmation step served by the server
    assert "有 2 条没有上传佐证材料" in page.locator("#no-evidence-warning").inner_text()
    no_sideways_scroll(page)
    shot(page, "queue-confirm")
    page.get_by_role("button", name="仍然审核通过").click()
    expect(page.locator("#queue-empty")).to_be_visible()

    # now the month locks
    page.goto(f"/progress/periods/{october.pk}/lock/")
    page.get_by_label("我已核对").check()
    # Locking queues the lagging units' letters; in the test set-up Celery runs them in-process (PDFs rendered
    # before the redirect), which takes more than the default 15 s on a busy machine.
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="确认锁定").click(no_wait_after=True)
    expect(page.locator("#period-10").get_by_text("已锁定")).to_be_visible()
    shot(page, "queue-locked")
    from progress.models import Figure, FigureState

    assert Figure.objects.filter(period=october, state=FigureState.LOCKED).count() == 5
