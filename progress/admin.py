from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from minsheng.common.audit import AuditReadOnlyMixin
from minsheng.common.privacy import mask_address

from .models import (
    DisclosureScore,
    DisclosureWeights,
    Evidence,
    Figure,
    FigureTransition,
    PeriodEvent,
    PolicyDocument,
    PosterPrint,
    PublicOpinion,
    PublicUpdate,
    PublicUpdatePhoto,
    ReminderLog,
    ReportingPeriod,
    RollupStamp,
)
from .stamps import rollup_stamp_renew


class ReadOnlyMixin:
    """Audit rows are read, never written, in the admin (even by the superuser)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PeriodEventInline(ReadOnlyMixin, admin.TabularInline):
    model = PeriodEvent
    extra = 0
    readonly_fields = ["at", "action", "actor", "old_deadline", "new_deadline", "comment"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["programme", "month", "deadline", "state"]
    list_filter = ["programme__year", "state"]
    inlines = [PeriodEventInline]
    # lifecycle changes go through /progress/periods/ (audited); the admin only reads them
    readonly_fields = ["state"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["period", "county", "sent_at", "recipients"]
    readonly_fields = ["period", "county", "sent_at", "recipients"]


@admin.register(RollupStamp)
class RollupStampAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["programme", "token", "changed_at"]
    readonly_fields = ["programme", "token", "changed_at"]


class TransitionInline(AuditReadOnlyMixin, admin.TabularInline):
    model = FigureTransition
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_state", "to_state", "old_value", "new_value", "comment", "source"]


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    list_display = ["target", "period", "value", "verified_value", "state"]
    list_filter = ["state", "period__month"]
    search_fields = ["target__indicator__name", "target__county__name"]
    raw_id_fields = ["target", "period"]
    inlines = [TransitionInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        rollup_stamp_renew(programme_id=obj.period.programme_id)  # cached roll-ups must see the edit


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "figure", "mime", "size", "uploaded_at"]
    raw_id_fields = ["figure"]


admin.site.register(DisclosureScore, SimpleHistoryAdmin)
admin.site.register(DisclosureWeights, SimpleHistoryAdmin)
admin.site.register(PolicyDocument, SimpleHistoryAdmin)


@admin.register(PosterPrint)
class PosterPrintAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Poster prints and 已张贴 marks are the units' own acts (recorded by the services): read-only here."""

    list_display = ("project", "unit", "printed_at", "printed_by", "posted_at", "site")
    list_filter = ("unit",)
    list_select_related = ("project", "unit", "printed_by")


class PublicUpdatePhotoInline(admin.TabularInline):
    model = PublicUpdatePhoto
    extra = 0
    fields = ["file", "mime", "original_name", "width", "height", "latitude", "longitude"]
    readonly_fields = fields  # re-encoded by the service: never replaced here without the EXIF strip


@admin.register(PublicUpdate)
class PublicUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "unit", "project", "published_on", "is_published", "hidden_at"]
    list_filter = ["kind", "is_published"]
    list_select_related = ["unit", "project"]
    raw_id_fields = ["project", "unit", "created_by", "hidden_by"]
    inlines = [PublicUpdatePhotoInline]


@admin.register(PublicUpdatePhoto)
class PublicUpdatePhotoAdmin(admin.ModelAdmin):
    list_display = ["original_name", "update", "mime", "width", "height"]
    raw_id_fields = ["update"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # photos come through the publishing service (re-encoded, EXIF stripped)


@admin.register(PublicOpinion)
class PublicOpinionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "code", "project", "unit", "reply_due", "state", "submitted_at"]
    list_filter = ["state"]
    list_select_related = ["project", "unit"]
    search_fields = ["code"]
    autocomplete_fields = ["county", "unit"]
    exclude = ["submitted_from"]  # the address is for the audit; staff see it masked only
    readonly_fields = ["submitted_from_masked"]

    @admin.display(description="提交地址")
    def submitted_from_masked(self, obj) -> str:
        return mask_address(obj.submitted_from) or "—"
