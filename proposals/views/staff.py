"""Staff pages: the triage list, a proposal's detail, triage actions, merging, entry and editing."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minsheng.common.downloads import serve_stored_file
from minsheng.common.params import is_id
from minsheng.common.privacy import mask_address

from .. import selectors, services
from ..forms import FilterForm, ProposalEditForm, ReplyForm, StaffProposalForm, TransitionForm
from ..models import TRANSITIONS, Campaign, Channel, Proposal, ProposalAttachment, State

PAGE_SIZE = 50
MSG_SAVED = "已保存。"
MSG_MERGED = "已将 {n} 条建议归并到 {code}，原建议均保留并可查看。"
ERR_MERGE_PICK = "请勾选要归并到本建议的相似建议。"


def _need(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _get_visible(request, pk: int) -> Proposal:
    try:
        return selectors.proposal_detail(user=request.user, pk=pk)
    except Proposal.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def proposal_list(request):
    _need(request.user, "proposals.enter_proposals")
    campaigns = selectors.campaign_list_staff()
    form = FilterForm(request.GET or None, campaigns=campaigns)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.proposal_list(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    campaign = filters.get("campaign") or campaigns.first()
    return render(request, "proposals/staff/list.html", {
        "form": form, "page": page, "querystring": params.urlencode(), "campaign": campaign,
        "campaigns": list(campaigns),
    })


@login_required
def proposal_detail(request, pk: int):
    proposal = _get_visible(request, pk)
    _need(request.user, "proposals.view_proposal", proposal)
    can_triage = request.user.has_perm("proposals.triage_proposal", proposal)
    similar = []
    if can_triage:
        similar = selectors.proposal_similar(
            campaign=proposal.campaign, title=proposal.title, content=proposal.content,
            exclude={proposal.pk}, limit=8,
        )
    allowed = TRANSITIONS[proposal.state]
    can_adopt = can_triage and State.ADOPTED in allowed
    candidates = list(selectors.adoptable_candidates(campaign=proposal.campaign)) if can_adopt else []
    return render(request, "proposals/staff/detail.html", {
        "p": proposal, "similar": similar, "submitted_from": mask_address(proposal.submitted_from),
        "transition_form": TransitionForm(initial={"public_reply": ""}),
        "reply_form": ReplyForm(initial={"public_reply": proposal.public_reply, "internal_note": proposal.internal_note}),
        "can_triage": can_triage,
        "can_change": request.user.has_perm("proposals.change_proposal", proposal),
        "can_merge": can_triage and proposal.state not in (State.MERGED, State.REJECTED, State.DECLINED),
        "allowed_states": {str(s) for s in allowed},
        "candidates": candidates, "can_adopt": can_adopt,
    })


@login_required
@require_POST
def proposal_transition(request, pk: int):
    proposal = _get_visible(request, pk)
    _need(request.user, "proposals.triage_proposal", proposal)
    form = TransitionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.proposal_transition(proposal=proposal, to_state=d["to_state"], actor=request.user,
                                         comment=d["comment"], public_reply=d["public_reply"], reason=d["reason"],
                                         departments=d["departments"])
            messages.success(request, f"已处理为“{State(d['to_state']).label}”。")
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def proposal_reply(request, pk: int):
    proposal = _get_visible(request, pk)
    _need(request.user, "proposals.triage_proposal", proposal)
    form = ReplyForm(request.POST)
    if form.is_valid():
        services.proposal_reply_set(proposal=proposal, actor=request.user, **form.cleaned_data)
        messages.success(request, MSG_SAVED)
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def proposal_merge(request, pk: int):
    primary = _get_visible(request, pk)
    _need(request.user, "proposals.triage_proposal", primary)
    ids = [int(x) for x in request.POST.getlist("others") if is_id(x)]
    others = list(selectors.proposals_visible_to(request.user).filter(pk__in=ids))
    if not others:
        messages.error(request, ERR_MERGE_PICK)
        return redirect("proposals:detail", pk=pk)
    try:
        services.proposal_merge(primary=primary, others=others, actor=request.user,
                                comment=request.POST.get("comment", "")[:500])
        messages.success(request, MSG_MERGED.format(n=len(others), code=primary.code))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("proposals:detail", pk=pk)


@login_required
def proposal_create(request, campaign_pk: int):
    _need(request.user, "proposals.enter_proposals")
    campaign = get_object_or_404(selectors.campaign_list_staff(), pk=campaign_pk)
    unit = selectors.user_unit(request.user)
    if request.method == "POST":
        form = StaffProposalForm(request.POST, request.FILES, campaign=campaign)
        if not request.user.is_office:
            form.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.PUBLIC]
        if form.is_valid():
            d = dict(form.cleaned_data)
            files = d.pop("attachments") or []
            channel = d.pop("channel")
            try:
                p = services.proposal_create(campaign=campaign, data=d, actor=request.user, unit=unit,
                                             channel=channel, files=files)
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            else:
                messages.success(request, f"已录入建议 {p.code}。")
                return redirect("proposals:detail", pk=p.pk)
    else:
        form = StaffProposalForm(campaign=campaign)
    return render(request, "proposals/staff/form.html", {"form": form, "campaign": campaign, "unit": unit,
                                                         "title": "录入项目建议"})


@login_required
def proposal_edit(request, pk: int):
    proposal = _get_visible(request, pk)
    _need(request.user, "proposals.change_proposal", proposal)
    if request.method == "POST":
        form = ProposalEditForm(request.POST, campaign=proposal.campaign, instance=Proposal.objects.get(pk=pk),
                                personal=request.user.is_office)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in form.fields}
            try:
                services.proposal_update(proposal=Proposal.objects.get(pk=pk), actor=request.user, data=data)
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            else:
                messages.success(request, MSG_SAVED)
                return redirect("proposals:detail", pk=pk)
    else:
        form = ProposalEditForm(campaign=proposal.campaign, instance=proposal, personal=request.user.is_office)
    return render(request, "proposals/staff/form.html", {"form": form, "campaign": proposal.campaign,
                                                         "title": f"修改建议 {proposal.code}", "proposal": proposal})


@login_required
def attachment_download(request, pk: int):
    att = get_object_or_404(ProposalAttachment.objects.select_related("proposal"), pk=pk)
    if not selectors.proposals_visible_to(request.user).filter(pk=att.proposal_id).exists():
        raise Http404
    _need(request.user, "proposals.view_proposal", att.proposal)
    return serve_stored_file(att.file, mime=att.mime, filename=att.original_name)


def campaign_or_404(pk: int) -> Campaign:
    return get_object_or_404(selectors.campaign_list_staff(), pk=pk)


def list_url_for(campaign: Campaign) -> str:
    return reverse("proposals:manage") + f"?campaign={campaign.pk}"


@login_required
@require_POST
def proposal_adopt(request, pk: int):
    """采纳为备选: link to an existing candidate, or create one from this proposal (one service each)."""
    from candidates.models import Candidate

    proposal = _get_visible(request, pk)
    _need(request.user, "proposals.triage_proposal", proposal)
    choice = request.POST.get("candidate", "")
    comment = request.POST.get("comment", "")[:500]
    try:
        if choice == "new":
            candidate = services.proposal_adopt_as_new(proposal=proposal, actor=request.user, comment=comment)
        else:
            candidate = get_object_or_404(Candidate.objects.filter(round__year=proposal.campaign.year),
                                          pk=int(choice) if is_id(choice) else 0)
            services.proposal_adopt(proposals=[proposal], candidate=candidate, actor=request.user, comment=comment)
        messages.success(request, f"已采纳为备选项目：{candidate.name}")
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("proposals:detail", pk=pk)
