"""Set-up workbooks at province scale (issue 15): a 60-indicator programme and its 任务分解表 of 60 indicators ×
122 counties = 7,320 target rows, imported through the same preview + all-or-nothing commit as the office's page.

Runs in a throw-away test database (PostgreSQL from BENCH_DATABASE_URL when reachable, else SQLite in memory).
Prints `BENCH <name> <value> <unit> target=<t>` lines (see bench/README.md). The 5 s target covers preview and
commit of the first import of the 任务分解表 (the commit reads the workbook again inside its transaction).
"""

from __future__ import annotations

import io
import os
import sys
import time

from _common import django_setup  # noqa: E402 - bench/ is this script's folder

django_setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N_COUNTIES, N_INDICATORS = 122, 60


def main() -> int:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return _run()
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def _book(title: str, headers: list, rows: list) -> io.BytesIO:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = f"{title}.xlsx"
    return buf


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _run() -> int:
    from minsheng.accounts.models import Organisation
    from minsheng.common.workbook import workbook_commit, workbook_preview
    from projects.models import IndicatorTarget
    from projects.workbooks import ProgrammeKind, TargetsKind

    print(f"# load average {os.getloadavg()} vendor={connection.vendor}")
    province = Organisation.objects.create(name="基准省", kind="province")
    Organisation.objects.create(
        name="基准省教育厅", short_name="省教育厅", kind="department", parent=province
    )
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"第{i:03d}县", kind="county", parent=province, sort_order=i)
            for i in range(N_COUNTIES)
        ]
    )
    Organisation.objects.rebuild_paths()  # bulk_create skips save(): the office scope reads the paths
    counties = [f"第{i:03d}县" for i in range(N_COUNTIES)]
    prows = [
        [2032, "基准省", "省定", 1 + i // 6, f"实事{1 + i // 6}", 1 + (i % 6) // 2, f"项目{1 + i // 6}-{1 + (i % 6) // 2}",
         f"B{i:02d}", f"指标{i}", "个", "累计数量", 1000 * N_COUNTIES, "", "", "省教育厅", "", ""]
        for i in range(N_INDICATORS)
    ]  # fmt: skip
    f = _book("年度实事计划", [c.header for c in ProgrammeKind.columns], prows)
    p, t_prev = _timed(lambda: workbook_preview(uploaded=f, expected="programme"))
    assert p.ok, p.errors[:3]
    f.seek(0)
    _r, t_commit = _timed(lambda: workbook_commit(uploaded=f, expected="programme", actor=None))
    print(f"BENCH setup_programme_60_import {1000 * (t_prev + t_commit):.0f} ms preview={t_prev * 1000:.0f}ms "
          f"commit={t_commit * 1000:.0f}ms")  # fmt: skip

    headers = [*TargetsKind.fixed, *counties]
    trows = [[2032, "基准省", f"B{i:02d}", f"指标{i}", "个", 1000 * N_COUNTIES, *([1000] * N_COUNTIES)]
             for i in range(N_INDICATORS)]  # fmt: skip
    f = _book("任务分解表", headers, trows)
    p, t_prev = _timed(lambda: workbook_preview(uploaded=f, expected="targets"))
    assert p.ok, p.errors[:3]
    f.seek(0)
    _r, t_commit = _timed(lambda: workbook_commit(uploaded=f, expected="targets", actor=None))
    n = IndicatorTarget.objects.count()
    assert n == N_INDICATORS * N_COUNTIES, n
    total = t_prev + t_commit
    print(f"BENCH setup_targets_7320_import {total * 1000:.0f} ms target=5000 preview={t_prev * 1000:.0f}ms "
          f"commit={t_commit * 1000:.0f}ms rows={n}")  # fmt: skip

    for r in trows:  # one county's share moved to another in every row: 120 changed cells, total unchanged
        r[6], r[7] = 500, 1500
    f = _book("任务分解表", headers, trows)
    p, t_prev = _timed(lambda: workbook_preview(uploaded=f, expected="targets"))
    assert p.ok and p.counts["changed"] == N_INDICATORS, p.counts
    f.seek(0)
    _r, t_commit = _timed(lambda: workbook_commit(uploaded=f, expected="targets", actor=None))
    print(f"BENCH setup_targets_7320_reimport {(t_prev + t_commit) * 1000:.0f} ms target=5000 "
          f"preview={t_prev * 1000:.0f}ms commit={t_commit * 1000:.0f}ms changed_cells={2 * N_INDICATORS}")  # fmt: skip

    # the office's pages: upload (preview) and confirm, every one of the 7,320 cells changed
    from django.test import Client

    from minsheng.accounts.models import Role, User

    office = User.objects.create_user("bench_setup_office", password=None, role=Role.OFFICE)
    client = Client()
    client.force_login(office)
    for r in trows:
        r[5], r[6:] = 900 * N_COUNTIES, [900] * N_COUNTIES
    f = _book("任务分解表", headers, trows)
    resp, t_prev = _timed(lambda: client.post("/setup/import/", {"kind": "targets", "file": f}))
    assert resp.status_code == 200 and resp.context["token"], resp.status_code
    resp, t_commit = _timed(lambda: client.post("/setup/import/", {"token": resp.context["token"]}))
    assert "修改 7320 项" in resp.content.decode(), resp.content.decode()[:500]
    print(f"BENCH setup_targets_7320_web_all_changed {(t_prev + t_commit) * 1000:.0f} ms target=5000 "
          f"upload_preview={t_prev * 1000:.0f}ms confirm={t_commit * 1000:.0f}ms")  # fmt: skip
    return 0  # the target is reported, not asserted (bench/README.md)


if __name__ == "__main__":
    sys.exit(main())
