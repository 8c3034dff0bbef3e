"""Views: the phone form end to end, role × object permissions, masking, fixed query counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import Organisation, Role
from observers.models import FieldReport, HandOff
from observers.services import card_version_publish, handoff_issue, handoff_reply
from tests.factories import UserFactory

from .factories import FindingFactory, ObserverFactory, clerk, county, office, project
from .images import fake_jpeg, jpeg_with_gps

pytestmark = pytest.mark.django_db


def soon():
    """Computed when a test runs, never at import (the suite may cross midnight)."""
    return timezone.localdate() + timedelta(days=10)


def test_observer_files_a_report_with_photos_and_problems(client):
    observer = ObserverFactory()
    proj = project()
    version = card_version_publish(
        project=proj, items=[("是否按期开工", "yesno"), ("完成户数", "number", "户")]
    )
    yes_item, num_item = version.items.order_by("seq")
    client.force_login(observer.user)
    assert client.get(reverse("observers:report_create")).status_code == 200
    response = client.post(
        reverse("observers:report_create"),
        {
            "kind": "snapshot",
            "project": proj.pk,
            "visited_on": "2024-03-05",
            "town": "石江镇",
            "place": "某村",
            f"answer_{yes_item.pk}": "yes",
            f"answer_{num_item.pk}": "12",
            "problem": ["路面开裂", ""],
            "suggestions": "加强养护",
            "photos": [jpeg_with_gps("a.jpg"), jpeg_with_gps("b.jpg")],
            "submit": "1",
        },
    )
    report = FieldReport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "observers:report_detail", args=[report.pk]
    )
    assert report.state == FieldReport.State.SUBMITTED and report.photos.count() == 2
    assert report.answers == {str(yes_item.pk): "yes", str(num_item.pk): "12"}
    assert list(report.findings.values_list("description", flat=True)) == ["路面开裂"]
    body = client.get(reverse("observers:report_detail", args=[report.pk])).content.decode()
    assert "路面开裂" in body and "是否按期开工" in body


def test_bad_photo_shows_chinese_error(client):
    observer = ObserverFactory()
    client.force_login(observer.user)
    response = client.post(
        reverse("observers:report_create"),
        {
            "kind": "snapshot",
            "project": project().pk,
            "visited_on": "2024-03-05",
            "photos": [fake_jpeg()],
            "save": "1",
        },
    )
    assert response.status_code == 400
    assert "请勿仅修改文件扩展名" in response.content.decode()
    assert FieldReport.objects.count() == 0


def test_card_fields_fragment(client):
    observer = ObserverFactory()
    proj = project()
    card_version_publish(project=proj, items=[("是否设置公示牌", "yesno")])
    client.force_login(observer.user)
    body = client.get(reverse("observers:card_fields"), {"project": proj.pk}).content.decode()
    assert "是否设置公示牌" in body


def _world():
    """An office user, two observers, two counties with clerks, one finding handed to county A."""
    boss = office()
    a, b = county("甲县"), county("乙县")
    clerk_a, clerk_b = clerk(a, "clerk_a"), clerk(b, "clerk_b")
    dept = Organisation.objects.create(name="市测试局", kind=Organisation.Kind.DEPARTMENT, parent=a.parent)
    dept_user = UserFactory(username="dept_u", role=Role.DEPARTMENT, organisation=dept)
    finding = FindingFactory()
    owner = finding.report.observer.user
    other_obs = ObserverFactory().user
    hand_off = handoff_issue(finding=finding, by=boss, kind="assign", unit=a, deadline=soon())
    draft = FieldReport.objects.create(observer=finding.report.observer, visited_on=date(2024, 3, 1))
    deputy = UserFactory(username="deputy_u", role=Role.DEPUTY)
    users = {
        "office": boss,
        "owner": owner,
        "other_observer": other_obs,
        "clerk_a": clerk_a,
        "clerk_b": clerk_b,
        "dept": dept_user,
        "deputy": deputy,
        "anon": None,
    }
    return users, finding, hand_off, draft


# role → expected status for (finding detail, hand-off detail, draft edit, report detail)
EXPECTED = {
    "office": (200, 200, 403, 200),
    "owner": (200, 200, 200, 200),
    "other_observer": (403, 403, 403, 403),
    "clerk_a": (200, 200, 403, 403),
    "clerk_b": (403, 403, 403, 403),
    "dept": (403, 403, 403, 403),
    "deputy": (403, 403, 403, 403),
    "anon": (302, 302, 302, 302),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_by_object_permissions(client, role):
    users, finding, hand_off, draft = _world()
    if users[role]:
        client.force_login(users[role])
    urls = [
        reverse("observers:finding_detail", args=[finding.pk]),
        reverse("observers:handoff_detail", args=[hand_off.pk]),
        reverse("observers:report_edit", args=[draft.pk]),
        reverse("observers:report_detail", args=[finding.report.pk]),
    ]
    got = tuple(client.get(u).status_code for u in urls)
    assert got == EXPECTED[role]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_lists_are_scoped(client, role):
    users, finding, hand_off, draft = _world()
    if users[role] is None:
        assert client.get(reverse("observers:handoff_list")).status_code == 302
        return
    client.force_login(users[role])
    body = client.get(reverse("observers:handoff_list")).content.decode()
    sees = finding.description[:10] in body
    assert sees == (role in ("office", "owner", "clerk_a"))


@pytest.mark.parametrize("role", ["office", "clerk_a", "clerk_b", "owner"])
def test_only_the_unit_replies_and_only_the_office_reviews(client, role):
    users, finding, hand_off, draft = _world()
    client.force_login(users[role])
    r = client.post(reverse("observers:handoff_reply", args=[hand_off.pk]), {"reply_text": "已整改"})
    assert r.status_code == (302 if role == "clerk_a" else 403)
    hand_off.refresh_from_db()
    if role != "clerk_a":
        handoff_reply(hand_off=hand_off, by=users["clerk_a"], text="已整改")
    r = client.post(reverse("observers:handoff_review", args=[hand_off.pk]), {"decision": "accept"})
    assert r.status_code == (302 if role == "office" else 403)


def test_observer_name_and_phone_masked_for_units(client):
    users, finding, hand_off, draft = _world()
    name = finding.report.observer.name
    client.force_login(users["clerk_a"])
    body = client.get(reverse("observers:handoff_detail", args=[hand_off.pk])).content.decode()
    assert name not in body and name[0] + "*" in body
    observer = finding.report.observer
    client.force_login(observer.user)
    body = client.get(reverse("observers:observer_detail", args=[observer.pk])).content.decode()
    assert "138****5678" in body and "13812345678" not in body
    client.force_login(users["office"])
    assert (
        "13812345678" in client.get(reverse("observers:observer_detail", args=[observer.pk])).content.decode()
    )


def test_public_sees_only_published(client):
    users, finding, hand_off, draft = _world()
    assert finding.description not in client.get(reverse("observers:public_findings")).content.decode()
    client.force_login(users["office"])
    client.post(reverse("observers:finding_publish", args=[finding.pk]), {"published": "1"})
    client.logout()
    body = client.get(reverse("observers:public_findings")).content.decode()
    assert finding.description in body and finding.report.observer.name not in body


def test_office_hand_off_through_the_view(client):
    boss = office()
    finding = FindingFactory()
    unit = county()
    client.force_login(boss)
    r = client.post(
        reverse("observers:handoff_issue", args=[finding.pk]),
        {"kind": "tip", "unit": unit.pk, "deadline": "2000-01-01"},
    )
    assert r.status_code == 400 and "整改时限不能早于今天。" in r.content.decode()
    r = client.post(
        reverse("observers:handoff_issue", args=[finding.pk]),
        {"kind": "tip", "unit": unit.pk, "deadline": soon().isoformat(), "number": "提示〔2024〕1号"},
    )
    assert r.status_code == 302
    assert HandOff.objects.get().unit == unit


def test_overdue_panel_and_list(client):
    users, finding, hand_off, draft = _world()
    HandOff.objects.filter(pk=hand_off.pk).update(deadline=timezone.localdate() - timedelta(days=2))
    client.force_login(users["office"])
    body = client.get(reverse("home")).content.decode()
    assert "1 件交办问题已逾期未反馈" in body
    body = client.get(reverse("observers:handoff_list") + "?overdue=1").content.decode()
    assert "逾期" in body and finding.description[:10] in body


def test_lists_have_fixed_query_counts(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    boss = office()
    client.force_login(boss)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    urls = [
        reverse(n)
        for n in (
            "observers:finding_list",
            "observers:handoff_list",
            "observers:duty",
            "observers:roster",
            "observers:report_list",
        )
    ] + [reverse("home")]
    unit = county()
    handoff_issue(finding=FindingFactory(), by=boss, kind="tip", unit=unit, deadline=soon())
    [count(u) for u in urls]  # warm caches (content types, site settings) before measuring
    small = [count(u) for u in urls]
    for _ in range(6):
        f = FindingFactory()
        handoff_issue(finding=f, by=boss, kind="tip", unit=unit, deadline=soon())
    large = [count(u) for u in urls]
    assert large == small


def test_certificate_pages(client):
    observer = ObserverFactory(name="张三")
    client.force_login(observer.user)
    body = client.get(reverse("observers:certificate", args=[observer.pk])).content.decode()
    assert "聘 书" in body and "张三" in body
    pdf = client.get(reverse("observers:certificate_pdf", args=[observer.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = ObserverFactory()
    assert client.get(reverse("observers:certificate", args=[other.pk])).status_code == 404
