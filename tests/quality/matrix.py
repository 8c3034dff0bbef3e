"""Walking every URL pattern with every role: the URL list, the kwargs for objects of A and B, and a
request runner that rolls back each request so one request cannot change the next one's answer."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .world import ROLES, World


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the pattern text, for messages
    kwargs: tuple[str, ...]


def all_routes() -> list[Route]:
    """Every named URL pattern of the project, recursively (a pattern without a name is an error)."""
    out: list[Route] = []

    def walk(patterns, prefix: str, ns: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                sub = ns
                if p.namespace:
                    sub = f"{ns}:{p.namespace}" if ns else p.namespace
                walk(p.url_patterns, prefix + str(p.pattern), sub)
            elif isinstance(p, URLPattern):
                name = f"{ns}:{p.name}" if ns else (p.name or "")
                if not p.name:
                    name = f"{ns}:<unnamed {prefix}{p.pattern}>"
                out.append(Route(name, prefix + str(p.pattern), tuple(p.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "", "")
    return out


def _kw(w: World) -> dict[str, object]:
    """url name → kwargs builder taking the owner's bag (A or B); owner-free routes ignore it."""
    s = w.shared
    return {
        "projects:programme_detail": lambda o: {"pk": s["programme"] if o is w.a else s["programme_b"]},
        "candidates:approval_file": lambda o: {"pk": s["meeting"]},
        "candidates:new_year_draft": lambda o: {"pk": s["programme"]},
        "candidates:target_delete": lambda o: {"pk": o["year_target"]},
        "candidates:opinion_respond": lambda o: {"pk": o["opinion"]},
        # session_create hangs off a round (round/<pk>/sessions/new/); the other session_* take a session.
        "candidates:session_create": lambda o: {"pk": o["round"]},
        "candidates:session_*": lambda o: {"pk": s["session"]},
        "candidates:paper_*": lambda o: {"pk": s["session"]},
        "candidates:ballot": lambda o: {"pk": s["session"]},
        "candidates:survey*": lambda o: {"pk": s["programme"]},
        "candidates:candidate_create": lambda o: {"pk": o["round"]},
        "candidates:candidate_*": lambda o: {"pk": o["candidate"]},
        "candidates:*": lambda o: {"pk": o["round"]},  # round_detail, ranking, merge …
        "proposals:submit": lambda o: {"pk": s["campaign"]},
        "proposals:similar_public": lambda o: {"pk": s["campaign"]},
        "proposals:receipt": lambda o: {"code": o["proposal_code"]},
        "proposals:attachment": lambda o: {"pk": o["attachment"]},
        "proposals:import_commit": lambda o: {"pk": o["sheet"]},
        "proposals:*campaign_pk": lambda o: {"campaign_pk": s["campaign"]},
        "proposals:*": lambda o: {"pk": o["proposal"]},
        "common:inbox_open": lambda o: {"pk": o["notice"]},
        "common:schedule_*": lambda o: {"pk": s["schedule"]},
        "progress:evidence_delete": lambda o: {"pk": o["evidence"]},
        "progress:county_urge": lambda o: {"period_id": s["period"], "county_id": o["county"]},
        "progress:figure_entry": lambda o: {"target_id": o["target"], "period_id": s["period"]},
        "progress:evidence_download": lambda o: {"pk": o["evidence"]},
        "progress:*period_id": lambda o: {"period_id": s["period"]},
        "progress:scorecard": lambda o: {"county_id": o["county"]},
        "progress:trend": lambda o: {"indicator_id": s["indicator"]},
        "progress:project_qr": lambda o: {"code": s["project_code"], "fmt": "png"},
        "progress:open_data_file": lambda o: {"fmt": "csv"},
        "progress:policy_download": lambda o: {"code": s["project_code"], "pk": s["policy"]},
        "progress:publish_toggle": lambda o: {"kind": "update", "pk": s["public_update"]},
        "progress:publish_project": lambda o: {"pk": s["project"]},
        "progress:publish_hide": lambda o: {"kind": "update", "pk": s["public_update"]},
        "progress:poster_print": lambda o: {"pk": s["project"]},
        "progress:poster_posted": lambda o: {"pk": s["poster"]},
        "progress:update_photo": lambda o: {"code": s["project_code"], "pk": s["public_update_photo"]},
        "progress:period_*": lambda o: {"pk": s["period"]},
        "progress:*code": lambda o: {"code": s["project_code"]},
        "progress:*": lambda o: {"pk": o["figure"]},  # evidence_upload, figure_review
        "observers:report_*": lambda o: {"pk": o["report"]},
        "observers:photo": lambda o: {"pk": o["photo"]},
        "observers:finding_*": lambda o: {"pk": o["finding"]},
        "observers:handoff_issue": lambda o: {"pk": o["finding"]},
        "observers:handoff_*": lambda o: {"pk": o["handoff"]},
        "observers:evidence": lambda o: {"pk": o["handoff_evidence"]},
        "observers:card_edit": lambda o: {"project_pk": s["project"]},
        # 小组管理: a demo group with members (its delete is refused; every request is rolled back anyway).
        "observers:group_*": lambda o: {"pk": s["observer_group"]},
        "observers:inspection_sign_up": lambda o: {"pk": s["inspection"]},
        "observers:*": lambda o: {"pk": o["observer"]},  # observer_detail, certificate(_pdf)
        "reports:download": lambda o: {"pk": o["document"], "fmt": "pdf"},
        "reports:letter_reply": lambda o: {"pk": o["letter_document"]},
        "reports:letter_review": lambda o: {"pk": o["letter_document"]},
        "reports:article_edit": lambda o: {"pk": o["article"]},
        # The reply model is not committed by its owner yet: an id that matches nothing (404 for all).
        "reports:reply_file": lambda o: {"pk": 987654321},
        "reports:*": lambda o: {"pk": o["document"]},
    }


# Routes whose objects are not owned by a county: one column value instead of "A/B".
OWNERLESS = {
    "common:schedule_edit",
    "common:schedule_run",
    "candidates:approval_file",
    "candidates:new_year_draft",
    "candidates:session_detail",
    "candidates:session_open",
    "candidates:session_close",
    "candidates:session_runoff",
    "candidates:paper_voter",
    "candidates:paper_ballot",
    "candidates:paper_voter_void",
    "candidates:ballot",
    "candidates:session_results",
    "candidates:session_public",
    "candidates:survey",
    "candidates:survey_open",
    "candidates:survey_publish",
    "candidates:survey_paper_participant",
    "candidates:survey_paper_sheet",
    "proposals:submit",
    "proposals:similar_public",
    "proposals:create",
    "proposals:import",
    "proposals:template",
    "proposals:export",
    "proposals:units",
    "progress:county_month",
    "progress:department_month",
    "progress:sheet_download",
    "progress:sheet_upload",
    "progress:trend",
    "progress:public_project",
    "progress:public_opinion",
    "progress:project_qr",
    "progress:project_poster",
    "progress:open_data_file",
    "progress:policy_download",
    "progress:publish_toggle",
    "progress:publish_project",
    "progress:publish_hide",
    "progress:poster_print",
    "progress:poster_posted",
    "progress:update_photo",
    "progress:period_extend",
    "progress:period_lock",
    "observers:card_edit",
    "observers:group_detail",
    "observers:group_edit",
    "observers:group_delete",
    "observers:group_member_add",
    "observers:group_member_remove",
    "observers:inspection_sign_up",
    "reports:reply_file",
}


# kwarg name → object key in the owner's bag (or in shared) when no route-specific builder exists.
BY_KWARG = {
    "handoff_id": "handoff",
    "county_id": "county",
    "period_id": "@period",
    "indicator_id": "@indicator",
    "project_pk": "@project",
    "campaign_pk": "@campaign",
    "code": "@project_code",
}
FIXED = {"fmt": "pdf", "kind": "update"}


def kwargs_for(route: Route, owner: str, w: World) -> dict:
    """The kwargs that point `route` at the object owned by `owner` ('a' or 'b')."""
    if not route.kwargs:
        return {}
    bag = w.a if owner == "a" else w.b
    table = _kw(w)
    app, short = route.name.rsplit(":", 1)
    if route.name in table:
        return table[route.name](bag)
    for key, fn in table.items():
        kapp, rest = key.rsplit(":", 1)
        if kapp == app and rest.endswith("*") and rest != "*" and short.startswith(rest[:-1]):
            return fn(bag)
        if kapp == app and rest.startswith("*") and rest[1:] in route.kwargs:
            return fn(bag)
    if all(k in BY_KWARG or k in FIXED for k in route.kwargs):
        out = {}
        for k in route.kwargs:
            if k in FIXED:
                out[k] = FIXED[k]
                continue
            ref = BY_KWARG[k]
            out[k] = w.shared[ref[1:]] if ref.startswith("@") else bag[ref]
        return out
    if app + ":*" in table:
        return table[app + ":*"](bag)
    raise KeyError(f"没有为 {route.name} 准备参数")


def owners_for(route: Route) -> tuple[str, ...]:
    if not route.kwargs or route.name in OWNERLESS:
        return ("a",)
    return ("a", "b")


class Runner:
    """One logged-in test client per role; every request runs in a savepoint that is rolled back."""

    def __init__(self, w: World):
        self.w = w
        self.clients: dict[str, Client] = {}
        for role in ROLES:
            c = Client(raise_request_exception=True, REMOTE_ADDR="127.0.0.9")
            if role != "anon":
                c.force_login(w.users[role])
            self.clients[role] = c
        self.errors: dict[tuple, str] = {}

    def request(self, method: str, role: str, url: str, data=None, **extra):
        from django.core.cache import cache

        client = self.clients[role]
        cookies = copy.deepcopy(client.cookies)
        try:
            with transaction.atomic():
                resp = client.get(url, **extra) if method == "GET" else client.post(url, data or {}, **extra)
                transaction.set_rollback(True)
        except Exception as exc:  # noqa: BLE001 - a view that raises is a 500 for the user
            self.errors[(method, role, url)] = f"{type(exc).__name__}: {exc}"[:300]
            return None
        finally:
            client.cookies = cookies  # a POST to logout must not sign the role out for the next request
            cache.clear()  # rate limits must not turn a later request into a 429
        return resp


def url_of(route: Route, owner: str, w: World) -> str:
    return reverse(route.name, kwargs=kwargs_for(route, owner, w))
