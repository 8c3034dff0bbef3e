"""Retention of the log-in audit (等保): records are kept at least 180 days, then purged by a monthly job.

The history of reported figures and targets (django-simple-history) and the workflow transition/event
rows are never purged by the application. Only django-axes' log-in records (AccessLog: successful
log-ins with address, time and log-out; AccessFailureLog: failures) age out, after
AUDIT_RETENTION_DAYS (default 365, never less than AUDIT_MIN_RETENTION_DAYS).
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

AUDIT_MIN_RETENTION_DAYS = 180


def audit_retention_days() -> int:
    """Days the log-in audit is kept: the setting, but never under the 180-day floor."""
    return max(int(getattr(settings, "AUDIT_RETENTION_DAYS", 365)), AUDIT_MIN_RETENTION_DAYS)


def audit_purge_expired() -> int:
    """Delete log-in audit records older than the retention period; returns how many were deleted."""
    cutoff = timezone.now() - timedelta(days=audit_retention_days())
    n = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    n += AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return n


class AuditReadOnlyMixin:
    """For the admin (ModelAdmin or inline) of an audit model: anyone may look, nobody may touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
