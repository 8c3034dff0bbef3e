from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, SiteHost, User
from .rules import check_assignable, has_full_scope, office_root_of


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "code", "public_phone", "sort_order", "is_active", "is_demo")
    list_filter = ("kind", "is_active", "is_demo")
    search_fields = ("name", "short_name", "code")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


@admin.register(SiteHost)
class SiteHostAdmin(SimpleHistoryAdmin):
    """域名映射: the system administrator says which government a host name belongs to (every change is a
    history row with who and when). An office edits nothing here: the host decides whose site it is."""

    list_display = ("host", "organisation")
    search_fields = ("host", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)

    def _full(self, request) -> bool:
        return has_full_scope(request.user)

    def has_module_permission(self, request):
        return self._full(request)

    def has_view_permission(self, request, obj=None):
        return self._full(request)

    def has_add_permission(self, request):
        return self._full(request)

    def has_change_permission(self, request, obj=None):
        return self._full(request)

    def has_delete_permission(self, request, obj=None):
        return self._full(request)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "real_name", "role", "organisation", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "real_name", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)

    def get_queryset(self, request):
        """A city or county office manages only the accounts of its own subtree."""
        qs = super().get_queryset(request)
        root = office_root_of(request.user)
        if root is not None and not has_full_scope(request.user):
            qs = qs.filter(organisation__path__startswith=root.path)
        return qs

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        actor = request.user

        class ScopedForm(form):
            def clean_organisation(self):
                org = self.cleaned_data.get("organisation")
                check_assignable(actor, org)
                return org

        return ScopedForm

    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("平台角色", {"fields": ("role", "organisation", "real_name", "phone", "is_demo")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("平台角色", {"fields": ("role", "organisation", "real_name")}),
    )


# The log-in audit (django-axes) is read-only in the admin, even for the system administrator (等保).
from axes.admin import AccessFailureLogAdmin, AccessLogAdmin  # noqa: E402
from axes.models import AccessFailureLog, AccessLog  # noqa: E402

from minsheng.common.audit import AuditReadOnlyMixin  # noqa: E402

for _model, _base in ((AccessLog, AccessLogAdmin), (AccessFailureLog, AccessFailureLogAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(_base.__name__, (AuditReadOnlyMixin, _base), {}))
