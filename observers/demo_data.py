"""Demo data from seed 001: the city's first 33 observers (from projects/demo/workbooks/observers.xlsx) in 6 groups, cards, a few 2024 reports,
findings and hand-offs, and one 集中观察. Idempotent (minsheng.common.demo.upsert); all rows is_demo."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from minsheng.accounts.models import Organisation, User
from minsheng.common.demo import set_m2m, upsert, workbook_load
from projects.demo_data import WORKBOOKS, demo_accounts_ready
from projects.models import Project

from .models import (
    CardItem,
    CardVersion,
    FieldReport,
    Finding,
    HandOff,
    InfoCard,
    Inspection,
    Observer,
    ObserverGroup,
    WorkflowEvent,
)

SH = ZoneInfo("Asia/Shanghai")
DEMO_MARK = "（演示）"

# Seed 001: 按照民生保障、城市建设、乡村振兴、生态环境、安全生产等工作领域 … 分为 6 个小组.
GROUPS = [
    ("民生保障组", "livelihood", ("relief", "social_security", "elderly", "employment")),
    ("城市建设组", "urban", ("housing", "transport")),
    ("乡村振兴组", "rural", ("rural",)),
    ("生态环境组", "ecology", ("environment",)),
    ("安全生产组", "safety", ("safety", "governance")),
    ("社会事业组", "social", ("education", "health", "culture")),
]

# The 33 observers (plausible names, not real people; the first is the demo log-in `observer`) come from the roster
# workbook, imported through the roster importer.
ROSTER = WORKBOOKS / "observers.xlsx"
CERTIFICATE_PREFIX = "邵民观聘〔2023〕"

CARDS = {
    "困难重度残疾人家庭无障碍改造": [
        ("改造对象是否为困难重度残疾人家庭", "yesno", ""),
        ("是否做到“一户一方案”", "yesno", ""),
        ("本次察看已改造户数", "number", "户"),
        ("改造前后对比照片", "photo", ""),
        ("受益群众满意度评价", "text", ""),
    ],
    "建设老年助餐服务点": [
        ("助餐点是否正常开放", "yesno", ""),
        ("每日就餐老人人数", "number", "人"),
        ("是否公示价格和补贴标准", "yesno", ""),
        ("就餐环境照片", "photo", ""),
    ],
    "实施特殊困难老年人家庭适老化改造": [
        ("是否安装扶手、防滑等设施", "yesno", ""),
        ("已改造户数", "number", "户"),
        ("老人意见", "text", ""),
    ],
}


def _project(name: str) -> Project | None:
    return Project.objects.filter(name=name, matter__programme__year=2024).first()


def load_groups() -> tuple[list[ObserverGroup], bool]:
    changed = False
    groups = []
    projects = list(
        Project.objects.filter(matter__programme__year=2024, matter__programme__organisation__kind="city")
    )
    for order, (name, field, domains) in enumerate(GROUPS, 1):
        group, c = upsert(
            ObserverGroup, {"name": name}, {"field": field, "sort_order": order, "is_demo": True}
        )
        changed |= c | set_m2m(group.projects, [p for p in projects if p.domain in domains])
        groups.append(group)
    return groups, changed


def load_observers() -> tuple[list[Observer], bool]:
    """The roster workbook through its importer; new accounts are demo accounts and only `observer` signs in."""
    result = workbook_load(ROSTER, passwords_replaced=True)
    changed = result is not None
    if changed:
        demo_accounts_ready([row["登录名"] for row in result.sheet or []], signs_in={"observer"})
    observers = list(
        Observer.objects.filter(certificate_no__startswith=CERTIFICATE_PREFIX).order_by("certificate_no")
    )
    changed |= bool(
        Observer.objects.filter(pk__in=[o.pk for o in observers], is_demo=False).update(is_demo=True)
    )
    return observers, changed


def load_cards(office_user) -> bool:
    changed = False
    for project_name, items in CARDS.items():
        project = _project(project_name)
        if project is None:
            continue
        card, c = upsert(
            InfoCard,
            {"project": project},
            {
                "title": f"{project_name}信息采集卡",
                "standard": "依据省定重点民生实事建设（验收）标准",
                "is_demo": True,
            },
        )
        changed |= c
        version, c = upsert(
            CardVersion, {"card": card, "number": 1}, {"created_by": office_user, "note": "首版"}
        )
        changed |= c
        for seq, (text, kind, unit) in enumerate(items, 1):
            _, c = upsert(
                CardItem, {"version": version, "seq": seq}, {"text": text, "kind": kind, "unit": unit}
            )
            changed |= c
    return changed


# (observer index, project, kind, visited, town, place, content, suggestion, residents, problems, submitted)
REPORTS = [
    (
        0,
        "困难重度残疾人家庭无障碍改造",
        "snapshot",
        date(2024, 5, 14),
        "高沙镇",
        "某村",
        "察看 3 户改造家庭，扶手、坡道已安装。",
        "建议改造后回访，听取残疾人意见。",
        "改造后出门方便多了。",
        ["1 户卫生间坡道坡度过大，轮椅通行困难"],
        datetime(2024, 5, 14, 17, 20, tzinfo=SH),
    ),
    (
        1,
        "建设老年助餐服务点",
        "survey",
        date(2024, 6, 9),
        "爱莲街道",
        "幸福社区",
        "助餐点正常开放，午餐 12 元，补贴后 6 元。",
        "建议延长开放时间，增加送餐服务。",
        "希望周末也能开。",
        ["价格和补贴标准未公示", "厨房消防设施配套不齐"],
        datetime(2024, 6, 9, 18, 5, tzinfo=SH),
    ),
    (
        2,
        "实施特殊困难老年人家庭适老化改造",
        "unannounced",
        date(2024, 7, 6),
        "石江镇",
        "某社区",
        "随机走访 2 户，改造已完成。",
        "建议建立改造台账并公开。",
        "",
        ["1 户防滑地砖尚未铺设，与公示进度不符"],
        datetime(2024, 7, 6, 20, 0, tzinfo=SH),
    ),
    (
        0,
        "建设老年助餐服务点",
        "note",
        date(2024, 8, 20),
        "黄桥镇",
        "",
        "",
        "建议助餐点增加无障碍通道。",
        "",
        [],
        datetime(2024, 8, 20, 9, 0, tzinfo=SH),
    ),
]


def load_reports(observers, office_user, counties) -> bool:
    changed = False
    findings = []
    for idx, pname, kind, visited, town, place, content, sugg, said, problems, submitted in REPORTS:
        project = _project(pname)
        if project is None:
            continue
        version = CardVersion.objects.filter(card__project=project, number=1).first()
        report, c = upsert(
            FieldReport,
            {"observer": observers[idx], "visited_on": visited, "kind": kind},
            {
                "project": project,
                "card_version": version,
                "town": town,
                "place": place,
                "content": content,
                "suggestions": sugg,
                "residents_said": said,
                "state": FieldReport.State.SUBMITTED,
                "submitted_at": submitted,
                "is_demo": True,
            },
        )
        changed |= c
        for seq, text in enumerate(problems, 1):
            finding, c = upsert(
                Finding, {"report": report, "seq": seq}, {"description": text, "is_demo": True}
            )
            changed |= c
            findings.append(finding)
    if len(findings) < 4:
        return changed
    # Hand-offs: one closed (洞口县), one overdue (邵东市), one replied and waiting (洞口县); one no action.
    plan = [
        (findings[0], "tip", counties["洞口县"], date(2024, 6, 10), "closed", "邵民生提〔2024〕3号"),
        (findings[1], "assign", counties["邵东市"], date(2024, 7, 10), "issued", "邵民生交〔2024〕5号"),
        (findings[3], "reminder", counties["洞口县"], date(2024, 8, 5), "replied", "邵民生醒〔2024〕2号"),
    ]
    for finding, kind, unit, deadline, state, number in plan:
        _, c = upsert(
            Finding,
            {"pk": finding.pk},
            {"state": Finding.State.HANDED_OFF, "category": "facility", "severity": "medium"},
        )
        changed |= c
        values = {
            "kind": kind,
            "unit": unit,
            "deadline": deadline,
            "number": number,
            "state": state,
            "issued_by": office_user,
            "is_demo": True,
            "instructions": "请核实情况，按期整改并反馈整改结果和佐证材料。",
        }
        if state in ("replied", "closed"):
            values.update(
                reply_text="已督促施工方整改到位，并回访了受益群众。",
                replied_at=datetime(deadline.year, deadline.month, deadline.day - 3, 10, tzinfo=SH),
            )
        if state == "closed":
            values["closed_at"] = datetime(deadline.year, deadline.month, deadline.day, 16, tzinfo=SH)
        hand_off, c = upsert(HandOff, {"finding": finding}, values)
        changed |= c
        # issued_at is auto_now_add: pin it to the story's date so period figures come out right.
        issued = finding.report.submitted_at.astimezone(SH).replace(hour=15) + timedelta(days=2)
        changed |= bool(
            HandOff.objects.filter(pk=hand_off.pk).exclude(issued_at=issued).update(issued_at=issued)
        )
        steps = (
            [("new", "handed_off"), ("", "issued")]
            + ([("issued", "replied")] if state in ("replied", "closed") else [])
            + ([("replied", "closed")] if state == "closed" else [])
        )
        for frm, to in steps:
            exists = WorkflowEvent.objects.filter(finding=finding, from_state=frm, to_state=to).exists()
            if not exists:
                WorkflowEvent.objects.create(
                    finding=finding,
                    hand_off=None if to == "handed_off" else hand_off,
                    actor=office_user,
                    from_state=frm,
                    to_state=to,
                    comment="演示数据",
                )
                changed = True
    _, c = upsert(
        Finding,
        {"pk": findings[2].pk},
        {
            "state": Finding.State.NO_ACTION,
            "category": "service",
            "severity": "low",
            "office_comment": "已在现场整改，无需交办。",
        },
    )
    changed |= c
    return changed


def load_inspection(observers) -> bool:
    inspection, changed = upsert(
        Inspection,
        {"title": "省市重点民生实事项目集中观察监督", "date": date(2024, 7, 5)},
        {
            "kind": "concentrated",
            "end_date": date(2024, 7, 7),
            "places": "新宁县、武冈市、洞口县、隆回县",
            "summary": "邀请 6 名民生实事观察员集中观察监督，为项目“把脉问诊开方”。",
            "is_demo": True,
        },
    )
    changed |= set_m2m(inspection.participants, observers[:6])
    names = ["困难重度残疾人家庭无障碍改造", "实施特殊困难老年人家庭适老化改造", "建设老年助餐服务点"]
    changed |= set_m2m(inspection.projects, [p for p in (_project(n) for n in names) if p])
    return changed


def load(*, stdout=None) -> bool:
    """Observers, groups, cards, reports, findings, hand-offs and one inspection (2024)."""
    city = Organisation.objects.filter(kind=Organisation.Kind.CITY, name="邵阳市").first()
    office_user = User.objects.filter(username="office").first()
    if city is None or office_user is None:
        return False
    counties = {o.name: o for o in Organisation.objects.filter(kind=Organisation.Kind.COUNTY, parent=city)}
    groups, changed = load_groups()
    observers, c = load_observers()
    changed |= c | load_cards(office_user)
    changed |= load_reports(observers, office_user, counties)
    changed |= load_inspection(observers)
    return changed
