"""Letters for any level's programme (issue 20): a county-level city's own office (邵东市) writes 提示函 for its own
plan under its own name, to the units of its own subtree; a unit outside it, or another office's programme, is
refused with a specific Chinese message and nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts.models import Organisation, Role
from projects.models import Programme
from reports.models import Document, Kind
from reports.selectors import area_whole, letters_default_programme
from reports.services import letter_create
from reports.services.issuer import ERR_OTHER_OFFICE
from reports.services.letters import ERR_ADDRESSEE_OUTSIDE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind


@pytest.fixture
def tree():
    province = Organisation.objects.create(name="甲省", kind=K.PROVINCE)
    city = Organisation.objects.create(name="邵阳市", kind=K.CITY, parent=province)
    county = Organisation.objects.create(name="邵东市", kind=K.COUNTY, parent=city)
    t = {
        "city": city,
        "county": county,
        "city_office": Organisation.objects.create(name="邵阳市专班办公室", kind=K.OFFICE, parent=city),
        "county_office": Organisation.objects.create(
            name="邵东市重点民生实事工作专班办公室", kind=K.OFFICE, parent=county
        ),
        "county_dept": Organisation.objects.create(name="邵东市教育局", kind=K.DEPARTMENT, parent=county),
        "city_dept": Organisation.objects.create(name="邵阳市教育局", kind=K.DEPARTMENT, parent=city),
    }
    t["city_plan"] = Programme.objects.create(year=2023, organisation=city, name="重点民生实事")
    t["county_plan"] = Programme.objects.create(year=2023, organisation=county, name="重点民生实事")
    t["sd"] = UserFactory(username="office_sd", role=Role.OFFICE, organisation=t["county_office"])
    t["sy"] = UserFactory(username="office_sy", role=Role.OFFICE, organisation=t["city_office"])
    return t


def write(tree, *, actor, programme, addressee):
    return letter_create(
        kind=Kind.WORK,
        addressee=addressee,
        facts="学校建设进度滞后。",
        requirement="请加快推进。",
        reply_deadline=date(2023, 10, 20),
        actor=actor,
        programme=programme,
        doc_date=date(2023, 10, 10),
    )


def test_a_county_level_office_writes_letters_for_its_own_plan_in_its_own_name(tree):
    assert letters_default_programme(tree["sd"]) == tree["county_plan"]
    doc = write(tree, actor=tree["sd"], programme=tree["county_plan"], addressee=tree["county_dept"])
    assert doc.snapshot["office"] == "邵东市重点民生实事工作专班办公室"  # signs the letter
    assert doc.scope == tree["county"] and doc.addressee == tree["county_dept"]
    # 邵阳市's office still writes to 邵东市 about the city plan's targets there (邵东市 runs its own office, but
    # the city's targets decomposed to it are the city's to chase)
    city_letter = write(tree, actor=tree["sy"], programme=tree["city_plan"], addressee=tree["county"])
    assert city_letter.snapshot["office"] == "邵阳市专班办公室" and city_letter.addressee == tree["county"]


def test_a_unit_outside_the_programmes_government_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        write(tree, actor=tree["sd"], programme=tree["county_plan"], addressee=tree["city_dept"])
    assert exc.value.messages == [ERR_ADDRESSEE_OUTSIDE.format(unit="邵阳市教育局", owner="邵东市")]
    with pytest.raises(ValidationError) as exc:
        write(tree, actor=tree["sd"], programme=tree["city_plan"], addressee=tree["county_dept"])
    assert exc.value.messages == [ERR_OTHER_OFFICE.format(programme=tree["city_plan"], owner="邵阳市")]
    with pytest.raises(ValidationError) as exc:  # 邵阳市's office does not write in 邵东市's name either
        write(tree, actor=tree["sy"], programme=tree["county_plan"], addressee=tree["county_dept"])
    assert exc.value.messages == [ERR_OTHER_OFFICE.format(programme=tree["county_plan"], owner="邵东市")]
    assert not Document.objects.exists()


def test_the_letter_form_offers_only_the_issuing_levels_units(client, tree):
    client.force_login(tree["sd"])
    resp = client.get(f"/reports/letters/new/?programme={tree['county_plan'].pk}")
    assert resp.status_code == 200
    offered = set(resp.context["form"].fields["addressee"].queryset)
    assert tree["county_dept"] in offered and tree["city_dept"] not in offered
    client.force_login(tree["sy"])
    resp = client.get(f"/reports/letters/new/?programme={tree['city_plan'].pk}")
    assert {tree["county"], tree["city_dept"], tree["county_dept"]} <= set(
        resp.context["form"].fields["addressee"].queryset
    )
    client.force_login(tree["sd"])
    resp = client.post(
        "/reports/letters/new/",
        {
            "programme": tree["county_plan"].pk,
            "kind": Kind.WORK,
            "addressee": tree["city_dept"].pk,
            "facts": "事实",
            "requirement": "要求",
            "reply_deadline": "2099-01-01",
        },
    )
    assert resp.status_code == 200 and not Document.objects.exists()  # not offered: refused, text kept
    assert "事实" in resp.content.decode()
    assert area_whole(tree["county"]) == "全市" and area_whole(Organisation(name="隆回县")) == "全县"


def test_each_office_edits_only_its_own_letterhead(client, tree):
    """发文设置 is per office: 邵东市's office sets its own on /reports/letterhead/ and its letters print it; in the
    admin 邵阳市's office does not find 邵东市's row (nor the other way round)."""
    from reports.models import Letterhead

    client.force_login(tree["sd"])
    resp = client.post(
        "/reports/letterhead/",
        {"bulletin_masthead": "", "newsletter_masthead": "", "letter_masthead": "邵东市重点民生实事工作专班"},
    )
    assert resp.status_code == 302
    head = Letterhead.objects.get()
    assert head.office == tree["county_office"] and head.history.count() == 1
    doc = write(tree, actor=tree["sd"], programme=tree["county_plan"], addressee=tree["county_dept"])
    assert doc.sections["masthead"] == "邵东市重点民生实事工作专班"
    sy_head = Letterhead.objects.create(
        office=tree["city_office"], letter_masthead="邵阳市重点民生实事工作专班"
    )
    assert client.get(f"/admin/reports/letterhead/{sy_head.pk}/change/").status_code == 302  # not found: back
    assert client.get(f"/admin/reports/letterhead/{head.pk}/change/").status_code == 200
    client.force_login(tree["sy"])
    assert client.get(f"/admin/reports/letterhead/{head.pk}/change/").status_code == 302
    listed = client.get("/admin/reports/letterhead/").context["cl"].queryset
    assert list(listed) == [sy_head]
