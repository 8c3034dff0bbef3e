"""Home page per role, the public programme pages and the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from minsheng.accounts.models import User
from projects.models import Programme
from tests.factories import IndicatorFactory, IndicatorTargetFactory, ProjectFactory


@pytest.mark.django_db
def test_home_for_a_citizen_shows_campaigns_and_programmes(client, demo):
    body = client.get(reverse("home")).content.decode()
    assert "项目征集" in body and "常态化征集（演示）" in body
    assert "邵阳市 2024 年民生可感行动" in body and "邵东市 2023 年重点民生实事" in body
    assert "承担的指标任务" not in body  # no staff queue for the public


@pytest.mark.django_db
def test_home_for_a_county_clerk_shows_their_queue(client, county_user):
    client.force_login(county_user)
    body = client.get(reverse("home")).content.decode()
    assert "洞口县 · 承担的指标任务" in body
    assert "农村公路提质改造" in body


@pytest.mark.django_db
def test_home_for_department_and_office(client, demo):
    client.force_login(User.objects.get(username="dept_education"))
    assert "邵阳市教育局 · 牵头的指标" in client.get(reverse("home")).content.decode()
    client.force_login(User.objects.get(username="office"))
    body = client.get(reverse("home")).content.decode()
    assert "任务分解表核对" in body and "任务分解表合计一致" in body


@pytest.mark.django_db
def test_programme_detail_shows_levels(client, demo):
    p = Programme.objects.get(year=2024, organisation__name="邵阳市")
    body = client.get(reverse("projects:programme_detail", args=[p.pk])).content.decode()
    assert "省定重点民生实事（10 件）" in body and "市定重点民生实事（10 件）" in body
    assert "推进教育高质量发展" in body


@pytest.mark.django_db
def test_private_programme_is_not_public(client, demo):
    p = Programme.objects.get(year=2024, organisation__name="邵阳市")
    p.is_public = False
    p.save()
    assert client.get(reverse("projects:programme_detail", args=[p.pk])).status_code == 404


@pytest.mark.django_db
def test_programme_detail_query_count_does_not_grow(client, django_assert_max_num_queries):
    project = ProjectFactory()
    programme = project.matter.programme
    for _ in range(3):
        IndicatorTargetFactory(indicator=IndicatorFactory(project=project))
    url = reverse("projects:programme_detail", args=[programme.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(3):
        p2 = ProjectFactory(matter=project.matter)
        for _ in range(4):
            IndicatorTargetFactory(indicator=IndicatorFactory(project=p2))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_every_admin_changelist_and_add_page_renders(client, demo):
    from django.test import RequestFactory

    superuser = User.objects.get(username="admin")
    client.force_login(superuser)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, info
        if model_admin.has_add_permission(request):  # audit and history rows are read-only on purpose
            assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, info


@pytest.mark.django_db
def test_admin_shows_seed_programmes_in_chinese(client, demo):
    client.force_login(User.objects.get(username="admin"))
    body = client.get(reverse("admin:projects_programme_changelist")).content.decode()
    assert "年度实事计划" in body and "邵阳市 2024 年民生可感行动" in body
    body = client.get(reverse("admin:projects_indicator_changelist")).content.decode()
    assert "县市区目标合计" in body


@pytest.mark.django_db
def test_home_for_a_deputy_shows_their_votes(client, demo):
    from candidates.models import SessionState, VoterRecord, VotingSession
    from tests.candidates.factories import RoundFactory

    deputy = User.objects.get(username="deputy")
    session = VotingSession.objects.create(
        round=RoundFactory(), title="2026 年民生实事项目票决", seats=5, state=SessionState.OPEN
    )
    session.roster.add(deputy)
    VotingSession.objects.create(round=session.round, title="别人的票决", seats=5, state=SessionState.OPEN)
    client.force_login(deputy)
    body = client.get(reverse("home")).content.decode()
    assert "人大代表 · 待办" in body and "2026 年民生实事项目票决" in body and "去投票" in body
    assert "别人的票决" not in body
    VoterRecord.objects.create(session=session, deputy=deputy, channel="electronic")
    body = client.get(reverse("home")).content.decode()
    assert "已投票" in body and "去投票" not in body
