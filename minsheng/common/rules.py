"""Permissions of the shared pages (autodiscovered by rules.apps.AutodiscoverRulesConfig)."""

import rules

from minsheng.accounts.rules import is_office

# The 定时任务 page: see what runs when, run a task now, change its time or switch it off.
rules.add_perm("common.manage_schedules", is_office)
