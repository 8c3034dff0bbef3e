"""A document goes out in its own level's office's name (issue 20): another office's programme, or a scope
outside the programme's government, is refused with a specific message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts.models import Organisation, Role
from projects.models import Programme
from reports.models import Kind
from reports.services import summary_generate
from reports.services.issuer import ERR_OTHER_OFFICE, ERR_SCOPE_OUTSIDE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind


@pytest.fixture
def tree():
    province = Organisation.objects.create(name="甲省", kind=K.PROVINCE)
    city_a = Organisation.objects.create(name="甲市", kind=K.CITY, parent=province)
    city_b = Organisation.objects.create(name="乙市", kind=K.CITY, parent=province)
    return {
        "city_a": city_a,
        "county_b": Organisation.objects.create(name="乙一县", kind=K.COUNTY, parent=city_b),
        "office_a": Organisation.objects.create(name="甲市专班办公室", kind=K.OFFICE, parent=city_a),
        "office_b": Organisation.objects.create(name="乙市专班办公室", kind=K.OFFICE, parent=city_b),
        "programme_a": Programme.objects.create(year=2024, organisation=city_a, name="实事"),
    }


def test_a_document_in_another_offices_name_is_refused(tree):
    office_b = UserFactory(username="ob", role=Role.OFFICE, organisation=tree["office_b"])
    with pytest.raises(ValidationError) as exc:
        summary_generate(
            kind=Kind.BULLETIN, programme=tree["programme_a"], scope=tree["city_a"], month=3, actor=office_b
        )
    assert exc.value.messages == [ERR_OTHER_OFFICE.format(programme=tree["programme_a"], owner="甲市")]


def test_a_scope_outside_the_programmes_government_is_refused(tree):
    office_a = UserFactory(username="oa", role=Role.OFFICE, organisation=tree["office_a"])
    with pytest.raises(ValidationError) as exc:
        summary_generate(
            kind=Kind.BULLETIN, programme=tree["programme_a"], scope=tree["county_b"], month=3, actor=office_a
        )
    assert exc.value.messages == [ERR_SCOPE_OUTSIDE.format(scope="乙一县", owner="甲市")]
