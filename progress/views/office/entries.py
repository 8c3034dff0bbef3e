"""The office's own entry pages: 信息公开 scores, 意见建议 replies, and letters with their replies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from minsheng.accounts.models import Organisation
from minsheng.common.params import object_or_404
from minsheng.common.privacy import mask_name, mask_phone

from ... import selectors, services
from ...forms import LetterForm, LetterReplyForm, ReplyForm
from ...models import DisclosureScore, Letter, PublicOpinion
from ..common import pick_month, pick_programme, require_office


@login_required
def disclosure(request):
    """Office: enter each county's 信息公开 score for a month."""
    require_office(request.user)
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
                    from decimal import Decimal, InvalidOperation

                    services.disclosure_score_set(
                        programme=programme,
                        county=county,
                        month=month,
                        score=Decimal(raw),
                        actor=request.user,
                    )
                except (ValidationError, InvalidOperation) as exc:
                    errors.append(f"{county.name}：{'；'.join(getattr(exc, 'messages', ['请输入数字。']))}")
        for e in errors:
            messages.error(request, e)
        if not errors:
            messages.success(request, "信息公开得分已保存。")
        return redirect(f"{request.path}?programme={programme.pk}&month={month}")
    scores = {s.county_id: s for s in DisclosureScore.objects.filter(programme=programme, month=month)}
    return render(
        request,
        "progress/disclosure.html",
        {
            "programme": programme,
            "month": month,
            "rows": [(c, scores.get(c.pk)) for c in counties],
        },
    )


@login_required
def opinions(request):
    """Office: 意见建议 from the public pages with replies, counts and 处理率."""
    require_office(request.user)
    if request.method == "POST":
        opinion = object_or_404(PublicOpinion, request.POST.get("opinion"))
        form = ReplyForm(request.POST)
        if form.is_valid():
            services.opinion_reply(
                opinion=opinion,
                actor=request.user,
                reply=form.cleaned_data["reply"],
                publish=form.cleaned_data["publish"],
            )
            messages.success(request, "已答复。")
        else:
            messages.error(request, services.ERR_REPLY_EMPTY)
        return redirect("progress:opinions")
    items = list(PublicOpinion.objects.select_related("project").order_by("state", "-submitted_at")[:200])
    for o in items:  # the office sees contact data; masking here too keeps screenshots safe to share
        o.masked_name, o.masked_phone = mask_name(o.contact_name), mask_phone(o.contact_phone)
        o.full_phone = o.contact_phone if request.user.is_office else ""
    stats = selectors.opinion_stats()
    return render(request, "progress/opinions.html", {"items": items, "stats": stats, "form": ReplyForm()})


@login_required
def letters(request):
    """Letters (温馨提示函 / 工作提示函) and their replies; the office issues, recipients reply."""
    user = request.user
    if user.is_office:
        qs = Letter.objects.all()
    elif user.organisation_id:
        ids = [user.organisation_id] + ([user.county.pk] if user.county else [])
        qs = Letter.objects.filter(recipient_id__in=ids)
    else:
        raise PermissionDenied
    programme = pick_programme(request)
    form = LetterForm(request.POST or None) if user.is_office else None
    if form is not None:
        form.fields["recipient"].queryset = Organisation.objects.filter(
            kind__in=[Organisation.Kind.COUNTY, Organisation.Kind.DEPARTMENT]
        )
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        services.letter_issue(
            programme=programme,
            kind=d["kind"],
            recipient=d["recipient"],
            subject=d["subject"],
            body=d["body"],
            reply_deadline=d["reply_deadline"],
            month=d["month"],
            actor=user,
        )
        messages.success(request, "提示函已登记。")
        return redirect("progress:letters")
    items = list(qs.select_related("recipient", "replied_by").order_by("state", "reply_deadline"))
    today = timezone.localdate()
    for letter in items:
        letter.overdue = letter.is_overdue(today)
    return render(
        request, "progress/letters.html", {"items": items, "form": form, "reply_form": LetterReplyForm()}
    )


@login_required
@require_POST
def letter_reply(request, pk: int):
    """The recipient (or the office on its behalf) records the reply to a letter."""
    letter = get_object_or_404(Letter, pk=pk)
    if not request.user.has_perm("progress.reply_letter", letter):
        raise PermissionDenied
    form = LetterReplyForm(request.POST)
    if form.is_valid():
        try:
            services.letter_reply(letter=letter, actor=request.user, reply_text=form.cleaned_data["reply_text"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "回复已记录。")
    else:
        messages.error(request, services.ERR_REPLY_EMPTY)
    return redirect("progress:letters")
