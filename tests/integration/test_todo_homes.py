"""The 待办 home of each role (issue 14 §1): what is listed, where each item lands, and a query count that
does not grow with the data. Runs on the demo (tests/demo_db.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import SessionState, VoterRecord, VotingSession
from minsheng.accounts.models import User
from minsheng.common.todo import todo_items
from observers.models import Finding, HandOff
from progress.models import Figure, FigureState, ReportingPeriod
from progress.selectors import period_current_for_county
from projects.models import IndicatorTarget

pytestmark = pytest.mark.django_db


def _todos(username: str):
    req = RequestFactory().get("/")
    req.user = User.objects.get(username=username)
    return todo_items(req)


def _client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def _one(todos, fragment: str):
    found = [t for t in todos if fragment in t.title]
    assert len(found) == 1, [t.title for t in todos]
    return found[0]


def _entry_rows(html: str) -> int:
    return len(re.findall(r'href="/progress/entry/\d+/\d+/"', html))


def test_clerk_home_button_is_this_months_entry_not_office_pages(demo):
    """The panel read `mode`/`period` while the home passes `ctx`: the clerk got the office's two buttons
    (dashboard, ranking: both 403) instead of 填报本月进度 · 截止 …."""
    clerk = User.objects.get(username="county_dongkou")
    period = period_current_for_county(county=clerk.county)
    html = _client("county_dongkou").get("/").content.decode()
    assert f'href="/progress/month/{period.pk}/"' in html
    assert "填报本月进度 · 截止" in html
    assert 'href="/progress/dashboard/"' not in html
    assert 'href="/progress/ranking/"' not in html


def test_clerk_todo_counts_this_month_and_lands_on_exactly_those_rows(demo):
    clerk = User.objects.get(username="county_dongkou")
    period = period_current_for_county(county=clerk.county)
    targets = IndicatorTarget.objects.filter(
        county=clerk.county, indicator__project__matter__programme=period.programme
    )
    item = _one(_todos("county_dongkou"), "进度待报送")
    done = Figure.objects.filter(target__in=targets, period=period).exclude(
        state__in=[FigureState.DRAFT, FigureState.RETURNED]
    )
    assert (item.count, item.total) == (targets.count() - done.count(), targets.count())
    assert item.url == f"/progress/month/{period.pk}/?show=todo"
    assert item.when.startswith(f"截止 {period.deadline.astimezone(timezone.get_current_timezone()).month}月")
    resp = _client("county_dongkou").get(item.url)
    assert resp.status_code == 200
    assert _entry_rows(resp.content.decode()) == item.count


def test_clerk_sees_returned_and_deducted_figures_with_links_to_them(demo):
    clerk = User.objects.get(username="county_dongkou")
    figures = list(
        Figure.objects.filter(target__county=clerk.county, period__state=ReportingPeriod.State.OPEN).order_by(
            "pk"
        )[:3]
    )
    assert len(figures) == 3, "the demo has figures of an open month for 洞口县"
    Figure.objects.filter(pk__in=[figures[0].pk, figures[1].pk]).update(state=FigureState.RETURNED)
    Figure.objects.filter(pk=figures[2].pk).update(state=FigureState.DEDUCTED)
    todos = _todos("county_dongkou")
    returned = [t for t in todos if "被退回" in t.title]
    deducted = [t for t in todos if "被核减" in t.title]
    assert sum(t.count for t in returned) == 2 and sum(t.count for t in deducted) == 1
    c = _client("county_dongkou")
    for t in returned:
        html = c.get(t.url).content.decode()
        assert "仅显示被退回的数据" in html and _entry_rows(html) == t.count
    html = c.get(deducted[0].url).content.decode()
    assert f'href="/progress/entry/{figures[2].target_id}/{figures[2].period_id}/"' in html
    assert _entry_rows(html) == 1


def test_department_todo_is_its_indicators_reporting_on_its_dashboard(demo):
    item = _one(_todos("dept_education"), "牵头指标")
    assert item.total and 0 <= item.count <= item.total
    # 推动县域高中"徐特立项目"建成投用 has no county split, but it is reported through the provincial indicator
    # it is tracked by: nothing for the department to add, so no "另有 N 项" note.
    assert "另有" not in item.note
    resp = _client("dept_education").get(item.url)
    assert resp.status_code == 200


def test_department_todo_lists_its_own_city_level_rows_and_lands_on_them(demo):
    """City-level indicators with no county split (市本级 rows) are reported by the lead department: the demo's
    "爱晚"老年学校 市本级 row is 市教育局's, listed as 本部门待报送 N / M with the month's deadline."""
    user = User.objects.get(username="dept_education")
    own = IndicatorTarget.objects.filter(
        county__name="市本级", indicator__project__lead_unit=user.organisation
    )
    assert own.exists(), "the demo has a 市本级 row led by 市教育局"
    item = _one(_todos("dept_education"), "本部门待报送")
    period = ReportingPeriod.objects.get(pk=re.search(r"/progress/department/(\d+)/", item.url).group(1))
    assert period.is_open
    assert item.total == own.filter(indicator__project__matter__programme=period.programme).count()
    assert item.count == item.total  # nothing of the open month reported yet
    assert item.deadline == period.deadline
    html = _client("dept_education").get(item.url).content.decode()
    assert _entry_rows(html) == item.count
    assert "仅显示待报送的数据" in html
    # the entry page of such a row is a form the department may fill
    entry = re.search(r'href="(/progress/entry/\d+/\d+/)"', html).group(1)
    page = _client("dept_education").get(entry).content.decode()
    assert "保存并报送" in page
    # a user who is no department clerk sees no such item
    assert not [t for t in _todos("observer") if "本部门待报送" in t.title]


def test_office_todo_triage_review_overdue_with_exact_lists(demo):
    today = timezone.localdate()
    h = HandOff.objects.filter(state=HandOff.State.ISSUED).first()
    HandOff.objects.filter(pk=h.pk).update(deadline=today - timedelta(days=3))
    todos = _todos("office")
    overdue = _one(todos, "逾期未反馈")
    assert overdue.urgency == "overdue"
    assert (
        overdue.count
        == HandOff.objects.filter(
            state__in=[HandOff.State.ISSUED, HandOff.State.RETURNED], deadline__lt=today
        ).count()
    )
    assert overdue.url == "/observers/hand-offs/?overdue=1"
    assert _client("office").get(overdue.url).status_code == 200
    c = _client("office")
    for t in todos:  # every item lands on a page the office can open
        assert c.get(t.url).status_code == 200, t.url


def test_unit_todo_lists_hand_offs_to_answer(demo):
    h = HandOff.objects.filter(state=HandOff.State.ISSUED).select_related("unit").first()
    user = User.objects.filter(organisation=h.unit, is_active=True).first()
    assert user is not None
    item = _one(_todos(user.username), "请整改并反馈")
    assert item.count == HandOff.objects.filter(unit=h.unit, state=HandOff.State.ISSUED).count()
    resp = _client(user.username).get(item.url)
    assert resp.status_code == 200
    assert f"/observers/hand-offs/{h.pk}/" in resp.content.decode()


def test_observer_todo_duty_and_findings(demo):
    todos = _todos("observer")
    titles = [t.title for t in todos]
    assert any("履职尚缺" in t for t in titles), titles
    c = _client("observer")
    for t in todos:
        assert c.get(t.url).status_code == 200, t.url


def test_deputy_todo_open_vote_links_to_the_ballot(demo):
    deputy = User.objects.get(username="deputy")
    session = VotingSession.objects.filter(roster=deputy).first()
    VotingSession.objects.filter(pk=session.pk).update(state=SessionState.OPEN, opened_at=timezone.now())
    VoterRecord.objects.filter(deputy=deputy, session=session).delete()
    item = _one(_todos("deputy"), "请参加票决")
    assert item.url == f"/programme/candidates/session/{session.pk}/vote/"
    assert _client("deputy").get(item.url).status_code == 200


def _provider_queries(username: str) -> int:
    req = RequestFactory().get("/")
    req.user = User.objects.get(username=username)
    cache.clear()  # the cold cost: some items (the office's letters to issue) are cached between requests
    with CaptureQueriesContext(connection) as q:
        todo_items(req)
    return len(q)


def _grow_data():
    """More of everything the providers count: returned / deducted figures in several months, findings,
    hand-offs to units, open votes on the deputy's roster."""
    figures = list(Figure.objects.exclude(state=FigureState.LOCKED).order_by("pk")[:40])
    Figure.objects.filter(pk__in=[f.pk for f in figures[::2]]).update(state=FigureState.RETURNED)
    Figure.objects.filter(pk__in=[f.pk for f in figures[1::2]]).update(state=FigureState.DEDUCTED)
    Finding.objects.update(state=Finding.State.NEW)
    HandOff.objects.update(state=HandOff.State.ISSUED, deadline=timezone.localdate() - timedelta(days=1))
    deputy = User.objects.get(username="deputy")
    for s in VotingSession.objects.all():
        s.roster.add(deputy)
    VotingSession.objects.update(state=SessionState.OPEN, opened_at=timezone.now())
    VoterRecord.objects.filter(deputy=deputy).delete()


ROLES = ("office", "county_dongkou", "county_shaodong", "dept_education", "observer", "deputy")


def test_each_roles_todo_costs_a_fixed_number_of_queries(demo):
    for role in ROLES:  # warm the process-wide caches (content types …) so only the data differs
        _provider_queries(role)
    before = {role: _provider_queries(role) for role in ROLES}
    _grow_data()
    after = {role: _provider_queries(role) for role in ROLES}
    assert all(_todos(role) for role in ROLES), {r: _todos(r) for r in ROLES}  # all have something to do now
    assert after == before
    assert max(after.values()) <= 25
