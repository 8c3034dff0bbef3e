from django.contrib import admin

from .models import NoticeOnce, Notification, Urge


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "email_sent_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username")
    list_select_related = ("recipient",)
    readonly_fields = ("created_at",)


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
