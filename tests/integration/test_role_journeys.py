"""Role-journey crawl (issue 14 §7): for every demo role, start at the home page and follow every same-origin
link (GET) three levels deep. On every page a link was offered from: no 4xx/5xx, the site layout on every HTML
page, and no English system text, raw state value or internal field name in what a person reads.

To stay fast (Django's test client on the demo, well under a minute for all roles) every link of the home page
is fetched, and deeper each URL *shape* is visited once per role: digits become {id} and the query keys are sorted (…/month/12/?show=todo ≡ …/month/10/?show=todo);
files (PDF, Word, Excel, images, QR codes, exports) are not fetched; logging out and the admin are skipped.

KNOWN holds the problems that belong to other helpers of issue 14 / 19 (the lead removes an entry once the branch
that fixes it is merged); nothing else is excluded.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from minsheng.accounts.models import User

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "office", "county_dongkou", "county_shaodong", "dept_education", "observer", "deputy")
DEPTH = 3  # the home page is level 0; links found on a level-3 page are not followed
LAYOUT_MARKER = 'aria-label="主导航"'  # templates/base.html's navigation bar
ENGLISH_SYSTEM_TEXT = (
    "Forbidden",
    "Not Found",
    "Server Error",
    "Method Not Allowed",
    "Bad Request",
    "Page not found",
    "Traceback",
    "CSRF verification failed",
    "This field is required",
    "None",
)
FIELD_NAMES = ("facts", "masthead", "issuer", "report_to")
SKIP_PATH = re.compile(
    r"^/(static|media|admin|__debug__)/|/logout/|"
    r"\.(pdf|xlsx|xls|docx|doc|zip|png|jpe?g|svg|csv|json|webmanifest|ico)$|"
    r"/(download|export|photos?|evidence|document|certificate|qr|poster)\b|/sheet\.|/open-data\.",
)
SKIP_QUERY_KEYS = {"export", "format", "download"}

# Known problems in other helpers' areas, as (role or "*", URL shape regex, what, owner). Remove when fixed.
KNOWN: list[tuple[str, str, str, str]] = []


def _known(role: str, shape: str, problem: str) -> bool:
    return any(
        (r in ("*", role)) and re.search(pat, shape) and (what in problem) for r, pat, what, _owner in KNOWN
    )


def _state_values() -> set[str]:
    """Every stored value of a choices field called state/stage/status/kind (handed_off, submitted …): such a
    code on a page means a missing get_…_display."""
    values = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.Field) and f.choices and f.name in {"state", "stage", "status", "kind"}:
                values.update(str(v) for v, _label in f.flatchoices if isinstance(v, str) and len(v) > 2)
    return values


class _Page(HTMLParser):
    """Links (<a href>) and the text a person reads (outside script/style/template, plus title/alt/labels)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for attr in ("title", "alt", "aria-label", "placeholder"):
            if a.get(attr):
                self.text.append(a[attr])
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.text.append(a["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data)


def _same_origin_path(href: str) -> str | None:
    href = href.strip()
    if href.startswith(("#", "mailto:", "tel:", "javascript:", "data:", "//")):
        return None
    parts = urlsplit(href)
    if (parts.scheme or parts.netloc) and parts.netloc not in ("testserver", ""):
        return None
    if not parts.path.startswith("/"):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    if SKIP_PATH.search(parts.path) or any(k in SKIP_QUERY_KEYS for k, _ in query):
        return None
    return parts.path + (f"?{urlencode(query)}" if query else "")


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)} - {"page"})
    return re.sub(r"\d+", "{id}", parts.path) + ("?" + "&".join(keys) if keys else "")


def _check(resp, english_re, state_re, field_re) -> tuple[list[str], _Page | None]:
    """The problems of one response, and its parsed page when it is HTML worth following."""
    if resp.status_code >= 400:
        return [f"HTTP {resp.status_code}"], None
    if "text/html" not in resp.get("Content-Type", ""):
        return [], None
    html = resp.content.decode()
    found = [] if LAYOUT_MARKER in html else ["no site layout (base.html)"]
    page = _Page()
    page.feed(html)
    text = "\n".join(page.text)
    found += [f"English system text {m!r}" for m in sorted(set(english_re.findall(text)))]
    found += [f"raw state value {m!r}" for m in sorted(set(state_re.findall(text)))]
    found += [f"internal field name {m!r}" for m in sorted(set(field_re.findall(text)))]
    return found, page


def crawl(client: Client, role: str) -> tuple[list[str], int]:
    """Breadth-first from "/": the problems found (each naming the page that offered the link) and how many
    pages were visited."""
    states = _state_values()
    state_re = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, sorted(states))) + r")(?![\w/.-])")
    field_re = re.compile(r"(?<![\w/.-])(" + "|".join(FIELD_NAMES) + r")(?![\w/.-])")
    english_re = re.compile(r"\b(" + "|".join(map(re.escape, ENGLISH_SYSTEM_TEXT)) + r")\b")
    problems: list[str] = []
    seen_shapes: set[str] = set()
    seen_urls: set[str] = set()
    queue = deque([("/", 0, "（起点）")])
    visited = 0
    while queue:
        url, level, offered_by = queue.popleft()
        shape = _shape(url)
        # Every link of the home page itself is fetched; deeper, one URL per shape.
        if url in seen_urls or (level > 1 and shape in seen_shapes):
            continue
        seen_urls.add(url)
        seen_shapes.add(shape)
        visited += 1
        resp = client.get(url, follow=True)
        found, page = _check(resp, english_re, state_re, field_re)
        problems.extend(
            f"{role}: {url} (linked from {offered_by}): {p}" for p in found if not _known(role, shape, p)
        )
        if page is None:
            continue
        if level >= DEPTH:
            continue
        final = resp.redirect_chain[-1][0] if resp.redirect_chain else url
        for href in page.links:
            target = _same_origin_path(href)
            if target is not None and target not in seen_urls and _shape(target) not in seen_shapes:
                queue.append((target, level + 1, final))
    return problems, visited


@pytest.mark.parametrize("role", ROLES)
def test_role_journey_crawl(demo, role):
    client = Client()
    if role != "anonymous":
        client.force_login(User.objects.get(username=role))
    problems, visited = crawl(client, role)
    assert visited > 5, f"{role}: only {visited} pages reached from the home page"
    assert not problems, "\n".join(problems)
