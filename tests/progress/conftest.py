"""A small two-county programme for view, import and permission tests (faster than the full demo)."""

from decimal import Decimal as D

import pytest

from minsheng.accounts.models import Organisation, Role
from progress.models import FigureState

from .factories import (
    CountyFactory,
    FigureFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    OrganisationFactory,
    PeriodFactory,
    UserFactory,
    county_clerk,
    office,
)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a, b = CountyFactory(name="甲县"), CountyFactory(name="乙县")
    dept = OrganisationFactory(name="测试局", kind=Organisation.Kind.DEPARTMENT)
    other_dept = OrganisationFactory(name="其他局", kind=Organisation.Kind.DEPARTMENT)
    ind = IndicatorFactory(name="新增托位", target=D("200"), lead_unit=dept)
    ind2 = IndicatorFactory(name="道路改造", target=D("100"), project=ind.project)
    programme = ind.project.matter.programme
    ta, tb = (
        IndicatorTargetFactory(indicator=ind, county=a, target=D("100")),
        IndicatorTargetFactory(indicator=ind, county=b, target=D("100")),
    )
    ta2 = IndicatorTargetFactory(indicator=ind2, county=a, target=D("100"))
    p8, p9 = PeriodFactory(programme=programme, month=8), PeriodFactory(programme=programme, month=9)
    FigureFactory(target=ta, period=p8, value=D("60"), verified_value=D("60"), state=FigureState.LOCKED)
    fb = FigureFactory(target=tb, period=p9, value=D("80"), state=FigureState.SUBMITTED)
    return {
        "a": a,
        "b": b,
        "ind": ind,
        "ind2": ind2,
        "programme": programme,
        "ta": ta,
        "tb": tb,
        "ta2": ta2,
        "p8": p8,
        "p9": p9,
        "fb": fb,
        "clerk_a": county_clerk(a, "clerk_a"),
        "clerk_b": county_clerk(b, "clerk_b"),
        "office": office(),
        "dept": UserFactory(username="dept_u", role=Role.DEPARTMENT, organisation=dept),
        "other_dept": UserFactory(username="dept_x", role=Role.DEPARTMENT, organisation=other_dept),
    }
