"""Accessibility check of the public pages (issue 17): the vendored axe-core (tests/e2e/vendor/axe-core, never a
CDN) runs on each page a resident reaches on a 375 px phone; any serious or critical violation fails the test
with the rule, its help text and the offending elements."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations

pytestmark = pytest.mark.e2e


def _public_pages(demo_world) -> list[tuple[str, str, str]]:
    """(name, path, a heading that shows the page has loaded) for every public page of the check."""
    return [
        ("home", "/", "民生实事"),
        ("programme-list", "/programme/", "民生实事年度计划"),
        ("programme", f"/programme/{demo_world['programme'].pk}/", demo_world["programme"].name),
        ("project-index", "/progress/projects/", "项目进展"),
        ("project", f"/progress/p/{demo_world['project'].public_code}/", demo_world["project"].name),
        ("proposal-campaigns", "/proposals/", "征集"),
        ("proposal-form", f"/proposals/c/{demo_world['campaign'].pk}/", demo_world["campaign"].title),
        ("proposal-status", "/proposals/status/", "建议办理进度查询"),
        ("opinion-status", "/progress/opinion-status/", "查询"),
        ("vote-public", f"/programme/candidates/session/{demo_world['session'].pk}/public/", "结果公示"),
    ]


@pytest.fixture
def demo_world(demo):
    from candidates.models import CandidateStage, SessionState, VotingSession
    from projects.models import IndicatorTarget
    from proposals.models import Campaign
    from tests.candidates.factories import CandidateFactory, RoundFactory

    project = (
        IndicatorTarget.objects.filter(county__name="洞口县", indicator__name="农村公路提质改造")
        .select_related("indicator__project__matter__programme")
        .order_by("-indicator__project__matter__programme__year")
        .first()
        .indicator.project
    )
    now = timezone.now()
    campaign = Campaign.objects.filter(starts_at__lte=now, ends_at__gt=now).first()
    assert campaign is not None, "演示数据中没有正在征集的活动"
    candidate = CandidateFactory(
        round=RoundFactory(year=2024), name="农村公路提质改造", stage=CandidateStage.CHOSEN
    )
    session = VotingSession.objects.create(
        round=candidate.round,
        title="民生实事项目人大代表票决",
        seats=1,
        state=SessionState.CLOSED,
        closed_at=now - dt.timedelta(days=5),
    )
    session.candidates.add(candidate)
    return {
        "project": project,
        "programme": project.matter.programme,
        "campaign": campaign,
        "session": session,
    }


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_public_pages_have_no_serious_or_critical_violations(page, demo_world):
    report = []
    for name, path, heading in _public_pages(demo_world):
        page.goto(path)
        expect(page.locator("main h1").first).to_contain_text(heading)
        for v in axe_violations(page):
            report.append(
                f"{name} {path}: [{v['impact']}] {v['id']} {v['help']}\n    " + "\n    ".join(v["nodes"])
            )
    assert not report, "axe-core 报告严重（serious/critical）无障碍问题：\n" + "\n".join(report)
