"""Benchmarks of generated documents (see docs/benchmarks.md, section 通报与专报):

- city 通报 for the seed programme (1-9 月 2024): data (selectors) → snapshot → HTML → PDF, target ≤ 1 s;
- province-scale annex (300+ project rows, table-layout: fixed): HTML → PDF, target ≤ 3 s;
- ratio of our total time to WeasyPrint's own time on the same final HTML (goal ≤ 1.3).

Runs in a throw-away database with the demo data (SQLite in memory unless BENCH_DATABASE_URL reaches a
PostgreSQL). Each figure is the median of 3 runs after one warm-up run (fonts, caches).
"""

from __future__ import annotations

import copy
import os
import statistics
import sys
import time
from datetime import date

from _common import django_setup  # noqa: E402 - bench/ is this script's folder

django_setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def page_count(pdf: bytes) -> int:
    import re
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", out)
    return int(m.group(1)) if m else 0


def median_time(fn, runs: int = 3) -> tuple[float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> int:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from django.template.loader import render_to_string
    from weasyprint import HTML

    from projects.models import Programme
    from reports import compose
    from reports.render.html import bulletin_context, tighten
    from reports.render.pdf import BASE_URL, html_to_pdf, url_fetcher
    from reports.services.documents import _jsonable
    from reports.snapshot import bulletin_snapshot_build

    programme = Programme.objects.get(year=2024, organisation__name="邵阳市")

    def html_for(snapshot):
        ctx = bulletin_context(
            snapshot=snapshot,
            sections=compose.default_sections(snapshot),
            title=compose.title_for(snapshot),
            doc_date=date(2024, 10, 9),
            state="issued",
        )
        return tighten(render_to_string("reports/pdf/bulletin.html", ctx))

    def city_total():
        snap = _jsonable(bulletin_snapshot_build(programme=programme, month=9, scope=programme.organisation))
        return html_to_pdf(html_for(snap)), snap

    total, (pdf, snap) = median_time(city_total)
    final_html = html_for(snap)
    weasy, _ = median_time(
        lambda: HTML(string=final_html, base_url=BASE_URL, url_fetcher=url_fetcher()).write_pdf()
    )
    pages = page_count(pdf)
    print(f"BENCH reports_city_bulletin_total {total:.3f} s target=1.0 pages={pages}")
    print(f"BENCH reports_city_bulletin_weasyprint_only {weasy:.3f} s")
    print(f"BENCH reports_city_bulletin_ratio {total / weasy:.2f} x target=1.3")

    # Province scale: 14 cities' worth of the seed's annex rows in one annex.
    big = copy.deepcopy(snap)
    level = big["levels"][0]
    matters = []
    for city in range(14):
        for m in snap["levels"][0]["matters"]:
            mm = copy.deepcopy(m)
            mm["name"] = f"{m['name']}（第{city + 1}市）"
            mm["seq"] = len(matters) + 1
            matters.append(mm)
    level["matters"] = matters
    n = 0
    for m in matters:
        for p in m["projects"]:
            n += 1
            p["no"] = n
    big["levels"] = [level]
    rows = sum(len(m["projects"]) for m in matters)
    big_html = html_for(big)
    times = []
    for _ in range(int(os.environ.get("BENCH_REPORTS_RUNS", "3"))):
        t0 = time.perf_counter()
        big_pdf = html_to_pdf(big_html)
        times.append(time.perf_counter() - t0)
    big_pages = page_count(big_pdf)
    # Reference at the same moment (the machine's load moves every figure): WeasyPrint alone on a bare
    # 4-column fixed-layout table holding the same cell texts, no stylesheet of ours.
    import html as html_mod
    import re

    cells = re.findall(r"<tr[^>]*>(.*?)</tr>", big_html.split("<tbody>", 1)[1], flags=re.S)
    bare = "".join(
        "<tr>"
        + "".join(f"<td>{html_mod.escape(c)}</td>" for c in re.findall(r"<td[^>]*>([^<]*)</td>", row))
        + "</tr>"
        for row in cells
    )
    bare_html = (
        "<html><head><style>@page{size:A4;margin:37mm 26mm 35mm 28mm}table{width:100%;table-layout:fixed;"
        "border-collapse:collapse;font:11pt 'Noto Serif CJK SC'}td{border:.5pt solid}</style></head><body>"
        f"<table><thead><tr><th>序号</th><th>实事名称</th><th>项目名称</th><th>进展情况</th></tr></thead>"
        f"<tbody>{bare}</tbody></table></body></html>"
    )
    ref = []
    for _ in range(len(times)):
        t0 = time.perf_counter()
        HTML(string=bare_html).write_pdf()
        ref.append(time.perf_counter() - t0)
    print(
        f"BENCH reports_province_annex_weasyprint_bare best={min(ref):.3f} s median={statistics.median(ref):.3f} s "
        f"ratio_best={min(times) / min(ref):.2f}"
    )
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[:3]
    print(
        f"BENCH reports_province_annex_pdf best={min(times):.3f} s median={statistics.median(times):.3f} s "
        f"runs={','.join(f'{t:.2f}' for t in times)} target=3.0 rows={rows} pages={big_pages} "
        f"loadavg={' '.join(load)}"
    )
    out = os.environ.get("BENCH_REPORTS_OUT")
    if out:  # keep the PDFs to look at (pdftoppm)
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "city.pdf"), "wb") as fh:
            fh.write(pdf)
        with open(os.path.join(out, "province.pdf"), "wb") as fh:
            fh.write(big_pdf)
        with open(os.path.join(out, "province.html"), "w") as fh:
            fh.write(big_html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
