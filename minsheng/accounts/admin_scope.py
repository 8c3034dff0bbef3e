"""The office scope in the Django admin: an app's ModelAdmin lists, opens and saves only the rows of the
office's subtree, and offers only organisations its own level runs (minsheng.accounts.rules)."""

from __future__ import annotations

from .models import Organisation
from .rules import has_full_scope, is_office, office_scope_q


class OfficeScopedAdmin:
    """Mix into a ModelAdmin; `office_scope_field` is the path to the Organisation a row belongs to."""

    office_scope_field = "organisation"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_office(request.user) and not has_full_scope(request.user):
            qs = qs.filter(office_scope_q(request.user, self.office_scope_field))
        return qs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if (
            db_field.related_model is Organisation
            and is_office(request.user)
            and not has_full_scope(request.user)
        ):
            kwargs["queryset"] = Organisation.objects.filter(office_scope_q(request.user, manage=True))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
