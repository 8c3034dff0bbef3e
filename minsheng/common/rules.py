"""Permissions of the shared pages (autodiscovered by rules.apps.AutodiscoverRulesConfig)."""

import rules

from minsheng.accounts.rules import is_office

# The 定时任务 page: see what runs when, run a task now, change its time or switch it off.
rules.add_perm("common.manage_schedules", is_office)

# 建账导入 and the set-up checklist: organisations, users, the programme, its 任务分解表, observers.
rules.add_perm("common.setup", is_office)
