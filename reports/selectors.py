"""Read-side queries of documents. Every list a view or export shows goes through `documents_visible_to`."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import (
    county_id_of,
    is_county_staff,
    is_office,
    letter_unit_ids_of,
    office_root_of,
    office_scope_q,
)
from minsheng.accounts.selectors import office_roots
from minsheng.common.params import is_id
from observers.selectors import handoffs_visible_to
from progress.selectors import behind_rows, latest_month, latest_month_with_figures
from progress.stamps import rollup_stamp
from progress.status import fmt_number
from projects.models import Programme

from .compose import q
from .models import LETTER_KINDS, Article, DocState, Document, ReplyState

# Keys of letters about lagging progress (the lagging list, the monthly run, letters migrated from progress).
LAGGING_PREFIXES = ("lag-", "county-", "auto-", "progress-")


def documents_visible_to(user) -> QuerySet[Document]:
    """Office: everything; a county: its own scope's documents and letters addressed to it (plus public
    ones); everyone else: issued documents marked public."""
    qs = Document.objects.select_related("scope", "addressee", "programme")
    public = Q(is_public=True, state=DocState.ISSUED)
    addressed = Q(addressee_id__in=letter_unit_ids_of(user), state=DocState.ISSUED)
    if is_office(user):
        own = document_scope_q(user)  # Q() for full scope: every document
        return qs.filter(own | addressed) if own else qs
    visible = public | addressed
    county_id = county_id_of(user)
    if county_id is not None:
        # its own scope's documents (drafts too); letters addressed to it only once issued (above)
        visible |= Q(scope_id=county_id) & ~Q(kind__in=LETTER_KINDS)
    return qs.filter(visible)


def document_scope_q(user, *, manage: bool = False) -> Q:
    """An office user's documents: those of a programme in their subtree, or (no programme) of a scope in it."""
    by_programme = office_scope_q(user, "programme__organisation", manage=manage)
    if not by_programme:  # full scope: Q() would turn the OR below into "programme is null" only
        return by_programme
    return by_programme | (Q(programme__isnull=True) & office_scope_q(user, "scope", manage=manage))


def documents_public() -> QuerySet[Document]:
    """Issued documents the office marked public, newest first (the citizens' list)."""
    return (
        Document.objects.filter(is_public=True, state=DocState.ISSUED)
        .select_related("scope")
        .order_by("-issued_at", "-id")
    )


def articles_visible_to(user) -> QuerySet[Article]:
    """Office: all articles; a county clerk: their county's submissions."""
    qs = Article.objects.select_related("author_org", "newsletter")
    if is_office(user):
        return qs.filter(office_scope_q(user, "author_org"))
    if is_county_staff(user):
        return qs.filter(author_org_id=county_id_of(user))
    return qs.none()


def letters_visible_to(user) -> QuerySet[Document]:
    """The letters a user may see (office: all, drafts included; a unit: the issued letters addressed to
    the units it acts for), earliest deadline first."""
    qs = Document.objects.select_related("scope", "addressee", "programme").filter(kind__in=LETTER_KINDS)
    addressed = Q(addressee_id__in=letter_unit_ids_of(user), state=DocState.ISSUED)
    if is_office(user):
        own = document_scope_q(user)  # Q() for full scope: every letter
        qs = qs.filter(own | addressed) if own else qs
    else:
        qs = qs.filter(addressed)
    return qs.order_by("reply_deadline", "-id")


def letters_default_programme(user=None) -> Programme | None:
    """The letters pages' default programme: for an office user the newest of its own government (a city's, or
    a county-level city's own plan such as 邵东市's), else of its own level; the newest city programme for full
    scope."""
    scope = office_scope_q(user, "organisation", manage=True) if user is not None else Q()
    qs = Programme.objects.filter(scope).select_related("organisation", "office")
    root = office_root_of(user) if user is not None else None
    if root is None:
        return (
            qs.filter(organisation__kind=Organisation.Kind.CITY).order_by("-year").first()
            or qs.order_by("-year").first()
        )
    own = Case(When(organisation=root, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.annotate(is_own=own).order_by("is_own", "-year").first()


def letters_default_month(programme) -> int:
    """The latest month with figures (the lagging list's default month)."""
    if programme is None:
        return 1
    last = latest_month_with_figures(programme=programme)
    if last is None and not programme.periods.exists():  # a plan read from the lower levels' (the province's)
        return latest_month(programme=programme)
    return last or 1


def lagging_units_cached(*, programme, month: int) -> list[dict]:
    """lagging_units keyed by the programme's change stamp (progress.stamps): a figure or period change
    renews the stamp, so a cached answer is never served after a change (the 待办 reads it on every home)."""
    ttl = getattr(settings, "PROGRESS_ROLLUP_CACHE_SECONDS", 600)
    if not ttl:
        return lagging_units(programme=programme, month=month)
    key = f"reports:lagging:{programme.pk}:{month}:{rollup_stamp(programme_id=programme.pk)}"
    ids = cache.get(key)
    if ids is None:
        rows = lagging_units(programme=programme, month=month)
        cache.set(key, [(r["unit"].pk, r["keys"]) for r in rows], ttl)
        return rows
    units = Organisation.objects.in_bulk([pk for pk, _ in ids])
    return [{"unit": units[pk], "county": units[pk], "keys": keys} for pk, keys in ids if pk in units]


def open_lagging_addressee_ids(*, programme) -> set[int]:
    """Units that already have an open lagging-progress letter (draft, or issued and not yet accepted)."""
    lagging = Q()
    for prefix in LAGGING_PREFIXES:
        lagging |= Q(key__startswith=prefix)
    return set(
        Document.objects.filter(lagging, kind__in=LETTER_KINDS, programme=programme)
        .exclude(state=DocState.SUPERSEDED)
        .exclude(reply_state=ReplyState.ACCEPTED)
        .values_list("addressee_id", flat=True)
    )


def letters_to_issue(*, programme, month: int) -> list[dict]:
    """Lagging units (behind_rows) that have no open letter yet: the office's "letters to issue"."""
    have = open_lagging_addressee_ids(programme=programme)
    return [r for r in lagging_units_cached(programme=programme, month=month) if r["unit"].pk not in have]


def area_whole(org: Organisation) -> str:
    """“全市” / “全县” / “全区” / “全省”: the whole of the government a letter's programme belongs to."""
    last = org.name[-1:] if org is not None else ""
    return f"全{last}" if last in ("省", "市", "县", "区", "州") else "全域"


def lower_offices(org: Organisation) -> list[Organisation]:
    """The governments strictly below `org` that run their own 专班办公室, shallowest first: an upper level's letters
    about their units go to them (a province's 督办函 to a city, not to the city's counties)."""
    if not org.path:
        return []
    return [o for o in office_roots() if o.path.startswith(org.path) and o.pk != org.pk]


def lagging_units(*, programme, month: int) -> list[dict]:
    """Units behind schedule after `month`, grouped by the unit a letter goes to, from the one selector of
    "who is behind" (progress.selectors.behind_rows): counties for their rows, the lead department for an
    indicator whose city roll-up or 市本级 row is behind. [{unit, county (same), rows: [sentence…],
    keys: [(indicator id, unit id)…], facts}] in the units' order."""
    rows = behind_rows(programme=programme, month=month)
    expected = (Decimal(month) * 100 / 12).quantize(Decimal("0.01"))
    whole = area_whole(programme.organisation)
    lower = lower_offices(programme.organisation)
    grouped: dict[int, dict] = {}
    for b in rows:
        if b.addressee is None:
            continue
        unit, who = b.addressee, {"city": whole, "city_self": "市本级"}.get(b.scope, "")
        above = next((o for o in lower if unit.path.startswith(o.path) and o.pk != unit.pk), None)
        if (
            above is not None
        ):  # a level running its own office answers for its units: a province writes to cities
            unit, who = above, who or b.addressee.name
        entry = grouped.setdefault(unit.pk, {"unit": unit, "rows": [], "keys": []})
        entry["rows"].append(
            f"{b.matter.get_level_display()}项目{q(b.project.name)}中的{q(b.indicator.name)}"
            f"{who}完成进度为 {fmt_number(b.rate_percent) if b.rate_percent is not None else '—'}%"
        )
        entry["keys"].append(b.key)
    out = []
    for entry in grouped.values():
        entry["county"] = entry["unit"]
        entry["facts"] = (
            f"截至 {month} 月底，{whole}序时进度为 {fmt_number(expected)}%，贵单位承担的"
            + "；".join(entry["rows"])
            + "，未达序时进度要求。"
        )
        out.append(entry)
    out.sort(key=lambda r: (r["unit"].kind != Organisation.Kind.COUNTY, r["unit"].sort_order, r["unit"].pk))
    return out


def handoffs_without_letter(user) -> QuerySet:
    """Observer hand-offs (observers.selectors) the user may see that have no letter yet."""
    keys = Document.objects.filter(kind__in=LETTER_KINDS, key__startswith="handoff-").values_list(
        "key", flat=True
    )
    done = [int(k.split("-", 1)[1]) for k in keys if is_id(k.split("-", 1)[1])]
    return handoffs_visible_to(user).exclude(pk__in=done).order_by("deadline", "id")
