"""The office's verification queue at a month's scale: 484 figures awaiting verification (22 counties × 22
indicators), the queue page (GET) and 审核通过所选 of all 484 in one POST (one transaction, each figure through
figure_verify: history row, simple_history audit, change stamp).

Runs in a throw-away test database (PostgreSQL from BENCH_DATABASE_URL when reachable, else SQLite in memory).
Prints `BENCH <name> <value> <unit> target=<t>` lines (see bench/README.md).
"""
from __future__ import annotations

import os
import statistics
import sys
import time

from _common import django_setup  # noqa: E402 - bench/ is this script's folder

django_setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

N_COUNTIES = N_INDICATORS = 22  # 484 figures


def main() -> int:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return _run()
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def _run() -> int:
    from django.test import Client
    from django.urls import reverse

    from minsheng.accounts.models import Role, User
    from progress.models import Evidence, Figure, FigureState
    from progress.synth import synth_programme

    print(f"# load average {os.getloadavg()} vendor={connection.vendor}")
    programme = synth_programme(counties=N_COUNTIES, indicators=N_INDICATORS, months=1, year=2032)
    figures = Figure.objects.filter(period__programme=programme, period__month=1)
    figures.update(state=FigureState.SUBMITTED, verified_value=None)
    ids = list(figures.values_list("pk", flat=True))
    # every figure carries a file (no confirmation step); half of the run below is without
    Evidence.objects.bulk_create(
        [Evidence(figure_id=pk, file=f"progress/evidence/b{pk}.pdf", original_name="佐证.pdf",
                  mime="application/pdf", size=10) for pk in ids]
    )
    office = User.objects.create_user("bench_office_q", password=None, role=Role.OFFICE)
    client = Client()
    client.force_login(office)
    url = reverse("progress:verification_queue")
    client.get(url)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            resp = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert resp.status_code == 200
    shown = resp.content.decode().count('class="list-group-item queue-row')
    print(f"BENCH progress_queue_page_median {statistics.median(times):.0f} ms target=500 queries={len(q)} "
          f"rows={shown}")
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        resp = client.post(url, {"figure": ids, "comment": "同意"})
    took = time.perf_counter() - start
    assert resp.status_code == 302, resp.status_code
    verified = Figure.objects.filter(pk__in=ids, state=FigureState.VERIFIED).count()
    assert verified == len(ids), verified
    print(f"BENCH progress_queue_bulk_verify_{len(ids)} {took:.2f} s target=5 queries={len(q)} "
          f"per_figure={took / len(ids) * 1000:.1f} ms verified={verified}")
    print(f"# load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
