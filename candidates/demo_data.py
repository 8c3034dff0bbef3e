"""Demo data of the screening and the vote. 北塔区 (seed 001): 15 suggestions → 10 candidates → 5 chosen by
the deputies (2023 年 4 月, 城乡供水提质改造 among them); the other project names are invented for the demo
(is_demo). Plus 邵阳市 candidates for 2025 at each stage. Idempotent: a second run writes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from minsheng.accounts.models import Organisation, Role, User
from minsheng.common.demo import upsert

from . import programme, review, services, voting
from .models import (
    ApprovalDecision,
    ApprovalKind,
    Candidate,
    CandidateStage,
    CandidateYearTarget,
    OpinionSource,
    ScreeningRound,
)

DEMO_PASSWORD = "Minsheng#2024"  # noqa: S105 - the documented demo password
DEPUTIES = [
    (f"deputy{i:02d}", name)
    for i, name in enumerate(
        ["刘建国", "陈秀英", "王志强", "李红梅", "张伟", "赵丽", "周海波", "吴桂兰"], start=1
    )
]

# 10 candidates of 北塔区 2023 (seed 001 names 城乡供水提质改造; the others are demo), with 赞成 counts
# for 9 deputies (each ballot at most 5 赞成: the counts add up to 45).
BEITA_CANDIDATES = [
    ("城乡供水提质改造", "北塔区水利局", 9, "改造城乡供水管网", 30, "公里"),
    ("老旧小区加装电梯", "北塔区住房和城乡建设局", 8, "加装电梯", 20, "台"),
    ("农村公路提质改造", "北塔区交通运输局", 7, "提质改造农村公路", 25, "公里"),
    ("社区居家养老服务站建设", "北塔区民政局", 7, "新建社区养老服务站", 6, "个"),
    ("中小学校园安全提升", "北塔区教育局", 6, "完成校园安防改造", 12, "所"),
    ("城区停车泊位增设", "北塔区住房和城乡建设局", 3, "新增停车泊位", 800, "个"),
    ("农贸市场标准化改造", "北塔区市场监督管理局", 2, "改造农贸市场", 3, "个"),
    ("全民健身路径建设", "北塔区文旅广体局", 2, "新建健身路径", 10, "条"),
    ("背街小巷照明改造", "北塔区城市管理局", 1, "改造路灯", 500, "盏"),
    ("公共厕所新建改建", "北塔区城市管理局", 0, "新建改建公厕", 8, "座"),
]
# 5 further suggestions merged into similar candidates during 审核论证 (15 → 10).
BEITA_MERGED = [
    ("江北片区供水管网改造", 0),
    ("老旧小区适老化改造", 1),
    ("通村公路窄路加宽", 2),
    ("助老食堂建设", 3),
    ("校园周边交通安全设施", 4),
]


def _deputies(district: Organisation) -> list[User]:
    """北塔区's deputies (the demo account and eight more): a district's deputies vote on its own candidates."""
    users = [User.objects.get(username="deputy")]
    for username, real_name in DEPUTIES:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                real_name=real_name,
                role=Role.DEPUTY,
                organisation=district,
                is_demo=True,
                email=f"{username}@demo.minsheng.local",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        elif user.organisation_id != district.pk:
            user.organisation = district
            user.save(update_fields=["organisation"])
        users.append(user)
    return users


def _unit(parent: Organisation, name: str) -> Organisation:
    unit, _ = upsert(
        Organisation,
        {"name": name, "parent": parent},
        {"kind": Organisation.Kind.DEPARTMENT, "is_demo": True},
    )
    return unit


def _ballots(for_counts: list[int], n_voters: int, seats: int) -> list[list[bool]]:
    """Spread the 赞成 counts over the ballots, at most `seats` per ballot (largest remaining first)."""
    left = list(for_counts)
    ballots = []
    for _ in range(n_voters):
        order = sorted(range(len(left)), key=lambda i: (-left[i], i))
        picks = {i for i in order[:seats] if left[i] > 0}
        for i in picks:
            left[i] -= 1
        ballots.append([i in picks for i in range(len(left))])
    return ballots


def _beita(office: User, deputies: list[User], beita: Organisation) -> None:
    rnd, _ = upsert(
        ScreeningRound,
        {"organisation": beita, "year": 2023},
        {"name": "区级民生实事候选项目产生", "is_demo": True},
    )
    rnd.work_group.set([office])
    cands = []
    for name, unit_name, _n, target, quantity, unit in BEITA_CANDIDATES:
        c = services.candidate_create(
            round=rnd,
            name=name,
            by=office,
            responsible_unit=_unit(beita, unit_name),
            content=f"{name}（演示数据）",
            investment=Decimal("300"),
            funding_source="区级财政预算",
            deadline=datetime.date(2023, 12, 31),
            not_major_project=True,
            not_policy_adjustment=True,
            not_routine_work=True,
            comment="民生实事项目建议清单（线上+线下征集）",
        )
        Candidate.objects.filter(pk=c.pk).update(is_demo=True)
        CandidateYearTarget.objects.create(
            candidate=c, year=2023, description=target, quantity=quantity, unit=unit
        )
        cands.append(c)
    for name, into in BEITA_MERGED:
        m = services.candidate_create(round=rnd, name=name, by=office, comment="民生实事项目建议清单")
        services.candidate_merge(target=cands[into], sources=[m], by=office, comment="内容相似，归并")
    for c in cands:
        for stage in (CandidateStage.DECLARED, CandidateStage.REVIEW):
            services.candidate_transition(candidate=c, to_stage=stage, by=office)
        review.score_submit(
            candidate=c,
            member=office,
            necessity=5,
            feasibility=4,
            funding=4,
            performance=4,
            comment="现场调研、代表座谈",
        )
        services.candidate_budget_confirm(candidate=c, by=office, note="已纳入 2023 年区级财政预算")
        services.candidate_transition(candidate=c, to_stage=CandidateStage.CONSULTATION, by=office)
        op = review.opinion_add(
            candidate=c,
            by=office,
            source=OpinionSource.DEPUTY,
            source_name="刘建国",
            content="群众期盼，建议列入",
        )
        review.opinion_respond(opinion=op, by=office, response="已采纳")
        services.candidate_transition(candidate=c, to_stage=CandidateStage.CONFIRMED, by=office)
    for i, kind in enumerate(ApprovalKind):
        review.approval_record(
            round=rnd,
            kind=kind,
            held_on=datetime.date(2023, 3, 1 + 7 * i),
            decision=ApprovalDecision.APPROVED,
            by=office,
            note="演示数据",
        )
    session = voting.session_create(
        round=rnd,
        title="北塔区 2023 年重点民生实事项目票决",
        seats=5,
        roster=deputies,
        candidates=cands,
        by=office,
        is_demo=True,
    )
    voting.session_open(session=session, by=office)
    for deputy, ballot in zip(
        deputies, _ballots([x[2] for x in BEITA_CANDIDATES], len(deputies), 5), strict=True
    ):
        marks = {c.pk: ("for" if yes else "against") for c, yes in zip(cands, ballot, strict=True)}
        voting.ballot_cast(session=session, deputy=deputy, marks=marks)
    voting.session_close(session=session, by=office)
    programme.programme_adopt_chosen(round=rnd, by=office)


def _city_2025(office: User, city: Organisation) -> None:
    rnd, _ = upsert(
        ScreeningRound,
        {"organisation": city, "year": 2025},
        {"name": "市级民生实事候选项目产生", "is_demo": True},
    )
    rnd.work_group.set([office])
    education = Organisation.objects.filter(name="邵阳市教育局", parent=city).first()
    civil = Organisation.objects.filter(name="邵阳市民政局", parent=city).first() or education
    base = {
        "investment": Decimal("800"),
        "funding_source": "市级财政预算",
        "deadline": datetime.date(2025, 12, 31),
        "not_major_project": True,
        "not_policy_adjustment": True,
        "not_routine_work": True,
    }
    services.candidate_create(round=rnd, name="城区公办幼儿园扩容", by=office, comment="12345 热线常态化收集")
    services.candidate_create(
        round=rnd,
        name="中小学课后服务提质",
        by=office,
        responsible_unit=education,
        stage=CandidateStage.DECLARED,
        content="课后服务覆盖全部义务教育学校",
        comment="市教育局申报",
    )
    reviewed = services.candidate_create(
        round=rnd,
        name="城乡居家养老服务提升",
        by=office,
        responsible_unit=civil,
        content="新建社区养老服务站 20 个",
        **base,
    )
    for stage in (CandidateStage.DECLARED, CandidateStage.REVIEW):
        services.candidate_transition(candidate=reviewed, to_stage=stage, by=office)
    review.score_submit(
        candidate=reviewed, member=office, necessity=5, feasibility=4, funding=3, performance=4
    )
    multi = services.candidate_create(
        round=rnd,
        name="农村供水保障工程",
        by=office,
        responsible_unit=civil,
        content="三年完成农村供水保障",
        is_multi_year=True,
        end_year=2027,
        **base,
    )
    for year, qty in ((2025, 30), (2026, 40), (2027, 30)):
        CandidateYearTarget.objects.create(
            candidate=multi, year=year, description="新建改造供水工程", quantity=qty, unit="处"
        )
    for stage in (CandidateStage.DECLARED, CandidateStage.REVIEW):
        services.candidate_transition(candidate=multi, to_stage=stage, by=office)
    review.score_submit(candidate=multi, member=office, necessity=4, feasibility=4, funding=4, performance=4)
    services.candidate_budget_confirm(candidate=multi, by=office, note="纳入 2025 年市级预算")
    services.candidate_transition(candidate=multi, to_stage=CandidateStage.CONSULTATION, by=office)
    review.opinion_add(
        candidate=multi,
        by=office,
        source=OpinionSource.CPPCC,
        source_name="市政协",
        content="建议明确各年度建设任务",
    )
    Candidate.objects.filter(round=rnd).update(is_demo=True)


def load(*, stdout=None) -> bool:
    """The 北塔区 2023 vote (closed, results in its programme) and 邵阳市 2025 candidates at several stages."""
    office = User.objects.filter(username="office").first()
    beita = Organisation.objects.filter(name="北塔区", kind=Organisation.Kind.COUNTY).first()
    if office is None or beita is None:
        return False
    city = beita.parent
    changed = False
    deputies = _deputies(beita)
    if not ScreeningRound.objects.filter(organisation=beita, year=2023, sessions__state="closed").exists():
        _beita(office, deputies, beita)
        changed = True
    if not ScreeningRound.objects.filter(organisation=city, year=2025).exists():
        _city_2025(office, city)
        changed = True
    if stdout is not None and changed:
        stdout.write("候选项目与票决：北塔区 2023 年票决（10 选 5）、邵阳市 2025 年备选项目")
    return changed
