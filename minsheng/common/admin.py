from django.contrib import admin

from .audit import AuditReadOnlyMixin
from .models import NoticeOnce, Notification, ScheduledJob, ScheduleRun, Urge


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "email_sent_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username")
    list_select_related = ("recipient",)
    readonly_fields = ("created_at",)


@admin.register(ScheduledJob)
class ScheduledJobAdmin(AuditReadOnlyMixin, admin.ModelAdmin):
    """What the declaration last wrote per task (the office edits the schedule on the 定时任务 page)."""

    list_display = ("name", "job", "organisation", "declared_cron", "declared_enabled", "edited_by", "edited_at")
    list_select_related = ("edited_by", "organisation")
    list_filter = ("job",)


@admin.register(ScheduleRun)
class ScheduleRunAdmin(AuditReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "status", "triggered_by", "queued_at", "started_at", "finished_at", "result")
    list_filter = ("status", "name")
    list_select_related = ("triggered_by",)
class _ReadOnly(admin.ModelAdmin):
    """Records of what was sent: read in the admin, never written there."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NoticeOnce)
class NoticeOnceAdmin(_ReadOnly):
    list_display = ("key", "recipient", "sent_at")
    search_fields = ("key", "recipient__username")
    list_select_related = ("recipient",)


@admin.register(Urge)
class UrgeAdmin(_ReadOnly):
    list_display = ("message", "unit", "by", "at", "recipients")
    list_filter = ("content_type",)
    list_select_related = ("unit", "by")
