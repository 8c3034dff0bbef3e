from django.contrib import admin
from django.db.models import Sum
from simple_history.admin import SimpleHistoryAdmin

from minsheng.accounts.admin_scope import OfficeScopedAdmin

from .models import Indicator, IndicatorTarget, Matter, Programme, Project


class MatterInline(admin.TabularInline):
    model = Matter
    fields = ("level", "seq", "name", "lead_unit")
    autocomplete_fields = ("lead_unit",)
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    office_scope_field = "organisation"
    list_display = ("__str__", "year", "organisation", "is_public", "is_demo")
    list_filter = ("year", "is_public", "is_demo")
    autocomplete_fields = ("organisation", "office")
    inlines = [MatterInline]


class ProjectInline(admin.TabularInline):
    model = Project
    fields = ("seq", "name", "lead_unit", "domain")
    autocomplete_fields = ("lead_unit",)
    extra = 0
    show_change_link = True


@admin.register(Matter)
class MatterAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    office_scope_field = "programme__organisation"
    list_display = ("name", "level", "seq", "programme", "lead_unit")
    list_filter = ("programme", "level", "domain")
    search_fields = ("name",)
    list_select_related = ("programme__organisation", "lead_unit")
    autocomplete_fields = ("lead_unit", "responsible_units")
    inlines = [ProjectInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ("seq", "name", "unit", "kind", "target", "target_text", "lead_unit")
    autocomplete_fields = ("lead_unit",)
    extra = 0
    show_change_link = True


@admin.register(Project)
class ProjectAdmin(OfficeScopedAdmin, admin.ModelAdmin):
    office_scope_field = "matter__programme__organisation"
    list_display = ("name", "matter", "lead_unit", "public_code")
    list_filter = ("matter__programme", "matter__level", "domain")
    search_fields = ("name", "public_code")
    list_select_related = ("matter__programme__organisation", "lead_unit")
    autocomplete_fields = ("lead_unit", "responsible_units", "matter")
    readonly_fields = ("public_code",)
    inlines = [IndicatorInline]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    fields = ("county", "target", "target_text", "is_demo")
    autocomplete_fields = ("county",)
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    office_scope_field = "project__matter__programme__organisation"
    list_display = ("name", "unit", "kind", "target", "county_total", "project", "lead_unit", "is_demo")
    list_filter = ("project__matter__programme", "project__matter__level", "kind", "is_demo")
    search_fields = ("name", "project__name")
    list_select_related = ("project", "lead_unit")
    autocomplete_fields = ("project", "lead_unit", "responsible_units", "tracked_by", "upper")
    inlines = [IndicatorTargetInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_county_total=Sum("targets__target"))

    @admin.display(description="县市区目标合计")
    def county_total(self, obj):
        total = obj._county_total
        if total is None:
            return "—"
        flag = "" if obj.target is None or total == obj.target else " ≠ 年度目标"
        return f"{total.normalize():f}{flag}"


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    office_scope_field = "indicator__project__matter__programme__organisation"
    list_display = ("indicator", "county", "target", "target_text", "is_demo")
    list_filter = ("indicator__project__matter__programme", "county")
    search_fields = ("indicator__name", "county__name")
    list_select_related = ("indicator", "county")
    autocomplete_fields = ("indicator", "county")
