"""python manage.py import_workbook FILE.xlsx [--commit]: preview (and with --commit, import) a set-up workbook."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minsheng.common.workbook import ACTION_LABELS, workbook_commit, workbook_preview


class Command(BaseCommand):
    help = "导入建账工作簿（组织机构、用户、年度实事计划、任务分解表、观察员名册）：类型按第一个工作表的名称识别；不加 --commit 只预览"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true", help="预览无误后导入（全部成功或全部不导入）")

    def handle(self, *args, file: str, commit: bool, **options):
        try:
            with open(file, "rb") as fh:
                preview = workbook_preview(uploaded=fh)
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{file}") from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"工作簿类型：{preview.kind.title}")
        for e in preview.errors:
            where = f"第 {e.row} 行 {e.column}：" if e.row else ""
            self.stderr.write(f"  错误 {where}{e.message}")
        for w in preview.warnings:
            self.stdout.write(f"  提示 第 {w.row} 行 {w.column}：{w.message}")
        if preview.errors:
            raise CommandError(f"发现 {len(preview.errors)} 处错误，未导入任何数据。")
        counts = preview.counts
        self.stdout.write("预览：" + "，".join(f"{ACTION_LABELS[k]} {n}" for k, n in counts.items() if n))
        for c in preview.shown_changes[:50]:
            detail = "；".join(f"{label}：{old} → {new}" for label, old, new in c.diff[:5])
            self.stdout.write(f"  [{c.action_label}] {c.label}" + (f"（{detail}）" if detail else ""))
        if not commit:
            self.stdout.write("仅预览，未导入。确认无误后加 --commit 导入。")
            return
        try:
            with open(file, "rb") as fh:
                result = workbook_commit(uploaded=fh, expected=preview.kind.key, actor=None)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(result.message))
        if result.sheet:
            self.stdout.write("初始密码（仅显示这一次，请妥善交付）：")
            for row in result.sheet:
                self.stdout.write("  " + "  ".join(row.values()))
