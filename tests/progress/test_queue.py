"""The office's verification queue: bulk verify (one transaction, through figure_verify), verify-and-next,
return / deduct with a reason, the no-evidence confirmation, the 验收率 gap, the office 待办 and links."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from progress import services
from progress.home import office_todo
from progress.models import Evidence, Figure, FigureState, FigureTransition
from progress.selectors import queue as q
from progress.services.figures import ERR_DEDUCT_NEEDS_REASON, ERR_RETURN_NEEDS_COMMENT

from .factories import (
    CountyFactory,
    FigureFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    PeriodFactory,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
QUEUE = "progress:verification_queue"


def with_evidence(figure):
    Evidence.objects.create(figure=figure, file="progress/evidence/x.pdf", original_name="验收.pdf",
                            mime="application/pdf", size=10)
    return figure


@pytest.fixture
def pending(world):
    """Three figures awaiting verification in September: 乙县 新增托位 (fb, no evidence), 甲县 新增托位 and
    甲县 道路改造 (both with evidence)."""
    w = world
    fa = with_evidence(FigureFactory(target=w["ta"], period=w["p9"], value=D("70"), state=FigureState.SUBMITTED))
    fa2 = with_evidence(FigureFactory(target=w["ta2"], period=w["p9"], value=D("50"), state=FigureState.SUBMITTED))
    return {**w, "fa": fa, "fa2": fa2}


# ---- services ----------------------------------------------------------------------------------------------

def test_bulk_verify_goes_through_figure_verify_in_one_transaction(pending):
    w = pending
    done = services.figures_verify(figure_ids=[w["fa"].pk, w["fa2"].pk], actor=w["office"], comment="同意")
    assert [f.state for f in done] == [FigureState.VERIFIED, FigureState.VERIFIED]
    for f in (w["fa"], w["fa2"]):
        f.refresh_from_db()
        assert f.verified_value == f.value and f.review_comment == "同意"
        t = FigureTransition.objects.get(figure=f, to_state=FigureState.VERIFIED)
        assert (t.from_state, t.actor, t.comment, t.source) == (FigureState.SUBMITTED, w["office"], "同意", "review")
        assert f.history.filter(state=FigureState.VERIFIED).exists()  # simple_history audit row


def test_bulk_verify_without_evidence_needs_confirmation(pending):
    w = pending
    ids = [w["fa"].pk, w["fb"].pk]
    with pytest.raises(services.EvidenceMissing) as exc:
        services.figures_verify(figure_ids=ids, actor=w["office"])
    assert exc.value.figure_ids == [w["fb"].pk]
    assert exc.value.messages == [services.ERR_NO_EVIDENCE.format(n=1)]
    assert Figure.objects.filter(pk__in=ids, state=FigureState.SUBMITTED).count() == 2  # nothing verified
    services.figures_verify(figure_ids=ids, actor=w["office"], confirmed_without_evidence=True)
    assert Figure.objects.filter(pk__in=ids, state=FigureState.VERIFIED).count() == 2


def test_bulk_verify_is_all_or_nothing_when_one_was_handled_meanwhile(pending):
    w = pending
    services.figure_return(figure=w["fa2"], actor=w["office"], comment="请补充")
    with pytest.raises(ValidationError) as exc:
        services.figures_verify(figure_ids=[w["fa"].pk, w["fa2"].pk], actor=w["office"])
    assert exc.value.messages == [services.ERR_NOT_PENDING.format(n=1)]
    w["fa"].refresh_from_db()
    assert w["fa"].state == FigureState.SUBMITTED


def test_bulk_verify_refuses_empty_selection_and_non_office(pending):
    w = pending
    with pytest.raises(ValidationError) as exc:
        services.figures_verify(figure_ids=[], actor=w["office"])
    assert exc.value.messages == [services.ERR_NOTHING_SELECTED]
    for who in ("clerk_a", "dept"):
        with pytest.raises(PermissionDenied):
            services.figures_verify(figure_ids=[w["fa"].pk], actor=w[who])


# ---- the 验收率 gap --------------------------------------------------------------------------------------

def test_gap_counts_only_verified_figures_with_evidence(world):
    w = world
    # 甲县 August: 60 verified and locked, but without evidence → 验收率 0; September reports 70 of 100.
    fa = FigureFactory(target=w["ta"], period=w["p9"], value=D("70"), state=FigureState.SUBMITTED)
    row = next(r for r in q.verification_queue() if r.figure.pk == fa.pk)
    assert (row.gap.reported_percent, row.gap.accepted_percent, row.gap.flagged) == (D("70.00"), D("0.00"), True)
    assert row.previous == D("60") and row.change == D("10") and row.evidence_count == 0
    # with evidence on August's figure the 验收率 is 60% and the gap 10 points: not above the limit
    with_evidence(Figure.objects.get(target=w["ta"], period=w["p8"]))
    row = next(r for r in q.verification_queue() if r.figure.pk == fa.pk)
    assert (row.gap.accepted_percent, row.gap.gap_points, row.gap.flagged) == (D("60.00"), D("10.00"), False)


def test_indicator_gaps_flag_indicators_and_counties(world):
    w = world
    FigureFactory(target=w["ta"], period=w["p9"], value=D("90"), state=FigureState.SUBMITTED)
    with_evidence(Figure.objects.get(target=w["ta"], period=w["p8"]))  # 甲县: 60 accepted → 30 points
    gaps = {g.indicator.pk: g for g in q.indicator_gaps(period=w["p9"])}
    g = gaps[w["ind"].pk]
    # 甲县 90 + 乙县 80 reported of 200; accepted 60 → 85% vs 30%
    assert (g.gap.reported_percent, g.gap.accepted_percent, g.gap.flagged) == (D("85.00"), D("30.00"), True)
    assert g.counties == 2 and [c.name for c in g.flagged_counties] == ["甲县", "乙县"]


def test_clerk_is_warned_at_submission_when_the_figure_opens_a_gap(client, world):
    w = world
    client.force_login(w["clerk_a"])
    url = reverse("progress:figure_entry", args=[w["ta2"].pk, w["p9"].pk])
    r = client.post(url, {"value": "45", "narrative": "进展", "submit": "on"}, follow=True)
    msgs = [m.message for m in r.context["messages"]]
    assert q.WARN_GAP.format(reported="45.00", accepted="0.00", gap="45.00") in msgs
    assert Figure.objects.get(target=w["ta2"], period=w["p9"]).state == FigureState.SUBMITTED  # not refused


def test_clerk_is_not_warned_within_ten_points(client, world):
    w = world
    with_evidence(Figure.objects.get(target=w["ta"], period=w["p8"]))  # 60 accepted with evidence
    client.force_login(w["clerk_a"])
    url = reverse("progress:figure_entry", args=[w["ta"].pk, w["p9"].pk])
    r = client.post(url, {"value": "70", "submit": "on"}, follow=True)
    assert not [m for m in r.context["messages"] if "验收率" in m.message]


# ---- views -------------------------------------------------------------------------------------------------

def test_queue_lists_pending_figures_with_filters(client, pending):
    w = pending
    client.force_login(w["office"])
    page = client.get(reverse(QUEUE)).content.decode()
    for f in (w["fa"], w["fa2"], w["fb"]):
        assert f'id="row-{f.pk}"' in page
    page = client.get(reverse(QUEUE), {"county": w["b"].pk}).content.decode()
    assert f'id="row-{w["fb"].pk}"' in page and f'id="row-{w["fa"].pk}"' not in page
    page = client.get(reverse(QUEUE), {"indicator": w["ind2"].pk}).content.decode()
    assert f'id="row-{w["fa2"].pk}"' in page and f'id="row-{w["fb"].pk}"' not in page
    page = client.get(reverse(QUEUE), {"period": w["p8"].pk}).content.decode()
    assert 'id="queue-empty"' in page


def test_queue_bulk_verify_view(client, pending):
    w = pending
    client.force_login(w["office"])
    url = reverse(QUEUE) + f"?county={w['a'].pk}"
    r = client.post(url, {"figure": [w["fa"].pk, w["fa2"].pk]})
    assert r.status_code == 302 and r.url == url
    assert Figure.objects.filter(state=FigureState.VERIFIED, pk__in=[w["fa"].pk, w["fa2"].pk]).count() == 2
    page = client.get(url).content.decode()
    assert 'id="queue-empty"' in page


def test_queue_bulk_verify_without_evidence_shows_a_confirmation_step(client, pending):
    w = pending
    client.force_login(w["office"])
    r = client.post(reverse(QUEUE), {"figure": [w["fa"].pk, w["fb"].pk], "comment": "同意"})
    assert r.status_code == 200
    page = r.content.decode()
    assert 'id="no-evidence-warning"' in page and "乙县 · 新增托位" in page
    assert Figure.objects.filter(state=FigureState.SUBMITTED).count() == 3  # nothing happened yet
    r = client.post(reverse(QUEUE), {"figure": [w["fa"].pk, w["fb"].pk], "comment": "同意",
                                     "confirm_no_evidence": "1"})
    assert r.status_code == 302
    assert Figure.objects.get(pk=w["fb"].pk).state == FigureState.VERIFIED


def test_queue_nothing_selected_is_told_in_chinese(client, pending):
    client.force_login(pending["office"])
    r = client.post(reverse(QUEUE), {"comment": "同意"})
    assert r.status_code == 200
    assert services.ERR_NOTHING_SELECTED in [m.message for m in r.context["messages"]]
    assert 'value="同意"' in r.content.decode()  # the typed comment is kept


def test_verify_and_next_goes_to_the_next_figure_of_the_filtered_queue(client, pending):
    w = pending
    client.force_login(w["office"])
    query = f"?county={w['a'].pk}"
    first, second = sorted([w["fa"], w["fa2"]], key=lambda f: (f.target.indicator.project.seq, f.target.indicator.seq, f.pk))
    url = reverse("progress:verification_figure", args=[first.pk]) + query
    r = client.post(url, {"action": "verify", "state": "submitted"})
    assert r.status_code == 302
    assert r.url == reverse("progress:verification_figure", args=[second.pk]) + query
    r = client.post(r.url, {"action": "verify", "state": "submitted"})
    assert r.status_code == 302 and r.url == reverse(QUEUE) + query  # the county's queue is empty


def test_verify_one_without_evidence_asks_first(client, pending):
    w = pending
    client.force_login(w["office"])
    url = reverse("progress:verification_figure", args=[w["fb"].pk])
    r = client.post(url, {"action": "verify", "state": "submitted", "comment": "可以"})
    assert r.status_code == 200 and 'id="no-evidence-warning"' in r.content.decode()
    assert Figure.objects.get(pk=w["fb"].pk).state == FigureState.SUBMITTED
    r = client.post(url, {"action": "verify", "state": "submitted", "comment": "可以", "confirm_no_evidence": "1"})
    assert r.status_code == 302 and Figure.objects.get(pk=w["fb"].pk).state == FigureState.VERIFIED


@pytest.mark.parametrize(
    ("action", "extra", "message"),
    [
        ("return", {}, ERR_RETURN_NEEDS_COMMENT),
        ("deduct", {"verified_value": "55.5"}, ERR_DEDUCT_NEEDS_REASON),
    ],
)
def test_return_and_deduct_need_a_reason_and_keep_the_typed_input(client, pending, action, extra, message):
    w = pending
    client.force_login(w["office"])
    url = reverse("progress:verification_figure", args=[w["fb"].pk])
    r = client.post(url, {"action": action, "state": "submitted", "comment": "  ", **extra})
    assert r.status_code == 400
    page = r.content.decode()
    assert message in page
    if extra:
        assert 'value="55.5"' in page
    assert Figure.objects.get(pk=w["fb"].pk).state == FigureState.SUBMITTED
    r = client.post(url, {"action": action, "state": "submitted", "comment": "佐证不符", **extra})
    assert r.status_code == 302
    f = Figure.objects.get(pk=w["fb"].pk)
    assert f.state == {"return": FigureState.RETURNED, "deduct": FigureState.DEDUCTED}[action]
    assert FigureTransition.objects.get(figure=f, to_state=f.state).comment == "佐证不符"


def test_deduct_without_value_is_refused_in_chinese(client, pending):
    w = pending
    client.force_login(w["office"])
    url = reverse("progress:verification_figure", args=[w["fb"].pk])
    r = client.post(url, {"action": "deduct", "state": "submitted", "comment": "佐证不符"})
    assert r.status_code == 400 and "请填写核减后的核定值。" in r.content.decode()
    assert "佐证不符" in r.content.decode()


def test_entry_page_review_without_evidence_asks_first(client, pending):
    w = pending
    client.force_login(w["office"])
    url = reverse("progress:figure_review", args=[w["fb"].pk])
    r = client.post(url, {"action": "verify", "state": "submitted"})
    assert r.status_code == 200 and 'id="no-evidence-warning"' in r.content.decode()
    assert Figure.objects.get(pk=w["fb"].pk).state == FigureState.SUBMITTED
    client.post(url, {"action": "verify", "state": "submitted", "confirm_no_evidence": "1"})
    assert Figure.objects.get(pk=w["fb"].pk).state == FigureState.VERIFIED


@pytest.mark.parametrize("who", ["clerk_a", "clerk_b", "dept", "other_dept", "observer", "anonymous"])
def test_only_the_office_opens_the_queue(client, pending, who):
    from minsheng.accounts.models import Role
    from tests.factories import UserFactory

    w = pending
    if who == "observer":
        client.force_login(UserFactory(username="obs_q", role=Role.OBSERVER))
    elif who != "anonymous":
        client.force_login(w[who])
    urls = [reverse(QUEUE), reverse("progress:verification_figure", args=[w["fb"].pk])]
    for url in urls:
        r = client.get(url)
        assert r.status_code == (302 if who == "anonymous" else 403)
    r = client.post(reverse(QUEUE), {"figure": [w["fb"].pk], "confirm_no_evidence": "1"})
    assert r.status_code in (302, 403) and (who == "anonymous" or r.status_code == 403)
    r = client.post(urls[1], {"action": "verify", "state": "submitted", "confirm_no_evidence": "1"})
    assert r.status_code in (302, 403) and (who == "anonymous" or r.status_code == 403)
    assert Figure.objects.get(pk=w["fb"].pk).state == FigureState.SUBMITTED


# ---- links from the periods page and the lock refusal ----------------------------------------------------------

def test_periods_page_links_pending_to_the_filtered_queue(client, pending):
    w = pending
    client.force_login(w["office"])
    page = client.get(reverse("progress:periods"), {"programme": w["programme"].pk}).content.decode()
    assert f'href="{reverse(QUEUE)}?period={w["p9"].pk}" class="period-pending">待审核 3</a>' in page


def test_lock_refusal_links_to_the_queue(client, pending):
    w = pending
    client.force_login(w["office"])
    page = client.get(reverse("progress:period_lock", args=[w["p9"].pk])).content.decode()
    assert f'<a href="{reverse(QUEUE)}?period={w["p9"].pk}">3 条数据未审核</a>' in page


# ---- the office 待办 ------------------------------------------------------------------------------------

def _todo(user):
    request = RequestFactory().get("/")
    request.user = user
    return office_todo(request, None)


def test_office_todo_counts_pending_by_county_and_links_the_filtered_queue(pending):
    w = pending
    items = {i.title: i for i in _todo(w["office"])}
    a = items["待审核：甲县 2 条"]
    assert a.count == 2 and a.url == f"{reverse(QUEUE)}?county={w['a'].pk}"
    assert items["待审核：乙县 1 条"].count == 1
    for who in ("clerk_a", "dept"):
        assert _todo(w[who]) == []


def test_office_todo_lists_overdue_reporting(world, settings):
    from datetime import timedelta

    from django.utils import timezone

    w = world
    p9 = w["p9"]
    p9.deadline = timezone.now() - timedelta(days=3)
    p9.save()
    type(p9).objects.filter(pk=w["p8"].pk).update(state="closed")  # August is locked: not overdue
    items = [i for i in _todo(w["office"]) if i.title.startswith("逾期未报送")]
    # 甲县 has two tasks and none reported in September; 乙县 reported its one
    assert [(i.title, i.count) for i in items] == [(f"逾期未报送：{p9.label} 1 个县市区", 1)]
    assert items[0].url == f"{reverse('progress:dashboard')}?programme={w['programme'].pk}&month=9#sub-h"


# ---- query counts ---------------------------------------------------------------------------------------------

def _more_pending(world, n):
    w = world
    for i in range(n):
        county = CountyFactory(name=f"加县{i}")
        ind = IndicatorFactory(name=f"加指标{i}", project=w["ind"].project, target=D("100"))
        t = IndicatorTargetFactory(indicator=ind, county=county, target=D("100"))
        FigureFactory(target=t, period=PeriodFactory(programme=w["programme"], month=9), value=D("30"),
                      state=FigureState.SUBMITTED)
        with_evidence(FigureFactory(target=t, period=w["p8"], value=D("20"), verified_value=D("20"),
                                    state=FigureState.LOCKED))


def test_queue_and_todo_query_counts_do_not_grow(client, pending, django_assert_max_num_queries):
    w = pending
    client.force_login(w["office"])
    client.get(reverse(QUEUE))  # warm the session
    with django_assert_max_num_queries(40) as small_page:
        client.get(reverse(QUEUE))
    with django_assert_max_num_queries(20) as small_todo:
        _todo(w["office"])
    _more_pending(w, 6)
    with django_assert_max_num_queries(len(small_page.captured_queries)):
        page = client.get(reverse(QUEUE)).content.decode()
    assert page.count('class="list-group-item queue-row') == 9
    with django_assert_max_num_queries(len(small_todo.captured_queries)):
        assert sum(1 for i in _todo(w["office"]) if i.title.startswith("待审核")) == 8


def test_clerk_upload_makes_the_gap_close(client, world):
    """An uploaded file counts once the office verifies the figure: the queue shows no gap for it."""
    w = world
    client.force_login(w["clerk_a"])
    client.post(reverse("progress:figure_entry", args=[w["ta2"].pk, w["p9"].pk]), {"value": "45", "submit": "on"})
    fig = Figure.objects.get(target=w["ta2"], period=w["p9"])
    client.post(reverse("progress:evidence_upload", args=[fig.pk]), {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert q.figure_gap(figure=fig).flagged is False
    services.figures_verify(figure_ids=[fig.pk], actor=w["office"])
    gaps = {g.indicator.pk: g for g in q.indicator_gaps(period=w["p9"])}
    assert gaps[w["ind2"].pk].gap.gap_points == D("0.00")


def test_bulk_verify_sends_one_notice_per_county_and_month_not_one_per_figure(pending, django_capture_on_commit_callbacks):
    w = pending
    with django_capture_on_commit_callbacks(execute=True):
        services.figures_verify(figure_ids=[w["fa"].pk, w["fa2"].pk, w["fb"].pk], actor=w["office"],
                                confirmed_without_evidence=True)
    (note_a,) = w["clerk_a"].notifications.all()
    assert note_a.title == f"{w['p9'].label}2 项数据已审核通过"
    assert "“新增托位”" in note_a.body and "“道路改造”" in note_a.body
    assert note_a.url.startswith(reverse("progress:county_month", args=[w["p9"].pk]))
    (note_b,) = w["clerk_b"].notifications.all()  # a single figure keeps the per-figure notice
    assert note_b.title == f"“新增托位”{w['p9'].label}数据已审核通过"
