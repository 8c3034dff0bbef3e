"""A county's or department's 意见建议: the residents' opinions routed to the unit, answered here (待办 links here)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.rules import unit_ids_of
from minsheng.common.params import object_or_404
from minsheng.common.privacy import mask_name, mask_phone

from .. import selectors, services
from ..forms import ReplyForm
from ..models import PublicOpinion

UNIT_OPINIONS_PER_PAGE = 30
MSG_REPLIED = "已答复。答复已公开在项目页，群众也可凭查询码查看。"
MSG_REPLIED_PRIVATE = "已答复。群众可凭查询码查看答复。"
# ?state= on the unit's list
UNIT_FILTERS = {
    "": ("待答复", [PublicOpinion.State.RECEIVED]),
    "handled": ("已答复", [PublicOpinion.State.HANDLED]),
}


class UnitOpinionsView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The opinions routed to the clerk's unit: 待答复 first with their deadlines (overdue marked), a reply form
    each (published on the project page unless unticked); the resident's name and phone masked."""

    permission_required = "progress.answer_opinions"

    def get(self, request):
        state = request.GET.get("state", "")
        state = state if state in UNIT_FILTERS else ""
        qs = selectors.opinions_visible_to(request.user).filter(state__in=UNIT_FILTERS[state][1])
        page = Paginator(qs, UNIT_OPINIONS_PER_PAGE).get_page(request.GET.get("page"))
        for o in page:
            o.masked_name, o.masked_phone = mask_name(o.contact_name), mask_phone(o.contact_phone)
        return render(
            request,
            "progress/unit_opinions.html",
            {
                "page": page,
                "state": state,
                "filters": [(k, label) for k, (label, _) in UNIT_FILTERS.items()],
                "today": timezone.localdate(),
                "unit_stats": selectors.opinion_unit_stats(
                    today=timezone.localdate(), unit_ids=unit_ids_of(request.user)
                ),
                "form": ReplyForm(initial={"publish": True}),
            },
        )

    def post(self, request):
        opinion = object_or_404(selectors.opinions_visible_to(request.user), request.POST.get("opinion"))
        form = ReplyForm(request.POST)
        if not form.is_valid():
            messages.error(request, services.ERR_REPLY_EMPTY)
            return redirect(f"{request.path}#opinion-{opinion.pk}")
        try:
            services.opinion_reply(
                opinion=opinion,
                actor=request.user,
                reply=form.cleaned_data["reply"],
                publish=form.cleaned_data["publish"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect(f"{request.path}#opinion-{opinion.pk}")
        messages.success(request, MSG_REPLIED if form.cleaned_data["publish"] else MSG_REPLIED_PRIVATE)
        return redirect(request.path)
