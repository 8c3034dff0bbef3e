"""Benchmarks of monthly progress: the office dashboard on a province-scale data set (122 counties × 60
indicators × 12 months) and the xlsx import of 10,000 figures against openpyxl's own read time.

Runs in a throw-away test database (PostgreSQL from BENCH_DATABASE_URL when reachable, else SQLite in
memory). Prints `BENCH <name> <value> <unit> target=<t>` lines (see bench/README.md). The uncached lines
time the dashboard, one county's scorecard and one public project page with the roll-up cache off;
BENCH_PROGRESS_PAGES_ONLY=1 stops after them (no import benchmark).
"""
from __future__ import annotations

import io
import os
import statistics
import sys
import time

from _common import django_setup  # noqa: E402 - bench/ is this script's folder

django_setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

N_RUNS = 15
N_IMPORT = 10_000
N_COLD = 7



def _timed_gets(client, url: str, runs: int) -> tuple[list[float], int]:
    """Server time (ms) of `runs` GETs of `url`, and the queries of the last one."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            resp = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert resp.status_code == 200, (url, resp.status_code)
    return times, len(q)

def main() -> int:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return _run()
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def _run() -> int:
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from minsheng.accounts.models import Role, User
    from progress.importers import HEADERS, sheet_commit, sheet_parse
    from progress.models import ReportingPeriod
    from progress.synth import synth_programme
    from projects.models import IndicatorTarget

    print(f"# load average {os.getloadavg()}")
    t0 = time.perf_counter()
    programme = synth_programme(counties=122, indicators=60, months=12)
    print(f"# synthetic data: {time.perf_counter() - t0:.1f} s, vendor={connection.vendor}")
    office = User.objects.create_user("bench_office", password=None, role=Role.OFFICE)
    client = Client()
    client.force_login(office)
    url = f"/progress/dashboard/?programme={programme.pk}&month=12"
    client.get(url)  # warm-up
    times, queries = _timed_gets(client, url, N_RUNS)
    print(f"BENCH progress_dashboard_median {statistics.median(times):.0f} ms target=300 queries={queries} "
          f"figures={12 * 122 * 60} (roll-up cached by change stamp; best {min(times):.0f} ms)")
    # The same page with the cache off: every request computes the roll-up (the first view after a change).
    from django.conf import settings

    settings.PROGRESS_ROLLUP_CACHE_SECONDS = 0
    cold, queries = _timed_gets(client, url, N_COLD)
    print(f"BENCH progress_dashboard_uncached_median {statistics.median(cold):.0f} ms queries={queries} "
          f"(best {min(cold):.0f} ms)")
    # The pages that show a slice of the roll-up (one county's rows, one project's indicators), uncached too.
    from minsheng.accounts.models import Organisation
    from projects.models import Project

    county = Organisation.objects.filter(indicator_targets__indicator__project__matter__programme=programme) \
        .order_by("sort_order", "pk").first()
    project = Project.objects.filter(matter__programme=programme).order_by("pk").first()
    anonymous = Client()
    slices = (
        ("progress_scorecard_uncached", client, f"/progress/scorecard/{county.pk}/?programme={programme.pk}&month=12"),
        ("progress_public_project_uncached", anonymous, f"/progress/p/{project.public_code}/"),
    )
    for name, c, page in slices:
        c.get(page)
        runs, queries = _timed_gets(c, page, N_COLD)
        print(f"BENCH {name}_median {statistics.median(runs):.0f} ms queries={queries} (best {min(runs):.0f} ms)")
    print(f"# load average {os.getloadavg()}")
    if os.environ.get("BENCH_PROGRESS_PAGES_ONLY"):
        return 0

    # Import: a second programme with 10,004 targets and no figures; one row per target.
    imp = synth_programme(name="导入省", counties=122, indicators=82, months=0, year=2031)
    period = ReportingPeriod.objects.get(programme=imp, month=1)
    ids = list(IndicatorTarget.objects.filter(indicator__project__matter__programme=imp)
               .values_list("pk", flat=True)[:N_IMPORT])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["合成导入"])
    ws.append(HEADERS)
    for i, pk in enumerate(ids):
        ws.append([pk, "省定", "项目", "指标", "个", 100, None, 5 + i % 50, None, 12.5, 6.25, "进展顺利", None, "未填报"])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    start = time.perf_counter()
    rb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    n = sum(1 for _ in rb.worksheets[0].iter_rows(values_only=True))
    raw = time.perf_counter() - start
    start = time.perf_counter()
    result = sheet_parse(uploaded=SimpleUploadedFile("x.xlsx", data), period=period, county=None)
    assert result.ok, result.errors[:3]
    saved = sheet_commit(rows=result.rows, period=period, actor=office, submit=True)
    total = time.perf_counter() - start
    print(f"# load average {os.getloadavg()}")
    print(f"BENCH progress_import_10000 {total:.2f} s target=3 rows={saved} openpyxl_read={raw:.2f}s "
          f"ratio={total / raw:.1f}x (read rows={n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
