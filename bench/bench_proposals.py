"""Benchmarks of the intake: similar-proposal lookup among 20,000 proposals, import of a 2,000-row 汇总表.

Runs in a throw-away test database (PostgreSQL from BENCH_DATABASE_URL when reachable, else SQLite in
memory). Prints `BENCH <name> <value> <unit> target=<t>` lines (see bench/README.md).
"""
from __future__ import annotations

import io
import os
import random
import statistics
import sys
import time

from _common import django_setup  # noqa: E402 - bench/ is this script's folder

django_setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N_PROPOSALS = 20_000
N_QUERIES = 50
N_ROWS = 2_000

PLACES = ["村道", "社区", "城区", "乡镇", "学校", "医院", "公园", "菜市场", "小区", "河道", "车站", "老街"]
THINGS = ["路灯", "公厕", "停车场", "养老助餐点", "课后服务", "卫生室", "污水管网", "健身器材", "垃圾分类",
          "饮水工程", "监控探头", "人行道", "电梯", "图书室", "充电桩", "防汛设施"]
ACTIONS = ["安装", "新建", "改造", "提质", "扩容", "增设", "修缮", "完善"]


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security


def _titles(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.choice(PLACES)}{rng.choice(ACTIONS)}{rng.choice(THINGS)}{rng.choice(['', '项目', '工程', '服务'])}"
            for _ in range(n)]


def main() -> int:
    from django.utils import timezone

    from minsheng.accounts.models import Organisation
    from proposals import importers, selectors
    from proposals.models import Campaign, Channel, Proposal
    from tests.proposals.corpus.build import sheet_bytes

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = _rng(42)
        province = Organisation.objects.create(name="湖南省", kind="province")
        city = Organisation.objects.create(name="邵阳市", kind="city", parent=province)
        county = Organisation.objects.create(name="洞口县", kind="county", parent=city)
        now = timezone.now()
        campaign = Campaign.objects.create(organisation=city, year=now.year + 1, title="bench",
                                           starts_at=now - timezone.timedelta(days=1),
                                           ends_at=now + timezone.timedelta(days=30), levels=["province", "city"],
                                           channels=[c.value for c in Channel], state="published")
        titles = _titles(rng, N_PROPOSALS)
        Proposal.objects.bulk_create(
            [Proposal(campaign=campaign, code=f"B{i:09d}", title=t, level="city", content=f"{t}，方便群众。",
                      proposer_phone=f"138{i:08d}", created_at=now) for i, t in enumerate(titles)],
            batch_size=2000,
        )
        queries = _titles(_rng(7), N_QUERIES)
        t0 = time.perf_counter()
        selectors.proposal_similar(campaign=campaign, title=queries[0], limit=5)
        cold = (time.perf_counter() - t0) * 1000
        times = []
        for q in queries:
            t0 = time.perf_counter()
            rows = selectors.proposal_similar(campaign=campaign, title=q, content="方便群众", limit=5)
            times.append((time.perf_counter() - t0) * 1000)
            assert rows, q
        # A change (a new proposal and an edited one), as another web process would make it: the next
        # lookup here fetches only the changed rows instead of rebuilding the index.
        from proposals import similarity
        from proposals.models import Proposal as P
        P.objects.create(campaign=campaign, code="BNEW000001", title="村道安装太阳能路灯", level="city",
                         content="方便群众。", proposer_phone="13900000000")
        edited = P.objects.get(code="B000000007")
        edited.title = "老街增设充电桩工程"
        edited.save()
        t0 = time.perf_counter()
        rows = selectors.proposal_similar(campaign=campaign, title="老街增设充电桩", limit=5)
        after_change = (time.perf_counter() - t0) * 1000
        assert rows and similarity._CACHE[campaign.pk].rebuilds == 1, "the change forced a rebuild"
        times.sort()
        p50 = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        vendor = connection.vendor
        print(f"BENCH proposals_similar_p50 {p50:.1f} ms target=200 n={N_PROPOSALS} db={vendor}")
        print(f"BENCH proposals_similar_p95 {p95:.1f} ms target=200 n={N_PROPOSALS} db={vendor}")
        print(f"BENCH proposals_similar_cold {cold:.1f} ms target=200 n={N_PROPOSALS} db={vendor} "
              "(first query of a process: index built)")
        print(f"BENCH proposals_similar_after_change {after_change:.1f} ms target=200 n={N_PROPOSALS} db={vendor} "
              "(first query after a change: delta only)")

        rows = [[i + 1, t, "市级" if i % 2 else "省级", f"建议人{i} 139{i:08d}", "市交通运输局", f"{t}：现状、内容和效果。",
                 "", "", "", "", ""] for i, t in enumerate(_titles(_rng(3), N_ROWS))]
        data = sheet_bytes(rows, year=campaign.year, unit="洞口县", trailing_blank=20)

        class Upload(io.BytesIO):
            name = "汇总表.xlsx"
            size = len(data)

        t0 = time.perf_counter()
        parsed, unit_sheet = importers.unit_sheet_preview(campaign=campaign, uploaded=Upload(data), actor=None,
                                                          own_unit=county)
        t_preview = time.perf_counter() - t0
        assert parsed.ok and unit_sheet is not None, [str(e) for e in parsed.errors[:5]]
        t0 = time.perf_counter()
        with unit_sheet.file.open("rb") as fh:
            parsed = importers.unit_sheet_parse(uploaded=fh, campaign=campaign)
        parsed.unit = county
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats
            prof = cProfile.Profile()
            created = prof.runcall(importers.unit_sheet_commit, unit_sheet=unit_sheet, parsed=parsed, actor=None)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        else:
            created = importers.unit_sheet_commit(unit_sheet=unit_sheet, parsed=parsed, actor=None)
        t_commit = time.perf_counter() - t0
        assert len(created) == N_ROWS
        print(f"BENCH proposals_import_2000_preview {t_preview * 1000:.0f} ms target=1000 db={vendor}")
        print(f"BENCH proposals_import_2000_commit {t_commit * 1000:.0f} ms target=1000 db={vendor}")
        print(f"BENCH proposals_import_2000_total {(t_preview + t_commit) * 1000:.0f} ms target=1000 db={vendor} "
              "(preview + commit: validated twice, saved once)")
        unit_sheet.file.delete(save=False)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
