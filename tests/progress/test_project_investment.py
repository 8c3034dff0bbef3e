"""Investment where reported (issue 17 §2): the 计划投资 / 完成投资 the counties report with their monthly figures
show on the project's public page once accepted, summed over the counties (a county repeating it on several tasks
of the project counts once); nothing is shown when nobody reported any."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from progress.models import FigureState
from progress.selectors.investment import project_investment

from .factories import FigureFactory

pytestmark = pytest.mark.django_db


def test_nothing_shown_when_nobody_reported_investment(client, world):
    project = world["ind"].project
    assert project_investment(project=project, month=9) is None
    html = client.get(
        reverse("progress:public_project", args=[project.public_code]) + "?month=9"
    ).content.decode()
    assert 'id="investment"' not in html and "计划投资" not in html


def test_accepted_investment_is_summed_over_counties_once_each(client, world):
    project = world["ind"].project
    p9 = world["p9"]
    accepted = {"state": FigureState.VERIFIED, "period": p9}
    # 甲县 reports the same investment on both of its tasks of the project: counted once
    FigureFactory(
        target=world["ta"],
        value=D("90"),
        verified_value=D("90"),
        planned_investment=D("1200.5"),
        completed_investment=D("800"),
        **accepted,
    )
    FigureFactory(
        target=world["ta2"],
        value=D("50"),
        verified_value=D("50"),
        planned_investment=D("1200.5"),
        completed_investment=D("800"),
        **accepted,
    )
    # 乙县's figure is only submitted (world["fb"]): its investment does not count until accepted
    world["fb"].planned_investment, world["fb"].completed_investment = D("999"), D("999")
    world["fb"].save()
    inv = project_investment(project=project, month=9)
    assert (inv.planned, inv.completed, inv.counties) == (D("1200.5"), D("800"), 1)
    assert inv.rate_percent == D("66.64")
    url = reverse("progress:public_project", args=[project.public_code]) + "?month=9"
    html = client.get(url).content.decode()
    assert "计划投资 1,200.5 万元，完成投资 800 万元（完成 66.64%）" in html
    assert "1 个县市区随月度进度报送、经审核，截至 9 月底" in html and "999" not in html
    world["fb"].state, world["fb"].verified_value = FigureState.VERIFIED, D("80")
    world["fb"].save()
    inv = project_investment(project=project, month=9)
    assert (inv.planned, inv.completed, inv.counties) == (D("2199.5"), D("1799"), 2)
    # another month: that month's figures only
    assert project_investment(project=project, month=8) is None
