"""City-level indicators with no county split (市本级 rows) are reported by the lead department: the selector of
its rows, the rules letting it edit only those, its own month list, its 待办 item, and the review notices coming
back to it (issue 14 §1)."""

import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from minsheng.common.models import Notification
from progress import home, notices, selectors, services
from progress.models import Evidence, Figure, FigureState, FigureTransition
from tests.corpus.generate import PDF_MIN

from .factories import (
    CountyFactory,
    FigureFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(world):
    """The world plus 市本级 rows: one of 测试局's indicator, one of another department's indicator in 测试局's
    project (the indicator's own lead wins), and one of an indicator led through its project only."""
    w = world
    city_own = CountyFactory(name="市本级")
    own = IndicatorTargetFactory(indicator=w["ind"], county=city_own, target=D("50"))
    other_lead = w["other_dept"].organisation
    foreign_ind = IndicatorFactory(name="他局指标", project=w["ind"].project, lead_unit=other_lead)
    foreign = IndicatorTargetFactory(indicator=foreign_ind, county=city_own, target=D("10"))
    w["ind"].project.lead_unit = w["dept"].organisation
    w["ind"].project.save()
    via_project = IndicatorFactory(name="项目牵头指标", project=w["ind"].project, lead_unit=None)
    by_project = IndicatorTargetFactory(indicator=via_project, county=city_own, target=D("5"))
    return {**w, "city_own": city_own, "own": own, "foreign": foreign, "by_project": by_project}


def test_selector_lists_only_the_city_rows_the_department_leads(city):
    w = city
    mine = set(selectors.city_self_targets_led_by(department_id=w["dept"].organisation_id))
    assert mine == {w["own"], w["by_project"]}  # not the counties' rows of its indicator, not the other's row
    theirs = set(selectors.city_self_targets_led_by(department_id=w["other_dept"].organisation_id))
    assert theirs == {w["foreign"]}
    assert not selectors.city_self_targets_led_by(department_id=None).exists()
    assert selectors.period_current_for_department(department_id=w["dept"].organisation_id) == w["p9"]
    assert (
        selectors.period_current_for_department(department_id=OrganisationFactory(name="无关局").pk) is None
    )


def test_rules_let_the_lead_department_edit_only_its_city_rows(city):
    w = city
    draft = FigureFactory(target=w["own"], period=w["p9"], state=FigureState.DRAFT)
    county_draft = FigureFactory(target=w["ta2"], period=w["p9"], state=FigureState.DRAFT)
    foreign_draft = FigureFactory(target=w["foreign"], period=w["p9"], state=FigureState.DRAFT)
    cases = [  # (user, permission, object, expected)
        ("dept", "progress.enter_figure", w["own"], True),
        ("dept", "progress.enter_figure", w["by_project"], True),
        ("dept", "progress.enter_figure", w["ta"], False),  # a county's row of its own indicator
        ("dept", "progress.enter_figure", w["foreign"], False),
        ("other_dept", "progress.enter_figure", w["own"], False),
        ("other_dept", "progress.enter_figure", w["foreign"], True),
        ("clerk_a", "progress.enter_figure", w["own"], False),
        ("office", "progress.enter_figure", w["own"], False),
        ("dept", "progress.change_figure", draft, True),
        ("dept", "progress.change_figure", county_draft, False),
        ("dept", "progress.change_figure", foreign_draft, False),
        ("dept", "progress.change_figure", w["fb"], False),
        ("dept", "progress.add_evidence", draft, True),
        ("dept", "progress.add_evidence", county_draft, False),
        ("dept", "progress.review_figure", draft, False),
        ("dept", "progress.view_department_month", w["dept"].organisation, True),
        ("dept", "progress.view_department_month", w["other_dept"].organisation, False),
        ("clerk_a", "progress.view_department_month", w["clerk_a"].organisation, False),
        ("office", "progress.view_department_month", w["office"].organisation, False),
    ]
    wrong = [(u, p, str(o)) for u, p, o, ok in cases if w[u].has_perm(p, o) != ok]
    assert wrong == []
    draft.state = FigureState.SUBMITTED
    assert not w["dept"].has_perm("progress.change_figure", draft)


def test_department_month_lists_its_rows_and_filters_what_is_to_report(client, city):
    w = city
    FigureFactory(target=w["by_project"], period=w["p9"], state=FigureState.SUBMITTED)
    url = reverse("progress:department_month", args=[w["p9"].pk])
    client.force_login(w["dept"])
    page = client.get(url).content.decode()
    for t in (w["own"], w["by_project"]):
        assert reverse("progress:figure_entry", args=[t.pk, w["p9"].pk]) in page
    assert reverse("progress:figure_entry", args=[w["foreign"].pk, w["p9"].pk]) not in page
    assert reverse("progress:figure_entry", args=[w["ta"].pk, w["p9"].pk]) not in page
    assert "已报送 1/2 项" in page
    todo = client.get(url + "?show=todo").content.decode()
    assert "仅显示待报送的数据：1 项" in todo
    assert reverse("progress:figure_entry", args=[w["by_project"].pk, w["p9"].pk]) not in todo
    for other in ("clerk_a", "office"):
        client.force_login(w[other])
        assert client.get(url).status_code == 403


def test_the_department_reports_through_the_county_form_and_hears_the_review(client, city):
    """Same form, services, evidence check and history as a county; the office's review comes back to it."""
    w = city
    entry = reverse("progress:figure_entry", args=[w["own"].pk, w["p9"].pk])
    client.force_login(w["dept"])
    page = client.get(entry).content.decode()
    assert "保存并报送" in page
    assert f'href="{reverse("progress:department_month", args=[w["p9"].pk])}"' in page  # its way back
    r = client.post(entry, {"value": "-3", "narrative": "市直老年学校", "submit": "on"})
    assert r.status_code == 200 and "市直老年学校" in r.content.decode()  # refused, the typing kept
    assert not Figure.objects.filter(target=w["own"], period=w["p9"]).exists()
    r = client.post(
        entry,
        {
            "value": "40",
            "narrative": "市直老年学校",
            "submit": "on",
            "evidence": [SimpleUploadedFile("验收单.pdf", PDF_MIN)],
        },
    )
    assert r.status_code == 302
    figure = Figure.objects.get(target=w["own"], period=w["p9"])
    assert figure.state == FigureState.SUBMITTED and figure.value == D("40")
    assert Evidence.objects.filter(figure=figure).count() == 1
    assert FigureTransition.objects.filter(
        figure=figure, actor=w["dept"], to_state=FigureState.SUBMITTED
    ).exists()
    # a county row of the same indicator stays the county's
    assert client.post(
        reverse("progress:figure_entry", args=[w["ta2"].pk, w["p9"].pk]), {"value": "1", "submit": "on"}
    ).status_code in (403, 404)
    services.figure_deduct(figure=figure, actor=w["office"], verified_value=D("30"), reason="2 所未挂牌")
    (note,) = Notification.objects.filter(recipient=w["dept"])
    assert "核减" in note.title and "2 所未挂牌" in note.body
    assert client.get(note.url).status_code == 200
    assert not Notification.objects.filter(recipient=w["other_dept"]).exists()


def test_bulk_verification_sends_each_lead_department_its_own_notice(client, city):
    w = city
    mine = [FigureFactory(target=t, period=w["p9"]) for t in (w["own"], w["by_project"])]
    theirs = FigureFactory(target=w["foreign"], period=w["p9"])
    for f in [*mine, theirs]:
        services.figure_verify(figure=f, actor=w["office"], notify=False)
    notices.figures_verified_notify(figures=[*mine, theirs])
    (note,) = Notification.objects.filter(recipient=w["dept"])
    assert note.title == notices.FIGURES_VERIFIED_TITLE.format(label=w["p9"].label, n=2)
    assert note.url == reverse("progress:department_month", args=[w["p9"].pk])
    client.force_login(w["dept"])
    assert client.get(note.url).status_code == 200
    (other,) = Notification.objects.filter(recipient=w["other_dept"])
    assert "他局指标" in other.title


def test_todo_item_counts_its_rows_with_the_deadline_and_links_to_them(city):
    w = city
    req = RequestFactory().get("/")
    req.user = w["dept"]
    items = home.department_todo(req, None)
    (own,) = [i for i in items if i.group == "本部门报送"]
    assert (own.count, own.total) == (2, 2) and own.deadline == w["p9"].deadline
    assert own.url == reverse("progress:department_month", args=[w["p9"].pk]) + "?show=todo"
    FigureFactory(target=w["own"], period=w["p9"], state=FigureState.SUBMITTED)
    FigureFactory(target=w["by_project"], period=w["p9"], state=FigureState.RETURNED)
    items = home.department_todo(req, None)
    (todo,) = [i for i in items if i.title.startswith("本部门待报送")]
    assert (todo.count, todo.total) == (1, 2)
    (returned,) = [i for i in items if "被退回" in i.title]
    assert returned.count == 1 and returned.url.endswith("?show=returned")
    req.user = w["clerk_a"]
    assert home.department_todo(req, None) == []


def test_deadline_reminders_and_urges_of_city_rows_reach_each_lead_department(client, city):
    """市本级 has no clerks: the reminder goes to each lead department with its own count and list, and the
    office's 催办 of 市本级 reaches the departments still missing rows."""
    from datetime import datetime, timedelta

    from minsheng.common.models import Urge
    from progress import reminders
    from progress.models import SHANGHAI
    from progress.services import urging

    w = city
    period = w["p9"]
    FigureFactory(target=w["foreign"], period=period, state=FigureState.SUBMITTED)  # the other one is done
    assert selectors.city_self_missing_by_department(period=period) == [(w["dept"].organisation, 2)]
    day = period.deadline.astimezone(SHANGHAI).date() + timedelta(days=1)
    now = datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=9)
    reminders.period_remind_unsubmitted(period=period, now=now, kind=reminders.OVERDUE)
    (note,) = Notification.objects.filter(recipient=w["dept"])
    assert "尚有 2 项指标未报送" in note.body
    assert note.url == reverse("progress:department_month", args=[period.pk])
    assert not Notification.objects.filter(recipient=w["other_dept"]).exists()
    Notification.objects.all().delete()
    type(period).objects.filter(pk=period.pk).update(deadline=period.deadline.replace(year=2020))
    period.refresh_from_db()
    urge = urging.figures_urge_county(period=period, county=w["city_own"], by=w["office"])
    assert urge.recipients == 1
    (note,) = Notification.objects.filter(recipient=w["dept"])
    assert "市本级尚有 2 项" in note.title
    assert note.url == reverse("progress:department_month", args=[period.pk])
    assert Urge.objects.count() == 1 and not Notification.objects.filter(recipient=w["other_dept"]).exists()


def test_every_way_back_from_a_figure_opens_for_its_reader(client, city):
    """The figure page's breadcrumb led every department to a county's month (403): now the department's own
    list for its 市本级 row, its dashboard for a county's row; the clerk and the office keep the county month."""
    w = city
    cases = [
        ("dept", w["own"], reverse("progress:department_month", args=[w["p9"].pk])),
        ("dept", w["ta"], reverse("progress:dashboard")),
        ("clerk_a", w["ta"], reverse("progress:county_month", args=[w["p9"].pk])),
        (
            "office",
            w["own"],
            reverse("progress:county_month", args=[w["p9"].pk]) + f"?county={w['city_own'].pk}",
        ),
    ]
    for who, target, back in cases:
        client.force_login(w[who])
        page = client.get(reverse("progress:figure_entry", args=[target.pk, w["p9"].pk])).content.decode()
        link = next(h for h in re.findall(r'<li class="breadcrumb-item"><a href="([^"]+)"', page))
        assert link.replace("&amp;", "&").startswith(back), (who, link)
        assert client.get(link.replace("&amp;", "&")).status_code == 200, (who, link)


def test_home_panel_offers_the_department_its_own_list(client, city):
    w = city
    client.force_login(w["dept"])
    assert reverse("progress:department_month", args=[w["p9"].pk]) in client.get("/").content.decode()
    client.force_login(w["other_dept"])  # leads a 市本级 row too
    assert reverse("progress:department_month", args=[w["p9"].pk]) in client.get("/").content.decode()
    client.force_login(w["clerk_a"])
    assert "/progress/department/" not in client.get("/").content.decode()


def test_an_indicator_nobody_can_report_is_named_but_one_reported_through_another_level_is_not(city):
    w = city
    req = RequestFactory().get("/")
    req.user = w["dept"]
    (follow,) = [i for i in home.department_todo(req, None) if i.group == "牵头指标"]
    assert "另有" not in follow.note
    tracked = IndicatorFactory(
        name="纳入省定调度", project=w["ind"].project, lead_unit=None, tracked_by=w["ind"]
    )
    (follow,) = [i for i in home.department_todo(req, None) if i.group == "牵头指标"]
    assert "另有" not in follow.note, "reported through the indicator it is tracked by"
    IndicatorFactory(name="无分解无市本级", project=tracked.project, lead_unit=None)
    (follow,) = [i for i in home.department_todo(req, None) if i.group == "牵头指标"]
    assert "另有 1 项牵头指标既未分解到县市区、也未设市本级任务" in follow.note
