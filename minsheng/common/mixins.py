"""View mixins shared by the apps."""

from __future__ import annotations


class PostOnlyMixin:
    """Refuse other methods (405) after the log-in check and before the permission check.

    Place it after LoginRequiredMixin and before PermissionRequiredMixin, so an anonymous GET is sent to
    log in and a signed-in GET is told 405 whatever the user's rights, as ``@require_POST`` did."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
