"""Read-side queries of the observers app. Every list goes through a *_visible_to(user) queryset."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import is_observer, is_office, office_scope_q, unit_ids_of
from projects.models import Matter, Programme, Project

from .duty import DutyStatus, duty_compliance, is_written_report
from .models import FieldReport, Finding, HandOff, Inspection, Observer, ObserverGroup

OPEN_HANDOFF_STATES = (HandOff.State.ISSUED, HandOff.State.RETURNED)


def observer_for(user) -> Observer | None:
    """The observer profile of a signed-in user, or None."""
    if not (user and user.is_authenticated):
        return None
    return Observer.objects.select_related("group", "organisation").filter(user=user).first()


def observers_visible_to(user) -> QuerySet[Observer]:
    """The office sees the whole roster; an observer sees only their own profile."""
    qs = Observer.objects.select_related("group", "organisation", "user")
    if not (user and user.is_authenticated):
        return qs.none()
    if is_office(user):
        return qs.filter(office_scope_q(user, "organisation"))
    return qs.filter(user=user)


def groups_visible_to(user) -> QuerySet[ObserverGroup]:
    """小组管理 is the office's: every group with its member and project counts; nobody else sees any."""
    qs = ObserverGroup.objects.annotate(
        member_count=Count("members", distinct=True),
        active_count=Count("members", filter=Q(members__status=Observer.Status.ACTIVE), distinct=True),
        project_count=Count("projects", distinct=True),
    ).order_by("sort_order", "id")
    if not is_office(user):
        return qs.none()
    scope = office_scope_q(user, "organisation")
    if not scope:  # full scope
        return qs
    # A group is an office's when its members or its projects are in the office's subtree (or it is empty).
    members = Observer.objects.filter(scope, group=OuterRef("pk"))
    projects = Project.objects.filter(
        office_scope_q(user, "matter__programme__organisation"), observer_groups=OuterRef("pk")
    )
    return qs.filter(Exists(members) | Exists(projects) | Q(member_count=0, project_count=0))


def group_candidates(*, group: ObserverGroup, user=None) -> QuerySet[Observer]:
    """Observers who may be put into a group: not already in it and not ended (others are moved); for an
    office user only the observers appointed in its subtree."""
    return (
        Observer.objects.filter(office_scope_q(user, "organisation") if user is not None else Q())
        .select_related("group")
        .exclude(group=group)
        .exclude(status=Observer.Status.ENDED)
        .order_by("name", "certificate_no")
    )


@dataclass
class ProgrammeProjects:
    programme: Programme
    matters: list[tuple[Matter, list[Project]]]
    selected: int  # projects of this programme already followed


def projects_by_programme(*, selected: Iterable[int] = (), user=None) -> list[ProgrammeProjects]:
    """Every project grouped programme → matter (newest year first), for the group's checkbox list; for an
    office user only its subtree's programmes."""
    chosen = set(selected)
    scope = office_scope_q(user, "matter__programme__organisation") if user is not None else Q()
    projects = Project.objects.filter(scope).select_related("matter__programme__organisation").order_by(
        "-matter__programme__year",
        "matter__programme__organisation__kind",
        "matter__programme__organisation__sort_order",
        "matter__programme_id",
        "matter__level_order",
        "matter__seq",
        "seq",
        "id",
    )
    out: list[ProgrammeProjects] = []
    for p in projects:
        matter, programme = p.matter, p.matter.programme
        if not out or out[-1].programme.pk != programme.pk:
            out.append(ProgrammeProjects(programme=programme, matters=[], selected=0))
        block = out[-1]
        if not block.matters or block.matters[-1][0].pk != matter.pk:
            block.matters.append((matter, []))
        block.matters[-1][1].append(p)
        block.selected += p.pk in chosen
    return out


def report_scope_q(user, prefix: str = "", *, manage: bool = False) -> Q:
    """An office user's field reports (at `prefix`): of a project in their subtree's programmes, or (no
    project) of an observer appointed in their subtree (the queryset form of rules.report_owner); with
    manage=True only those of the office's own level (its 待办)."""
    by_project = office_scope_q(user, f"{prefix}project__matter__programme__organisation", manage=manage)
    if not by_project:  # full scope
        return by_project
    return by_project | (
        Q(**{f"{prefix}project__isnull": True})
        & office_scope_q(user, f"{prefix}observer__organisation", manage=manage)
    )


def reports_visible_to(user) -> QuerySet[FieldReport]:
    """An observer sees their own reports (drafts too); the office every submitted one."""
    qs = (
        FieldReport.objects.select_related("observer", "project")
        .annotate(finding_count=Count("findings", distinct=True), photo_count=Count("photos", distinct=True))
        .order_by("-visited_on", "-id")
    )
    if not (user and user.is_authenticated):
        return qs.none()
    if is_office(user):
        return qs.filter(
            report_scope_q(user),
            state=FieldReport.State.SUBMITTED,
        )
    if is_observer(user):
        return qs.filter(observer__user=user)
    return qs.none()


def findings_visible_to(user) -> QuerySet[Finding]:
    """Office: every submitted finding; observer: their own; unit: those handed to it; public: published."""
    qs = Finding.objects.select_related(
        "report__observer", "report__project", "hand_off__unit", "duplicate_of"
    )
    submitted = Q(report__state=FieldReport.State.SUBMITTED)
    if not (user and user.is_authenticated):
        return qs.filter(submitted, is_published=True)
    if is_office(user):
        return qs.filter(submitted, report_scope_q(user, "report__"))
    if is_observer(user):
        return qs.filter(submitted, report__observer__user=user)
    units = unit_ids_of(user)
    if units:
        return qs.filter(submitted, hand_off__unit_id__in=units)
    return qs.filter(submitted, is_published=True)


def handoffs_visible_to(user) -> QuerySet[HandOff]:
    """Office: all; a unit: only those addressed to it; an observer: those of their findings."""
    qs = HandOff.objects.select_related("finding__report__observer", "finding__report__project", "unit")
    if not (user and user.is_authenticated):
        return qs.none()
    if is_office(user):
        return qs.filter(report_scope_q(user, "finding__report__"))
    if is_observer(user):
        return qs.filter(finding__report__observer__user=user)
    units = unit_ids_of(user)
    return qs.filter(unit_id__in=units) if units else qs.none()


def handoffs_overdue(*, as_of: date, qs: QuerySet[HandOff] | None = None) -> QuerySet[HandOff]:
    """Hand-offs still awaiting the unit's rectification after their deadline."""
    qs = HandOff.objects.select_related("unit", "finding__report__project") if qs is None else qs
    return qs.filter(state__in=OPEN_HANDOFF_STATES, deadline__lt=as_of).order_by("deadline", "id")


def observer_projects_q(observer: Observer | None) -> Q:
    """The projects an observer works on, by the government that appointed them: a county's observers (隆回县's
    own) the county's projects (its own programme's, and the city's projects with a target in the county);
    a city's observers the projects of programmes in the city's subtree. Q() for no observer (the office)."""
    if observer is None:
        return Q()
    org = observer.organisation
    if not org.path:
        return Q()
    own = Q(matter__programme__organisation__path__startswith=org.path)
    if org.kind == Organisation.Kind.COUNTY:
        in_county = Project.objects.filter(indicators__targets__county=org).values("pk")
        return own | Q(pk__in=in_county)
    return own


def project_choices_for(
    *, observer: Observer | None, year: int | None = None
) -> tuple[list[Project], list[Project]]:
    """(the observer's group's projects, the other projects of the year), for the report form's picker;
    only the projects of the observer's own government (observer_projects_q)."""
    qs = Project.objects.filter(observer_projects_q(observer)).select_related("matter__programme").order_by(
        "-matter__programme__year",
        "matter__programme__organisation__sort_order",
        "matter__level",
        "matter__seq",
        "seq",
    )
    if year is not None:
        qs = qs.filter(matter__programme__year=year)
    projects = list(qs)
    followed = set()
    if observer is not None and observer.group_id:
        followed = set(
            ObserverGroup.projects.through.objects.filter(observergroup_id=observer.group_id).values_list(
                "project_id", flat=True
            )
        )
    return [p for p in projects if p.pk in followed], [p for p in projects if p.pk not in followed]


# --- the 四个一 duty -----------------------------------------------------------------------------


@dataclass
class DutyActivity:
    info: list[date]
    suggestions: list[date]
    inspections: list[date]
    written: list[date]


def _local_date(dt: datetime) -> date:
    return timezone.localtime(dt).date()


def duty_activity(*, observer_ids: Iterable[int], year: int) -> dict[int, DutyActivity]:
    """Each observer's dated activity in a year, in two queries (reports, inspections)."""
    ids = list(observer_ids)
    acts = {pk: DutyActivity([], [], [], []) for pk in ids}
    tz = timezone.get_current_timezone()
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=tz)
    end = datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz)
    rows = (
        FieldReport.objects.filter(
            observer_id__in=ids,
            state=FieldReport.State.SUBMITTED,
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
        .annotate(sugg_len=Length("suggestions"), content_len=Length("content"))
        .values_list("observer_id", "submitted_at", "kind", "sugg_len", "content_len", "document")
    )
    for observer_id, submitted_at, kind, sugg_len, content_len, document in rows:
        day = _local_date(submitted_at)
        act = acts[observer_id]
        act.info.append(day)
        if sugg_len:
            act.suggestions.append(day)
        if is_written_report(kind=kind, content="x" * (content_len or 0), has_document=bool(document)):
            act.written.append(day)
    through = Inspection.participants.through
    for observer_id, day in through.objects.filter(
        observer_id__in=ids, inspection__date__year=year
    ).values_list("observer_id", "inspection__date"):
        acts[observer_id].inspections.append(day)
    return acts


def duty_statuses(*, observers: Iterable[Observer], year: int, month: int) -> dict[int, DutyStatus]:
    """Each observer's duty status for one month."""
    observers = list(observers)
    acts = duty_activity(observer_ids=[o.pk for o in observers], year=year)
    return {
        o.pk: duty_compliance(
            year=year,
            month=month,
            info_dates=acts[o.pk].info,
            suggestion_dates=acts[o.pk].suggestions,
            inspection_dates=acts[o.pk].inspections,
            written_dates=acts[o.pk].written,
            appointed_on=o.appointed_on,
            term_ends_on=o.term_ends_on,
        )
        for o in observers
    }


@dataclass
class DutyRow:
    observer: Observer
    months: list[DutyStatus | None]  # None for months after as_of

    @property
    def year_status(self) -> DutyStatus | None:
        done = [m for m in self.months if m is not None]
        return done[-1] if done else None

    @property
    def months_ok(self) -> int:
        return sum(1 for m in self.months if m is not None and m.monthly_ok)


def duty_table(*, year: int, as_of: date, observers: QuerySet[Observer] | None = None) -> list[DutyRow]:
    """Observer × month compliance for a year (three queries whatever the number of observers)."""
    observers = list(
        (observers if observers is not None else Observer.objects.all())
        .select_related("group", "organisation")
        .order_by("group__sort_order", "certificate_no")
    )
    acts = duty_activity(observer_ids=[o.pk for o in observers], year=year)
    last = 12 if as_of.year > year else (as_of.month if as_of.year == year else 0)
    rows = []
    for o in observers:
        a = acts[o.pk]
        months = [
            duty_compliance(
                year=year,
                month=m,
                info_dates=a.info,
                suggestion_dates=a.suggestions,
                inspection_dates=a.inspections,
                written_dates=a.written,
                appointed_on=o.appointed_on,
                term_ends_on=o.term_ends_on,
            )
            if m <= last
            else None
            for m in range(1, 13)
        ]
        rows.append(DutyRow(observer=o, months=months))
    return rows


@dataclass
class GroupDutyRow:
    name: str
    members: int  # observers in term in the last month shown
    months_ok: list[int | None]  # observers in term meeting the monthly duty, per month


def group_duty_table(*, rows: list[DutyRow]) -> list[GroupDutyRow]:
    """The observer table folded per group (no further queries)."""
    groups: dict[str, list[DutyRow]] = defaultdict(list)
    for row in rows:
        groups[row.observer.group.name if row.observer.group_id else "未分组"].append(row)
    result = []
    for name, members in groups.items():
        months = []
        for m in range(12):
            if members[0].months[m] is None:
                months.append(None)
            else:
                months.append(
                    sum(
                        1
                        for r in members
                        if r.months[m] is not None and r.months[m].in_term and r.months[m].monthly_ok
                    )
                )
        shown = [m for m in range(12) if members[0].months[m] is not None]
        in_term = sum(1 for r in members if shown and r.months[shown[-1]].in_term) if shown else len(members)
        result.append(GroupDutyRow(name=name, members=in_term, months_ok=months))
    return result


def observers_in_counts(*, year: int, as_of: date) -> QuerySet[Observer]:
    """Observers who count in a year's duty figures: serving, and whose term had not ended before the year."""
    last_day = min(as_of, date(year, 12, 31))
    return Observer.objects.filter(
        Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=date(year, 1, 1)),
        status=Observer.Status.ACTIVE,
        appointed_on__lte=last_day,
    )


def observers_term_expiring(*, as_of: date, days: int = 30) -> QuerySet[Observer]:
    """Serving observers whose term ends within `days` of as_of (the office renews or lets them go)."""
    return Observer.objects.filter(
        status=Observer.Status.ACTIVE, term_ends_on__gte=as_of, term_ends_on__lte=as_of + timedelta(days=days)
    ).order_by("term_ends_on")


# --- figures for the newsletters -----------------------------------------------------------------


def newsletter_figures(*, start: date, end: date, organisation: Organisation | None = None) -> dict:
    """The numbers a 专报 quotes for [start, end] (see docs/observers.md for the shape)."""
    tz = timezone.get_current_timezone()
    t0 = datetime.combine(start, time.min, tzinfo=tz)
    t1 = datetime.combine(end, time.max, tzinfo=tz)
    observers = Observer.objects.filter(appointed_on__lte=end).exclude(
        Q(status=Observer.Status.ENDED) & Q(term_ends_on__lt=start)
    )
    if organisation is not None:
        observers = observers.filter(organisation=organisation)
    by_kind = dict(observers.order_by().values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    reports = FieldReport.objects.filter(
        state=FieldReport.State.SUBMITTED, submitted_at__range=(t0, t1), observer__in=observers
    )
    report_agg = reports.aggregate(
        n=Count("id"),
        suggestions=Count("id", filter=~Q(suggestions="")),
        observers_active=Count("observer", distinct=True),
    )
    findings = Finding.objects.filter(report__in=reports)
    hand_offs = HandOff.objects.filter(finding__report__observer__in=observers, issued_at__range=(t0, t1))
    ho_agg = hand_offs.aggregate(
        n=Count("id"),
        tip=Count("id", filter=Q(kind=HandOff.Kind.TIP)),
        reminder=Count("id", filter=Q(kind=HandOff.Kind.REMINDER)),
        assign=Count("id", filter=Q(kind=HandOff.Kind.ASSIGN)),
        rectified=Count("id", filter=Q(state=HandOff.State.CLOSED, closed_at__lte=t1)),
        # Not answered by the end of the period although the deadline had passed (or sent back since).
        overdue=Count(
            "id",
            filter=Q(deadline__lt=end)
            & (Q(replied_at__isnull=True) | Q(replied_at__gt=t1) | Q(state=HandOff.State.RETURNED)),
        ),
    )
    inspections = Inspection.objects.filter(date__range=(start, end))
    return {
        "period": {"start": start, "end": end},
        "observers": sum(by_kind.values()),
        "observers_by_kind": by_kind,
        "observers_reporting": report_agg["observers_active"],
        "information_items": report_agg["n"],
        "suggestions": report_agg["suggestions"],
        "problems": findings.count(),
        "hand_offs": ho_agg["n"],
        "hand_offs_by_kind": {
            "tip": ho_agg["tip"],
            "reminder": ho_agg["reminder"],
            "assign": ho_agg["assign"],
        },
        "rectified": ho_agg["rectified"],
        "overdue": ho_agg["overdue"],
        "inspections": inspections.count(),
        "projects_visited": Project.objects.filter(inspections__in=inspections).distinct().count(),
    }


def about(n: int) -> str:
    """How a 专报 rounds a count: 53 → '50 余', 12 → '10 余', 5 → '5'."""
    if n < 10:
        return str(n)
    base = 10 ** (len(str(n)) - 1)
    rounded = n // base * base
    return f"{rounded} 余" if rounded != n else str(n)


def inspections_open_to(*, observer: Observer, as_of: date) -> QuerySet[Inspection]:
    """Planned inspections (after as_of) that concern an observer: they look at a project the observer's group
    follows, or at no project in particular (open to every observer)."""
    qs = Inspection.objects.filter(date__gt=as_of)
    concern = Q(projects__isnull=True)
    if observer.group_id:
        concern |= Q(projects__observer_groups=observer.group_id)
    ids = qs.filter(concern).values("pk")
    return (
        Inspection.objects.filter(pk__in=ids)
        .prefetch_related("projects", "registrants")
        .order_by("date", "id")
    )


def report_county_infer(*, project: Project | None, observer: Observer) -> Organisation | None:
    """The county a report concerns when the observer did not say: the project's only county in its 任务分解表,
    else the observer's own county (a county-level appointment), else unknown (the office decides)."""
    if project is not None:
        counties = list(
            Organisation.objects.filter(
                kind=Organisation.Kind.COUNTY, indicator_targets__indicator__project=project
            )
            .distinct()
            .order_by("pk")[:2]
        )
        if len(counties) == 1:
            return counties[0]
    if observer.organisation.kind == Organisation.Kind.COUNTY:
        return observer.organisation
    return None


def county_choices() -> QuerySet[Organisation]:
    """The counties a report may name (县市区), in their usual order."""
    return Organisation.objects.filter(kind=Organisation.Kind.COUNTY).order_by("sort_order", "pk")


def suggestions_unanswered(qs: QuerySet[FieldReport]) -> QuerySet[FieldReport]:
    """Submitted reports carrying 意见建议 the office has not answered yet."""
    return qs.filter(state=FieldReport.State.SUBMITTED, suggestion_replied_at__isnull=True).exclude(suggestions="")


def suggestion_answers(*, observer: Observer, year: int) -> dict[str, int]:
    """How many of an observer's 意见建议 this year the office has answered, and how many wait (one query)."""
    base = FieldReport.objects.filter(
        observer=observer, state=FieldReport.State.SUBMITTED, submitted_at__year=year
    ).exclude(suggestions="")
    return base.order_by().aggregate(
        answered=Count("id", filter=Q(suggestion_replied_at__isnull=False)),
        waiting=Count("id", filter=Q(suggestion_replied_at__isnull=True)),
    )
