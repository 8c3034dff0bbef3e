"""Generate the synthetic province-scale data set used by bench/bench_progress.py."""

from django.core.management.base import BaseCommand
from django.db import transaction

from progress.synth import synth_programme


class Command(BaseCommand):
    help = "生成合成的省级规模调度数据（默认 122 个县 × 60 个指标 × 12 个月），用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--counties", type=int, default=122)
        parser.add_argument("--indicators", type=int, default=60)
        parser.add_argument("--months", type=int, default=12)
        parser.add_argument("--year", type=int, default=2030)

    def handle(self, *args, **opts):
        with transaction.atomic():
            programme = synth_programme(
                counties=opts["counties"],
                indicators=opts["indicators"],
                months=opts["months"],
                year=opts["year"],
            )
        n = programme.periods.first().figures.count() if programme.periods.exists() else 0
        self.stdout.write(
            self.style.SUCCESS(f"已生成：{programme}（每月 {n} 条数据），programme={programme.pk}")
        )
