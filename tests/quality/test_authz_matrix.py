"""Authorisation matrix: every URL pattern × every role × objects of county A and county B.

The expected answers live in tests/quality/authz_matrix.txt (one row per method and URL name; a cell
"200/404" is the answer for A's object / B's object). A URL added to the project without a row makes
`test_every_url_has_a_row` fail; a row whose URL is gone fails too. To refresh the table after a
deliberate change: `MATRIX_RECORD=1 pytest tests/quality/test_authz_matrix.py`, then REVIEW the diff.
"""

from __future__ import annotations

import fnmatch
import io
import logging
import os
import re
import zipfile
from pathlib import Path

import pytest

from .matrix import Runner, all_routes, owners_for, url_of
from .world import (
    OBSERVER_PHONE,
    OPINION_NAME,
    OPINION_PHONE,
    PROPOSER_NAME,
    PROPOSER_PHONE,
    ROLES,
)

pytestmark = pytest.mark.django_db

TABLE = Path(__file__).with_name("authz_matrix.txt")
RECORD = os.environ.get("MATRIX_RECORD") == "1"
METHODS = ("GET", "POST")
# Roles that must only ever see masked personal data (everyone but the office and the administrator).
# The other city's office and 邵东市's office reach none of these 邵阳市 objects: no personal data either.
MASKED_ROLES = ("anon", "county_a", "county_b", "dept", "observer", "deputy", "office_b", "office_sd")
SECRETS = {
    "建议人电话": PROPOSER_PHONE,
    "建议人姓名": PROPOSER_NAME,
    "群众意见联系电话": OPINION_PHONE,
    "群众意见联系人": OPINION_NAME,
    "观察员电话": OBSERVER_PHONE,
}
# An observer sees their own phone on their own roster page and 聘书 (object of owner A).
OWN_DATA = {("observer", "a", "observers:observer_detail", "观察员电话")}


def parse_table() -> dict[tuple[str, str], list[str]]:
    rows: dict[tuple[str, str], list[str]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        method, name, *cells = line.split()
        assert len(cells) == len(ROLES), f"表格行列数不对：{line}"
        rows[(method, name)] = cells
    return rows


def expected(rows, method: str, name: str) -> list[str] | None:
    if (method, name) in rows:
        return rows[(method, name)]
    for (m, pattern), cells in rows.items():
        if m == method and any(c in pattern for c in "*?[") and fnmatch.fnmatchcase(name, pattern):
            return cells
    return None


def text_of(resp) -> str:
    """What a person could read in a response: HTML/JSON/CSV text, and the cells of an xlsx."""
    ctype = resp.get("Content-Type", "")
    body = b"".join(resp.streaming_content) if getattr(resp, "streaming", False) else resp.content
    if "spreadsheetml" in ctype:
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            return "".join(
                zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if n.endswith(".xml")
            )
    if ctype.startswith(("text/", "application/json")):
        return body.decode("utf-8", "replace")
    return ""


@pytest.fixture(scope="module")
def sweep(world, django_db_blocker):
    """Run every non-admin route once per method, role and owner; keep statuses and leaks."""
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    with django_db_blocker.unblock():
        runner = Runner(world)
        statuses: dict[tuple[str, str], list[str]] = {}
        leaks: list[str] = []
        for route in all_routes():
            if route.name.startswith("admin:"):
                continue
            for method in METHODS:
                cells = []
                for role in ROLES:
                    values = []
                    for owner in owners_for(route):
                        url = url_of(route, owner, world)
                        resp = runner.request(method, role, url)
                        if resp is None:
                            values.append("500")
                            continue
                        values.append(str(resp.status_code))
                        if role in MASKED_ROLES and resp.status_code == 200:
                            body = text_of(resp)
                            for label, secret in SECRETS.items():
                                if secret in body and (role, owner, route.name, label) not in OWN_DATA:
                                    leaks.append(f"{method} {url} 向 {role} 泄露了{label}")
                    cells.append("/".join(values))
                statuses[(method, route.name)] = cells
    return statuses, leaks, runner.errors


def format_table(statuses) -> str:
    head = f"# {'method':7}{'url name':48}" + "".join(f"{r:9}" for r in ROLES)
    lines = [head]
    for (method, name), cells in statuses.items():
        lines.append(f"{method:8}{name:48}" + "".join(f"{c:9}" for c in cells).rstrip())
    return "\n".join(lines) + "\n"


def test_every_url_has_a_row():
    """A URL without a row (or a row without a URL) fails: the table must stay complete."""
    rows = parse_table()
    names = {r.name for r in all_routes()}
    missing = sorted(
        f"{m} {n}" for n in names for m in METHODS if expected(rows, m, n) is None
    )
    assert not missing, "权限矩阵缺少以下地址的预期结果：\n" + "\n".join(missing)
    stale = sorted(f"{m} {n}" for (m, n) in rows if not any(c in n for c in "*?[") and n not in names)
    assert not stale, "权限矩阵中有已不存在的地址：\n" + "\n".join(stale)


def test_statuses_match_the_table(sweep):
    statuses, _, _ = sweep
    if RECORD:
        admin_rows = [
            line for line in TABLE.read_text(encoding="utf-8").splitlines() if re.match(r"^\w+\s+admin:", line)
        ]
        TABLE.write_text(format_table(statuses) + "\n".join(admin_rows) + "\n", encoding="utf-8")
        pytest.skip("已重新记录 authz_matrix.txt，请逐行审阅差异")
    rows = parse_table()
    diffs = []
    for (method, name), cells in statuses.items():
        want = expected(rows, method, name)
        for role, got, exp in zip(ROLES, cells, want or ["?"] * len(ROLES), strict=True):
            if got != exp:
                diffs.append(f"{method} {name} [{role}] 预期 {exp}，实际 {got}")
    assert not diffs, "权限矩阵与实际不符：\n" + "\n".join(diffs)


def test_no_request_raises(sweep):
    _, _, errors = sweep
    assert not errors, "以下请求出现了服务器错误：\n" + "\n".join(f"{k}: {v}" for k, v in errors.items())


def test_no_personal_data_leaks(sweep):
    _, leaks, _ = sweep
    assert not leaks, "个人信息泄露：\n" + "\n".join(leaks)


def test_no_county_reads_or_changes_the_other(sweep):
    """Independent of the table: a county clerk never gets a 2xx/3xx on the other county's object."""
    statuses, _, _ = sweep
    owned = {r.name for r in all_routes() if len(owners_for(r)) == 2}
    bad = []
    for (method, name), cells in statuses.items():
        if name not in owned:
            continue
        ca, cb = cells[ROLES.index("county_a")].split("/"), cells[ROLES.index("county_b")].split("/")
        # A's clerk on B's object, B's clerk on A's object.
        for who, got in (("county_a", ca[1]), ("county_b", cb[0])):
            if got.startswith(("2", "3")) and not _shared_by_design(name):
                bad.append(f"{method} {name}: {who} 访问另一县的对象得到 {got}")
    assert not bad, "\n".join(bad)


# Objects that are not a county's own data although the URL carries an id (both counties may see them).
SHARED_BY_DESIGN = {
    "projects:programme_detail",  # public programme pages
    "candidates:round_detail",  # rounds are shown to every signed-in user from 征求意见 on
    "candidates:ranking",
    "candidates:opinions",
    "candidates:approval_add",  # POST answers a redirect with a refusal message
    "candidates:session_create",
    "candidates:adopt",
    "candidates:target_delete",
    "candidates:opinion_respond",
}


def _shared_by_design(name: str) -> bool:
    return name in SHARED_BY_DESIGN


def test_admin_urls(world, django_db_blocker):
    """Every admin URL: signed-out and non-staff roles are sent to the admin log-in; staff get no 500."""
    from .admin_sweep import sweep_admin

    with django_db_blocker.unblock():
        problems = sweep_admin(world, parse_table())
    assert not problems, "\n".join(problems)


def test_another_citys_office_reaches_nothing_of_this_city(sweep):
    """Independent of the table: 宁川市's office gets no 2xx/3xx on any object of 邵阳市's counties A and B,
    and 邵东市's office none on county A's (洞口县 is the city's, not 邵东市's)."""
    statuses, _, _ = sweep
    owned = {r.name for r in all_routes() if len(owners_for(r)) == 2}
    bad = []
    for (method, name), cells in statuses.items():
        if name not in owned or _shared_by_design(name):
            continue
        other_city = cells[ROLES.index("office_b")].split("/")
        county_office = cells[ROLES.index("office_sd")].split("/")
        for who, got in (("office_b", other_city[0]), ("office_b", other_city[1]), ("office_sd", county_office[0])):
            if got.startswith(("2", "3")):
                bad.append(f"{method} {name}: {who} 访问了不属于本级的对象，得到 {got}")
    assert not bad, "\n".join(bad)
