from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Sum
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from minsheng.accounts.admin_scope import OfficeScopedAdmin

from .models import Indicator, IndicatorTarget, Matter, Programme, Project
from .selectors import indicator_upper_choices, indicator_upper_label


class UpperAutocompleteView(AutocompleteJsonView):
    """The 上级计划指标 picker's search: only indicators the edited one may take (indicator_upper_choices), each
    named with its unit, year and code (two programmes' 城镇新增就业 look alike by name)."""

    def get_queryset(self):
        pk = self.request.GET.get("indicator", "")
        indicator = None
        if pk.isdigit():  # the indicator being edited, read through the admin's own scope
            indicator = self.model_admin.get_queryset(self.request).filter(pk=int(pk)).first()
        qs = indicator_upper_choices(indicator=indicator, user=self.request.user)
        qs, _duplicates = self.model_admin.get_search_results(self.request, qs, self.term)
        return qs

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": indicator_upper_label(obj)}


class UpperAutocomplete(AutocompleteSelect):
    """The autocomplete widget asking UpperAutocompleteView, with the edited indicator's id."""

    def __init__(self, field, admin_site, *, indicator_pk: int | None, **kw):
        super().__init__(field, admin_site, **kw)
        self.indicator_pk = indicator_pk

    def get_url(self):
        url = reverse("admin:projects_indicator_upper_autocomplete")
        return f"{url}?indicator={self.indicator_pk}" if self.indicator_pk else url


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

    def get_urls(self):
        view = self.admin_site.admin_view(UpperAutocompleteView.as_view(admin_site=self.admin_site))
        return [
            path("upper-autocomplete/", view, name="projects_indicator_upper_autocomplete"),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._upper_for = obj  # the 上级计划指标 field offers what this indicator may take
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "upper":
            indicator = getattr(request, "_upper_for", None)
            kwargs["queryset"] = indicator_upper_choices(indicator=indicator, user=request.user)
            kwargs["widget"] = UpperAutocomplete(
                db_field, self.admin_site, indicator_pk=indicator.pk if indicator else None
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = indicator_upper_label
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
