"""A county-level government's own 通报 (issue 20 §1, "its documents"): 邵东市's office generates and issues the
通报 of its own 2024 plan as its own series, beside 邵阳市's 通报 for 邵东市 (same scope, separate numbering), in
its own words (全市 for a 市, 全县 for a 县; its towns and 市直 units addressed, not 县市区), quoting only the
observers its own government appointed; the scheduled drafts include it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from minsheng.accounts.models import Organisation, User
from projects.models import Programme
from reports import compose
from reports.forms import GenerateForm
from reports.models import DocState, Document, Kind
from reports.scheduling import programmes_for, scopes_for
from reports.services import document_generate, document_issue
from reports.services.issuer import ERR_OTHER_OFFICE
from tests.reports.conftest import ready_to_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(demo):
    shaodong = Organisation.objects.get(name="邵东市")
    return {
        "own": Programme.objects.get(year=2024, organisation=shaodong),
        "city": Programme.objects.get(year=2024, organisation__name="邵阳市"),
        "shaodong": shaodong,
        "office_sd": User.objects.get(username="office_shaodong"),
        "office": User.objects.get(username="office"),
    }


def test_own_series_beside_the_citys_bulletin_for_the_county(plans):
    sd, own, city = plans["shaodong"], plans["own"], plans["city"]
    mine = document_generate(programme=own, scope=sd, month=9, actor=plans["office_sd"], as_of=date(2024, 10, 8))
    theirs = document_generate(programme=city, scope=sd, month=9, actor=plans["office"], as_of=date(2024, 10, 8))
    assert mine.pk != theirs.pk
    assert mine.programme == own and theirs.programme == city
    assert mine.title == "关于全市 1-9 月实施重点民生实事工作推进情况的通报"
    assert theirs.title.startswith("关于邵东市 1-9 月")
    # A second generation refreshes each draft, it does not add one.
    again = document_generate(programme=own, scope=sd, month=9, actor=plans["office_sd"], as_of=date(2024, 10, 8))
    assert again.pk == mine.pk
    # Each series is numbered on its own: both are 第 1 期.
    document_issue(document=ready_to_issue(mine, plans["office_sd"]), actor=plans["office_sd"])
    document_issue(document=ready_to_issue(theirs, plans["office"]), actor=plans["office"])
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.state, mine.number) == (DocState.ISSUED, 1)
    assert (theirs.state, theirs.number) == (DocState.ISSUED, 1)


def test_words_of_a_county_level_plan(plans):
    doc = document_generate(
        programme=plans["own"], scope=plans["shaodong"], month=9, actor=plans["office_sd"], as_of=date(2024, 10, 8)
    )
    snap = doc.snapshot
    assert snap["scope"]["whole"] == "全市" and snap["scope"]["units"] == "单位"
    assert compose.addressee_line(snap) == "各乡镇（街道）、市直有关责任单位："
    assert "向乡镇（街道）和市直有关责任单位发送" in doc.sections["measures"]
    assert "县市区" not in doc.sections["measures"]
    # 邵东市 appointed no observers of its own: the city's 33 are not quoted in its 通报.
    assert "民生实事观察员" not in doc.sections["measures"]
    city_doc = document_generate(
        programme=plans["city"], scope=plans["city"].organisation, month=9, actor=plans["office"],
        as_of=date(2024, 10, 8),
    )
    assert "33 名民生实事观察员" in city_doc.sections["measures"]
    assert compose.addressee_line(city_doc.snapshot) == "各县市区工作专班，市直责任单位："


def test_a_county_says_quanxian():
    snap = {"scope": {"is_city": True, "whole": "全县", "units": "单位", "org_suffix": "县", "name": "甲县"}}
    assert compose.addressee_line(snap) == "各乡镇（街道）、县直有关责任单位："
    assert compose._area(snap) == "全县"
    # A snapshot stored before these words existed reads as before.
    old = {"scope": {"is_city": True, "name": "邵阳市"}}
    assert compose._area(old) == "全市"
    assert compose.addressee_line(old) == "各县市区工作专班，市直责任单位："


def test_form_and_schedule_offer_the_county_plan_to_its_own_office_only(plans):
    form_sd = GenerateForm(user=plans["office_sd"])
    assert plans["own"] in form_sd.fields["programme"].queryset
    assert plans["city"] not in form_sd.fields["programme"].queryset
    assert plans["own"] not in GenerateForm(user=plans["office"]).fields["programme"].queryset
    scheduled = {p.pk: scopes_for(p) for p in programmes_for(year=2024, month=9)}
    assert scheduled[plans["own"].pk] == [plans["shaodong"]]
    assert plans["shaodong"] in scheduled[plans["city"].pk]
    # 邵阳市's office cannot issue 邵东市's own 通报 in its name.
    with pytest.raises(ValidationError) as exc:
        document_generate(programme=plans["own"], scope=plans["shaodong"], month=9, actor=plans["office"])
    assert exc.value.messages == [
        ERR_OTHER_OFFICE.format(programme=plans["own"], owner=plans["shaodong"].name)
    ]
    assert not Document.objects.filter(kind=Kind.BULLETIN, programme=plans["own"]).exists()
