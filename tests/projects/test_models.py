"""Programme model rules: constraints and validation messages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import ERR_BAD_PLAN, ERR_DEADLINE_NEEDS_DATE, ERR_TARGET_NOT_COUNTY, IndicatorTarget
from projects.selectors import indicator_target_totals
from tests.factories import CountyFactory, IndicatorFactory, IndicatorTargetFactory, OrganisationFactory


@pytest.mark.django_db
def test_monthly_plan_must_be_twelve_non_decreasing_numbers():
    ind = IndicatorFactory()
    ind.monthly_plan = [10, 20, 5] + [50] * 9
    with pytest.raises(ValidationError) as exc:
        ind.full_clean()
    assert ERR_BAD_PLAN in exc.value.message_dict["monthly_plan"]
    ind.monthly_plan = [0, 0, 10, 20, 30, 40, 50, 60, 75, 85, 95, 100]
    ind.full_clean()


@pytest.mark.django_db
def test_deadline_indicator_needs_date():
    ind = IndicatorFactory(kind="deadline", target=None)
    with pytest.raises(ValidationError) as exc:
        ind.full_clean()
    assert ERR_DEADLINE_NEEDS_DATE in exc.value.message_dict["due_date"]


@pytest.mark.django_db
def test_target_only_for_counties_and_once():
    target = IndicatorTargetFactory()
    wrong = IndicatorTarget(indicator=target.indicator, county=OrganisationFactory(), target=1)
    with pytest.raises(ValidationError) as exc:
        wrong.full_clean()
    assert ERR_TARGET_NOT_COUNTY in exc.value.message_dict["county"]
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorTarget.objects.create(indicator=target.indicator, county=target.county, target=2)


@pytest.mark.django_db
def test_negative_target_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorTargetFactory(target=Decimal("-1"))


@pytest.mark.django_db
def test_city_total_beside_county_sum():
    ind = IndicatorFactory(target=Decimal("100"))
    IndicatorTargetFactory(indicator=ind, county=CountyFactory(), target=Decimal("60"))
    IndicatorTargetFactory(indicator=ind, county=CountyFactory(), target=Decimal("30"))
    totals = indicator_target_totals(indicator=ind)
    assert totals["county_total"] == Decimal("90") and totals["mismatch"] is True


@pytest.mark.django_db
def test_target_changes_are_audited():
    target = IndicatorTargetFactory(target=Decimal("10"))
    target.target = Decimal("12")
    target.save()
    history = list(target.history.order_by("history_date"))
    assert [h.target for h in history] == [Decimal("10"), Decimal("12")]
