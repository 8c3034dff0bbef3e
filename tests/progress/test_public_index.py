"""The public project index (issue 17 §1): every project with its level, unit, counties, a progress bar and the
序时 status in plain words, filters and search, reachable from the home page, in a fixed number of queries."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress.models import FigureState
from progress.selectors import public_index
from progress.status import Status
from tests.progress.factories import FigureFactory, IndicatorFactory, IndicatorTargetFactory

pytestmark = pytest.mark.django_db
INDEX = reverse("progress:public_index")


def done_project(world, name="城区路灯改造", county="b"):
    """A second project of the programme whose county finished its whole task by month 9."""
    ind = IndicatorFactory(
        name="改造路灯",
        target=D("50"),
        unit="盏",
        project__matter__programme=world["programme"],
        project__name=name,
    )
    t = IndicatorTargetFactory(indicator=ind, county=world[county], target=D("50"))
    FigureFactory(
        target=t, period=world["p9"], value=D("50"), verified_value=D("50"), state=FigureState.VERIFIED
    )
    return ind.project


def test_every_project_with_plain_status_and_link(client, world):
    lamp = done_project(world)
    page = client.get(INDEX + "?month=9").content.decode()
    behind = world["ind"].project
    assert reverse("progress:public_project", args=[behind.public_code]) in page
    assert reverse("progress:public_project", args=[lamp.public_code]) in page
    assert "进度滞后" in page and "已完成" in page and "城区路灯改造" in page
    assert "省定" in page
    assert "未达序时" not in page and "按序时推进" not in page  # the bulletin's words stay in the bulletin
    assert 'class="pbar pbar-behind"' in page and 'value="100"' in page


def test_status_is_the_bulletins_project_status(world):
    """The row's status is the worst of the project's indicators, as programme_status_summary counts projects."""
    from progress.selectors import programme_status_summary

    done_project(world)
    rows = public_index(programme=world["programme"], month=9)["rows"]
    summary = programme_status_summary(programme=world["programme"], month=9)
    counts = summary["levels"][0]["projects"]
    assert sum(r.status == Status.DONE for r in rows) == counts["done"] == 1
    assert sum(r.status == Status.BEHIND for r in rows) == counts["behind"] == 1
    behind = next(r for r in rows if r.project == world["ind"].project)
    assert behind.status.plain == "进度滞后" and behind.bar_value == 30  # ind 60/200 = 30%, ind2 has no rate


def test_filters_and_search(client, world):
    lamp = done_project(world)
    only_done = client.get(INDEX + "?month=9&status=done").content.decode()
    assert "城区路灯改造" in only_done and world["ind"].project.name not in only_done
    in_a = client.get(INDEX + f"?month=9&county={world['a'].pk}").content.decode()
    assert world["ind"].project.name in in_a and lamp.name not in in_a
    # full-width letters and spaces as typed on a phone
    found = client.get(INDEX + "?month=9&q=" + "路灯\u3000改造").content.decode()
    assert "城区路灯改造" in found and world["ind"].project.name not in found
    none = client.get(INDEX + "?month=9&q=不存在的项目").content.decode()
    assert "没有符合条件的项目" in none
    # bad values fall back to everything instead of an error
    assert client.get(INDEX + "?level=xx&county=abc&status=zz&year=²").status_code == 200


def test_county_filter_uses_that_countys_rows(world):
    rows = public_index(programme=world["programme"], month=9, county_id=world["b"].pk)["rows"]
    (row,) = rows
    assert row.status == Status.NOT_REPORTED  # b's 80 is reported but not verified: it does not count


@pytest.mark.parametrize("cache_seconds", [0, 600], ids=["computed", "cached"])
def test_query_count_does_not_grow_with_projects(client, world, settings, cache_seconds):
    settings.PROGRESS_ROLLUP_CACHE_SECONDS = cache_seconds
    client.get(INDEX + "?month=9")  # warm process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(INDEX + "?month=9").status_code == 200
    for i in range(12):
        done_project(world, name=f"路灯{i}", county="a" if i % 2 else "b")
    with CaptureQueriesContext(connection) as many:
        page = client.get(INDEX + "?month=9").content.decode()
    assert "路灯11" in page
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    if not cache_seconds:
        assert len(few) <= 12  # programme, month, roll-up (four or five), projects, counties, session


def test_cached_index_follows_a_verified_figure(client, world, settings):
    """The standings are cached by the programme's change stamp: a figure verified through the services shows
    at once."""
    from progress import services

    settings.PROGRESS_ROLLUP_CACHE_SECONDS = 600
    url = INDEX + "?month=9&status=ok"
    assert world["ind"].project.name not in client.get(url).content.decode()  # 进度滞后 now (cached)
    for target in (world["ta"], world["ta2"]):
        f = services.figure_save(target=target, period=world["p9"], actor=world["clerk_a"], value=D("100"))
        services.figure_submit(figure=f, actor=world["clerk_a"])
        services.figure_verify(figure=f, actor=world["office"])
    services.figure_verify(figure=world["fb"], actor=world["office"])  # 乙县's 80 of 100
    assert world["ind"].project.name in client.get(url).content.decode()


def test_reachable_from_home_and_footer_true(client, world):
    home = client.get(reverse("home")).content.decode()
    assert reverse("projects:programme_list") in home and INDEX in home
    listing = client.get(reverse("projects:programme_list")).content.decode()
    assert INDEX in listing
    detail = client.get(reverse("projects:programme_detail", args=[world["programme"].pk])).content.decode()
    assert reverse("progress:public_project", args=[world["ind"].project.public_code]) in detail
    assert "通过项目公开页提交" not in home and "在项目页面提交" in home


def test_no_personal_data_on_the_index(client, world):
    from progress import services

    services.opinion_submit(
        project=world["ind"].project, content="建议", contact_name="张三丰", contact_phone="13812345678"
    )
    page = client.get(INDEX).content.decode()
    assert "张三丰" not in page and "13812345678" not in page


def test_project_page_is_worth_scanning(client, world):
    """§2: a summary with status in plain words, the month of the figures, where, when, who (with the public
    phone where stored), each county's progress and what the colours mean — no methodology sentence."""
    from progress.selectors import CARRY_RULE

    project = world["ind"].project
    dept = world["ind"].lead_unit
    dept.public_phone = "0739-5320000"
    dept.save()
    project.lead_unit = dept
    project.description = "新建普惠托育机构，增加托位"
    project.save()
    page = client.get(
        reverse("progress:public_project", args=[project.public_code]) + "?month=9"
    ).content.decode()
    assert "新建普惠托育机构，增加托位" in page and "数据截至 2024 年 9 月底" in page
    assert "测试局 · 电话" in page and 'href="tel:0739-5320000"' in page
    assert "甲县、乙县" in page and "2024 年底前" in page
    assert "进度滞后" in page and "未达序时" not in page and CARRY_RULE not in page
    assert "颜色和进度是什么意思" in page
    assert '<th scope="row" class="fw-normal">乙县</th>' in page  # the county split of a shared task
    assert "（8 月数据）" in page  # 甲县's September counts with its verified August value, said plainly


def test_programmes_of_the_same_year_each_reachable(client, world):
    """Two public programmes of one year (a city's and a county's): each is picked by ?programme=."""
    from tests.factories import CountyFactory, ProjectFactory

    other = ProjectFactory(
        name="县级农贸市场改造",
        matter__programme__year=2024,
        matter__programme__name="县级实事",
        matter__programme__organisation=CountyFactory(name="丙县"),
    )
    programme = other.matter.programme
    page = client.get(INDEX + f"?programme={programme.pk}").content.decode()
    assert "县级农贸市场改造" in page and world["ind"].project.name not in page
    assert (
        f'<option value="{programme.pk}" selected>' in page
        and f'<option value="{world["programme"].pk}">' in page
    )
    listing = client.get(reverse("projects:programme_list")).content.decode()
    assert f"{INDEX}?programme={programme.pk}" in listing
