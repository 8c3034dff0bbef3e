"""The home-page panel (the office's latest drafts; a county's documents; the public's public list) and
the letters' 待办 items."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse

from minsheng.accounts.rules import is_office, letter_unit_ids_of
from minsheng.common.home import Panel
from minsheng.common.todo import TodoItem

from .models import LETTER_KINDS, OPEN_REPLY_STATES, DocState, Document, ReplyState
from .selectors import (
    document_scope_q,
    documents_public,
    documents_visible_to,
    letters_default_month,
    letters_default_programme,
    letters_to_issue,
)


def reports_panel(request):
    """Latest five documents the user may see (public ones for citizens)."""
    user = request.user
    qs = documents_visible_to(user) if user.is_authenticated else documents_public()
    docs = list(qs.order_by("-updated_at", "-id")[:5])
    if not docs and not (user.is_authenticated and user.is_office):
        return None
    return Panel(template="reports/_home_panel.html", context={"report_docs": docs}, order=60)


def letters_todo(request, today) -> list[TodoItem]:
    """待办 of letters: a unit's letters to answer; the office's replies to review, overdue letters and
    lagging units with no letter yet (from progress.selectors.behind_rows). A fixed number of queries."""
    user = request.user
    inbox = reverse("reports:letters")
    items: list[TodoItem] = []
    units = letter_unit_ids_of(user)
    mine = Q(
        addressee_id__in=units, reply_state__in=OPEN_REPLY_STATES
    )  # letters this user's units must answer
    if is_office(user):
        own = document_scope_q(user, manage=True)
        # One query for both sides: the letters it issued (replies to review, overdue) and, for an office acting for
        # a government, the letters an upper level sent to it (a province's 督办函 to a city).
        rows = Document.objects.filter(kind__in=LETTER_KINDS, state=DocState.ISSUED)
        rows = rows.filter(own | mine) if own and units else rows.filter(own)
        sent = own if own else Q(pk__isnull=False)
        stats = rows.aggregate(
            replied=Count("id", filter=sent & Q(reply_state=ReplyState.REPLIED)),
            overdue=Count("id", filter=sent & Q(reply_state__in=OPEN_REPLY_STATES, reply_deadline__lt=today)),
            first_overdue=Min(
                "reply_deadline", filter=sent & Q(reply_state__in=OPEN_REPLY_STATES, reply_deadline__lt=today)
            ),
            n=Count("id", filter=mine),
            returned=Count("id", filter=mine & Q(reply_state=ReplyState.RETURNED)),
            first=Min("reply_deadline", filter=mine),
        )
        items.append(
            TodoItem(
                title="函件回复待审核", url=f"{inbox}?state=replied", count=stats["replied"], group="函件"
            )
        )
        items.append(
            TodoItem(
                title="函件逾期未回复",
                url=f"{inbox}?overdue=1",
                count=stats["overdue"],
                deadline=stats["first_overdue"],
                group="函件",
            )
        )
        programme = letters_default_programme(user)
        if programme is not None:
            month = letters_default_month(programme)
            pending = letters_to_issue(programme=programme, month=month)
            items.append(
                TodoItem(
                    title=f"进度滞后待发函的单位（截至 {month} 月）",
                    url=f"{reverse('reports:letters_lagging')}?programme={programme.pk}&month={month}",
                    count=len(pending),
                    note="、".join(r["unit"].name for r in pending[:3]) + (" 等" if len(pending) > 3 else ""),
                    group="函件",
                )
            )
        if not stats["n"]:
            return items  # an office lists letters to answer only when its level received one
        title, url = "上级来函待回复", f"{inbox}?state=open&to=me"
    else:
        if not units:
            return items
        stats = Document.objects.filter(mine, kind__in=LETTER_KINDS, state=DocState.ISSUED).aggregate(
            n=Count("id"),
            returned=Count("id", filter=Q(reply_state=ReplyState.RETURNED)),
            first=Min("reply_deadline"),
        )
        title, url = "待回复的函件", f"{inbox}?state=open"
    items.append(
        TodoItem(
            title=title,
            url=url,
            count=stats["n"],
            deadline=stats["first"],
            note=f"其中 {stats['returned']} 件被退回需重新回复" if stats["returned"] else "",
            group="函件",
        )
    )
    return items
