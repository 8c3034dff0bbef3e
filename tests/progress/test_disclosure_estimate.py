"""信息公开 computed, not typed (issue 17 §7): a transparent estimate per county from the platform's own records
(current figures on the project pages, opinions answered on time, updates and policy files the county published),
weighted by the office (audited), shown beside the typed official score; each county sees what it is missing."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import Organisation, Role
from progress.disclosure import Component, disclosure_estimate
from progress.models import DisclosureScore, DisclosureWeights, FigureState, PublicOpinion, PublicUpdate
from progress.selectors.disclosure import disclosure_estimates
from tests.progress.factories import (
    CountyFactory,
    FigureFactory,
    IndicatorTargetFactory,
    OrganisationFactory,
    PeriodFactory,
    UserFactory,
    county_clerk,
    office,
)

pytestmark = pytest.mark.django_db
ESTIMATE = reverse("progress:disclosure_estimate")
WEIGHTS = reverse("progress:disclosure_weights")


def test_estimate_is_the_weighted_mean_of_shares_leaving_out_what_was_not_due():
    parts = [
        Component("figures", "项目页面数据及时更新", 1, 2),
        Component("opinions", "意见建议按期答复", 0, 0),  # nothing due: left out
        Component("publishing", "工作动态和政策文件发布", 9, 9),
    ]
    weights = {"figures": D(3), "opinions": D(2), "publishing": D(1)}
    # (3 × 0.5 + 1 × 1) / 4 × 6 = 3.75
    assert disclosure_estimate(components=parts, weights=weights, max_score=D(6)) == D("3.75")
    assert parts[1].share is None and parts[0].percent == D("50.00")
    assert disclosure_estimate(components=parts[1:2], weights=weights, max_score=D(6)) is None
    over = [Component("publishing", "x", 20, 9)]
    assert disclosure_estimate(components=over, weights=weights, max_score=D(6)) == D("6.00")


@pytest.fixture
def scene(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    t1 = IndicatorTargetFactory(target=D("10"))
    programme = t1.indicator.project.matter.programme
    city = programme.organisation
    a = CountyFactory(name="甲县", parent=city)
    b = CountyFactory(name="乙县", parent=city)
    t1.county = a
    t1.save()
    t2 = IndicatorTargetFactory(indicator__project=t1.indicator.project, county=a, target=D("10"))
    tb = IndicatorTargetFactory(indicator=t1.indicator, county=b, target=D("10"))
    p9 = PeriodFactory(programme=programme, month=9)
    FigureFactory(target=t1, period=p9, value=D("8"), verified_value=D("8"), state=FigureState.VERIFIED)
    FigureFactory(target=t2, period=p9, value=D("8"), state=FigureState.SUBMITTED)  # not yet accepted
    FigureFactory(target=tb, period=p9, value=D("8"), verified_value=D("8"), state=FigureState.VERIFIED)
    project = t1.indicator.project
    today = timezone.localdate()
    overdue = PublicOpinion.objects.create(
        project=project, content="路灯不亮", unit=a, reply_due=today - dt.timedelta(days=2)
    )
    on_time = PublicOpinion.objects.create(project=project, content="施工扰民", unit=a, reply_due=today)
    on_time.state, on_time.reply, on_time.replied_at = PublicOpinion.State.HANDLED, "已处理", timezone.now()
    on_time.save()
    PublicOpinion.objects.create(
        project=project,
        content="广告",
        unit=a,
        reply_due=today - dt.timedelta(days=9),
        state=PublicOpinion.State.SPAM,
    )
    clerk_a = county_clerk(a, "clerk_da")
    PublicUpdate.objects.create(
        project=project,
        title="甲县开工",
        body="已开工",
        published_on=dt.date(programme.year, 5, 1),
        created_by=clerk_a,
        unit=a,
    )
    PublicUpdate.objects.create(  # hidden by the office: no longer published, not counted
        project=project,
        title="甲县宣传稿",
        body="与项目无关",
        published_on=dt.date(programme.year, 6, 1),
        created_by=clerk_a,
        unit=a,
        hidden_at=timezone.now(),
        hidden_reason="与项目无关",
    )
    DisclosureScore.objects.create(programme=programme, county=a, month=9, score=D("4.5"))
    return {
        "programme": programme,
        "a": a,
        "b": b,
        "clerk_a": clerk_a,
        "overdue": overdue,
        "office": office("office_d"),
    }


def test_components_count_what_the_platform_records(scene):
    data = disclosure_estimates(programme=scene["programme"], month=9, as_of=timezone.localdate())
    rows = {r.county.name: r for r in data["rows"]}
    a = {c.key: c for c in rows["甲县"].components}
    assert (a["figures"].done, a["figures"].expected) == (1, 2)
    assert (a["opinions"].done, a["opinions"].expected) == (1, 2)  # spam left out; the handled one is on time
    assert (a["publishing"].done, a["publishing"].expected) == (1, 9)
    assert "1 项任务 9 月的进度尚未经审核" in a["figures"].missing
    assert a["opinions"].missing == "1 条意见建议已过答复期限仍未答复"
    assert "还差 8 条" in a["publishing"].missing
    assert (a["posters"].done, a["posters"].expected) == (0, 1)  # no poster printed for its one project
    # 6 × (3 × 1/2 + 2 × 1/2 + 1 × 1/9 + 1 × 0) / 7
    assert rows["甲县"].estimate == D("2.24")
    assert rows["甲县"].official.score == D("4.5") and rows["乙县"].official is None
    b = {c.key: c for c in rows["乙县"].components}
    assert b["figures"].share == 1 and b["opinions"].share is None  # nothing due: not counted


def test_weights_change_the_estimate(scene):
    DisclosureWeights.objects.create(
        programme=scene["programme"],
        weights={"figures": "1", "opinions": "0", "publishing": "0", "posters": "0"},
        max_score=D(6),
    )
    data = disclosure_estimates(programme=scene["programme"], month=9, as_of=timezone.localdate())
    assert next(r for r in data["rows"] if r.county.name == "甲县").estimate == D("3.00")


def test_county_sees_only_its_own_county_and_what_it_misses(client, scene):
    client.force_login(scene["clerk_a"])
    r = client.get(ESTIMATE + "?month=9")
    html = r.content.decode()
    assert r.status_code == 200 and 'id="disclosure-missing"' in html
    assert "甲县" in html and "乙县" not in html
    assert "1 条意见建议已过答复期限仍未答复" in html and "正式得分 4.50 分" in html
    assert "figures" not in html and "publishing" not in html  # no internal keys on the page
    home = client.get("/").content.decode()
    assert ESTIMATE in home


def test_office_sees_every_county_beside_the_typed_score(client, scene):
    client.force_login(scene["office"])
    html = client.get(ESTIMATE + f"?programme={scene['programme'].pk}&month=9").content.decode()
    assert "甲县" in html and "乙县" in html and "未录入" in html and "4.5" in html
    assert WEIGHTS in html
    typed = client.get(reverse("progress:disclosure") + f"?programme={scene['programme'].pk}&month=9")
    assert ESTIMATE in typed.content.decode()
    # the estimate beside the typed score
    assert '<td class="num estimate">2.24</td>' in typed.content.decode()


def test_others_cannot_open_the_estimate_or_the_weights(client, scene):
    assert client.get(ESTIMATE).status_code == 302  # to the log-in
    dept = OrganisationFactory(name="测试局", kind=Organisation.Kind.DEPARTMENT)
    client.force_login(UserFactory(username="dept_d", role=Role.DEPARTMENT, organisation=dept))
    assert client.get(ESTIMATE).status_code == 403
    client.force_login(scene["clerk_a"])
    assert client.get(WEIGHTS).status_code == 403
    assert client.post(WEIGHTS, {"w_figures": "9"}).status_code == 403
    assert not DisclosureWeights.objects.exists()


def _weights_post(**over):
    data = {
        "w_figures": "2",
        "w_opinions": "2",
        "w_publishing": "2",
        "w_posters": "2",
        "items_per_month": "2",
        "max_score": "6",
    }
    data.update(over)
    return data


def test_office_sets_the_weights_and_each_change_is_audited(client, scene):
    client.force_login(scene["office"])
    url = WEIGHTS + f"?programme={scene['programme'].pk}"
    r = client.post(url, _weights_post())
    assert r.status_code == 302
    row = DisclosureWeights.objects.get(programme=scene["programme"])
    assert (
        row.weight_map() == {"figures": D(2), "opinions": D(2), "publishing": D(2), "posters": D(2)}
        and row.items_per_month == 2
    )
    client.post(url, _weights_post(w_publishing="0"))
    history = list(DisclosureWeights.objects.get().history.all())
    assert len(history) == 2 and all(h.history_user == scene["office"] for h in history)
    page = client.get(url).content.decode()
    history_html = page[page.index('id="weights-history"') :]
    assert "工作动态和政策文件发布 0；" in history_html and "publishing" not in history_html


def test_bad_weights_are_refused_in_chinese(client, scene):
    client.force_login(scene["office"])
    url = WEIGHTS + f"?programme={scene['programme'].pk}"
    r = client.post(url, _weights_post(w_figures="-1"))
    assert r.status_code == 400 and "权重不能为负数。" in r.content.decode()
    r = client.post(url, _weights_post(w_figures="0", w_opinions="0", w_publishing="0", w_posters="0"))
    assert r.status_code == 400 and "至少有一项的权重须大于 0。" in r.content.decode()
    assert not DisclosureWeights.objects.exists()


def test_a_unit_outside_the_county_scoring_is_told_so(client, scene):
    city_self = CountyFactory(name="市本级", parent=scene["programme"].organisation)
    client.force_login(county_clerk(city_self, "clerk_self"))
    html = client.get(ESTIMATE + "?month=9").content.decode()
    assert "本单位不参加县市区信息公开评分。" in html and "甲县" not in html
