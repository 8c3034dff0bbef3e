"""Load and soak (docs/benchmarks.md and docs/reliability.md, "负载与浸泡"): mixed traffic at a steady rate
against gunicorn + a Celery worker on a private Redis, all on 127.0.0.1, for SOAK_SECONDS (default 600).

    SOAK=1 scripts/bench            (or)   .venv/bin/python bench/soak.py
    SOAK_SECONDS=60 BENCH_PROVINCE_SMALL=1 .venv/bin/python bench/soak.py     # a short try on small data

Actors (each a bounded loop on its own thread, paced to a fixed period, stopping at the deadline):
- 2 citizens, every 2 s: the public programme page, a project's public page, the proposal form, a submission;
- 2 county clerks (two counties), every 3 s: a figure's entry page, then save a new value (draft);
- the office, every 2 s: dashboard, scorecard, proposal list, observers' reports, home in turn; every 30 s the
  city's own office (bench_office_city01) (re)generates its city 通报 through the web form, which the Celery
  worker renders (WeasyPrint).
Checks (exit 1 when one fails): no 5xx and no failed connection; proposals stored = accepted responses;
every saved figure holds the last value the clerk saved and one history row per save; every 通报 queued was
rendered (ready, none failed); RSS of the web and worker processes at the end within max(15 %, 20 MB) of the
value after the warm-up (first minute, or 10 % of a shorter run).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from _common import ROOT, loadavg, province_database_url, server_env  # noqa: E402

os.environ["BENCH_DATABASE_URL"] = province_database_url()

from _common import django_setup  # noqa: E402

DB_URL = django_setup(require_postgres=True)

import province  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
WARMUP = min(60, max(5, SECONDS // 10))
RSS_PCT, RSS_MB = 0.15, 20.0


class Stats:
    """Thread-safe counters shared by the actors."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.status: Counter = Counter()
        self.by_actor: Counter = Counter()
        self.server_errors: list[str] = []
        self.failures: list[str] = []
        self.accepted = 0
        self.saves: dict[int, Decimal] = {}
        self.n_saves = 0
        self.generated = 0

    def record(self, actor: str, path: str, status: int) -> None:
        with self.lock:
            self.status[status // 100 * 100] += 1
            self.by_actor[actor] += 1
            if status >= 500:
                self.server_errors.append(f"{status} {path}")

    def fail(self, what: str) -> None:
        with self.lock:
            self.failures.append(what)


def paced(period: float, deadline: float, step) -> None:
    """Call step(i) every `period` seconds until the deadline (a bounded loop: at most deadline/period calls)."""
    start = time.monotonic()
    for i in range(int((deadline - start) / period) + 1):
        if time.monotonic() >= deadline:
            return
        step(i)
        pause = start + (i + 1) * period - time.monotonic()
        if pause > 0:
            time.sleep(pause)


def _call(stats: Stats, actor: str, browser, path: str, data: dict | None = None, *, form_page: str | None = None):
    """GET `path`, or GET the form page and POST `data` with its CSRF token; every response is counted."""
    try:
        if data is not None:
            page = form_page or path
            status, html, _ = browser.get(page)
            stats.record(actor, page, status)
            if status != 200:
                stats.fail(f"{actor} {page}: 表单页返回 {status}")
                return None, "", {}
            status, body, headers = browser.request(path, {**data, "csrfmiddlewaretoken": browser.csrf(html)})
        else:
            status, body, headers = browser.get(path)
    except OSError as exc:
        stats.fail(f"{actor} {path}: 连接失败 {exc}")
        return None, "", {}
    stats.record(actor, path, status)
    return status, body, headers


def citizen(stats: Stats, base: str, ids: dict, deadline: float, n: int, tag: str) -> None:
    from tests.reliability.harness import Browser

    form = f"/proposals/c/{ids['open_campaign']}/"

    def step(i: int) -> None:
        b = Browser(base)  # a new visitor each time
        _call(stats, "citizen", b, f"/programme/{ids['programme']}/")
        _call(stats, "citizen", b, f"/progress/p/{ids['public_code']}/")
        status, _, _ = _call(stats, "citizen", b, form, {
            "title": f"浸泡建议{tag}-{n}-{i} 老街增设充电桩", "level": "city", "domain": "",
            "proposer_name": "浸泡用户", "proposer_phone": f"13{n}{i % 100_000_000:08d}", "suggested_unit": "",
            "suggested_unit_text": "基准单位", "situation": "", "content": "建议在老街增设电动车充电桩。",
            "effect": "", "remark": "", "consent": "on", "captcha": "7", "website": "",
        })
        if status == 302:
            with stats.lock:
                stats.accepted += 1
        elif status is not None:
            stats.fail(f"citizen 提交返回 {status}")

    paced(2.0, deadline, step)


def clerk(stats: Stats, base: str, username: str, targets: list[int], period_id: int, deadline: float) -> None:
    from tests.reliability.harness import Browser

    b = Browser(base)
    b.login(username, province.BENCH_PASSWORD)

    def step(i: int) -> None:
        target = targets[i % len(targets)]
        path = f"/progress/entry/{target}/{period_id}/"
        value = Decimal(i + 1)
        status, body, _ = _call(stats, "clerk", b, path, {"value": str(value), "narrative": f"浸泡第 {i} 次保存"})
        if status == 302:
            with stats.lock:
                stats.saves[target] = value
                stats.n_saves += 1
        elif status is not None:
            stats.fail(f"{username} 保存返回 {status}: {re.sub(r'<[^>]+>', ' ', body)[:200]}")
        if i % 5 == 4:
            _call(stats, "clerk", b, f"/progress/month/{period_id}/")

    paced(3.0, deadline, step)


def office(stats: Stats, base: str, ids: dict, deadline: float) -> None:
    from tests.reliability.harness import Browser

    b = Browser(base)
    b.login("bench_office", province.BENCH_PASSWORD)
    # The city's own office issues the city's 通报 (the province office reads the city, does not change it).
    cb = Browser(base)
    cb.login(province.CITY_OFFICE, province.BENCH_PASSWORD)
    p = ids["programme"]
    pages = [f"/progress/dashboard/?programme={p}&month=12", f"/progress/scorecard/{ids['county']}/?programme={p}&month=12",
             "/proposals/manage/", "/observers/reports/", "/"]

    def step(i: int) -> None:
        _call(stats, "office", b, pages[i % len(pages)])
        if i % 15 == 0:
            data = {"kind": "bulletin", "programme": ids["city_programme"], "month": str(i // 15 % 12 + 1),
                    "scope": ids["city"]}
            status, body, _ = _call(stats, "office", cb, "/reports/generate/", data, form_page="/reports/")
            if status == 302:
                with stats.lock:
                    stats.generated += 1
            elif status is not None:
                stats.fail(f"office 生成通报返回 {status}: {re.sub(r'<[^>]+>', ' ', body)[:200]}")

    paced(2.0, deadline, step)


# --- processes and memory --------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def rss_mb(pid: int) -> float:
    """RSS of a process and its children, in MB."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            m = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{p}/status").read_text())
        except OSError:
            continue
        total += int(m.group(1)) / 1024 if m else 0
    return total


class CeleryWorker:
    def __init__(self, env: dict[str, str]) -> None:
        self.log = Path(tempfile.mkstemp(prefix="minsheng-soak-worker-", suffix=".log")[1])
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "minsheng", "worker", "-P", "prefork", "-c", "1", "-l", "info",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            env=env, cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def succeeded(self) -> int:
        return len(re.findall(r"document_render_task\[[^\]]+\] succeeded", self.log.read_text(errors="replace")))


def soak_ids() -> dict:
    from minsheng.accounts.models import Organisation
    from progress.models import ReportingPeriod
    from projects.models import IndicatorTarget, Programme, Project
    from proposals.models import Campaign

    prog = Programme.objects.get(year=province.YEAR, organisation__name=province.PROVINCE)
    imp = Programme.objects.get(year=province.YEAR + 1, organisation__name=province.PROVINCE)
    city_prog = Programme.objects.get(year=province.YEAR, organisation__children__users__username=province.CITY_OFFICE)
    period = ReportingPeriod.objects.get(programme=imp, month=2)
    ids = {
        "programme": prog.pk, "city_programme": city_prog.pk, "city": city_prog.organisation_id,
        "county": Organisation.objects.get(users__username="bench_county").pk,
        "public_code": Project.objects.filter(matter__programme=prog).order_by("pk").first().public_code,
        "open_campaign": Campaign.objects.get(year=province.OPEN_YEAR, organisation=prog.organisation).pk,
        "period": period.pk, "targets": {},
    }
    for username in ("bench_county", "bench_county_b"):
        county = Organisation.objects.get(users__username=username)
        ids["targets"][username] = list(
            IndicatorTarget.objects.filter(indicator__project__matter__programme=imp, county=county)
            .order_by("pk").values_list("pk", flat=True))
    return ids


def main() -> int:  # noqa: C901, PLR0915 - one linear script
    from django.db import close_old_connections

    from progress.models import Figure
    from proposals.models import Proposal
    from reports.models import Document, RenderState
    from tests.reliability.harness import PrivateRedis, Server

    sizes = province.Sizes.small() if os.environ.get("BENCH_PROVINCE_SMALL") else province.Sizes()
    province.ensure(sizes)
    ids = soak_ids()
    print(f"# soak {SECONDS} s against {DB_URL.rsplit('/', 1)[-1]}; load average {loadavg()}", flush=True)
    redis = PrivateRedis().start()
    media = tempfile.mkdtemp(prefix="minsheng-soak-media-")
    env = server_env(database_url=DB_URL, redis_url=redis.url(), media_root=media)
    server = Server(env, workers=int(os.environ.get("BENCH_WEB_WORKERS", "3"))).start()
    worker = CeleryWorker(env)
    stats = Stats()
    failures: list[str] = []
    try:
        proposals_before = Proposal.objects.filter(campaign_id=ids["open_campaign"]).count()
        history_before = Figure.history.filter(period_id=ids["period"]).count()
        docs_before = worker.succeeded()
        tag = str(int(time.time()))
        t0 = time.monotonic()
        deadline = t0 + SECONDS
        threads = [threading.Thread(target=citizen, args=(stats, server.base, ids, deadline, n, tag)) for n in (1, 2)]
        threads += [threading.Thread(target=clerk, args=(stats, server.base, u, ids["targets"][u], ids["period"],
                                                         deadline)) for u in ("bench_county", "bench_county_b")]
        threads.append(threading.Thread(target=office, args=(stats, server.base, ids, deadline)))
        rss_start = {"web": rss_mb(server.proc.pid), "worker": rss_mb(worker.proc.pid)}
        print(f"# RSS at start: web {rss_start['web']:.0f} MB, worker {rss_start['worker']:.0f} MB", flush=True)
        for t in threads:
            t.start()
        samples = []
        warm = None
        step = min(30, max(1, SECONDS / 20))
        while any(t.is_alive() for t in threads):
            next_sample = time.monotonic() + step
            while time.monotonic() < next_sample and any(t.is_alive() for t in threads):
                time.sleep(0.5)
            el = time.monotonic() - t0
            sample = {"t": round(el), "web": rss_mb(server.proc.pid), "worker": rss_mb(worker.proc.pid),
                      "requests": sum(stats.by_actor.values())}
            samples.append(sample)
            if warm is None and el >= WARMUP:
                warm = sample
            print(f"#   {sample['t']:4d} s  requests={sample['requests']}  RSS web {sample['web']:.0f} MB  "
                  f"worker {sample['worker']:.0f} MB  load {loadavg()}", flush=True)
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t0
        end = {"web": rss_mb(server.proc.pid), "worker": rss_mb(worker.proc.pid)}
        # The worker drains the queue (bounded wait), then every check.
        close_old_connections()
        city_docs = Document.objects.filter(programme_id=ids["city_programme"])
        wait_until = time.monotonic() + 240
        while time.monotonic() < wait_until and (
            city_docs.filter(render_state__in=[RenderState.QUEUED, RenderState.RENDERING]).exists()
            or worker.succeeded() - docs_before < stats.generated
        ):
            time.sleep(2)
        rendered = worker.succeeded() - docs_before
        failed_docs = city_docs.filter(render_state=RenderState.FAILED).count()
        stored = Proposal.objects.filter(campaign_id=ids["open_campaign"]).count() - proposals_before
        history = Figure.history.filter(period_id=ids["period"]).count() - history_before
        values = dict(Figure.objects.filter(period_id=ids["period"], target_id__in=stats.saves)
                      .values_list("target_id", "value"))
        wrong = [t for t, v in stats.saves.items() if values.get(t) != v]
        total = sum(stats.by_actor.values())
        warm = (warm or samples[0]) if samples else {"web": rss_start["web"], "worker": rss_start["worker"]}
        print(f"# actors: {dict(stats.by_actor)}; status classes: {dict(stats.status)}")
        for f in stats.failures[:20]:
            print(f"# failure: {f}")
        n5 = len(stats.server_errors)
        if n5:
            failures.append(f"{n5} 个 5xx：{stats.server_errors[:5]}")
        if stats.failures:
            failures.append(f"{len(stats.failures)} 个失败请求")
        if stored != stats.accepted:
            failures.append(f"建议入库 {stored} 条 ≠ 成功响应 {stats.accepted} 条")
        if history != stats.n_saves or wrong:
            failures.append(f"月度数据：保存 {stats.n_saves} 次，历史记录 {history} 条，值不符 {len(wrong)} 个")
        if rendered != stats.generated or failed_docs:
            failures.append(f"通报：生成 {stats.generated} 次，渲染成功 {rendered} 次，失败 {failed_docs} 个")
        rss_lines = []
        for group in ("web", "worker"):
            growth = end[group] - warm[group]
            allowed = max(RSS_PCT * warm[group], RSS_MB)
            after = [x[group] for x in samples if x["t"] >= warm.get("t", 0)] or [end[group]]
            rss_lines.append(f"BENCH soak_{group}_rss_growth {growth:+.0f} MB start={warm[group]:.0f}MB "
                             f"end={end[group]:.0f}MB min={min(after):.0f}MB max={max(after):.0f}MB "
                             f"allowed={allowed:.0f}MB first={rss_start[group]:.0f}MB warmup={warm.get('t', 0)}s")
            if growth > allowed:
                failures.append(f"{group} 内存增长 {growth:.0f} MB，超过允许的 {allowed:.0f} MB")
        lost = (abs(stats.accepted - stored) + abs(stats.n_saves - history) + len(wrong)
                + abs(stats.generated - rendered) + failed_docs)
        print(f"BENCH soak_requests_per_s {total / elapsed:.1f} requests/s seconds={elapsed:.0f} requests={total} "
              f"5xx={n5} failed={len(stats.failures)} load={loadavg()}")
        print(f"BENCH soak_lost_writes {lost} writes accepted={stats.accepted} stored={stored} "
              f"figure_saves={stats.n_saves} figure_history_rows={history} figure_value_mismatch={len(wrong)} "
              f"bulletins_generated={stats.generated} bulletins_rendered={rendered} bulletins_failed={failed_docs} "
              f"load={loadavg()}")
        for line in rss_lines:
            print(f"{line} load={loadavg()}")
    finally:
        worker.stop()
        server.stop()
        redis.stop()
    if failures:
        for f in failures:
            print(f"SOAK 失败：{f}")
        return 1
    print("SOAK 通过：无 5xx、无丢失写入、内存平稳")
    return 0


if __name__ == "__main__":
    sys.exit(main())
