from django.contrib import admin

from .audit import AuditReadOnlyMixin
from .models import Notification, ScheduledJob, ScheduleRun


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

    list_display = ("name", "declared_cron", "declared_enabled", "edited_by", "edited_at")
    list_select_related = ("edited_by",)


@admin.register(ScheduleRun)
class ScheduleRunAdmin(AuditReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "status", "triggered_by", "queued_at", "started_at", "finished_at", "result")
    list_filter = ("status", "name")
    list_select_related = ("triggered_by",)
