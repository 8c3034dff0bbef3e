"""The 各市（州）汇总's rendered parts, cached under the programmes' change stamps, and their warming after a change
(a worker computes what the next province or city office viewer would, so no viewer pays for the roll-up)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from minsheng.accounts.models import Organisation, User
from minsheng.accounts.rules import office_root_of
from projects.models import Programme

from . import selectors
from .stamps import rollup_stamp


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cities_parts(*, user, year: int, month: int, city_id: int | None = None) -> tuple[list[str], list[str]] | None:
    """The rendered city cards and own-programme sections, each cached under the change stamps of the
    programmes it shows (progress.stamps: renewed in the same transaction as every figure or period change, so
    a cached part is never served after a change made through the app; PROGRESS_ROLLUP_CACHE_SECONDS, 0 = off,
    bounds edits made elsewhere). Only the parts missing from the cache are computed, in one batch: a figure
    verified in one city recomputes that city's card. None when `city_id` is not a city of the scope."""
    ttl = getattr(settings, "PROGRESS_ROLLUP_CACHE_SECONDS", 600)
    ctx = {"month": month, "year": year, "dashboard_url": reverse("progress:dashboard")}

    def card(row) -> str:
        return render_to_string("progress/partials/cities_card.html", {**ctx, "row": row})

    def section(own) -> str:
        return render_to_string("progress/partials/cities_own.html", {**ctx, "o": own})

    if not ttl:
        data = selectors.cities_rollup(user=user, year=year, month=month, city_id=city_id)
        if city_id is not None and not data["cities"]:
            return None
        return [card(r) for r in data["cities"]], [section(o) for o in data["own"]]
    stamps = selectors.cities_stamps(user=user, year=year, city_id=city_id)
    if city_id is not None and not stamps["cities"]:
        return None
    city_keys = {
        pk: f"progress:cities:city:{pk}:{year}:{month}:{_digest(t)}" for pk, t in stamps["cities"].items()
    }
    own_keys = {
        pk: f"progress:cities:own:{pk}:{year}:{month}:{_digest(t)}" for pk, t in stamps["own"].items()
    }
    got = cache.get_many([*city_keys.values(), *own_keys.values()])
    missing_cities = [pk for pk, key in city_keys.items() if key not in got]
    missing_own = [pk for pk, key in own_keys.items() if key not in got]
    if missing_cities or missing_own:
        data = selectors.cities_rollup(
            user=user,
            year=year,
            month=month,
            city_id=city_id,
            only_cities=missing_cities,
            only_own=missing_own,
        )
        fresh = {city_keys[r.city.pk]: card(r) for r in data["cities"]}
        fresh |= {own_keys[o.line.programme.pk]: section(o) for o in data["own"]}
        cache.set_many(fresh, ttl)
        got |= fresh
    return [got[k] for k in city_keys.values()], [got[k] for k in own_keys.values()]


def _readers(org: Organisation) -> list[User]:
    """One active office user per province or city office above (or at) `org`: whoever opens the roll-up that
    shows `org`'s programmes (cards are the same for every reader of a city; one reader per level warms them)."""
    ancestors = [int(x) for x in (org.path or "").strip("/").split("/") if x]
    candidates = User.objects.filter(is_active=True).filter(
        Q(organisation__parent_id__in=ancestors) | Q(organisation_id__in=ancestors)
    )
    by_root: dict[int, User] = {}
    for user in candidates.order_by("pk"):
        root = office_root_of(user)
        if root is None or root.pk not in ancestors or root.pk in by_root:
            continue
        if root.kind in (Organisation.Kind.PROVINCE, Organisation.Kind.CITY):
            by_root[root.pk] = user
    return list(by_root.values())


def cities_warm(*, programme_id: int, token: str) -> str:
    """After a change in a programme: compute and cache the roll-up's parts its readers' default page shows
    (their default year and month). Idempotent: "stale" when the stamp has moved on (a later change warms
    again), else "warmed N" (N readers whose page was completed; parts already cached are not recomputed)."""
    if not getattr(settings, "PROGRESS_ROLLUP_CACHE_SECONDS", 600):
        return "skipped"
    if rollup_stamp(programme_id=programme_id) != token:
        return "stale"
    programme = Programme.objects.select_related("organisation").filter(pk=programme_id).first()
    if programme is None:
        return "skipped"
    n = 0
    for user in _readers(programme.organisation):
        year = selectors.cities_latest_year(user=user)
        if year != programme.year:
            continue  # the reader's page opens on another year: nothing of this change shows there
        month = selectors.cities_latest_month(user=user, year=year)
        cities_parts(user=user, year=year, month=month)
        n += 1
    return f"warmed {n}"
