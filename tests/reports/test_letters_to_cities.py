"""督办函 from the province to a city (issue 20 §1: "督办 letters to cities"): the province office writes to a
city, the city's office is told, reads it, answers it, and the province office reviews the answer; another city's
office sees none of it. An upper level's lagging letters go to the level below that runs its own office."""

from __future__ import annotations

from datetime import date

import pytest

from minsheng.accounts.models import Organisation, Role, User
from minsheng.common.models import Notification
from projects.models import Programme
from reports.forms import LetterForm
from reports.models import DocState, Kind, ReplyState
from reports.selectors import lagging_units, letters_visible_to, lower_offices
from reports.services import letter_create, letter_reply
from reports.services.documents import document_issue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind


def org(name, kind, parent=None):
    return Organisation.objects.create(name=name, kind=kind, parent=parent)


@pytest.fixture
def tree():
    t = {"province": org("甲省", K.PROVINCE)}
    t["city_a"] = org("甲市", K.CITY, t["province"])
    t["city_b"] = org("乙市", K.CITY, t["province"])
    t["county_a1"] = org("甲一县", K.COUNTY, t["city_a"])
    for key, region in (("op", "province"), ("oa", "city_a"), ("ob", "city_b")):
        unit = org(f"{t[region].name}专班办公室", K.OFFICE, t[region])
        t[key] = UserFactory(username=key, role=Role.OFFICE, organisation=unit)
    t["plan"] = Programme.objects.create(year=2024, organisation=t["province"], name="重点民生实事")
    return t


def test_the_province_writes_to_a_city_and_the_citys_office_answers(tree):
    form = LetterForm(programme=tree["plan"], user=tree["op"])
    offered = set(form.fields["addressee"].queryset)
    assert {tree["city_a"], tree["city_b"], tree["county_a1"]} <= offered and tree["province"] not in offered

    doc = letter_create(
        kind=Kind.WORK, addressee=tree["city_a"], facts="两癌筛查进度滞后。", requirement="请督促所辖县市区加快推进。",
        reply_deadline=date(2024, 10, 20), actor=tree["op"], programme=tree["plan"], doc_date=date(2024, 10, 10),
    )  # fmt: skip
    document_issue(document=doc, actor=tree["op"], doc_date=date(2024, 10, 10))
    doc.refresh_from_db()
    assert doc.state == DocState.ISSUED

    received = Notification.objects.filter(kind="letter_received")
    assert [n.recipient.username for n in received] == ["oa"]
    oa, ob = User.objects.get(username="oa"), User.objects.get(username="ob")
    assert list(letters_visible_to(oa)) == [doc] and list(letters_visible_to(ob)) == []
    assert oa.has_perm("reports.view_document", doc) and oa.has_perm("reports.reply_letter", doc)
    assert not ob.has_perm("reports.view_document", doc) and not ob.has_perm("reports.reply_letter", doc)
    assert not oa.has_perm(
        "reports.manage_document", doc
    )  # the city answers; the province's letter stays its own

    letter_reply(document=doc, actor=oa, text="已督促甲一县，10 月底前完成。")
    doc.refresh_from_db()
    assert doc.reply_state == ReplyState.REPLIED
    replied = Notification.objects.filter(kind="letter_replied")
    assert [n.recipient.username for n in replied] == ["op"]


def test_the_city_office_finds_the_letter_from_its_home_and_letters_page(client, tree):
    doc = letter_create(
        kind=Kind.WORK, addressee=tree["city_a"], facts="事实。", requirement="要求。",
        reply_deadline=date(2099, 10, 20), actor=tree["op"], programme=tree["plan"], doc_date=date(2024, 10, 10),
    )  # fmt: skip
    document_issue(document=doc, actor=tree["op"], doc_date=date(2024, 10, 10))
    client.force_login(tree["oa"])
    home = client.get("/").content.decode()
    assert "上级来函待回复" in home
    page = client.get("/reports/letters/?state=open&to=me").content.decode()
    assert "收到的函件" in page and doc.title in page and "回复</a>" in page
    client.force_login(tree["ob"])
    assert "上级来函待回复" not in client.get("/").content.decode()
    assert client.get(f"/reports/{doc.pk}/").status_code in (403, 404)


def test_lower_offices_are_the_levels_below_with_their_own_office(tree):
    assert lower_offices(tree["province"]) == [tree["city_a"], tree["city_b"]]
    assert lower_offices(tree["city_a"]) == []


def test_the_demo_provinces_lagging_letters_go_to_cities(demo):
    plan = Programme.objects.get(year=2024, organisation__kind=K.PROVINCE)
    rows = lagging_units(programme=plan, month=9)
    assert rows, "演示数据中湖南省 2024 年计划在 9 月应有滞后的单位"
    assert {r["unit"].kind for r in rows} == {K.CITY}
    counties = set(Organisation.objects.filter(kind=K.COUNTY).values_list("name", flat=True))
    assert any(name in r["facts"] for r in rows for name in counties)  # the city's letter names its county


def test_a_full_scope_office_reads_its_letters_todo(rf, tree):
    from reports.home import letters_todo

    request = rf.get("/")
    request.user = UserFactory(
        username="top", role=Role.OFFICE, organisation=None
    )  # the instance's own office
    items = letters_todo(request, date(2024, 10, 25))  # no unit of its own: no "incoming" side
    assert [i.title for i in items][:2] == ["函件回复待审核", "函件逾期未回复"]
    assert "上级来函待回复" not in [i.title for i in items]
