"""The office's own entry pages: 信息公开 scores, 意见建议 replies, and letters with their replies."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import RedirectView
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import office_scope_q
from minsheng.common.params import id_param, object_or_404
from minsheng.common.privacy import mask_address, mask_name, mask_phone

from ... import selectors, services
from ...forms import ReplyForm
from ...models import DisclosureScore, PublicOpinion
from ...selectors.disclosure import disclosure_estimates
from ...selectors.public import OPINION_OWNER
from ..common import pick_month, pick_programme

MSG_NONE_MARKED = "请先勾选待处理的意见建议。"


class DisclosureView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Office: enter each county's 信息公开 score for a month."""

    permission_required = "progress.manage"

    def get(self, request):
        programme = pick_programme(request)
        month = pick_month(request, programme)
        counties = list(
            Organisation.objects.filter(kind=Organisation.Kind.COUNTY, parent=programme.organisation)
            .exclude(name="市本级")
            .order_by("sort_order")
        )
        if request.method == "POST":
            errors = []
            for county in counties:
                raw = request.POST.get(f"score-{county.pk}", "").strip()
                if raw:
                    try:
                        services.disclosure_score_set(
                            programme=programme,
                            county=county,
                            month=month,
                            score=Decimal(raw),
                            actor=request.user,
                        )
                    except (ValidationError, InvalidOperation) as exc:
                        errors.append(
                            f"{county.name}：{'；'.join(getattr(exc, 'messages', ['请输入数字。']))}"
                        )
            for e in errors:
                messages.error(request, e)
            if not errors:
                messages.success(request, "信息公开得分已保存。")
            return redirect(f"{request.path}?programme={programme.pk}&month={month}")
        scores = {s.county_id: s for s in DisclosureScore.objects.filter(programme=programme, month=month)}
        estimates = {
            r.county.pk: r.estimate
            for r in disclosure_estimates(
                programme=programme,
                month=month,
                as_of=timezone.localdate(),
                county_ids=[c.pk for c in counties],
            )["rows"]
        }
        return render(
            request,
            "progress/disclosure.html",
            {
                "programme": programme,
                "month": month,
                "rows": [(c, scores.get(c.pk), estimates.get(c.pk)) for c in counties],
            },
        )

    post = get  # the page answered any method alike


OPINIONS_PER_PAGE = 30


def _opinion_action(request) -> None:
    """One POST of the office's list: reply to one, mark the ticked ones as spam, or undo a spam mark."""
    action = request.POST.get("action", "reply")
    own = office_scope_q(request.user, OPINION_OWNER, manage=True)  # only its own level's 意见建议
    if action == "spam":
        ids = [i for i in (id_param(v) for v in request.POST.getlist("ids")) if i]
        ids = list(PublicOpinion.objects.filter(own, pk__in=ids).values_list("pk", flat=True))
        n = services.opinion_mark_spam(opinion_ids=ids, actor=request.user)
        if n:
            messages.success(request, f"已将 {n} 条标记为垃圾信息，不再计入处理率。")
        else:
            messages.error(request, MSG_NONE_MARKED)
        return
    opinion = object_or_404(PublicOpinion.objects.filter(own), request.POST.get("opinion"))
    try:
        if action == "restore":
            services.opinion_restore(opinion=opinion, actor=request.user)
            messages.success(request, "已恢复为待处理。")
            return
        form = ReplyForm(request.POST)
        if not form.is_valid():
            messages.error(request, services.ERR_REPLY_EMPTY)
            return
        services.opinion_reply(
            opinion=opinion,
            actor=request.user,
            reply=form.cleaned_data["reply"],
            publish=form.cleaned_data["publish"],
        )
        messages.success(request, "已答复。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))


class OpinionsView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Office: the queue of 意见建议 from the public pages (filter by state, 30 a page) with replies, spam
    marking (single or ticked) and the counts and 处理率 (spam left out)."""

    permission_required = "progress.manage"

    def get(self, request):
        if request.method == "POST":
            _opinion_action(request)
            return redirect(request.get_full_path())
        state = request.GET.get("state", "")
        state = state if state in selectors.OPINION_FILTERS else ""
        own = office_scope_q(request.user, OPINION_OWNER)  # 宁川市's office never reads 邵阳市's 意见建议
        page = Paginator(selectors.opinion_list(state=state, scope=own), OPINIONS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        for o in page:  # the office sees contact data; masking here too keeps screenshots safe to share
            o.masked_name, o.masked_phone = mask_name(o.contact_name), mask_phone(o.contact_phone)
            o.full_phone = o.contact_phone if request.user.is_office else ""
            o.masked_address = mask_address(o.submitted_from)
        return render(
            request,
            "progress/opinions.html",
            {
                "page": page,
                "state": state,
                "filters": [(k, label) for k, (label, _) in selectors.OPINION_FILTERS.items()],
                "stats": selectors.opinion_stats(scope=own),
                "unit_stats": selectors.opinion_unit_stats(today=timezone.localdate(), scope=own),
                "form": ReplyForm(),
            },
        )

    post = get  # the page answered any method alike


class LettersView(RedirectView):
    """Letters moved to the reports app's one letter pipeline; old links land on its inbox."""

    pattern_name = "reports:letters"
    query_string = True
