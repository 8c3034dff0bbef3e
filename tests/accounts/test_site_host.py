"""Host names mapped to a government (SiteHost): validation, the cached look-up, and what anonymous pages on a
mapped host show (its name in the header, title and footer; its own campaigns, programmes and documents)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minsheng.accounts.models import (
    ERR_HOST_FORMAT,
    ERR_HOST_NOT_ALLOWED,
    ERR_HOST_ORG_KIND,
    Organisation,
    SiteHost,
)
from minsheng.accounts.selectors import host_site
from projects.models import Programme
from tests.proposals.factories import CampaignFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind
HOSTS = ["testserver", "ningchuan.example", "minsheng.shaoyang.gov.cn", "unmapped.example"]


@pytest.fixture
def tree():
    province = Organisation.objects.create(name="甲省", kind=K.PROVINCE)
    t = {"province": province}
    t["city_a"] = Organisation.objects.create(name="邵阳市", kind=K.CITY, parent=province)
    t["city_b"] = Organisation.objects.create(name="宁川市", kind=K.CITY, parent=province)
    t["office_b"] = Organisation.objects.create(
        name="宁川市民生实事专班办公室", kind=K.OFFICE, parent=t["city_b"]
    )
    t["county_b"] = Organisation.objects.create(name="宁川县", kind=K.COUNTY, parent=t["city_b"])
    t["dept_b"] = Organisation.objects.create(name="宁川市教育局", kind=K.DEPARTMENT, parent=t["city_b"])
    return t


@pytest.fixture(autouse=True)
def allowed_hosts(settings):
    """The hosts these tests map, through pytest-django's settings fixture. (An @override_settings decorator on a
    test that also takes `settings` is undone out of order: its ALLOWED_HOSTS then outlived the test and the
    worker's later requests from 127.0.0.1 were refused as DisallowedHost.)"""
    settings.ALLOWED_HOSTS = HOSTS


def mapping(host, org):
    m = SiteHost(host=host, organisation=org)
    m.full_clean()
    m.save()
    return m


@pytest.mark.parametrize(
    "host",
    [
        "http://ningchuan.example",
        "ningchuan.example:8000",
        "ningchuan.example/path",
        "ning chuan.example",
        "-a.example",
        "",
    ],
)
def test_host_must_be_a_bare_host_name(tree, host):
    with pytest.raises(ValidationError) as exc:
        mapping(host, tree["city_b"])
    if host:
        assert exc.value.message_dict["host"] == [ERR_HOST_FORMAT.format(host=host.lower())]
    assert not SiteHost.objects.exists()


def test_host_must_be_allowed_unique_and_map_to_a_government(tree):
    with pytest.raises(ValidationError) as exc:
        mapping("elsewhere.example", tree["city_b"])
    assert exc.value.message_dict["host"] == [ERR_HOST_NOT_ALLOWED.format(host="elsewhere.example")]
    with pytest.raises(ValidationError) as exc:
        mapping("ningchuan.example", tree["dept_b"])
    assert exc.value.message_dict["organisation"] == [
        ERR_HOST_ORG_KIND.format(org="宁川市教育局", kind="直属责任单位")
    ]
    m = mapping(" NingChuan.Example. ", tree["city_b"])
    assert m.host == "ningchuan.example"  # stored as looked up
    with pytest.raises(ValidationError) as exc:
        mapping("ningchuan.example", tree["city_a"])
    assert "域名" in exc.value.message_dict["host"][0] and "已存在" in exc.value.message_dict["host"][0]
    assert SiteHost.objects.get().organisation == tree["city_b"]
    assert m.history.count() == 1  # audited: who and when, in the admin's history


def test_lookup_is_cached_and_renewed_by_a_change(tree):
    mapping("ningchuan.example", tree["city_b"])
    with CaptureQueriesContext(connection) as first:
        site = host_site("ningchuan.example:443")
    assert site.city_name == "宁川市" and site.office_name == "宁川市民生实事专班办公室"
    assert len(first) == 2  # the mapping with its government, its office
    with CaptureQueriesContext(connection) as again:
        assert host_site("ningchuan.example") == site
        assert host_site("unmapped.example") is None
        assert host_site("unmapped.example") is None
    assert len(again) == 1  # only the unmapped host's first look-up; cached as "no mapping" after
    m = SiteHost.objects.get()
    m.organisation = tree["city_a"]
    m.save()
    assert host_site("ningchuan.example").city_name == "邵阳市"  # a change is never served stale
    m.delete()
    assert host_site("ningchuan.example") is None


def test_anonymous_pages_carry_the_hosts_name_with_a_fixed_query_count(client, tree, settings):
    settings.MINSHENG = {**settings.MINSHENG, "CITY_NAME": "默认市"}
    mapping("ningchuan.example", tree["city_b"])
    page = client.get("/", HTTP_HOST="ningchuan.example").content.decode()
    assert "<title>" in page and "· 宁川市</title>" in page
    assert "宁川市民生实事专班办公室 ·" in page  # the footer
    assert "默认市" not in page
    with CaptureQueriesContext(connection) as first:
        client.get("/proposals/", HTTP_HOST="ningchuan.example")
    with CaptureQueriesContext(connection) as second:
        client.get("/proposals/", HTTP_HOST="ningchuan.example")
    assert len(second) == len(first)  # the look-up was cached by the home page: nothing more per request
    assert not [q for q in second.captured_queries if "accounts_sitehost" in q["sql"]]
    other = client.get("/", HTTP_HOST="unmapped.example").content.decode()
    assert "· 默认市</title>" in other and "宁川市" not in other  # an unmapped host: the setting, as before


def test_campaigns_and_programmes_default_to_the_hosts_subtree(client, tree):
    mapping("ningchuan.example", tree["city_b"])
    now = timezone.now()
    CampaignFactory(organisation=tree["city_a"], title="邵阳市征集")
    CampaignFactory(organisation=tree["city_b"], title="宁川市征集")
    CampaignFactory(organisation=tree["county_b"], title="宁川县征集")
    CampaignFactory(organisation=tree["province"], title="全省征集")
    CampaignFactory(organisation=tree["city_a"], title="邵阳市往期", starts_at=now - timedelta(days=60),
                    ends_at=now - timedelta(days=30))  # fmt: skip
    page = client.get("/proposals/", HTTP_HOST="ningchuan.example").content.decode()
    assert "宁川市征集" in page and "宁川县征集" in page and "全省征集" in page
    assert "邵阳市征集" not in page and "邵阳市往期" not in page
    everything = client.get("/proposals/").content.decode()  # testserver: unmapped, everything as before
    assert "邵阳市征集" in everything and "宁川市征集" in everything

    a = Programme.objects.create(year=2024, organisation=tree["city_a"], name="重点民生实事", is_public=True)
    b = Programme.objects.create(year=2024, organisation=tree["city_b"], name="重点民生实事", is_public=True)
    panels = client.get("/", HTTP_HOST="ningchuan.example").context["panels"]
    listed = next(p for p in panels if p.template == "projects/panels/public_programmes.html")
    assert listed.context["programmes"] == [b]
    index = client.get("/progress/projects/", HTTP_HOST="ningchuan.example")
    assert index.status_code == 200
    assert index.context["programme"] == b and index.context["programmes"] == [b]
    linked = client.get(f"/progress/projects/?programme={a.pk}", HTTP_HOST="ningchuan.example")
    assert linked.context["programme"] == a  # a link or QR code from 邵阳市 still opens 邵阳市's list
    assert client.get("/progress/projects/").context["programmes"] == [a, b]
