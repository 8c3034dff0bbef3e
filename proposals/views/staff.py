"""Staff pages: the triage list, a proposal's detail, triage actions, merging, entry and editing."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.common.downloads import serve_stored_file
from minsheng.common.mixins import PostOnlyMixin
from minsheng.common.params import is_id
from minsheng.common.privacy import mask_address

from .. import selectors, services
from ..forms import FilterForm, ProposalEditForm, ReplyForm, StaffProposalForm, TransitionForm
from ..models import TRANSITIONS, Campaign, Channel, Proposal, ProposalAttachment, State

PAGE_SIZE = 50
MSG_SAVED = "已保存。"
MSG_MERGED = "已将 {n} 条建议归并到 {code}，原建议均保留并可查看。"
ERR_MERGE_PICK = "请勾选要归并到本建议的相似建议。"


def _get_visible(request, pk: int) -> Proposal:
    try:
        return selectors.proposal_detail(user=request.user, pk=pk)
    except Proposal.DoesNotExist as exc:
        raise Http404 from exc


class _ProposalPermission(LoginRequiredMixin, PermissionRequiredMixin):
    """One proposal the user can see (404 otherwise), checked against ``permission_required``."""

    def get_permission_object(self):
        self.proposal = _get_visible(self.request, self.kwargs["pk"])
        return self.proposal


class _ProposalAction(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    """A triage POST on one visible proposal, back to its detail page."""

    permission_required = "proposals.triage_proposal"

    def get_permission_object(self):
        self.proposal = _get_visible(self.request, self.kwargs["pk"])
        return self.proposal


class ProposalListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "proposals.enter_proposals"

    def get(self, request):
        campaigns = selectors.campaign_list_staff(request.user)
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

    post = get  # the list answered any method alike


class ProposalDetailView(_ProposalPermission, View):
    permission_required = "proposals.view_proposal"

    def get(self, request, pk: int):
        proposal = self.proposal
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
            "reply_form": ReplyForm(
                initial={"public_reply": proposal.public_reply, "internal_note": proposal.internal_note}
            ),
            "can_triage": can_triage,
            "can_change": request.user.has_perm("proposals.change_proposal", proposal),
            "can_merge": can_triage and proposal.state not in (State.MERGED, State.REJECTED, State.DECLINED),
            "allowed_states": {str(s) for s in allowed},
            "candidates": candidates, "can_adopt": can_adopt,
        })

    post = get  # the detail page answered any method alike


class ProposalTransitionView(_ProposalAction):
    def post(self, request, pk: int):
        form = TransitionForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.proposal_transition(proposal=self.proposal, to_state=d["to_state"], actor=request.user,
                                             comment=d["comment"], public_reply=d["public_reply"],
                                             reason=d["reason"], departments=d["departments"])
                messages.success(request, f"已处理为“{State(d['to_state']).label}”。")
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
        else:
            messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("proposals:detail", pk=pk)


class ProposalReplyView(_ProposalAction):
    def post(self, request, pk: int):
        form = ReplyForm(request.POST)
        if form.is_valid():
            services.proposal_reply_set(proposal=self.proposal, actor=request.user, **form.cleaned_data)
            messages.success(request, MSG_SAVED)
        return redirect("proposals:detail", pk=pk)


class ProposalMergeView(_ProposalAction):
    def post(self, request, pk: int):
        primary = self.proposal
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


class ProposalCreateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "proposals.enter_proposals"

    def _render(self, form):
        return render(self.request, "proposals/staff/form.html", {
            "form": form, "campaign": self.campaign, "unit": self.unit, "title": "录入项目建议",
        })

    def _load(self):
        self.campaign = get_object_or_404(selectors.campaign_list_staff(self.request.user), pk=self.kwargs["campaign_pk"])
        self.unit = selectors.user_unit(self.request.user)

    def get(self, request, campaign_pk: int):
        self._load()
        return self._render(StaffProposalForm(campaign=self.campaign))

    def post(self, request, campaign_pk: int):
        self._load()
        form = StaffProposalForm(request.POST, request.FILES, campaign=self.campaign)
        if not request.user.is_office:
            form.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.PUBLIC]
        if form.is_valid():
            d = dict(form.cleaned_data)
            files = d.pop("attachments") or []
            channel = d.pop("channel")
            try:
                p = services.proposal_create(campaign=self.campaign, data=d, actor=request.user, unit=self.unit,
                                             channel=channel, files=files)
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            else:
                messages.success(request, f"已录入建议 {p.code}。")
                return redirect("proposals:detail", pk=p.pk)
        return self._render(form)


class ProposalEditView(_ProposalPermission, View):
    permission_required = "proposals.change_proposal"

    def _render(self, form):
        proposal = self.proposal
        return render(self.request, "proposals/staff/form.html", {
            "form": form, "campaign": proposal.campaign, "title": f"修改建议 {proposal.code}", "proposal": proposal,
        })

    def get(self, request, pk: int):
        form = ProposalEditForm(
            campaign=self.proposal.campaign, instance=self.proposal, personal=request.user.is_office
        )
        return self._render(form)

    def post(self, request, pk: int):
        form = ProposalEditForm(request.POST, campaign=self.proposal.campaign, instance=Proposal.objects.get(pk=pk),
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
        return self._render(form)


class AttachmentDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "proposals.view_proposal"

    def get_permission_object(self):
        self.attachment = get_object_or_404(
            ProposalAttachment.objects.select_related("proposal"), pk=self.kwargs["pk"]
        )
        if not selectors.proposals_visible_to(self.request.user).filter(pk=self.attachment.proposal_id).exists():
            raise Http404
        return self.attachment.proposal

    def get(self, request, pk: int):
        att = self.attachment
        return serve_stored_file(att.file, mime=att.mime, filename=att.original_name)

    post = get  # the download answered any method alike


def campaign_or_404(pk: int, user=None) -> Campaign:
    return get_object_or_404(selectors.campaign_list_staff(user), pk=pk)


def list_url_for(campaign: Campaign) -> str:
    return reverse("proposals:manage") + f"?campaign={campaign.pk}"


class ProposalAdoptView(_ProposalAction):
    """采纳为备选: link to an existing candidate, or create one from this proposal (one service each)."""

    def post(self, request, pk: int):
        proposal = self.proposal
        choice = request.POST.get("candidate", "")
        comment = request.POST.get("comment", "")[:500]
        try:
            if choice == "new":
                candidate = services.proposal_adopt_as_new(proposal=proposal, actor=request.user, comment=comment)
            else:
                candidate = selectors.adoption_candidate(
                    campaign=proposal.campaign, pk=int(choice) if is_id(choice) else 0
                )
                if candidate is None:
                    raise Http404
                services.proposal_adopt(
                    proposals=[proposal], candidate=candidate, actor=request.user, comment=comment
                )
            messages.success(request, f"已采纳为备选项目：{candidate.name}")
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        return redirect("proposals:detail", pk=pk)
