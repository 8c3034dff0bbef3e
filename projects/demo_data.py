"""Demo data from the seeds, loaded through the set-up importers from the workbooks in projects/demo/workbooks/:
Shaoyang's organisations, the demo accounts, a demo 湖南省 2024 programme (four 省定 items the cities' plans link to), the 2024 city programme (seed 003), the Shaodong 2023 plan (seed 004) and
a demo Shaodong 2024 plan whose 省定/市定 items are linked to the city's (上级计划指标), each with its 任务分解表. Idempotent: a workbook the database already matches is not imported again.

What the workbooks do not hold stays here: the administrator (a workbook never creates one), the demo password, the
programmes' titles and source documents, and the is_demo marks."""

from __future__ import annotations

from pathlib import Path

from minsheng.accounts.lookup import REGION_KINDS, OrgIndex
from minsheng.accounts.models import Organisation, Role, User
from minsheng.common.demo import upsert, workbook_load

from .models import Indicator, IndicatorTarget, Matter, Programme, Project

WORKBOOKS = Path(__file__).resolve().parent / "demo" / "workbooks"
DEMO_PASSWORD = "Minsheng#2024"
# The city itself as a reporting unit (e.g. 市级应急广播建设), listed beside the counties.
CITY_SELF = "市本级"
CITY_OFFICE = "邵阳市实施民生可感行动工作专班办公室"
STAFF_ROLES = (Role.ADMIN, Role.OFFICE)

# workbook stem, implementing region, programme title and source; values_are_demo: the seed prints no annual
# targets for most 2024 items, so its targets and 任务分解表 are demo derivations (explained in each 备注), while the
# Shaodong plan prints every target itself.
PROGRAMMES = [
    # 湖南省's 2024 plan is a DEMO addition (no seed; the names of four of 2024's 省定十大 from seed 003, invented
    # province-wide targets): it holds no 任务分解表 of its own — 邵阳市's and 宁川市's matching indicators name it in
    # 上级计划指标, so the province's dashboard and 各市（州）汇总 sum their counties' rows, entered once.
    ("hunan_2024", 2024, "湖南省", {
        "name": "重点民生实事", "issuing_authority": "湖南省人力资源和社会保障厅",
        "source_document": "湖南省 2024 年重点民生实事（演示数据：全省目标为虚构，各市县任务在市（州）计划中分解和填报）"},
     True),
    ("shaoyang_2024", 2024, "邵阳市", {
        "name": "民生可感行动", "issuing_authority": "邵阳市人力资源和社会保障局",
        "source_document": "关于全市 1-9 月实施民生可感行动工作推进情况的通报"}, True),
    ("shaodong_2023", 2023, "邵东市", {
        "name": "重点民生实事", "issuing_authority": "邵东市人力资源和社会保障局",
        "source_document": "关于印发《2023年全市重点民生实事项目实施意见》的通知"}, False),
    # 邵东市's 2024 plan is a DEMO addition (no seed): its 省定 and 邵阳市定 items name 邵阳市's indicators in the
    # 上级计划指标 column, so 邵东市 reports them once on 邵阳市's rows; its two 县定 items have their own rows.
    ("shaodong_2024", 2024, "邵东市", {
        "name": "重点民生实事", "issuing_authority": "邵东市人力资源和社会保障局",
        "source_document": "邵东市 2024 年重点民生实事（演示数据：省定、邵阳市定指标在邵阳市计划中填报）"}, True),
    # 宁川市 is INVENTED (nothing from a seed): a second city beside 邵阳市, each office seeing only its own subtree.
    ("ningchuan_2024", 2024, "宁川市", {
        "name": "重点民生实事", "issuing_authority": "宁川市人力资源和社会保障局",
        "source_document": "宁川市 2024 年重点民生实事实施方案（演示数据，虚构）"}, True),
]  # fmt: skip


def demo_accounts_ready(logins: list[str], *, signs_in: set[str]) -> None:
    """Accounts a demo workbook has just created: marked as demo; those in `signs_in` get the demo password (no
    forced change), the others cannot sign in."""
    for user in User.objects.filter(username__in=logins):
        if user.username in signs_in:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.must_change_password = False
        user.is_demo = True
        user.is_staff = user.role in STAFF_ROLES
        user.save(update_fields=["password", "must_change_password", "is_demo", "is_staff"])


def load_organisations() -> bool:
    """The tree (湖南省 > 邵阳市 > counties and 市本级, departments and offices, 邵东市's own) from its workbook."""
    changed = workbook_load(WORKBOOKS / "organisations.xlsx") is not None
    province = Organisation.objects.get(kind=Organisation.Kind.PROVINCE, name="湖南省")
    ids = [o.pk for o in OrgIndex().subtree(province.pk)]
    return bool(Organisation.objects.filter(pk__in=ids, is_demo=False).update(is_demo=True)) or changed


def load_users() -> bool:
    """The administrator, then one demo account per role from the users workbook (the observer comes with the
    roster, observers.demo_data); a password is set only when an account is first created."""
    changed = False
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User(username="admin", is_demo=True, is_staff=True, is_superuser=True)
        admin.set_password(DEMO_PASSWORD)
        changed = True
    office = Organisation.objects.get(name=CITY_OFFICE)
    if changed or (admin.real_name, admin.role, admin.organisation_id) != (
        "系统管理员",
        Role.ADMIN,
        office.pk,
    ):
        admin.real_name, admin.role, admin.organisation = "系统管理员", Role.ADMIN, office
        admin.email = "admin@demo.minsheng.local"
        admin.save()
        changed = True
    result = workbook_load(WORKBOOKS / "users.xlsx", passwords_replaced=True)
    if result is not None:
        logins = [row["登录名"] for row in result.sheet or []]
        demo_accounts_ready(logins, signs_in=set(logins))
        changed = True
    return changed


def load_programme(stem: str, year: int, region: str, meta: dict, values_are_demo: bool) -> bool:
    """One programme and its 任务分解表 from their workbooks, then its title, source and demo marks."""
    changed = workbook_load(WORKBOOKS / f"{stem}_programme.xlsx") is not None
    targets = WORKBOOKS / f"{stem}_targets.xlsx"
    if targets.exists():  # the province's plan has none: its counties' rows are in the cities' plans
        changed |= workbook_load(targets) is not None
    programme, c = upsert(
        Programme,
        {"year": year, "organisation": Organisation.objects.get(name=region, kind__in=REGION_KINDS)},
        {**meta, "is_public": True, "is_demo": True},
    )
    changed |= c
    # .update(): marks, not edits a person made (no history rows); only rows not yet marked, so a second run writes
    # nothing.
    for qs, flag in [
        (Matter.objects.filter(programme=programme), True),
        (Project.objects.filter(matter__programme=programme), True),
        (Indicator.objects.filter(project__matter__programme=programme), values_are_demo),
        (IndicatorTarget.objects.filter(indicator__project__matter__programme=programme), values_are_demo),
    ]:
        changed |= bool(qs.exclude(is_demo=flag).update(is_demo=flag))
    return changed


def load(*, stdout=None) -> bool:
    """Load organisations, demo accounts, the province's demo programme, both seed programmes and the invented second
    city (宁川市); upper programmes first, as their 上级计划指标 need."""
    changed = load_organisations()
    changed |= load_users()
    for args in PROGRAMMES:
        changed |= load_programme(*args)
    return changed
