"""Demo campaigns and proposals: the real 2024 solicitation of seed 000 (closed, triaged), the 2025 one whose
adopted proposals are linked to the 邵阳市 2025 candidates, and one open now."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from candidates.models import Candidate
from minsheng.accounts.models import Organisation, User
from minsheng.common.demo import upsert

from . import services
from .domains import domain_suggest
from .models import Campaign, Channel, Proposal, ProposalEvent, State

TZ = ZoneInfo("Asia/Shanghai")
SEED_ANNOUNCEMENT = (
    "为进一步提高重点民生实事项目决策工作的民主化、科学化水平，增强公众对重点民生实事项目的参与度，"
    "切实解决人民群众最关心、最直接、最现实的民生问题，向社会各界公开征集 2024 年省市重点民生实事项目。"
    "征集项目应与群众生产生活密切相关，一事一提；个别单位或个人要求解决的问题不作为重点民生实事项目。"
)

# (key, title, level, unit name or None for a citizen, proposer, phone, suggested unit, content, state, extra)
DEMO_2024 = [
    ("d24-1", "农村公路提质改造", "province", "洞口县", "洞口县交通运输局", "0739-7222001", "市交通运输局",
     "全县仍有部分通村公路路面窄、破损多，拟提质改造农村公路 120 公里，改善群众出行。", State.FORWARDED,
     {"forward": "市交通运输局"}),
    ("d24-2", "城区学校学位扩容", "city", "市教育局", "市教育局基础教育科", "0739-5330011", "市教育局",
     "城区义务教育学位紧张，拟新建、改扩建中小学 6 所，新增学位 5000 个。", State.FORWARDED, {"forward": "市教育局"}),
    ("d24-3", "社区居家养老服务中心建设", "city", "邵东市", "邵东市民政局", "0739-2710010", "市民政局",
     "为社区老年人提供助餐、日间照料服务，拟新建社区居家养老服务中心 20 个。", State.FORWARDED, {"forward": "市民政局"}),
    ("d24-4", "给我家门口修一条路", "city", None, "刘某某", "13800000101", "",
     "我家门口的入户路需要硬化。", State.REJECTED, {"reason": "属个人诉求，不作为重点民生实事项目。"}),
    ("d24-5", "两癌免费筛查扩面", "province", None, "陈某", "13800000102", "市卫生健康委",
     "扩大适龄妇女宫颈癌、乳腺癌免费筛查覆盖面。", State.DECLINED, {}),
]
# The 2025 solicitation (2024-10-20 → 2024-11-20): the proposals the 邵阳市 2025 candidates came from
# (candidates/demo_data.py). They go through the services: 受理, then 采纳 linked to the candidate
# (`adopt`), or 归并 into another proposal (`merge_into`).
DEMO_2025 = [
    ("d25-1", "城区公办幼儿园扩容", "city", None, "王某某", "13800000301", "市教育局",
     "12345 热线反映城区公办幼儿园学位紧张，建议新建、改扩建公办幼儿园，增加普惠性学位。", State.ADOPTED,
     {"adopt": "城区公办幼儿园扩容", "channel": Channel.ROUTINE}),
    ("d25-2", "中小学课后服务提质", "city", "市教育局", "市教育局基础教育科", "0739-5330013", "市教育局",
     "课后服务覆盖全部义务教育学校，丰富课后服务内容，解决家长接送难。", State.ADOPTED,
     {"adopt": "中小学课后服务提质"}),
    ("d25-3", "社区居家养老服务站建设", "city", "邵东市", "邵东市民政局", "0739-2710012", "市民政局",
     "为社区老年人提供助餐、日间照料服务，建议新建社区居家养老服务站 20 个。", State.ADOPTED,
     {"adopt": "城乡居家养老服务提升"}),
    ("d25-4", "农村供水保障工程", "province", "洞口县", "洞口县水利局", "0739-7222003", "",
     "部分村组供水不稳定、水质不达标，建议三年内新建改造农村供水工程，保障农村饮水安全。", State.ADOPTED,
     {"adopt": "农村供水保障工程"}),
    ("d25-5", "农村饮水安全巩固提升", "province", None, "赵某", "13800000302", "",
     "我们村夏天经常停水，建议改造农村供水管网，让村民喝上放心水。", State.MERGED, {"merge_into": "d25-4"}),
]
DEMO_OPEN = [
    ("dopen-1", "村道安装太阳能路灯", "city", None, "张建国", "13800000201", "市交通运输局",
     "不少村道夜间没有照明，老人孩子出行不安全，建议在主要村道安装太阳能路灯。", State.SUBMITTED, {}),
    ("dopen-2", "农村道路安装路灯", "city", None, "李秀英", "13800000202", "",
     "建议给农村主要道路安装路灯，方便群众夜间出行。", State.SUBMITTED, {}),
    ("dopen-3", "中小学课后延时服务全覆盖", "city", "市教育局", "市教育局", "0739-5330012", "市教育局",
     "推动全市中小学课后延时服务全覆盖，解决家长接送难。", State.ACCEPTED, {}),
    ("dopen-4", "老旧小区加装电梯", "city", "洞口县", "洞口县住建局", "0739-7222002", "",
     "对符合条件的老旧小区加装电梯，方便老年人上下楼。", State.SUBMITTED, {}),
    ("dopen-5", "社区老年助餐点", "city", "邵东市", "邵东市民政局", "0739-2710011", "市民政局",
     "在城区社区新建老年助餐点，为高龄、独居老人提供助餐服务。", State.SUBMITTED, {}),
]


def _units(city: Organisation) -> dict[str, Organisation]:
    """The city's own units by full name and by short name (市教育局 = 邵阳市教育局 here)."""
    units = {o.name: o for o in Organisation.objects.filter(parent=city)}
    return {o.short_name: o for o in units.values() if o.short_name} | units


def _load_proposals(campaign: Campaign, rows, units: dict[str, Organisation]) -> bool:
    changed = False
    for key, title, level, unit, name, phone, suggested, content, state, extra in rows:
        if "adopt" in extra or "merge_into" in extra:
            continue  # these go through the services in _load_triaged
        org = units.get(unit) if unit else None
        sugg = units.get(suggested) if suggested else None
        values = {
            "level": level, "unit": org, "proposer_name": name, "proposer_phone": phone, "suggested_unit": sugg,
            "suggested_unit_text": "" if sugg or not suggested else suggested, "content": content, "state": state,
            "channel": Channel.DIRECTED if org else Channel.PUBLIC, "remark": f"演示数据 {key}",
            "reject_reason": extra.get("reason", ""), "domain_suggested": domain_suggest(text=title + content),
            "is_demo": True, "created_at": campaign.starts_at + timedelta(days=len(key)),
            "public_reply": {State.ADOPTED: "您的建议已被采纳为备选项目，感谢您的参与。",
                             State.REJECTED: f"不予受理：{extra.get('reason', '')}",
                             State.DECLINED: "经研究，该建议暂未采纳，已转相关部门在日常工作中统筹考虑。"}.get(state, ""),
        }
        p, c = upsert(Proposal, {"campaign": campaign, "title": title}, values)
        changed |= c
        if c and not p.events.exists():
            ProposalEvent.objects.create(proposal=p, from_state="", to_state=State.SUBMITTED, at=p.created_at)
            if state != State.SUBMITTED:
                ProposalEvent.objects.create(proposal=p, from_state=State.SUBMITTED, to_state=state, at=p.created_at,
                                             public_note=values["public_reply"], comment="演示数据")
        if extra.get("forward") and not p.forwarded_to.exists():
            p.forwarded_to.add(units[extra["forward"]])
            changed = True
    return changed


def _load_triaged(campaign: Campaign, rows, units: dict[str, Organisation]) -> bool:
    """Rows adopted as a candidate or merged, moved by proposal_transition / proposal_adopt / proposal_merge.

    Only a row still 已提交 is moved, so a second run writes nothing. A row whose candidate does not exist
    (the projects demo was not loaded) stays 已受理.
    """
    office = User.objects.filter(username="office").first()
    changed = False
    by_key: dict[str, Proposal] = {}
    for key, title, level, unit, name, phone, suggested, content, _state, extra in rows:
        if not ("adopt" in extra or "merge_into" in extra):
            continue
        org = units.get(unit) if unit else None
        sugg = units.get(suggested) if suggested else None
        values = {
            "level": level, "unit": org, "proposer_name": name, "proposer_phone": phone, "suggested_unit": sugg,
            "suggested_unit_text": "" if sugg or not suggested else suggested, "content": content,
            "channel": extra.get("channel", Channel.DIRECTED if org else Channel.PUBLIC), "remark": f"演示数据 {key}",
            "domain_suggested": domain_suggest(text=title + content), "is_demo": True,
            "created_at": campaign.starts_at + timedelta(days=len(by_key) + 1),
        }
        p, c = upsert(Proposal, {"campaign": campaign, "title": title}, values)
        by_key[key] = p
        changed |= c
        if c and not p.events.exists():
            ProposalEvent.objects.create(proposal=p, from_state="", to_state=State.SUBMITTED, at=p.created_at,
                                         public_note="建议已提交。")
    for key, *_rest, extra in rows:
        p = by_key.get(key)
        if p is None or p.state != State.SUBMITTED or office is None:
            continue
        decided = campaign.ends_at + timedelta(days=10)
        if "merge_into" in extra:
            services.proposal_merge(primary=by_key[extra["merge_into"]], others=[p], actor=office,
                                    comment="与同类建议内容相近，归并处理（演示数据）")
        else:
            services.proposal_transition(proposal=p, to_state=State.ACCEPTED, actor=office, comment="演示数据")
            candidate = Candidate.objects.filter(round__organisation=campaign.organisation, round__year=campaign.year,
                                                 name=extra["adopt"]).first()
            if candidate is not None:
                services.proposal_adopt(proposals=[p], candidate=candidate, actor=office, comment="演示数据")
        # The services stamp their history rows "now"; date the demo's triage after the window closed.
        p.events.exclude(from_state="").update(at=decided)
        changed = True
    return changed


def load(*, stdout=None) -> bool:
    """The seed's campaign (2023-10-20 → 2023-11-20) and a demo campaign open now, each with proposals."""
    city = Organisation.objects.get(name="邵阳市", kind=Organisation.Kind.CITY)
    c2024, a = upsert(
        Campaign, {"organisation": city, "year": 2024, "title": "关于征集 2024 年省市重点民生实事项目的实施方案"},
        {"announcement": SEED_ANNOUNCEMENT, "starts_at": datetime(2023, 10, 20, tzinfo=TZ),
         "ends_at": datetime(2023, 11, 20, 12, 0, tzinfo=TZ), "levels": ["province", "city"],
         "channels": [c.value for c in Channel], "min_per_unit": 2, "state": Campaign.State.PUBLISHED, "is_demo": True},
    )
    year = timezone.localdate().year
    copen, b = upsert(
        Campaign, {"organisation": city, "year": year + 1, "title": f"{year + 1} 年省市重点民生实事项目常态化征集（演示）"},
        {"announcement": SEED_ANNOUNCEMENT.replace("2024", str(year + 1)), "starts_at": datetime(year, 1, 1, tzinfo=TZ),
         "ends_at": datetime(year + 1, 1, 1, tzinfo=TZ), "levels": ["province", "city"],
         "channels": [c.value for c in Channel], "min_per_unit": 2, "state": Campaign.State.PUBLISHED, "is_demo": True},
    )
    c2025, e = upsert(
        Campaign, {"organisation": city, "year": 2025, "title": "关于征集 2025 年省市重点民生实事项目的实施方案"},
        {"announcement": SEED_ANNOUNCEMENT.replace("2024", "2025"), "starts_at": datetime(2024, 10, 20, tzinfo=TZ),
         "ends_at": datetime(2024, 11, 20, 12, 0, tzinfo=TZ), "levels": ["province", "city"],
         "channels": [c.value for c in Channel], "min_per_unit": 2, "state": Campaign.State.PUBLISHED, "is_demo": True},
    )
    units = _units(city)
    c = _load_proposals(c2024, DEMO_2024, units)
    d = _load_proposals(copen, DEMO_OPEN, units)
    f = _load_proposals(c2025, DEMO_2025, units)
    g = _load_triaged(c2025, DEMO_2025, units)
    return a or b or c or d or e or f or g
