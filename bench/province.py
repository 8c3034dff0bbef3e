"""Province-scale synthetic data for the benchmarks and the soak: 14 cities, ~122 counties, 60 indicators with
12 months of figures, 200,000 proposals, 500 observers with 20,000 field reports (sizes can be shrunk). Each
city has its own 专班办公室 (an office unit and the account bench_office_cityNN) and its own programme of the
year (20 indicators decomposed to its counties, 12 months of figures); a few counties have their own office
(bench_office_countyNN) and a small programme of their own (issue 20 §5).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/minsheng_bench_province \\
        .venv/bin/python bench/province.py [--fresh] [--small]

The database is created by the project's PostgreSQL backend (UTF-8, C.UTF-8), migrated, and filled in one
transaction with COPY (PostgreSQL) or bulk_create (SQLite). Idempotent: the sizes are recorded as the
database's comment; a second run with the same sizes does nothing, other sizes (or --fresh) drop and
recreate the database. Every account's password is BENCH_PASSWORD; settings: minsheng.settings.test.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from _common import django_setup, insert_many, loadavg  # noqa: E402 - bench/ is this script's folder

BENCH_PASSWORD = "Minsheng#2024"  # noqa: S105 - synthetic benchmark accounts on 127.0.0.1
YEAR = 2025  # a complete year of figures
OPEN_YEAR = 2027  # the open campaign that the public form (wrk, soak) writes into
PROVINCE = "基准省"
ROLE_USERS = ("bench_office", "bench_admin", "bench_county", "bench_county_b", "bench_dept", "bench_observer",
              "bench_deputy", "bench_office_city01", "bench_office_county01")
CITY_OFFICE = "bench_office_city01"  # 基准01市's office: its city 通报 in the soak, its pages in bench_province


@dataclass(frozen=True)
class Sizes:
    cities: int = 14
    counties: int = 122
    indicators: int = 60
    months: int = 12
    proposals: int = 200_000
    observers: int = 500
    reports: int = 20_000
    city_indicators: int = 20  # each city's own programme
    county_offices: int = 3  # counties with their own office and programme
    county_indicators: int = 5
    version: int = 3  # bump when the generator changes: the database is rebuilt

    @classmethod
    def small(cls) -> Sizes:
        return cls(cities=3, counties=12, indicators=12, months=12, proposals=3_000, observers=20, reports=400,
                   city_indicators=6, county_offices=1, county_indicators=3)

    def tag(self) -> str:
        return "minsheng-bench-province " + json.dumps(asdict(self), sort_keys=True)


# --- database -----------------------------------------------------------------------------------

def ensure_database(sizes: Sizes, *, fresh: bool = False, stdout=sys.stdout) -> bool:
    """Create (or drop and recreate) the bench database when needed; True when it must be filled."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return True  # SQLite in memory: always empty
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cur:
        cur.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cur.fetchone()
        if row is not None and row[0] == sizes.tag() and not fresh:
            print(f"# {name}: 已有同规模数据，跳过生成", file=stdout)
            return False
        qn = connection.ops.quote_name(name)
        if row is not None:
            print(f"# {name}: 删除后重建", file=stdout)
            cur.execute(f"DROP DATABASE {qn} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {qn} {connection.creation.sql_table_creation_suffix()}")
    connection.close()
    return True


def mark_database(sizes: Sizes) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name(connection.settings_dict["NAME"])
        with connection.cursor() as cur:
            cur.execute(f"COMMENT ON DATABASE {qn} IS %s", [sizes.tag()])


# --- the data --------------------------------------------------------------------------------------

PLACES = ["村道", "社区", "城区", "乡镇", "学校", "医院", "公园", "菜市场", "小区", "河道", "车站", "老街"]
THINGS = ["路灯", "公厕", "停车场", "养老助餐点", "课后服务", "卫生室", "污水管网", "健身器材", "垃圾分类",
          "饮水工程", "监控探头", "人行道", "电梯", "图书室", "充电桩", "防汛设施"]
ACTIONS = ["安装", "新建", "改造", "提质", "扩容", "增设", "修缮", "完善"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def build(sizes: Sizes, *, stdout=sys.stdout) -> dict:
    """Fill an empty, migrated database with the province (one transaction); returns a summary."""
    from django.db import transaction

    t0 = time.perf_counter()
    with transaction.atomic():
        summary = _build(sizes, stdout=stdout)
    mark_database(sizes)
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    return summary


def _step(stdout, t0: float, what: str) -> None:
    print(f"#   {time.perf_counter() - t0:6.1f} s  {what}", file=stdout, flush=True)


def _build(sizes: Sizes, *, stdout) -> dict:  # noqa: C901, PLR0915 - one linear script
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from minsheng.accounts.models import Organisation, Role, User
    from observers.models import FieldReport, Observer, ObserverGroup
    from observers.models.reports import VisitKind
    from observers.models.roster import GroupField, ObserverCategory
    from progress.models import Figure, FigureState, ReportingPeriod, default_deadline
    from projects.models import Domain, Indicator, IndicatorTarget, Level, Matter, Programme, Project
    from proposals.models import Campaign, Channel, Proposal, State

    rng = random.Random(20251231)  # noqa: S311 - reproducible synthetic data
    t0 = time.perf_counter()
    now = timezone.now()
    tz = timezone.get_current_timezone()
    Kind = Organisation.Kind

    # Organisations: province > cities > counties; departments under the province.
    province = Organisation.objects.create(name=PROVINCE, kind=Kind.PROVINCE, code="BENCH-P")
    Organisation.objects.bulk_create([
        Organisation(name=f"基准{i + 1:02d}市", kind=Kind.CITY, parent=province, sort_order=i)
        for i in range(sizes.cities)
    ])
    cities = list(Organisation.objects.filter(parent=province, kind=Kind.CITY).order_by("sort_order"))
    Organisation.objects.bulk_create([
        Organisation(name=f"{cities[i % sizes.cities].name}第{i // sizes.cities + 1}县", kind=Kind.COUNTY,
                     parent=cities[i % sizes.cities], sort_order=i)
        for i in range(sizes.counties)
    ])
    counties = list(Organisation.objects.filter(kind=Kind.COUNTY, parent__parent=province).order_by("sort_order"))
    depts = ["教育厅", "民政厅", "卫生健康委", "交通运输厅", "住房城乡建设厅", "人力资源社会保障厅", "农业农村厅",
             "生态环境厅", "水利厅", "文化和旅游厅"]
    Organisation.objects.bulk_create([
        Organisation(name=f"{PROVINCE}{d}", kind=Kind.DEPARTMENT, parent=province, sort_order=i)
        for i, d in enumerate(depts)
    ])
    departments = list(Organisation.objects.filter(parent=province, kind=Kind.DEPARTMENT).order_by("sort_order"))
    Organisation.objects.rebuild_paths()  # bulk_create skips save(): the office scope reads the paths
    _step(stdout, t0, f"{len(cities)} 市, {len(counties)} 县, {len(departments)} 个厅局")

    # Role accounts (one password for all; the test settings hash with MD5, so log-ins are cheap).
    pw = make_password(BENCH_PASSWORD)
    role_users = {
        "bench_office": (Role.OFFICE, province),
        "bench_admin": (Role.ADMIN, province),
        "bench_county": (Role.COUNTY, counties[0]),
        "bench_county_b": (Role.COUNTY, counties[1]),
        "bench_dept": (Role.DEPARTMENT, departments[0]),
        "bench_deputy": (Role.DEPUTY, cities[0]),
    }
    for username, (role, org) in role_users.items():
        User.objects.create(username=username, password=pw, role=role, organisation=org, real_name=username,
                            is_superuser=role == Role.ADMIN)

    # Programme: 10 matters × 6 projects × 1 indicator; a target per county; 12 reporting periods.
    programme = Programme.objects.create(year=YEAR, organisation=province, name="基准省重点民生实事")
    domains = [d.value for d in Domain]
    per_matter = 6
    indicators = []
    for m in range((sizes.indicators + per_matter - 1) // per_matter):
        matter = Matter.objects.create(programme=programme, level=Level.PROVINCE if m % 2 == 0 else Level.CITY,
                                       seq=m + 1, name=f"基准实事{m + 1}", domain=domains[m % len(domains)],
                                       lead_unit=departments[m % len(departments)])
        for p in range(min(per_matter, sizes.indicators - m * per_matter)):
            project = Project.objects.create(matter=matter, seq=p + 1, name=f"基准项目{m + 1}-{p + 1}",
                                             lead_unit=departments[(m + p) % len(departments)])
            kind = "percent" if p == 5 else "quantity"
            indicators.append(Indicator(project=project, seq=1, name=f"基准指标{m + 1}-{p + 1}", unit="个",
                                        kind=kind, target=Decimal(100) if kind == "percent"
                                        else Decimal(sizes.counties * 100)))
    Indicator.objects.bulk_create(indicators)
    indicators = list(Indicator.objects.filter(project__matter__programme=programme).order_by("pk"))
    insert_many(IndicatorTarget, [IndicatorTarget(indicator=i, county=c, target=Decimal(100))
                                  for i in indicators for c in counties])
    ReportingPeriod.objects.bulk_create([
        ReportingPeriod(programme=programme, month=m, deadline=default_deadline(YEAR, m),
                        state="closed" if m < sizes.months else "open")
        for m in range(1, 13)
    ])
    periods = {p.month: p for p in ReportingPeriod.objects.filter(programme=programme)}
    targets = list(IndicatorTarget.objects.filter(indicator__project__matter__programme=programme)
                   .order_by().values_list("pk", flat=True))
    figures = []
    for t in targets:
        pace = Decimal(rng.randint(60, 130)) / 100
        for m in range(1, sizes.months + 1):
            v = min(Decimal(100), (Decimal(100) * m / 12 * pace).quantize(Decimal("0.01")))
            at = default_deadline(YEAR, m) - timedelta(days=2)
            figures.append(Figure(target_id=t, period=periods[m], value=v, verified_value=v,
                                  narrative="按计划推进。" if m % 3 else "",
                                  state=FigureState.LOCKED if m < sizes.months else FigureState.VERIFIED,
                                  submitted_at=at, verified_at=at + timedelta(days=1)))
        if len(figures) >= 50_000:
            insert_many(Figure, figures)
            figures = []
    insert_many(Figure, figures)
    n_figures = Figure.objects.filter(period__programme=programme).count()
    _step(stdout, t0, f"{len(indicators)} 项指标, {len(targets)} 个县级目标, {n_figures} 条月度数据")

    # A second programme (next year) with the same targets and no figures: the xlsx import bench fills its
    # January inside a transaction that is rolled back.
    imp = Programme.objects.create(year=YEAR + 1, organisation=province, name="基准省导入计划")
    imp_matter = Matter.objects.create(programme=imp, level=Level.PROVINCE, seq=1, name="导入实事")
    imp_project = Project.objects.create(matter=imp_matter, seq=1, name="导入项目")
    Indicator.objects.bulk_create([Indicator(project=imp_project, seq=i + 1, name=f"导入指标{i + 1}", unit="个",
                                             kind="quantity", target=Decimal(sizes.counties * 100))
                                   for i in range(sizes.indicators)])
    insert_many(IndicatorTarget, [IndicatorTarget(indicator=i, county=c, target=Decimal(100))
                                  for i in Indicator.objects.filter(project=imp_project) for c in counties])
    ReportingPeriod.objects.bulk_create([ReportingPeriod(programme=imp, month=m, deadline=default_deadline(YEAR + 1, m))
                                         for m in range(1, 13)])

    # Every city runs its own 专班 office and programme; a few counties too (issue 20 §5). City 01's programme is
    # also the one whose 通报 the soak's city office generates through the web form (rendered by the worker).
    offices = _offices(sizes, cities, counties, pw, departments, rng)
    _step(stdout, t0, f"{offices['cities']} 个市级专班办公室及年度计划, {offices['counties']} 个县级专班办公室及年度计划, "
                      f"{offices['figures']} 条月度数据")

    # Proposals: one closed campaign per city for YEAR (the bulk), plus one open province campaign.
    start = datetime(YEAR - 1, 10, 20, 9, tzinfo=tz)
    for city in cities:
        Campaign.objects.create(organisation=city, year=YEAR, title=f"{city.name}{YEAR}年民生实事项目征集",
                                starts_at=start, ends_at=start + timedelta(days=31),
                                levels=["province", "city", "county"], channels=[c.value for c in Channel],
                                state="published")
    campaigns = list(Campaign.objects.filter(year=YEAR).order_by("pk"))
    Campaign.objects.create(organisation=province, year=OPEN_YEAR, title=f"{PROVINCE}{OPEN_YEAR}年民生实事项目征集（基准）",
                            starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=365),
                            levels=["province", "city", "county"], channels=[c.value for c in Channel],
                            state="published")
    states = [State.SUBMITTED] * 5 + [State.ACCEPTED] * 3 + [State.FORWARDED, State.DECLINED]
    levels = ["province", "city", "county"]
    channels = [c.value for c in Channel]
    batch = []
    for i in range(sizes.proposals):
        title = f"{rng.choice(PLACES)}{rng.choice(ACTIONS)}{rng.choice(THINGS)}{i % 97 or ''}"
        created = start + timedelta(seconds=rng.randint(0, 31 * 86400))
        batch.append(Proposal(
            campaign=campaigns[i % len(campaigns)], code=f"BP{i:08d}", channel=channels[i % 4], title=title,
            level=levels[i % 3], domain=domains[i % len(domains)] if i % 3 else "",
            domain_suggested=domains[(i * 7) % len(domains)],
            proposer_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            proposer_phone=f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}",
            suggested_unit=departments[i % len(departments)] if i % 2 else None,
            situation="群众反映强烈，现有设施不足。", content=f"{title}，方便群众出行和生活。",
            effect="惠及周边居民。", state=states[i % len(states)],
            unit=counties[i % len(counties)] if channels[i % 4] != Channel.PUBLIC else None,
            created_at=created, updated_at=created,
        ))
        if len(batch) >= 50_000:
            insert_many(Proposal, batch)
            batch = []
    insert_many(Proposal, batch)
    # One history row per proposal (已提交), written by the database.
    from proposals.models import ProposalEvent

    with connection.cursor() as cur:
        ev, pr = ProposalEvent._meta.db_table, Proposal._meta.db_table
        cur.execute(f"INSERT INTO {ev} (proposal_id, at, from_state, to_state, comment, public_note) "  # noqa: S608
                    f"SELECT id, created_at, '', 'submitted', '', '建议已提交。' FROM {pr}")
    n_proposals = Proposal.objects.count()
    _step(stdout, t0, f"{len(campaigns) + 1} 个征集活动, {n_proposals} 条建议（含历史记录）")

    # Observers: users + roster rows, split over groups; field reports through the year.
    groups = []
    for i, field in enumerate(GroupField):
        groups.append(ObserverGroup.objects.create(name=f"基准{field.label}组", field=field.value, sort_order=i))
    User.objects.bulk_create([
        User(username=f"bench_obs{i:04d}", password=pw, role=Role.OBSERVER, organisation=cities[i % len(cities)],
             real_name=f"观察员{i:04d}") for i in range(sizes.observers)
    ])
    obs_users = list(User.objects.filter(username__startswith="bench_obs").order_by("username"))
    obs_users[0].username = "bench_observer"
    obs_users[0].save(update_fields=["username"])
    cats = [c.value for c in ObserverCategory]
    Observer.objects.bulk_create([
        Observer(user=u, name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                 organisation=u.organisation, category=cats[i % len(cats)], work_unit="基准单位",
                 phone=f"139{i:08d}", appointed_on=date(YEAR, 1, 1), term_ends_on=date(YEAR + 2, 12, 31),
                 certificate_no=f"BENCH-{i:05d}", group=groups[i % len(groups)])
        for i, u in enumerate(obs_users)
    ])
    observers = list(Observer.objects.order_by("pk").values_list("pk", flat=True))
    projects = list(Project.objects.filter(matter__programme=programme).values_list("pk", flat=True))
    kinds = [k.value for k in VisitKind if k != VisitKind.WRITTEN]
    reports = []
    for i in range(sizes.reports):
        visited = date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 360))
        sub = datetime(visited.year, visited.month, visited.day, 18, tzinfo=tz)
        reports.append(FieldReport(observer_id=observers[i % len(observers)], project_id=rng.choice(projects),
                                   kind=kinds[i % len(kinds)], state="submitted", visited_on=visited,
                                   town=f"第{i % 30 + 1}镇", place=f"第{i % 50 + 1}村",
                                   content="现场察看，进度与报送基本一致。", suggestions="建议加快进度。",
                                   submitted_at=sub, created_at=sub, updated_at=sub))
    insert_many(FieldReport, reports)
    n_reports = FieldReport.objects.count()
    _step(stdout, t0, f"{len(observers)} 名观察员, {n_reports} 条观察信息")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return {"cities": len(cities), "counties": len(counties), "indicators": len(indicators),
            "targets": len(targets), "figures": n_figures, "proposals": n_proposals, "observers": len(observers),
            "reports": n_reports, "city_offices": offices["cities"], "county_offices": offices["counties"],
            "office_figures": offices["figures"]}


def city_office_username(i: int) -> str:
    """The office account of city i (0-based): bench_office_city01 …"""
    return f"bench_office_city{i + 1:02d}"


def county_office_username(i: int) -> str:
    """The office account of the i-th county with its own office (0-based): bench_office_county01 …"""
    return f"bench_office_county{i + 1:02d}"


def _programme(org, name: str, n_indicators: int, counties: list, lead_units: list, level: str) -> list:
    """A programme of YEAR for `org`: matters of 5 projects of one indicator each, a target of 100 per county;
    returns the targets (unsaved, for COPY)."""
    from projects.models import Indicator, IndicatorTarget, Matter, Programme, Project

    programme = Programme.objects.create(year=YEAR, organisation=org, name=name)
    per_matter = 5
    projects = []
    for mi in range((n_indicators + per_matter - 1) // per_matter):
        matter = Matter.objects.create(programme=programme, level=level, seq=mi + 1, name=f"{org.name}实事{mi + 1}",
                                       lead_unit=lead_units[mi % len(lead_units)])
        for pi in range(min(per_matter, n_indicators - mi * per_matter)):
            projects.append(Project.objects.create(matter=matter, seq=pi + 1, name=f"{org.name}项目{mi + 1}-{pi + 1}",
                                                   lead_unit=lead_units[(mi + pi) % len(lead_units)]))
    Indicator.objects.bulk_create([
        Indicator(project=p, seq=1, name=f"{p.name.replace('项目', '指标')}", unit="个", kind="quantity",
                  target=Decimal(len(counties) * 100))
        for p in projects
    ])
    return [IndicatorTarget(indicator=i, county=c, target=Decimal(100))
            for i in Indicator.objects.filter(project__matter__programme=programme).order_by("pk") for c in counties]


def _offices(sizes: Sizes, cities: list, counties: list, pw: str, departments: list, rng) -> dict:
    """Office units and accounts for every city and the first `county_offices` counties, each with its own
    programme (see _run_by_offices)."""
    from projects.models import Level

    units = [(city, city_office_username(i), Level.CITY, sizes.city_indicators,
              [c for c in counties if c.parent_id == city.pk]) for i, city in enumerate(cities)]
    units += [(county, county_office_username(i), Level.COUNTY, sizes.county_indicators, [county])
              for i, county in enumerate(counties[: sizes.county_offices])]
    n = _run_by_offices(units, sizes.months, pw, departments, rng)
    return {"cities": len(cities), "counties": min(sizes.county_offices, len(counties)), "figures": n}


def add_city(*, name: str, counties: int, indicators: int, months: int = 12) -> None:
    """One more city under the bench province with its counties, office, account and programme (the roll-up's
    constant-query check adds it inside a transaction that is rolled back)."""
    from minsheng.accounts.models import Organisation
    from projects.models import Level

    Kind = Organisation.Kind
    prov = Organisation.objects.get(name=PROVINCE, kind=Kind.PROVINCE)
    city = Organisation.objects.create(name=name, kind=Kind.CITY, parent=prov, sort_order=999)
    its = [Organisation.objects.create(name=f"{name}第{i + 1}县", kind=Kind.COUNTY, parent=city, sort_order=999)
           for i in range(counties)]
    departments = list(Organisation.objects.filter(parent=prov, kind=Kind.DEPARTMENT).order_by("sort_order"))
    _run_by_offices([(city, f"bench_office_{city.pk}", Level.CITY, indicators, its)], months, BENCH_PASSWORD,
                    departments, random.Random(city.pk))  # noqa: S311 - synthetic data


def _run_by_offices(units: list[tuple], months: int, pw: str, departments: list, rng) -> int:
    """For each (region, username, level, indicators, counties): an office unit under the region with an office
    account, and the region's own programme of YEAR with 12 periods (month `months` open) and figures: earlier
    months locked, the last one mostly verified, some submitted and not yet verified, some not reported (so the
    roll-ups count all three). Returns the number of figures."""
    from minsheng.accounts.models import Organisation, Role, User
    from progress.models import Figure, FigureState, ReportingPeriod, default_deadline
    from projects.models import IndicatorTarget, Programme

    Kind = Organisation.Kind
    Organisation.objects.bulk_create([
        Organisation(name=f"{org.name}重点民生实事工作专班办公室", kind=Kind.OFFICE, parent=org, sort_order=900)
        for org, *_ in units
    ])
    Organisation.objects.rebuild_paths()
    office_units = {o.parent_id: o for o in Organisation.objects.filter(kind=Kind.OFFICE,
                                                                     parent__in=[u[0] for u in units])}
    User.objects.bulk_create([
        User(username=username, password=pw, role=Role.OFFICE, organisation=office_units[org.pk], real_name=username,
             is_staff=True)
        for org, username, *_ in units
    ])
    targets = []
    for org, _, level, n, its_counties in units:
        targets += _programme(org, "重点民生实事", n, its_counties, departments, level)
    insert_many(IndicatorTarget, targets)
    programmes = list(Programme.objects.filter(year=YEAR, organisation__in=[u[0] for u in units]))
    ReportingPeriod.objects.bulk_create([
        ReportingPeriod(programme=p, month=m, deadline=default_deadline(YEAR, m),
                        state="closed" if m < months else "open")
        for p in programmes for m in range(1, 13)
    ])
    periods = {(p.programme_id, p.month): p.pk for p in ReportingPeriod.objects.filter(programme__in=programmes)}
    rows = (IndicatorTarget.objects.filter(indicator__project__matter__programme__in=programmes).order_by()
            .values_list("pk", "indicator__project__matter__programme_id"))
    figures = []
    for target_id, programme_id in rows:
        pace = Decimal(rng.randint(55, 130)) / 100
        for m in range(1, months + 1):
            last = m == months
            draw = rng.random() if last else 1.0
            if draw < 0.08:
                continue  # not reported yet this month
            v = min(Decimal(100), (Decimal(100) * m / 12 * pace).quantize(Decimal("0.01")))
            at = default_deadline(YEAR, m) - timedelta(days=2)
            submitted = last and draw < 0.2
            figures.append(Figure(
                target_id=target_id, period_id=periods[(programme_id, m)], value=v,
                verified_value=None if submitted else v, narrative="按计划推进。" if m % 3 else "",
                state=FigureState.SUBMITTED if submitted else FigureState.VERIFIED if last else FigureState.LOCKED,
                submitted_at=at, verified_at=None if submitted else at + timedelta(days=1)))
    insert_many(Figure, figures)
    return len(figures)


def ensure(sizes: Sizes, *, fresh: bool = False, stdout=sys.stdout) -> dict | None:
    """Create, migrate and fill the bench database unless it already holds these sizes."""
    from django.core.management import call_command

    if not ensure_database(sizes, fresh=fresh, stdout=stdout):
        # Already filled: apply the migrations added since (a bench database outlives the code that built it).
        call_command("migrate", verbosity=0, interactive=False)
        return None
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"# migrate {time.perf_counter() - t0:.1f} s", file=stdout, flush=True)
    return build(sizes, stdout=stdout)


def main(argv: list[str]) -> int:
    django_setup()
    sizes = Sizes.small() if "--small" in argv else Sizes()
    print(f"# load average {loadavg()}")
    summary = ensure(sizes, fresh="--fresh" in argv)
    if summary is not None:
        print(f"BENCH province_generate {summary['seconds']} s " +
              " ".join(f"{k}={v}" for k, v in summary.items() if k != "seconds") + f" load={loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
