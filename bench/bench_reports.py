"""Benchmarks of generated documents (see docs/benchmarks.md, section 通报与专报):

- city 通报 for the seed programme (1-9 月 2024): data (selectors) → snapshot → HTML → PDF, target ≤ 1 s;
- ratio of that total to plain WeasyPrint (`HTML(string=…).write_pdf()`, its default fresh font configuration)
  on the same final HTML, goal ≤ 1.3; the steps (snapshot, HTML, our html_to_pdf) are timed too;
- province-scale annex (300+ project rows, table-layout: fixed): HTML → PDF, target ≤ 3 s.

Runs in a throw-away database with the demo data (SQLite in memory unless BENCH_DATABASE_URL reaches a
PostgreSQL). One warm-up run each, then BENCH_REPORTS_CITY_RUNS (default 5) city runs, ours and WeasyPrint's
interleaved so both see the same load, and BENCH_REPORTS_RUNS (default 3) annex runs, likewise in turn with a
bare-table WeasyPrint reference; best and median of each.
Every timed run starts after a full gc.collect(), as a render task does after each document (reports.tasks):
otherwise whichever run happens to trigger the collection of the previous render's ~90 MB of reference cycles
pays 0.1-0.3 s for it, and a median of 3 flips between ours and WeasyPrint's. That collection is timed on its own
(`gc_after_render`). The load average is printed with each section (`/proc/loadavg`).
"""

from __future__ import annotations

import copy
import gc
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


def loadavg() -> str:
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


def timed(fn) -> tuple[float, float, object]:
    """(wall s, CPU s, result) of one call, started on a collected heap (see the module docstring)."""
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - t, time.process_time() - c, result


def interleaved(fns: dict, runs: int) -> tuple[dict, dict]:
    """Warm each function up, then run them in turn `runs` times: {name: [(wall, cpu), …]}, last results."""
    results = {name: fn() for name, fn in fns.items()}  # warm-up (fonts, template and query caches)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            wall, cpu, results[name] = timed(fn)
            times[name].append((wall, cpu))
    return times, results


def best(samples, i: int = 0) -> float:
    return min(s[i] for s in samples)


def median(samples, i: int = 0) -> float:
    return statistics.median(s[i] for s in samples)


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

    snap = city_total()[1]
    final_html = html_for(snap)
    runs = int(os.environ.get("BENCH_REPORTS_CITY_RUNS", "5"))
    load_before = loadavg()
    times, results = interleaved(
        {
            "total": city_total,
            "weasyprint_only": lambda: HTML(
                string=final_html, base_url=BASE_URL, url_fetcher=url_fetcher()
            ).write_pdf(),
            "snapshot": lambda: _jsonable(
                bulletin_snapshot_build(programme=programme, month=9, scope=programme.organisation)
            ),
            "html": lambda: html_for(snap),
            "html_to_pdf": lambda: html_to_pdf(final_html),
        },
        runs,
    )
    pdf = results["total"][0]
    assert results["html_to_pdf"] == pdf, "the same HTML must give the same PDF bytes"
    gc_times = []
    for _ in range(runs):  # the collection a render task runs after each document
        html_to_pdf(final_html)
        t = time.perf_counter()
        gc.collect()
        gc_times.append(time.perf_counter() - t)
    total, weasy = times["total"], times["weasyprint_only"]
    pages = page_count(pdf)
    print(
        f"BENCH reports_city_bulletin_total best={best(total):.3f} s median={median(total):.3f} s "
        f"cpu_best={best(total, 1):.3f} s target=1.0 pages={pages} runs={runs}"
    )
    print(
        f"BENCH reports_city_bulletin_weasyprint_only best={best(weasy):.3f} s median={median(weasy):.3f} s "
        f"cpu_best={best(weasy, 1):.3f} s"
    )
    for step in ("snapshot", "html", "html_to_pdf"):
        print(
            f"BENCH reports_city_bulletin_step_{step} best={best(times[step]):.3f} s cpu_best={best(times[step], 1):.3f} s"
        )
    print(
        f"BENCH reports_city_bulletin_gc_after_render best={min(gc_times):.3f} s median={statistics.median(gc_times):.3f} s"
    )
    print(
        f"BENCH reports_city_bulletin_ratio best={best(total) / best(weasy):.2f} x "
        f"median={median(total) / median(weasy):.2f} x cpu_best={best(total, 1) / best(weasy, 1):.2f} x "
        f"target=1.3 loadavg_before={load_before} loadavg_after={loadavg()}"
    )

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
    # Reference, run in turn with ours (the machine's load moves every figure): WeasyPrint alone on a bare
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
    annex_times, annex_results = interleaved(
        {"ours": lambda: html_to_pdf(big_html), "bare": lambda: HTML(string=bare_html).write_pdf()},
        int(os.environ.get("BENCH_REPORTS_RUNS", "3")),
    )
    times, ref = [t[0] for t in annex_times["ours"]], [t[0] for t in annex_times["bare"]]
    big_pdf = annex_results["ours"]
    big_pages = page_count(big_pdf)
    print(
        f"BENCH reports_province_annex_weasyprint_bare best={min(ref):.3f} s median={statistics.median(ref):.3f} s "
        f"ratio_best={min(times) / min(ref):.2f}"
    )
    print(
        f"BENCH reports_province_annex_pdf best={min(times):.3f} s median={statistics.median(times):.3f} s "
        f"runs={','.join(f'{t:.2f}' for t in times)} target=3.0 rows={rows} pages={big_pages} "
        f"loadavg={loadavg()}"
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
