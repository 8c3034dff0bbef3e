"""Unit dropdowns that hold units of several levels: full names, grouped by parent (<optgroup>)."""

import re

import pytest

from minsheng.accounts.forms import group_units_by_parent
from minsheng.accounts.models import Organisation
from observers.forms import HandOffForm
from reports.forms import LetterForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    province = Organisation.objects.create(name="湖东省", kind="province")
    city = Organisation.objects.create(name="青山市", kind="city", parent=province)
    county = Organisation.objects.create(name="甲县", kind="county", parent=city)
    Organisation.objects.create(name="青山市教育局", short_name="市教育局", kind="department", parent=city)
    Organisation.objects.create(name="甲县教育局", short_name="县教育局", kind="department", parent=county)
    return city


def _groups(html: str) -> dict[str, list[str]]:
    return {
        label: re.findall(r"<option[^>]*>([^<]+)</option>", body)
        for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S)
    }


def test_a_hand_off_unit_list_groups_departments_under_their_city_or_county(tree):
    html = str(HandOffForm()["unit"])
    assert _groups(html) == {"青山市": ["甲县", "青山市教育局"], "甲县": ["甲县教育局"]}


def test_a_letter_addressee_list_shows_full_names_never_two_bare_short_names(tree):
    html = str(LetterForm()["addressee"])
    options = [o for opts in _groups(html).values() for o in opts]
    assert "青山市教育局" in options and "甲县教育局" in options
    assert "市教育局" not in options and "县教育局" not in options


def test_units_of_one_parent_stay_a_plain_list(tree):
    field = HandOffForm().fields["unit"]
    group_units_by_parent(field, Organisation.objects.filter(parent=tree).order_by("name"))
    html = field.widget.render("unit", None)
    assert "<optgroup" not in html and "青山市教育局" in html
    # Validation still goes by the queryset.
    assert field.clean(str(Organisation.objects.get(name="甲县").pk)).name == "甲县"
