"""Load the seed-based demo data of every app, in dependency order. Idempotent."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "载入演示数据（邵阳市 2024 年计划、邵东市 2023 年计划、各角色演示账户）；可重复运行。"

    def handle(self, *args, **options):
        loaded = []
        with transaction.atomic():
            # INSTALLED_APPS lists our apps in their dependency order (accounts ← projects ← … ← reports).
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo_data")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo_data":
                        raise
                    continue
                changed = module.load(stdout=self.stdout)
                loaded.append(f"{config.verbose_name}：{'已更新' if changed else '无变化'}")
        from minsheng.common.schedules import schedule_sync

        schedule_sync()  # each demo office gets its own entries of the per-office scheduled jobs (idempotent)
        for line in loaded:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
