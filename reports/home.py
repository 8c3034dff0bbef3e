"""The home-page panel: the office's latest drafts; a county's documents; the public's public list."""

from __future__ import annotations

from minsheng.common.home import Panel

from .selectors import documents_public, documents_visible_to


def reports_panel(request):
    """Latest five documents the user may see (public ones for citizens)."""
    user = request.user
    qs = documents_visible_to(user) if user.is_authenticated else documents_public()
    docs = list(qs.order_by("-updated_at", "-id")[:5])
    if not docs and not (user.is_authenticated and user.is_office):
        return None
    return Panel(template="reports/_home_panel.html", context={"report_docs": docs}, order=60)
