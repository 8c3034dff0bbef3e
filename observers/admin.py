from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from minsheng.accounts.admin_scope import OfficeScopedAdmin
from minsheng.common.audit import AuditReadOnlyMixin

from .models import (
    CardItem,
    CardVersion,
    DutyReminder,
    FieldReport,
    Finding,
    HandOff,
    HandOffEvidence,
    InfoCard,
    Inspection,
    Observer,
    ObserverGroup,
    ReportPhoto,
    WorkflowEvent,
)


@admin.register(ObserverGroup)
class ObserverGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "field", "sort_order")
    filter_horizontal = ("projects",)


@admin.register(Observer)
class ObserverAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    office_scope_field = "organisation"
    list_display = ("certificate_no", "name", "kind", "category", "organisation", "group", "status")
    list_filter = ("kind", "category", "group", "status")
    search_fields = ("name", "certificate_no", "work_unit")
    list_select_related = ("organisation", "group")
    raw_id_fields = ("user",)


class CardItemInline(admin.TabularInline):
    model = CardItem
    extra = 0


@admin.register(InfoCard)
class InfoCardAdmin(admin.ModelAdmin):
    list_display = ("title", "project")
    raw_id_fields = ("project",)


@admin.register(CardVersion)
class CardVersionAdmin(admin.ModelAdmin):
    list_display = ("card", "number", "created_at")
    inlines = [CardItemInline]


class PhotoInline(admin.TabularInline):
    model = ReportPhoto
    extra = 0
    readonly_fields = ("image", "original_name", "width", "height")


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ("seq", "description", "state", "category", "severity")


@admin.register(FieldReport)
class FieldReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "observer", "state", "submitted_at")
    list_filter = ("kind", "state")
    list_select_related = ("observer", "project")
    raw_id_fields = ("observer", "project", "card_version")
    inlines = [FindingInline, PhotoInline]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "state", "category", "severity", "is_published")
    list_filter = ("state", "category", "severity", "is_published")
    raw_id_fields = ("report", "duplicate_of")


class EvidenceInline(admin.TabularInline):
    model = HandOffEvidence
    extra = 0


@admin.register(HandOff)
class HandOffAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "unit", "deadline", "state")
    list_filter = ("kind", "state")
    raw_id_fields = ("finding",)
    inlines = [EvidenceInline]
    # States change only through the services (transition table + history rows).
    readonly_fields = ("state", "issued_at", "replied_at", "closed_at")


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(AuditReadOnlyMixin, admin.ModelAdmin):
    list_display = ("finding", "from_state", "to_state", "actor", "at")
    list_select_related = ("finding", "actor")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "date")
    filter_horizontal = ("participants", "projects")


@admin.register(DutyReminder)
class DutyReminderAdmin(admin.ModelAdmin):
    list_display = ("observer", "year", "month", "sent_at", "missing")
