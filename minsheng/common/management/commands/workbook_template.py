"""python manage.py workbook_template KIND OUT.xlsx: write a set-up workbook template."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minsheng.common.workbook import template_build, workbook_kind, workbook_kinds


class Command(BaseCommand):
    help = "生成建账工作簿模板（含填写说明和示例）"

    def add_arguments(self, parser):
        keys = ", ".join(f"{k.key}（{k.title}）" for k in workbook_kinds())
        parser.add_argument("kind", help=f"类型：{keys}")
        parser.add_argument("out")

    def handle(self, *args, kind: str, out: str, **options):
        found = workbook_kind(kind)
        if found is None:
            keys = "、".join(f"{k.key}（{k.title}）" for k in workbook_kinds())
            raise CommandError(f"没有“{kind}”这种工作簿，可选：{keys}")
        Path(out).write_bytes(template_build(kind=found))
        self.stdout.write(self.style.SUCCESS(f"已生成“{found.title}”模板：{out}"))
