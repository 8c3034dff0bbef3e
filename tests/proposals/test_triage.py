"""Triage: the transition table, history rows, merging, adopting, permissions and the list's query count."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from minsheng.accounts.models import Organisation
from minsheng.common.workflow import ERR_STALE
from proposals import services
from proposals.models import TRANSITIONS, Proposal, ProposalEvent, State
from proposals.selectors import campaign_unit_counts, proposals_visible_to
from tests.factories import CountyFactory, OrganisationFactory
from tests.proposals.factories import CampaignFactory, ProposalFactory, county_clerk, dept_user, office_user

pytestmark = pytest.mark.django_db


def test_transition_table_and_history():
    office = office_user()
    p = ProposalFactory()
    services.proposal_transition(proposal=p, to_state=State.ACCEPTED, actor=office, comment="内部", public_reply="已受理")
    dept = OrganisationFactory(kind=Organisation.Kind.DEPARTMENT)
    services.proposal_transition(proposal=p, to_state=State.FORWARDED, actor=office, departments=[dept])
    p.refresh_from_db()
    assert p.state == State.FORWARDED and list(p.forwarded_to.all()) == [dept]
    assert p.public_reply == "已受理"
    ev = list(p.events.values_list("from_state", "to_state"))
    assert ev == [(State.SUBMITTED, State.ACCEPTED), (State.ACCEPTED, State.FORWARDED)]
    assert ProposalEvent.objects.filter(proposal=p, comment="内部", actor=office).exists()


def test_forbidden_transition_refused():
    p = ProposalFactory()
    with pytest.raises(ValidationError, match="不能改为“未采纳”"):
        services.proposal_transition(proposal=p, to_state=State.DECLINED, actor=office_user())
    assert State.DECLINED not in TRANSITIONS[State.SUBMITTED]


def test_reject_needs_reason():
    p = ProposalFactory()
    with pytest.raises(ValidationError, match="不予受理必须填写理由"):
        services.proposal_transition(proposal=p, to_state=State.REJECTED, actor=office_user())
    p.refresh_from_db()
    assert p.state == State.SUBMITTED and not p.events.exists()
    services.proposal_transition(proposal=p, to_state=State.REJECTED, actor=office_user(), reason="属个别单位诉求")
    p.refresh_from_db()
    assert p.state == State.REJECTED and "属个别单位诉求" in p.public_reply


def test_forward_needs_units():
    p = ProposalFactory(state=State.ACCEPTED)
    with pytest.raises(ValidationError, match="至少选择一个承办单位"):
        services.proposal_transition(proposal=p, to_state=State.FORWARDED, actor=office_user())


def test_merge_keeps_all_originals_linked():
    campaign = CampaignFactory()
    a, b, c = (ProposalFactory(campaign=campaign, title=t) for t in ("安装路灯", "村道路灯", "路灯建设"))
    office = office_user()
    services.proposal_merge(primary=a, others=[b], actor=office)
    d = ProposalFactory(campaign=campaign)
    services.proposal_merge(primary=d, others=[a], actor=office)  # b follows a into d
    services.proposal_merge(primary=d, others=[c], actor=office)
    assert Proposal.objects.count() == 4
    d.refresh_from_db()
    assert set(d.merged_from.values_list("pk", flat=True)) == {a.pk, b.pk, c.pk}
    for x in (a, b, c):
        x.refresh_from_db()
        assert x.state == State.MERGED and x.merged_into_id == d.pk and x.title
    assert b.events.filter(to_state=State.MERGED).exists()


def test_merge_refuses_self_and_other_campaign():
    p = ProposalFactory()
    with pytest.raises(ValidationError, match="不能把建议归并到它自己"):
        services.proposal_merge(primary=p, others=[p], actor=office_user())
    with pytest.raises(ValidationError, match="同一征集活动"):
        services.proposal_merge(primary=p, others=[ProposalFactory()], actor=office_user())


def test_merge_view_and_detail_show_originals(client):
    campaign = CampaignFactory()
    a = ProposalFactory(campaign=campaign, title="农村道路安装路灯")
    b = ProposalFactory(campaign=campaign, title="村道路灯安装")
    client.force_login(office_user())
    r = client.get(reverse("proposals:detail", args=[a.pk]))
    assert "村道路灯安装" in r.content.decode()  # similar list
    r = client.post(reverse("proposals:merge", args=[a.pk]), {"others": [b.pk]})
    assert r.status_code == 302
    html = client.get(reverse("proposals:detail", args=[a.pk])).content.decode()
    assert "归并到本建议的原始建议" in html and b.code in html
    html = client.get(reverse("proposals:detail", args=[b.pk])).content.decode()
    assert "本建议已归并到" in html


def test_adopt_links_candidate():
    from candidates.services import candidate_create, round_create
    campaign = CampaignFactory()
    office = office_user()
    rnd = round_create(organisation=campaign.organisation, year=campaign.year, by=office)
    cand = candidate_create(round=rnd, name="农村路灯", by=office)
    p = ProposalFactory(campaign=campaign, state=State.ACCEPTED)
    services.proposal_adopt(proposals=[p], candidate=cand, actor=office)
    p.refresh_from_db()
    assert p.state == State.ADOPTED and p.candidate == cand
    assert list(cand.proposals.all()) == [p]
    with pytest.raises(ValidationError, match="采纳为备选请使用"):
        services.proposal_transition(proposal=ProposalFactory(state=State.ACCEPTED), to_state=State.ADOPTED, actor=office)


def test_adopt_view_creates_candidate(client):
    from candidates.services import round_create
    campaign = CampaignFactory()
    office = office_user()
    round_create(organisation=campaign.organisation, year=campaign.year, by=office)
    p = ProposalFactory(campaign=campaign, state=State.ACCEPTED, title="新建社区食堂")
    client.force_login(office)
    client.post(reverse("proposals:adopt", args=[p.pk]), {"candidate": "new"})
    p.refresh_from_db()
    assert p.state == State.ADOPTED and p.candidate.name == "新建社区食堂"


@pytest.mark.parametrize("state", [State.SUBMITTED, State.DECLINED])
def test_refused_new_candidate_adoption_leaves_no_candidate(client, state):
    """采纳为备选（新建） on a proposal that may not be adopted: the refusal is shown and no orphan 备选项目 is left."""
    from candidates.models import Candidate, StageChange
    from candidates.services import round_create
    campaign = CampaignFactory()
    office = office_user()
    round_create(organisation=campaign.organisation, year=campaign.year, by=office)
    p = ProposalFactory(campaign=campaign, state=state, title="新建社区食堂")
    client.force_login(office)
    r = client.post(reverse("proposals:adopt", args=[p.pk]), {"candidate": "new"}, follow=True)
    expected = services.ERR_TRANSITION.format(src=State(state).label, dst=State.ADOPTED.label)
    assert expected in [m.message for m in r.context["messages"]]
    assert not Candidate.objects.exists() and not StageChange.objects.exists()
    p.refresh_from_db()
    assert p.state == state and p.candidate is None


def test_adopt_as_new_is_one_transaction():
    from candidates.models import Candidate
    from candidates.services import round_create
    campaign = CampaignFactory()
    office = office_user()
    p = ProposalFactory(campaign=campaign, state=State.ACCEPTED)
    with pytest.raises(ValidationError) as exc:
        services.proposal_adopt_as_new(proposal=p, actor=office)
    assert exc.value.messages == [services.ERR_NO_ROUND]
    round_create(organisation=campaign.organisation, year=campaign.year, by=office)
    stale = Proposal.objects.get(pk=p.pk)
    services.proposal_transition(proposal=p, to_state=State.DECLINED, actor=office)
    with pytest.raises(ValidationError) as exc:
        services.proposal_adopt_as_new(proposal=stale, actor=office)
    assert exc.value.messages == [ERR_STALE.format(current="未采纳")]
    assert not Candidate.objects.exists()
    candidate = services.proposal_adopt_as_new(proposal=ProposalFactory(campaign=campaign, state=State.ACCEPTED,
                                                                        title="农村路灯"), actor=office)
    assert candidate.name == "农村路灯" and candidate.proposals.get().state == State.ADOPTED


# --- permissions -----------------------------------------------------------------------------

@pytest.fixture
def two_counties():
    a, b = CountyFactory(), CountyFactory()
    campaign = CampaignFactory()
    pa = ProposalFactory(campaign=campaign, unit=a, proposer_phone="13912345678", proposer_name="李四")
    pb = ProposalFactory(campaign=campaign, unit=b)
    return a, b, pa, pb


def test_county_clerk_sees_only_own_unit(client, two_counties):
    a, b, pa, pb = two_counties
    clerk = county_clerk(a)
    assert list(proposals_visible_to(clerk)) == [pa]
    client.force_login(clerk)
    html = client.get(reverse("proposals:manage")).content.decode()
    assert pa.title in html and pb.title not in html
    assert "139****5678" in html and "13912345678" not in html and "李*" in html
    assert client.get(reverse("proposals:detail", args=[pb.pk])).status_code == 404
    assert client.get(reverse("proposals:edit", args=[pb.pk])).status_code == 404
    assert client.post(reverse("proposals:transition", args=[pa.pk]), {"to_state": "accepted"}).status_code == 403
    assert client.post(reverse("proposals:merge", args=[pa.pk]), {"others": [pb.pk]}).status_code == 403
    r = client.get(reverse("proposals:export", args=[pa.campaign_id]))  # own unit only, masked
    import io

    import openpyxl
    cells = [v for ws in openpyxl.load_workbook(io.BytesIO(r.content)).worksheets
             for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "李* 139****5678" in cells and pa.title in cells and pb.title not in cells
    assert client.get(reverse("proposals:units", args=[pa.campaign_id])).status_code == 403


def test_county_clerk_edits_own_until_accepted(client, two_counties):
    a, b, pa, pb = two_counties
    clerk = county_clerk(a)
    client.force_login(clerk)
    # The proposer's name and phone are not in a clerk's form: shown masked, kept as they are.
    html = client.get(reverse("proposals:edit", args=[pa.pk])).content.decode()
    assert "139****5678" in html and "13912345678" not in html and "李四" not in html and "李*" in html
    r = client.post(reverse("proposals:edit", args=[pa.pk]), {"title": "改过的名称", "level": "city", "content": "新内容",
                                                               "suggested_unit_text": "x", "proposer_phone": "13800000000"})
    assert r.status_code == 302
    pa.refresh_from_db()
    assert pa.title == "改过的名称" and pa.proposer_phone == "13912345678" and pa.proposer_name == "李四"
    client.force_login(office_user())
    html = client.get(reverse("proposals:edit", args=[pa.pk])).content.decode()
    assert 'value="13912345678"' in html
    client.force_login(clerk)
    services.proposal_transition(proposal=pa, to_state=State.ACCEPTED, actor=office_user())
    assert client.get(reverse("proposals:edit", args=[pa.pk])).status_code == 403


def test_department_sees_forwarded(client, two_counties):
    a, b, pa, pb = two_counties
    user = dept_user()
    assert not proposals_visible_to(user).exists()
    services.proposal_transition(proposal=pb, to_state=State.ACCEPTED, actor=office_user())
    services.proposal_transition(proposal=pb, to_state=State.FORWARDED, actor=office_user(),
                                 departments=[user.organisation])
    assert list(proposals_visible_to(user)) == [pb]
    client.force_login(user)
    assert client.get(reverse("proposals:detail", args=[pb.pk])).status_code == 200
    assert client.get(reverse("proposals:edit", args=[pb.pk])).status_code == 403


def test_office_sees_full_phone(client, two_counties):
    a, b, pa, pb = two_counties
    client.force_login(office_user())
    html = client.get(reverse("proposals:manage")).content.decode()
    assert "13912345678" in html and pb.title in html


def test_anonymous_redirected_to_login(client, two_counties):
    r = client.get(reverse("proposals:manage"))
    assert r.status_code == 302 and "login" in r["Location"]


def test_attachment_view_is_permission_checked(client, two_counties):
    from django.core.files.base import ContentFile

    from proposals.models import ProposalAttachment
    a, b, pa, pb = two_counties
    att = ProposalAttachment(proposal=pb, original_name="x.pdf", mime="application/pdf", size=10)
    att.file.save("x.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    client.force_login(county_clerk(a))
    assert client.get(reverse("proposals:attachment", args=[att.pk])).status_code == 404
    client.force_login(county_clerk(b))
    r = client.get(reverse("proposals:attachment", args=[att.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    campaign = CampaignFactory()
    office = office_user()
    client.force_login(office)
    ProposalFactory.create_batch(3, campaign=campaign, unit=CountyFactory())
    # 14 before issue 20, +2 constant: the office's scope root and its office's name for the header.
    with django_assert_max_num_queries(16) as small:
        client.get(reverse("proposals:manage"))
    county = CountyFactory()
    for p in ProposalFactory.create_batch(40, campaign=campaign, unit=county):
        services.proposal_transition(proposal=p, to_state=State.ACCEPTED, actor=office)
    with django_assert_max_num_queries(len(small.captured_queries)):
        r = client.get(reverse("proposals:manage"), {"campaign": campaign.pk, "state": "accepted"})
    assert r.status_code == 200


def test_filters(client):
    campaign = CampaignFactory()
    county = CountyFactory()
    ProposalFactory(campaign=campaign, unit=county, title="学校食堂", domain="education")
    ProposalFactory(campaign=campaign, title="村道路灯", level="province")
    client.force_login(office_user())
    html = client.get(reverse("proposals:manage"), {"domain": "education"}).content.decode()
    assert "学校食堂" in html and "村道路灯" not in html
    html = client.get(reverse("proposals:manage"), {"level": "province"}).content.decode()
    assert "学校食堂" not in html and "村道路灯" in html
    html = client.get(reverse("proposals:manage"), {"unit": county.pk}).content.decode()
    assert "学校食堂" in html and "村道路灯" not in html
    html = client.get(reverse("proposals:manage"), {"q": "路灯"}).content.decode()
    assert "学校食堂" not in html and "村道路灯" in html


def test_units_below_minimum(client):
    campaign = CampaignFactory(min_per_unit=2)
    city = campaign.organisation
    c1 = Organisation.objects.create(name="甲县", kind=Organisation.Kind.COUNTY, parent=city)
    c2 = Organisation.objects.create(name="乙县", kind=Organisation.Kind.COUNTY, parent=city)
    ProposalFactory.create_batch(2, campaign=campaign, unit=c1)
    ProposalFactory(campaign=campaign, unit=c2)
    rows = {r.unit.name: r for r in campaign_unit_counts(campaign=campaign)}
    assert not rows["甲县"].below and rows["乙县"].below and rows["乙县"].count == 1
    client.force_login(office_user())
    html = client.get(reverse("proposals:units", args=[campaign.pk])).content.decode()
    assert "个单位未达最低报送数" in html and "乙县" in html


def test_staff_entry_by_county(client):
    campaign = CampaignFactory()
    county = CountyFactory()
    client.force_login(county_clerk(county))
    r = client.post(reverse("proposals:create", args=[campaign.pk]), {
        "title": "乡镇卫生院改造", "level": "city", "content": "改造 3 所卫生院", "channel": "directed",
        "suggested_unit_text": "县卫健局", "proposer_phone": "",
    })
    assert r.status_code == 302, r.content.decode()[:2000]
    p = Proposal.objects.get()
    assert p.unit == county and p.domain_suggested == "health" and p.created_by is not None


def test_domain_suggested_from_text():
    from proposals.domains import domain_suggest
    assert domain_suggest(text="为社区老年人开设助餐点") == "elderly"
    assert domain_suggest(text="增加公交线路") == "transport"
    assert domain_suggest(text="无关内容") == ""
