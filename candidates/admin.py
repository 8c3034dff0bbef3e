"""Admin for the candidate screening (Chinese labels come from the models' verbose names)."""

from django.contrib import admin

from minsheng.accounts.admin_scope import OfficeScopedAdmin
from minsheng.common.audit import AuditReadOnlyMixin

from .models import (
    ApprovalMeeting,
    Ballot,
    BallotMark,
    Candidate,
    CandidateYearTarget,
    Opinion,
    SatisfactionRating,
    SatisfactionSurvey,
    Score,
    ScreeningRound,
    SealedBox,
    SessionState,
    StageChange,
    SurveyParticipation,
    VoterRecord,
    VoterRecordVoid,
    VotingSession,
)


class YearTargetInline(admin.TabularInline):
    model = CandidateYearTarget
    extra = 0


class StageChangeInline(AuditReadOnlyMixin, admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_stage", "to_stage", "by", "at", "comment")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScreeningRound)
class ScreeningRoundAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    office_scope_field = "organisation"
    list_display = ("__str__", "year", "organisation", "is_demo")
    list_filter = ("year",)
    filter_horizontal = ("work_group",)


@admin.register(Candidate)
class CandidateAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    office_scope_field = "round__organisation"
    list_display = ("name", "round", "stage", "responsible_unit", "investment", "budget_confirmed")
    list_filter = ("round", "stage", "budget_confirmed", "is_multi_year")
    search_fields = ("name", "content")
    list_select_related = ("round__organisation", "responsible_unit")
    # The stage changes only through the services (history rows); the admin shows it read-only.
    readonly_fields = ("stage", "merged_into", "project")
    autocomplete_fields = ("responsible_unit", "co_units")
    raw_id_fields = ("continues",)
    inlines = [YearTargetInline, StageChangeInline]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ("candidate", "member", "necessity", "feasibility", "funding", "performance")
    list_select_related = ("candidate", "member")


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ("candidate", "source", "source_name", "responded_at")
    list_filter = ("source",)
    list_select_related = ("candidate",)


@admin.register(ApprovalMeeting)
class ApprovalMeetingAdmin(admin.ModelAdmin):
    list_display = ("round", "kind", "held_on", "decision")
    list_filter = ("kind", "decision")


class ReadOnlyAdminMixin(AuditReadOnlyMixin):
    """Votes and ratings are cast through the app only; the admin may look, never touch (not even a superuser:
    nobody may make a deputy vote twice, block a deputy, or change what was cast)."""


@admin.register(VotingSession)
class VotingSessionAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    office_scope_field = "round__organisation"
    """Sessions are created by the office's service (roster and candidates checked). A draft may still be
    corrected here; once voting has started the rules, seats, pass base, quorum and roster are locked."""

    list_display = ("title", "round", "seats", "state", "present_count")
    list_filter = ("state",)
    readonly_fields = ("state", "opened_at", "closed_at", "tally", "present_count", "runoff_of", "created_by")
    filter_horizontal = ("roster", "candidates")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is not None and obj.state == SessionState.DRAFT and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Never in bulk (the changelist action would not look at each session's state); a draft one by one.
        return obj is not None and obj.state == SessionState.DRAFT and super().has_delete_permission(request, obj)


@admin.register(VoterRecord)
class VoterRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who voted: never added, changed or deleted here (a mistaken paper hand-out is voided on the session
    page, with a reason, by the office's audited service)."""

    list_display = ("session", "deputy", "channel", "voted_at")
    list_filter = ("session", "channel")
    list_select_related = ("session", "deputy")


@admin.register(VoterRecordVoid)
class VoterRecordVoidAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("session", "deputy", "channel", "reason", "by", "at")
    list_select_related = ("session", "deputy", "by")


class BallotMarkInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BallotMark
    extra = 0
    fields = ("candidate", "choice")


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Anonymous ballots, which exist only once their session is closed: no deputy, no time, no channel."""

    list_display = ("id", "session")
    list_filter = ("session",)
    inlines = [BallotMarkInline]


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Opened and closed by the office's services (roster fixed at opening); read-only here."""

    list_display = ("programme", "is_open", "published_at")
    filter_horizontal = ("roster",)


@admin.register(SurveyParticipation)
class SurveyParticipationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("survey", "deputy", "channel")
    list_filter = ("survey", "channel")
    list_select_related = ("survey__programme", "deputy")


@admin.register(SatisfactionRating)
class SatisfactionRatingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Anonymous ratings, which exist only once their survey is closed."""

    list_display = ("survey", "project", "value")
    list_filter = ("survey", "value")
    list_select_related = ("survey__programme", "project")


@admin.register(SealedBox)
class SealedBoxAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The 票箱 of a vote or survey in progress: which one it belongs to, never its (encrypted) contents."""

    list_display = ("session", "survey")
    fields = ("session", "survey")
    list_select_related = ("session", "survey__programme")
