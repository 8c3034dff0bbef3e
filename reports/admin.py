from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from minsheng.accounts.admin_scope import OfficeScopedAdmin
from minsheng.accounts.rules import has_full_scope, is_office, office_scope_q
from minsheng.common.audit import AuditReadOnlyMixin

from .models import Article, Document, DocumentTransition, Letterhead, LetterReply


class TransitionInline(AuditReadOnlyMixin, admin.TabularInline):
    model = DocumentTransition
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "from_state", "to_state", "comment")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "scope",
        "year",
        "period",
        "state",
        "version",
        "number",
        "render_state",
        "is_public",
    )
    list_filter = ("kind", "state", "render_state", "is_public", "year")
    search_fields = ("title",)
    list_select_related = ("scope",)
    readonly_fields = (
        "snapshot",
        "state",
        "number",
        "version",
        "supersedes",
        "issued_at",
        "issued_by",
        "render_state",
        "render_error",
        "rendered_at",
        "pdf",
        "docx",
        "xlsx",
        "reply_state",
    )
    inlines = [TransitionInline]

    def has_delete_permission(self, request, obj=None):
        # Issued documents are records: they are superseded, never deleted.
        return obj is None or not obj.is_locked


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "section", "author_org", "state", "newsletter", "submitted_at")
    list_filter = ("section", "state")
    search_fields = ("title",)
    list_select_related = ("author_org", "newsletter")


@admin.register(LetterReply)
class LetterReplyAdmin(admin.ModelAdmin):
    list_display = ("document", "replied_by", "replied_at", "file_name")
    list_select_related = ("document", "replied_by")
    search_fields = ("document__title", "text")
    readonly_fields = ("document", "text", "file", "file_name", "replied_by", "replied_at")

    def has_add_permission(self, request):
        return False  # replies are made by the addressed unit on the letter's page


@admin.register(Letterhead)
class LetterheadAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    """发文设置 (edited by the office on /reports/letterhead/; history kept). In the admin an office sees and
    edits only its own level's offices' rows: another city's 发文机关标志 is not found."""

    office_scope_field = "office"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_office(request.user) and not has_full_scope(request.user):
            qs = qs.filter(office_scope_q(request.user, "office", manage=True))
        return qs

    list_display = ("office", "bulletin_masthead", "letter_masthead", "updated_by", "updated_at")
    readonly_fields = ("updated_by", "updated_at")
