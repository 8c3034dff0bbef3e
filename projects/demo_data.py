"""Demo data from the seeds: Shaoyang's organisations, the 2024 city programme (seed 003), the
Shaodong 2023 plan (seed 004) and one demo account per role. Idempotent (see common.demo.upsert)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from minsheng.accounts.models import Organisation, Role, User
from minsheng.common.demo import set_m2m, upsert

from .demo import ningchuan, shaodong_2023, shaoyang_2024
from .demo import organisations as orgdata
from .models import Indicator, IndicatorTarget, Matter, Programme, Project

DEMO_PASSWORD = "Minsheng#2024"
# The city itself as a reporting unit (e.g. 市级应急广播建设), listed beside the counties.
CITY_SELF = orgdata.CITY_SELF
# Each level has its own 专班 office.
COUNTY_OFFICE_SUFFIX = "实施民生可感行动工作专班办公室"

# username, real name, role, organisation name, parent name of that organisation (None = under the city)
DEMO_USERS = [
    ("admin", "系统管理员", Role.ADMIN, orgdata.CITY_OFFICE["name"], None),
    ("office", "专班办公室演示账户", Role.OFFICE, orgdata.CITY_OFFICE["name"], None),
    ("county_dongkou", "洞口县专班演示账户", Role.COUNTY, "洞口县", None),
    ("county_shaodong", "邵东市专班演示账户", Role.COUNTY, "邵东市", None),
    # 邵东市 runs its own 2023 plan with its own 专班办公室 (seed 004): its office acts for 邵东市 only.
    ("office_shaodong", "邵东市专班办公室演示账户", Role.OFFICE, orgdata.SHAODONG_OFFICE["name"], "SHAODONG"),
    ("dept_education", "市教育局演示账户", Role.DEPARTMENT, "市教育局", None),
    ("observer", "观察员演示账户", Role.OBSERVER, orgdata.CITY["name"], "PARENT"),
    # A 北塔区 deputy: the demo's vote is 北塔区's (seed 001), and deputies vote on their own level's candidates.
    ("deputy", "人大代表演示账户", Role.DEPUTY, "北塔区", None),
]


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def load_organisations() -> dict[str, dict[str, Organisation]]:
    """The tree: 湖南省 > 邵阳市 > counties (+ 市本级), the city's departments and office, Shaodong's own."""
    province, _ = upsert(
        Organisation,
        {"name": orgdata.PROVINCE["name"], "parent": None},
        {"kind": Organisation.Kind.PROVINCE, "code": orgdata.PROVINCE["code"], "is_demo": True},
    )
    city, _ = upsert(
        Organisation,
        {"name": orgdata.CITY["name"], "parent": province},
        {"kind": Organisation.Kind.CITY, "code": orgdata.CITY["code"], "is_demo": True},
    )
    counties = {}
    upsert(
        Organisation,
        {"name": CITY_SELF, "parent": city},
        {"kind": Organisation.Kind.COUNTY, "code": None, "sort_order": 0, "is_demo": True},
    )
    counties[CITY_SELF] = Organisation.objects.get(name=CITY_SELF, parent=city)
    for order, (name, code) in enumerate(orgdata.COUNTIES, start=1):
        counties[name], _ = upsert(
            Organisation,
            {"name": name, "parent": city},
            {"kind": Organisation.Kind.COUNTY, "code": code, "sort_order": order, "is_demo": True},
        )
        if name != "邵东市":  # 邵东市's own office is named in its 2023 plan (below)
            upsert(
                Organisation,
                {"name": f"{name}{COUNTY_OFFICE_SUFFIX}", "parent": counties[name]},
                {"kind": Organisation.Kind.OFFICE, "sort_order": 0, "is_demo": True},
            )
    units = {"": {city.name: city}}
    city_units = {}
    office, _ = upsert(
        Organisation,
        {"name": orgdata.CITY_OFFICE["name"], "parent": city},
        {"kind": Organisation.Kind.OFFICE, "sort_order": 0, "is_demo": True},
    )
    city_units[office.name] = office
    for order, name in enumerate(
        _unique([orgdata.CITY_OFFICE["host"].removeprefix("邵阳"), *orgdata.CITY_DEPARTMENTS]), 1
    ):
        city_units[name], _ = upsert(
            Organisation,
            {"name": name, "parent": city},
            {"kind": Organisation.Kind.DEPARTMENT, "sort_order": order, "is_demo": True},
        )
    shaodong = counties["邵东市"]
    sd_units = {}
    sd_office, _ = upsert(
        Organisation,
        {"name": orgdata.SHAODONG_OFFICE["name"], "parent": shaodong},
        {"kind": Organisation.Kind.OFFICE, "sort_order": 0, "is_demo": True},
    )
    sd_units[sd_office.name] = sd_office
    for order, name in enumerate(_unique(orgdata.SHAODONG_DEPARTMENTS), 1):
        sd_units[name], _ = upsert(
            Organisation,
            {"name": name, "parent": shaodong},
            {"kind": Organisation.Kind.DEPARTMENT, "sort_order": order, "is_demo": True},
        )
    units.update(
        {
            "city": city_units,
            "shaodong": sd_units,
            "counties": counties,
            "root": {"province": province, "city": city},
        }
    )
    return units


def _unique(names):
    seen = []
    for n in names:
        if n not in seen:
            seen.append(n)
    return seen


def load_users(units) -> None:
    """One demo account per role; a password is set only when the account is first created."""
    city = units["root"]["city"]
    for username, real_name, role, org_name, parent in DEMO_USERS:
        if parent == "PARENT":
            org = city
        elif parent == "SHAODONG":
            org = units["shaodong"][org_name]
        elif org_name in units["counties"]:
            org = units["counties"][org_name]
        else:
            org = units["city"][org_name]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                real_name=real_name,
                role=role,
                organisation=org,
                is_demo=True,
                is_staff=role in (Role.ADMIN, Role.OFFICE),
                is_superuser=role == Role.ADMIN,
                email=f"{username}@demo.minsheng.local",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        else:
            upsert(
                User,
                {"pk": user.pk},
                {
                    "real_name": real_name,
                    "role": role,
                    "organisation": org,
                    "is_staff": role in (Role.ADMIN, Role.OFFICE),
                },
            )


def load_programme(
    data: dict, *, owner: Organisation, units: dict[str, Organisation], counties, aliases=None
) -> bool:
    """Create or refresh one programme from a seed transcription; True when anything changed."""
    aliases = aliases or {}

    def unit(name):
        if not name:
            return None
        name = aliases.get(name, name)
        if name not in units:
            raise KeyError(f"种子数据中的单位“{name}”不在单位名单中")
        return units[name]

    changed_any = False
    programme, changed = upsert(
        Programme,
        {"year": data["year"], "organisation": owner},
        {
            "name": data["name"],
            "office": unit(data.get("office")),
            "issuing_authority": data.get("issuing_authority", ""),
            "source_document": data.get("source_document", ""),
            "is_public": True,
            "is_demo": True,
        },
    )
    changed_any |= changed
    by_key: dict[tuple, Indicator] = {}
    pending_links = []
    for m in data["matters"]:
        matter, changed = upsert(
            Matter,
            {"programme": programme, "level": m["level"], "seq": m["seq"]},
            {
                "name": m["name"],
                "description": m.get("description", ""),
                "domain": m.get("domain", ""),
                "lead_unit": unit(m.get("lead")),
                "is_demo": True,
            },
        )
        changed_any |= changed | set_m2m(
            matter.responsible_units, [unit(n) for n in m.get("responsible", [])]
        )
        for p in m["projects"]:
            project, changed = upsert(
                Project,
                {"matter": matter, "seq": p["seq"]},
                {
                    "name": p["name"],
                    "description": p.get("description", ""),
                    "domain": p.get("domain") or m.get("domain", ""),
                    "lead_unit": unit(p.get("lead") or m.get("lead")),
                    "is_demo": True,
                },
            )
            changed_any |= changed | set_m2m(
                project.responsible_units,
                [unit(n) for n in (p.get("responsible") or m.get("responsible", []))],
            )
            for i in p["indicators"]:
                indicator, changed = upsert(
                    Indicator,
                    {"project": project, "seq": i["seq"]},
                    {
                        "name": i["name"],
                        "unit": i.get("unit", ""),
                        "kind": i.get("kind", "quantity"),
                        "target": _dec(i.get("target")),
                        "target_text": i.get("target_text", ""),
                        "due_date": date.fromisoformat(i["due_date"]) if i.get("due_date") else None,
                        "lead_unit": unit(i.get("lead") or p.get("lead") or m.get("lead")),
                        "is_demo": bool(i.get("is_demo")),
                        "is_continuing": bool(i.get("is_continuing")),
                        "counted_as_tracked": bool(i.get("counted_as_tracked")),
                        "note": i.get("note", "")[:300],
                    },
                )
                changed_any |= changed
                by_key[(m["level"], m["seq"], p["seq"], i["seq"])] = indicator
                if i.get("tracked_by"):
                    pending_links.append((indicator, tuple(i["tracked_by"])))
                for county_name, target in (i.get("county_targets") or {}).items():
                    _, changed = upsert(
                        IndicatorTarget,
                        {"indicator": indicator, "county": counties[county_name]},
                        {"target": _dec(target), "is_demo": bool(i.get("county_targets_demo"))},
                    )
                    changed_any |= changed
    for indicator, key in pending_links:
        _, changed = upsert(Indicator, {"pk": indicator.pk}, {"tracked_by": by_key[key]})
        changed_any |= changed
    return changed_any


def load_second_city(province: Organisation) -> bool:
    """The invented 宁川市 (projects/demo/ningchuan.py): its counties, office, departments, office
    account and programme, beside 邵阳市 under the same province."""
    city, changed = upsert(
        Organisation,
        {"name": ningchuan.CITY["name"], "parent": province},
        {"kind": Organisation.Kind.CITY, "code": ningchuan.CITY["code"], "sort_order": 2, "is_demo": True},
    )
    counties = {}
    for order, name in enumerate(ningchuan.COUNTIES, start=1):
        counties[name], c = upsert(
            Organisation,
            {"name": name, "parent": city},
            {"kind": Organisation.Kind.COUNTY, "sort_order": order, "is_demo": True},
        )
        changed |= c
    units = {}
    units[ningchuan.OFFICE["name"]], c = upsert(
        Organisation,
        {"name": ningchuan.OFFICE["name"], "parent": city},
        {"kind": Organisation.Kind.OFFICE, "sort_order": 0, "is_demo": True},
    )
    changed |= c
    for order, name in enumerate(ningchuan.DEPARTMENTS, start=1):
        units[name], c = upsert(
            Organisation,
            {"name": name, "parent": city},
            {"kind": Organisation.Kind.DEPARTMENT, "sort_order": order, "is_demo": True},
        )
        changed |= c
    province_office, c = upsert(
        Organisation,
        {"name": ningchuan.PROVINCE_OFFICE["name"], "parent": province},
        {"kind": Organisation.Kind.OFFICE, "sort_order": 0, "is_demo": True},
    )
    changed |= c
    for (username, real_name), unit in (
        (ningchuan.OFFICE_USER, units[ningchuan.OFFICE["name"]]),
        (ningchuan.PROVINCE_OFFICE_USER, province_office),
    ):
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            real_name=real_name,
            role=Role.OFFICE,
            organisation=unit,
            is_demo=True,
            is_staff=True,
            email=f"{username}@demo.minsheng.local",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        changed = True
    changed |= load_programme(ningchuan.PROGRAMME, owner=city, units=units, counties=counties)
    return changed


def load(*, stdout=None) -> bool:
    """Load organisations, demo accounts, both seed programmes and the invented second city."""
    units = load_organisations()
    load_users(units)
    counties = units["counties"]
    changed = load_programme(
        shaoyang_2024.PROGRAMME, owner=units["root"]["city"], units=units["city"], counties=counties
    )
    changed |= load_programme(
        shaodong_2023.PROGRAMME,
        owner=counties["邵东市"],
        units=units["shaodong"],
        counties=counties,
        aliases=getattr(orgdata, "SHAODONG_ALIASES", {}),
    )
    changed |= load_second_city(units["root"]["province"])
    return changed
