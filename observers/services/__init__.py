"""Write services of the observers app (keyword-only, atomic, validated)."""

from .cards import card_version_publish
from .duty import duty_reminders_send
from .groups import group_create, group_delete, group_member_add, group_member_remove, group_update
from .reports import report_save, report_submit, suggestion_reply
from .roster import observer_create
from .urging import handoff_urge, handoffs_remind_overdue
from .workflow import (
    finding_decide,
    finding_publish,
    finding_triage,
    handoff_accept,
    handoff_issue,
    handoff_rate,
    handoff_reopen,
    handoff_reopen_open,
    handoff_reply,
    handoff_return,
    inspection_record,
    inspection_sign_up,
)

__all__ = [
    "card_version_publish",
    "duty_reminders_send",
    "finding_decide",
    "finding_publish",
    "finding_triage",
    "group_create",
    "group_delete",
    "group_member_add",
    "group_member_remove",
    "group_update",
    "handoff_accept",
    "handoff_issue",
    "handoff_rate",
    "handoff_reopen",
    "handoff_reopen_open",
    "handoff_reply",
    "handoff_return",
    "handoff_urge",
    "handoffs_remind_overdue",
    "inspection_record",
    "inspection_sign_up",
    "observer_create",
    "report_save",
    "report_submit",
    "suggestion_reply",
]
