"""Where and who (issue 18 §4): a report names its county — chosen, or inferred from the project's 任务分解表 or the
observer's county — and its position is shown to the office (with a map link), never to the unit or the public."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from observers.selectors import report_county_infer
from observers.services import handoff_issue, report_save
from tests.factories import IndicatorFactory, IndicatorTargetFactory

from .factories import FindingFactory, ObserverFactory, clerk, county, office, project

pytestmark = pytest.mark.django_db


def _save(observer, **data):
    return report_save(
        observer=observer,
        by=observer.user,
        submit=True,
        data={"kind": "snapshot", "visited_on": date(2024, 9, 1), "content": "看了", **data},
    )


def test_county_inferred_from_the_project_or_the_observer_or_chosen():
    dongkou, shaodong = county("洞口县"), county("邵东市")
    one = project(name="一个县的项目")
    IndicatorTargetFactory(indicator=IndicatorFactory(project=one), county=dongkou)
    two = project(name="两个县的项目")
    ind = IndicatorFactory(project=two)
    IndicatorTargetFactory(indicator=ind, county=dongkou)
    IndicatorTargetFactory(indicator=ind, county=shaodong)
    city_observer = ObserverFactory()
    county_observer = ObserverFactory(organisation=shaodong)

    assert _save(city_observer, project=one).county == dongkou
    assert _save(city_observer, project=two).county is None  # two counties: the office decides
    assert _save(county_observer, project=two).county == shaodong  # the observer's own county
    assert _save(city_observer, project=two, county=shaodong).county == shaodong  # chosen wins
    assert report_county_infer(project=None, observer=city_observer) is None


def test_position_for_the_office_only(client):
    unit = county("洞口县")
    finding = FindingFactory()
    report = finding.report
    report.county, report.latitude, report.longitude = unit, D("27.241800"), D("111.467200")
    report.save()
    boss = office()
    handoff_issue(finding=finding, by=boss, kind="assign", unit=unit, deadline=date(2099, 1, 1))

    client.force_login(boss)
    page = client.get(reverse("observers:report_detail", args=[report.pk])).content.decode()
    assert "洞口县" in page and "27.241800, 111.467200" in page
    assert "https://www.openstreetmap.org/?mlat=27.241800&amp;mlon=111.467200" in page

    client.force_login(clerk(unit))  # the unit sees the county of the problem, not where the observer stood
    page = client.get(reverse("observers:finding_detail", args=[finding.pk])).content.decode()
    assert "洞口县" in page and "27.2418" not in page and "111.4672" not in page
    assert client.get(reverse("observers:report_detail", args=[report.pk])).status_code == 403

    client.logout()
    public = client.get(reverse("observers:public_findings")).content.decode()
    assert "27.2418" not in public and "111.4672" not in public


def test_report_form_offers_the_county(client):
    county("洞口县")
    me = ObserverFactory()
    client.force_login(me.user)
    page = client.get(reverse("observers:report_create")).content.decode()
    assert "所在县市区" in page and "按项目自动确定" in page and "洞口县" in page


def test_hand_off_form_defaults_to_the_report_county(client):
    unit = county("洞口县")
    finding = FindingFactory()
    finding.report.county = unit
    finding.report.save()
    client.force_login(office())
    page = client.get(reverse("observers:finding_detail", args=[finding.pk])).content.decode()
    assert f'<option value="{unit.pk}" selected>' in page
