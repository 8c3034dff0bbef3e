from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from minsheng.common.audit import AuditReadOnlyMixin

from .models import (
    DisclosureScore,
    Evidence,
    Figure,
    FigureTransition,
    Letter,
    PolicyDocument,
    PublicOpinion,
    PublicUpdate,
    ReportingPeriod,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["programme", "month", "deadline", "state"]
    list_filter = ["programme__year", "state"]


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


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "figure", "mime", "size", "uploaded_at"]
    raw_id_fields = ["figure"]


admin.site.register(DisclosureScore, SimpleHistoryAdmin)
admin.site.register(PublicUpdate)
admin.site.register(PolicyDocument)
admin.site.register(PublicOpinion, SimpleHistoryAdmin)
admin.site.register(Letter, SimpleHistoryAdmin)
