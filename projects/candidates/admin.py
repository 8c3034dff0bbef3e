"""Admin for the candidate screening (Chinese labels come from the models' verbose names)."""

from django.contrib import admin

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
    StageChange,
    VoterRecord,
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
class ScreeningRoundAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "organisation", "is_demo")
    list_filter = ("year",)
    filter_horizontal = ("work_group",)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
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


@admin.register(VotingSession)
class VotingSessionAdmin(admin.ModelAdmin):
    """Read-mostly: ballots are never shown or edited here (secrecy); only who voted."""

    list_display = ("title", "round", "seats", "state", "present_count")
    list_filter = ("state",)
    readonly_fields = ("state", "opened_at", "closed_at", "tally")
    filter_horizontal = ("roster", "candidates")


@admin.register(VoterRecord)
class VoterRecordAdmin(admin.ModelAdmin):
    list_display = ("session", "deputy", "channel", "voted_at")
    list_filter = ("session", "channel")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(admin.ModelAdmin):
    list_display = ("programme", "is_open", "published_at")


class ReadOnlyAdminMixin:
    """Votes and ratings are cast through the app only; the admin may look, never touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BallotMarkInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BallotMark
    extra = 0
    fields = ("candidate", "choice")


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Anonymous ballots: no deputy, no time — the same secrecy as the tally."""

    list_display = ("id", "session", "channel")
    list_filter = ("session", "channel")
    inlines = [BallotMarkInline]


@admin.register(SatisfactionRating)
class SatisfactionRatingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("survey", "project", "deputy", "value", "rated_at")
    list_filter = ("survey", "value")
    list_select_related = ("survey", "project", "deputy")
