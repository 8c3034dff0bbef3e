"""The JSON snapshot of exactly the data a document uses, built only through the other apps' selectors.

Everything the 通报 prints comes from here (numbers as exact decimal strings), so a document can be
re-rendered from its stored snapshot years later and give the same text.

Letters sent (温馨提示函 / 工作提示函 / 工作交办函 / 提醒函) are this app's own documents.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from minsheng.accounts.models import Organisation
from observers.selectors import newsletter_figures
from progress.selectors import (
    county_ranking,
    indicator_rollup,
    is_city_self,
    opinion_stats,
    opinion_unit_stats,
    programme_status_summary,
    publish_counts_by_unit,
)
from progress.status import Status, fmt_number
from projects.models import Level, Programme

from .models import LETTER_KINDS, DocState, Document
from .selectors import area_whole

SNAPSHOT_VERSION = 1
GAP_LIMIT = Decimal(10)


def _n(value) -> str | None:
    return None if value is None else fmt_number(value)


def _behind_row_dict(b) -> dict:
    """One row of progress.selectors.behind_rows, JSON-ready (the one answer to "who is behind")."""
    return {
        "indicator_id": b.indicator.pk,
        "indicator": b.indicator.name,
        "project": b.project.name,
        "unit_id": b.unit.pk if b.unit is not None else None,
        "unit": b.unit.name if b.unit is not None else "",
        "scope": b.scope,
        "rate": _n(b.rate_percent),
    }


def _cell_dict(c) -> dict:
    return {
        "county": c.county.name,
        "county_id": c.county.pk,
        "city_self": is_city_self(c.county),
        "target": _n(c.target),
        "value": _n(c.value),
        "previous": _n(c.previous),
        "rate": _n(c.result.rate_percent),
        "status": c.result.status.value,
        "fell": c.mom.fell,
        "reason": c.deduction_reason or "",
        "reported_percent": _n(c.gap.reported_percent),
        "accepted_percent": _n(c.gap.accepted_percent),
        "gap_points": _n(c.gap.gap_points),
        "gap_flagged": c.gap.flagged,
    }


def _indicator_dict(r, scope_county: Organisation | None) -> dict:
    ind = r.indicator
    cells = [c for c in r.cells if scope_county is None or c.county.pk == scope_county.pk]
    if scope_county is not None and cells:
        c = cells[0]
        value, target, rate, status = c.value, c.target, c.result.rate_percent, c.result.status
    else:
        value, target, rate, status = r.value, r.target, r.result.rate_percent, r.result.status
    lead = ind.lead_unit or ind.project.lead_unit
    return {
        "id": ind.pk,
        "seq": ind.seq,
        "name": ind.name,
        "unit": "%" if ind.kind in ("percent", "deadline") else ind.unit,
        "kind": ind.kind,
        "target": _n(target),
        "target_text": ind.target_text,
        "value": _n(value),
        "previous": _n(r.previous) if scope_county is None else (_n(cells[0].previous) if cells else None),
        "rate": _n(rate),
        "status": status.value,
        "lead": lead.name if lead else "",
        "tracked_by": (
            {"project": r.tracked_by.project.name, "level": r.tracked_by.matter.get_level_display()}
            if r.tracked_by is not None
            else None
        ),
        "continuing": bool(getattr(ind, "is_continuing", False)),
        "counted_as_tracked": bool(getattr(ind, "counted_as_tracked", False)) and r.tracked_by is not None,
        "cells": [_cell_dict(c) for c in cells],
    }


def counted_status(ind: dict, month: int) -> str:
    """The status an indicator is counted with in the 通报 (the per-indicator options of seed 003's practice):
    a continuing indicator (持续性指标) and one counted as the level it is tracked under reports it
    (按统一调度层级计数) are 按序时 until December, even when their figures are past the annual target."""
    if ind["status"] == Status.DONE.value and month < 12 and (ind.get("continuing") or ind.get("counted_as_tracked")):
        return Status.ON_TRACK.value
    return ind["status"]


def _level_dict(
    level_summary: dict, scope_county: Organisation | None, annex_no: int, month: int = 12
) -> dict:
    rollups = level_summary["rollups"]
    rows = [
        b
        for b in level_summary["behind_rows"]
        if scope_county is None or (b.scope != "city" and b.unit is not None and b.unit.pk == scope_county.pk)
    ]
    # A row of the city's own unit (市本级) that is behind is a city item behind, named in 一、工作推进情况
    # like an item whose whole roll-up is behind (seed 003: "市本级重新挂网").
    city_self_ids = {b.indicator.pk for b in rows if b.scope == "city_self"}
    if scope_county is not None:
        rollups = [r for r in rollups if any(c.county.pk == scope_county.pk for c in r.cells)]
    matters: dict[int, dict] = {}
    project_no = 0
    projects_seen: dict[int, dict] = {}
    for r in rollups:
        m, p = r.matter, r.project
        md = matters.setdefault(m.pk, {"seq": m.seq, "name": m.name, "projects": []})
        pd = projects_seen.get(p.pk)
        if pd is None:
            project_no += 1
            pd = {"no": project_no, "seq": p.seq, "name": p.name, "indicators": []}
            projects_seen[p.pk] = pd
            md["projects"].append(pd)
        pd["indicators"].append(_indicator_dict(r, scope_county))
    ordered = sorted(matters.values(), key=lambda m: m["seq"])
    for md in ordered:
        md["projects"].sort(key=lambda p: p["seq"])
    # Renumber projects in print order (①② … across the level, as the seed's annex does).
    n = 0
    for md in ordered:
        for pd in md["projects"]:
            n += 1
            pd["no"] = n
    # Counts, by project for 省定 and by indicator for 市定/县定 (the seed's wording).
    unit = level_summary["unit"]
    statuses_by_project: dict[str, list[str]] = {}
    indicator_statuses = []
    behind = []
    for md in ordered:
        for pd in md["projects"]:
            for ind in pd["indicators"]:
                indicator_statuses.append(counted_status(ind, month))
                statuses_by_project.setdefault(f"{md['seq']}-{pd['seq']}", []).append(counted_status(ind, month))
                city_self_behind = scope_county is None and ind["id"] in city_self_ids
                if ind["status"] == Status.BEHIND.value or city_self_behind:
                    behind.append(
                        {
                            "matter": md["name"],
                            "project": pd["name"],
                            "indicator": ind["name"],
                            "single": len(pd["indicators"]) == 1,
                            "rate": ind["rate"]
                            if ind["status"] == Status.BEHIND.value
                            else next(c["rate"] for c in ind["cells"] if c["city_self"]),
                            "city_self": ind["status"] != Status.BEHIND.value,
                        }
                    )
    severity = [Status.BEHIND.value, Status.NOT_REPORTED.value, Status.ON_TRACK.value, Status.DONE.value]

    def worst(sts):
        counted = [s for s in sts if s in severity]
        return min(counted, key=severity.index) if counted else Status.NO_TARGET.value

    unit_statuses = (
        [worst(v) for v in statuses_by_project.values()] if unit == "project" else indicator_statuses
    )
    counts = {
        "total": len(unit_statuses),
        "done": unit_statuses.count(Status.DONE.value),
        "on_track": unit_statuses.count(Status.ON_TRACK.value),
        "behind": unit_statuses.count(Status.BEHIND.value),
        "not_reported": unit_statuses.count(Status.NOT_REPORTED.value),
    }
    # A project whose only shortfall is the city's own row (市本级) counts as on schedule in the city
    # roll-up; the seed still names that indicator as behind, which `behind` carries.
    rules = {
        "continuing": [i["name"] for md in ordered for pd in md["projects"] for i in pd["indicators"]
                       if i.get("continuing")],
        "counted_as_tracked": [i["name"] for md in ordered for pd in md["projects"] for i in pd["indicators"]
                               if i.get("counted_as_tracked")],
    }
    return {
        "level": level_summary["level"],
        "label": level_summary["label"],
        "annex_no": annex_no,
        "count_rules": rules,
        "unit": unit,
        "unit_label": level_summary["unit_label"],
        "matter_count": len(ordered),
        "counts": counts,
        "behind_indicators": indicator_statuses.count(Status.BEHIND.value),
        "behind": behind,
        "behind_rows": [_behind_row_dict(b) for b in rows],
        "matters": ordered,
    }


def _progress_letters(programme: Programme, month: int, scope_county: Organisation | None) -> dict:
    """Letters the office issued up to the period (this app's letter documents)."""
    end = date(programme.year, month, calendar.monthrange(programme.year, month)[1])
    qs = Document.objects.filter(kind__in=LETTER_KINDS, programme=programme, state=DocState.ISSUED).filter(
        Q(month__lte=month) | Q(month__isnull=True, doc_date__lte=end)
    )
    if scope_county is not None:
        qs = qs.filter(addressee=scope_county)
    by_kind = dict(qs.order_by().values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {"total": sum(by_kind.values()), "by_kind": by_kind}


def _observer_figures(year: int, month: int, organisation: Organisation) -> dict | None:
    """Figures of the observers the programme's government appointed (a county's own observers count in its own
    通报, not the city's), through observers.selectors; None when they cannot be read."""
    end = date(year, month, calendar.monthrange(year, month)[1])
    try:
        figs = newsletter_figures(start=date(year, 1, 1), end=end, organisation=organisation)
    except Exception:  # noqa: BLE001 - a sibling app's failure must not stop a bulletin
        return None
    keep = (
        "observers",
        "information_items",
        "suggestions",
        "problems",
        "hand_offs",
        "rectified",
        "overdue",
        "inspections",
    )
    return {k: figs.get(k) for k in keep if k in figs}


def _opinion_units(programme: Programme, today: date) -> dict:
    """What the 通报 says of the answering units: the average reply time (over answered opinions, in days) and
    the units with opinions past their reply deadline (from progress.opinion_unit_stats, real states)."""
    rows = opinion_unit_stats(today=today, scope=Q(project__matter__programme=programme))
    handled = sum(r["handled"] for r in rows if r["avg_days"] is not None)
    days = sum(r["avg_days"] * r["handled"] for r in rows if r["avg_days"] is not None)
    return {
        "avg_days": _n((days / handled).quantize(Decimal("0.1"))) if handled else None,
        "overdue": sum(r["overdue"] for r in rows),
        "overdue_units": [{"unit": r["unit"], "n": r["overdue"]} for r in rows if r["overdue"]],
    }


def _published(programme: Programme, month: int) -> dict:
    """政策文件, 本地化更新 and 工作动态 published on the programme's project pages from January to the month's end,
    by every unit (withdrawn and hidden items left out; progress.publish_counts_by_unit)."""
    last = date(programme.year, month, calendar.monthrange(programme.year, month)[1])
    counts = publish_counts_by_unit(programme=programme, date_from=date(programme.year, 1, 1), date_to=last)
    return {key: sum(c[key] for c in counts.values()) for key in ("policy", "local", "news")}


def bulletin_snapshot_build(
    *, programme: Programme, month: int, scope: Organisation, as_of: date | None = None
) -> dict:
    """The data of a monthly 通报 (city or one county) for months 1..month, as JSON-ready values."""
    scope_county = None if scope.pk == programme.organisation_id else scope
    rollups = indicator_rollup(programme=programme, month=month, as_of=as_of)
    summary = programme_status_summary(programme=programme, month=month, rollups=rollups, as_of=as_of)
    levels = []
    for ls in summary["levels"]:
        ld = _level_dict(ls, scope_county, len(levels) + 1, month)
        if ld["matters"]:
            levels.append(ld)
    falls, gaps = [], []
    for r in rollups:
        for c in r.cells:
            if scope_county is not None and c.county.pk != scope_county.pk:
                continue
            lead = r.indicator.lead_unit or r.project.lead_unit
            base = {
                "county": c.county.name,
                "city_self": is_city_self(c.county),
                "project": r.project.name,
                "indicator": r.indicator.name,
                "lead": lead.name if lead else "",
                "unit": "%" if r.indicator.kind in ("percent", "deadline") else r.indicator.unit,
            }
            if c.mom.fell:
                falls.append(
                    {
                        **base,
                        "previous": _n(c.previous),
                        "value": _n(c.value),
                        "rate": _n(c.result.rate_percent),
                        "status": c.result.status.value,
                        "reason": c.deduction_reason or "",
                    }
                )
            if c.gap.flagged:
                gaps.append(
                    {
                        **base,
                        "reported_percent": _n(c.gap.reported_percent),
                        "accepted_percent": _n(c.gap.accepted_percent),
                        "gap_points": _n(c.gap.gap_points),
                    }
                )
    ranking = county_ranking(programme=programme, month=month, rollups=rollups)
    disclosure = [
        {"county": row["county"].name, "score": _n(row["disclosure"]), "max": _n(row["disclosure_max"])}
        for row in sorted(ranking, key=lambda r: (-(r["disclosure"] or 0), r["county"].sort_order))
        if row["disclosure"] is not None
        and (scope_county is None or row["county"].pk == scope_county.pk)
        and not is_city_self(row["county"])
    ]
    opinions = opinion_stats(programme=programme)
    office = programme.office
    return {
        "version": SNAPSHOT_VERSION,
        "kind": "bulletin",
        "programme": {
            "id": programme.pk,
            "year": programme.year,
            "name": programme.name,
            "organisation": programme.organisation.name,
            "office": office.name
            if office
            else f"{programme.organisation.name}{programme.name}工作专班办公室",
            "authority": programme.issuing_authority,
        },
        # "is_city": the programme's whole area (a city's, or a county-level government's own programme);
        # "whole" names it (全市 / 全县 / 全区), "units" what its rows are (县市区, or 单位 below a city).
        "scope": {
            "id": scope.pk,
            "name": scope.name,
            "is_city": scope_county is None,
            "whole": area_whole(programme.organisation),
            "units": "单位" if programme.organisation.kind == Organisation.Kind.COUNTY else "县市区",
            "org_suffix": programme.organisation.name[-1:],
        },
        "year": programme.year,
        "month": month,
        "expected_percent": _n(summary["expected_percent"]),
        "levels": levels,
        "falls": falls,
        "gaps": gaps,
        "disclosure": disclosure,
        "opinions": {
            "received": opinions["received"],
            "handled": opinions["handled"],
            "rate": _n(opinions["rate_percent"]),
            **_opinion_units(programme, as_of or timezone.localdate()),
        },
        "published": _published(programme, month),
        "letters": _progress_letters(programme, month, scope_county),
        "observers": _observer_figures(programme.year, month, programme.organisation),
        "levels_order": [lv.value for lv in Level],
    }
