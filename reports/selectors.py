"""Read-side queries of documents. Every list a view or export shows goes through `documents_visible_to`."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import county_id_of, is_county_staff, is_office, unit_ids_of
from minsheng.common.params import is_id
from observers.selectors import handoffs_visible_to

from .compose import q
from .models import LETTER_KINDS, Article, DocState, Document
from .snapshot import bulletin_snapshot_build


def documents_visible_to(user) -> QuerySet[Document]:
    """Office: everything; a county: its own scope's documents and letters addressed to it (plus public
    ones); everyone else: issued documents marked public."""
    qs = Document.objects.select_related("scope", "addressee", "programme")
    public = Q(is_public=True, state=DocState.ISSUED)
    if is_office(user):
        return qs
    visible = public | Q(addressee_id__in=unit_ids_of(user), state=DocState.ISSUED)
    county_id = county_id_of(user)
    if county_id is not None:
        visible |= Q(scope_id=county_id) | Q(addressee_id=county_id)
    return qs.filter(visible)


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
        return qs
    if is_county_staff(user):
        return qs.filter(author_org_id=county_id_of(user))
    return qs.none()


def letters_visible_to(user) -> QuerySet[Document]:
    """The letters a user may see (office: all; a unit: those addressed to it), overdue ones first."""
    return documents_visible_to(user).filter(kind__in=LETTER_KINDS).order_by("reply_deadline", "-id")


def lagging_units(*, programme, month: int) -> list[dict]:
    """Units (counties) with rows behind schedule after `month`, read through progress.selectors (via the
    snapshot builder): [{county, rows: [sentence…], facts}] in the counties' order."""

    snap = bulletin_snapshot_build(programme=programme, month=month, scope=programme.organisation)
    behind: dict[int, list[str]] = {}
    for level in snap["levels"]:
        for m in level["matters"]:
            for p in m["projects"]:
                for ind in p["indicators"]:
                    for c in ind["cells"]:
                        if c["status"] == "未达序时" and not c["city_self"]:
                            behind.setdefault(c["county_id"], []).append(
                                f"{level['label']}项目{q(p['name'])}中的{q(ind['name'])}完成进度为 {c['rate']}%"
                            )
    counties = Organisation.objects.in_bulk(list(behind))
    out = []
    for county_id, rows in behind.items():
        county = counties[county_id]
        facts = (
            f"截至 {month} 月底，全市序时进度为 {snap['expected_percent']}%，贵单位承担的"
            + "；".join(rows)
            + "，未达序时进度要求。"
        )
        out.append({"county": county, "rows": rows, "facts": facts})
    out.sort(key=lambda r: (r["county"].sort_order, r["county"].pk))
    return out


def handoffs_without_letter(user) -> QuerySet:
    """Observer hand-offs (observers.selectors) the user may see that have no letter yet."""
    keys = Document.objects.filter(kind__in=LETTER_KINDS, key__startswith="handoff-").values_list(
        "key", flat=True
    )
    done = [int(k.split("-", 1)[1]) for k in keys if is_id(k.split("-", 1)[1])]
    return handoffs_visible_to(user).exclude(pk__in=done).order_by("deadline", "id")
