"""Posters as a recorded act (issue 17 §7): a unit prints a project's poster from its publishing page (who, which
unit, when: audited), may mark it 已张贴 with the site, the public page then says so, and the 信息公开 estimate
counts each county's projects with a poster printed; anonymous downloads are not a unit's print."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress import qr, services
from progress.models import DisclosureWeights, PosterPrint
from progress.selectors.disclosure import disclosure_estimates

from .factories import CountyFactory, IndicatorFactory, IndicatorTargetFactory, county_clerk

pytestmark = pytest.mark.django_db
ESTIMATE = reverse("progress:disclosure_estimate")
WEIGHTS = reverse("progress:disclosure_weights")


@pytest.fixture
def scene(world):
    """The world with its counties under the programme's city (the estimate scores those counties)."""
    city = world["programme"].organisation
    for county in (world["a"], world["b"]):
        county.parent = city
        county.save()
    return world


def _posters(scene, name, month=9, as_of=None):
    data = disclosure_estimates(
        programme=scene["programme"], month=month, as_of=as_of or timezone.localdate()
    )
    row = next(r for r in data["rows"] if r.county.name == name)
    return next(c for c in row.components if c.key == "posters"), row


def test_a_clerk_prints_from_the_publishing_page_and_the_print_is_recorded_and_audited(client, scene):
    project = scene["ind"].project
    client.force_login(scene["clerk_a"])
    page = reverse("progress:publish_project", args=[project.pk])
    html = client.get(page).content.decode()
    assert 'id="poster-print"' in html and "尚未在平台打印过本项目的海报。" in html
    url = reverse("progress:poster_print", args=[project.pk])
    assert client.get(url).status_code == 405
    r = client.post(url)
    assert r.status_code == 302 and r["Location"] == page + "#posters"
    row = PosterPrint.objects.get()
    assert (row.project, row.unit, row.printed_by) == (project, scene["a"], scene["clerk_a"])
    audit = row.history.get()
    assert audit.history_user == scene["clerk_a"] and audit.history_change_reason == "打印海报"
    html = client.get(page).content.decode()
    assert "甲县" in html and "未登记张贴" in html and "打开海报 PDF" in html
    assert reverse("progress:poster_posted", args=[row.pk]) in html
    # the other county does not see 甲县's print nor may it mark it
    client.force_login(scene["clerk_b"])
    html = client.get(page).content.decode()
    assert reverse("progress:poster_posted", args=[row.pk]) not in html
    assert client.post(reverse("progress:poster_posted", args=[row.pk]), {"site": "乙县"}).status_code == 403
    row.refresh_from_db()
    assert row.posted_at is None and row.site == ""


def test_only_units_of_the_project_record_a_print_and_anonymous_downloads_are_not_recorded(client, scene):
    project = scene["ind"].project
    outsider = county_clerk(CountyFactory(name="丙县"), "clerk_c")
    with pytest.raises(PermissionDenied):
        services.poster_print_record(project=project, actor=outsider)
    client.force_login(outsider)
    assert client.post(reverse("progress:poster_print", args=[project.pk])).status_code == 403
    client.logout()
    assert client.post(reverse("progress:poster_print", args=[project.pk])).status_code == 302  # to log in
    r = client.get(reverse("progress:project_poster", args=[project.public_code]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert not PosterPrint.objects.exists()
    office_print = services.poster_print_record(project=project, actor=scene["office"])
    assert office_print.unit is None  # the office's own print: 专班办公室


def test_no_print_recorded_where_production_refuses_the_poster(scene, settings):
    settings.MINSHENG = {**settings.MINSHENG, "POSTER_REQUIRE_PUBLIC_SITE_URL": True}
    settings.SITE_URL = "http://127.0.0.1:8000"
    with pytest.raises(ValidationError) as exc:
        services.poster_print_record(project=scene["ind"].project, actor=scene["clerk_a"])
    assert exc.value.messages == [qr.ERR_SITE_URL_LOCAL.format(url="http://127.0.0.1:8000")]
    assert not PosterPrint.objects.exists()


def test_marking_posted_with_the_site_shows_on_the_public_page(client, scene):
    project = scene["ind"].project
    row = services.poster_print_record(project=project, actor=scene["clerk_a"])
    public = reverse("progress:public_project", args=[project.public_code])
    assert "现场已张贴公示牌" not in client.get(public).content.decode()
    client.force_login(scene["clerk_a"])
    url = reverse("progress:poster_posted", args=[row.pk])
    r = client.post(url, {"site": "x" * 201}, follow=True)
    assert services.ERR_POSTER_SITE_LONG in r.content.decode()
    row.refresh_from_db()
    assert row.posted_at is None and row.site == ""
    r = client.post(url, {"site": "  甲县  幼儿园门口 "}, follow=True)
    assert "已登记张贴" in r.content.decode()
    row.refresh_from_db()
    assert row.is_posted and row.site == "甲县 幼儿园门口" and row.posted_by == scene["clerk_a"]
    latest = row.history.first()
    assert (
        latest.history_user == scene["clerk_a"] and latest.history_change_reason == "已张贴：甲县 幼儿园门口"
    )
    with pytest.raises(ValidationError) as exc:
        services.poster_mark_posted(poster=row, actor=scene["clerk_a"], site="别处")
    assert exc.value.messages == [services.ERR_POSTER_ALREADY_POSTED]
    client.logout()
    html = client.get(public).content.decode()
    assert 'id="poster-posted"' in html and "现场已张贴公示牌" in html
    assert "幼儿园门口" not in html  # the site is for the office and the unit, the sign itself is public


def test_the_posters_input_counts_each_countys_projects_with_a_print_and_names_the_missing(scene):
    project = scene["ind"].project
    other = IndicatorFactory(
        name="雨污分流", project__matter=project.matter, project__name="城区雨污分流改造"
    )
    IndicatorTargetFactory(indicator=other, county=scene["a"], target=D("5"))
    posters, _ = _posters(scene, "甲县")
    assert (posters.done, posters.expected) == (0, 2)
    assert posters.missing == f"尚未打印现场公示海报：{project.name}、城区雨污分流改造"
    services.poster_print_record(project=project, actor=scene["clerk_a"])
    services.poster_print_record(project=project, actor=scene["clerk_a"])  # printed twice: one project
    services.poster_print_record(
        project=other.project, actor=scene["office"]
    )  # the office's print: not 甲县's
    posters, row = _posters(scene, "甲县")  # counted at once, whatever month is viewed (a state on site)
    assert (posters.done, posters.expected) == (1, 2)
    assert posters.missing == "尚未打印现场公示海报：城区雨污分流改造"
    assert posters.missing in row.missing
    b_posters, _ = _posters(scene, "乙县")
    assert (b_posters.done, b_posters.expected) == (0, 1)
    # a print counts from the day it was recorded: not in an estimate computed as of the day before
    year = scene["programme"].year
    PosterPrint.objects.update(printed_at=timezone.make_aware(dt.datetime(year, 10, 3, 9)))
    assert _posters(scene, "甲县", as_of=dt.date(year, 10, 2))[0].done == 0
    assert _posters(scene, "甲县", as_of=dt.date(year, 10, 3))[0].done == 1


def test_the_estimate_weighs_posters_and_the_office_sets_the_weight(client, scene):
    client.force_login(scene["office"])
    url = WEIGHTS + f"?programme={scene['programme'].pk}"
    html = client.get(url).content.decode()
    assert "权重：现场公示海报" in html and 'name="w_posters"' in html and "群众匿名下载不计入" in html
    data = {"w_figures": "0", "w_opinions": "0", "w_publishing": "0", "w_posters": "2"}
    assert client.post(url, {**data, "items_per_month": "1", "max_score": "6"}).status_code == 302
    row = DisclosureWeights.objects.get()
    assert row.weight_map()["posters"] == D(2) and row.history.get().history_user == scene["office"]
    _, a = _posters(scene, "甲县")
    assert a.estimate == D("0.00")
    services.poster_print_record(project=scene["ind"].project, actor=scene["clerk_a"])
    _, a = _posters(scene, "甲县")
    assert a.estimate == D("6.00")  # only posters weigh: its one project has a print


def test_the_county_sees_which_projects_lack_a_poster(client, scene):
    client.force_login(scene["clerk_a"])
    html = client.get(ESTIMATE + "?month=9").content.decode()
    assert "现场公示海报" in html and f"尚未打印现场公示海报：{scene['ind'].project.name}" in html
    assert "posters" not in html


def test_the_posters_input_has_a_fixed_number_of_queries(scene):
    programme = scene["programme"]

    def queries():
        with CaptureQueriesContext(connection) as q:
            disclosure_estimates(programme=programme, month=9, as_of=timezone.localdate())
        return len(q)

    before = queries()
    for i in range(3):
        county = CountyFactory(name=f"新县{i}", parent=programme.organisation)
        ind = IndicatorFactory(project__matter=scene["ind"].project.matter)
        IndicatorTargetFactory(indicator=ind, county=county, target=D("3"))
        services.poster_print_record(project=ind.project, actor=county_clerk(county, f"clerk_n{i}"))
    assert queries() == before
