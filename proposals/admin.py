from django.contrib import admin

from minsheng.accounts.admin_scope import OfficeScopedAdmin
from minsheng.common.audit import AuditReadOnlyMixin
from minsheng.common.privacy import mask_address

from .models import Campaign, Proposal, ProposalAttachment, ProposalEvent, ProposalRating, UnitSheet


@admin.register(Campaign)
class CampaignAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    office_scope_field = "organisation"
    list_display = ("title", "year", "organisation", "starts_at", "ends_at", "state", "min_per_unit")
    list_filter = ("state", "year")
    search_fields = ("title",)
    autocomplete_fields = ("organisation",)


class EventInline(AuditReadOnlyMixin, admin.TabularInline):
    model = ProposalEvent
    extra = 0
    readonly_fields = ("at", "actor", "from_state", "to_state", "comment", "public_note")
    can_delete = False


class AttachmentInline(admin.TabularInline):
    model = ProposalAttachment
    extra = 0
    readonly_fields = ("original_name", "mime", "size")
    exclude = ("file",)


@admin.register(Proposal)
class ProposalAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    office_scope_field = "campaign__organisation"
    list_display = ("code", "title", "campaign", "unit", "level", "domain", "state", "channel", "created_at")
    list_filter = ("state", "channel", "level", "domain", "campaign")
    search_fields = ("code", "title")
    readonly_fields = ("code", "state", "merged_into", "created_at", "submitted_from_masked", "updated_at")
    exclude = ("submitted_from",)
    raw_id_fields = ("unit", "suggested_unit", "sheet", "created_by")
    filter_horizontal = ("forwarded_to",)
    inlines = [AttachmentInline, EventInline]

    @admin.display(description="提交地址")
    def submitted_from_masked(self, obj) -> str:
        return mask_address(obj.submitted_from) or "—"


@admin.register(UnitSheet)
class UnitSheetAdmin(admin.ModelAdmin):
    list_display = ("original_name", "campaign", "unit", "state", "row_count", "created_at")
    list_filter = ("state", "campaign")
    exclude = ("file",)


@admin.register(ProposalRating)
class ProposalRatingAdmin(AuditReadOnlyMixin, admin.ModelAdmin):
    """The proposers' ratings: read-only (a rating is the citizen's own word); the address shown masked."""

    list_display = ("proposal", "project", "value", "rated_at", "masked_address")
    list_filter = ("value",)
    search_fields = ("proposal__code",)
    exclude = ("submitted_from",)
    readonly_fields = ("proposal", "project", "value", "rated_at", "masked_address")

    @admin.display(description="提交地址")
    def masked_address(self, obj):
        return mask_address(obj.submitted_from)
