"""Screening views: rounds, candidates, scores, opinions, approvals, adoption."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import is_deputy
from minsheng.common.downloads import serve_stored_file
from minsheng.common.mixins import PostOnlyMixin
from projects.models import Programme

from .. import exports, forms, programme, review, selectors, services
from ..models import (
    ApprovalMeeting,
    Candidate,
    CandidateStage,
    CandidateYearTarget,
    Opinion,
    SatisfactionSurvey,
    SessionState,
    VoterRecord,
)
from .common import NS, XLSX, _errors, _mask_opinions, _run, _visible_candidate

ERR_ROUND_ORGANISATION = "请选择有效的单位。"


class _RoundPermission(LoginRequiredMixin, PermissionRequiredMixin):
    """A round within the user's reach (404 if none), then ``permission_required`` on it (an office runs
    only its own level's rounds)."""

    def get_permission_object(self):
        self.round = get_object_or_404(selectors.rounds_in_reach(self.request.user), pk=self.kwargs["pk"])
        return self.round


class _Action(LoginRequiredMixin, PostOnlyMixin, View):
    """A POST whose service decides who may act (its refusal is shown as a message)."""


# --- rounds --------------------------------------------------------------------------------------
class RoundListView(LoginRequiredMixin, View):
    def get(self, request):
        rounds = list(selectors.rounds_visible_to(request.user))
        sessions = list(selectors.sessions_visible_to(request.user).filter(state=SessionState.OPEN))
        voted = set(VoterRecord.objects.filter(deputy=request.user).values_list("session_id", flat=True))
        surveys = list(
            SatisfactionSurvey.objects.filter(is_open=True, roster=request.user).select_related(
                "programme__organisation"
            )
        )
        orgs = Organisation.objects.filter(kind__in=[Organisation.Kind.CITY, Organisation.Kind.COUNTY])
        return render(
            request,
            "candidates/round_list.html",
            {
                "rounds": rounds,
                "open_sessions": sessions,
                "voted": voted,
                "surveys": surveys,
                "orgs": orgs,
                "is_deputy": is_deputy(request.user),
            },
        )

    post = get


class RoundCreateView(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    permission_required = "candidates.manage_round"

    def post(self, request):
        org_pk = request.POST.get("organisation", "")
        if not (org_pk.isascii() and org_pk.isdigit() and len(org_pk) < 19):  # a tampered value was a 500
            messages.error(request, ERR_ROUND_ORGANISATION)
            return redirect(NS + "round_list")
        org = get_object_or_404(Organisation, pk=int(org_pk))
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            messages.error(request, "请填写实施年度。")
            return redirect(NS + "round_list")
        rnd = _run(request, services.round_create, "已创建。", organisation=org, year=year, by=request.user)
        return redirect(NS + "round_detail", rnd.pk) if rnd else redirect(NS + "round_list")


class RoundDetailView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        rnd = get_object_or_404(selectors.rounds_in_reach(request.user).select_related("organisation"), pk=pk)
        candidates = selectors.round_candidates(round=rnd, user=request.user)
        groups = []
        for value, label in CandidateStage.choices:
            items = [c for c in candidates if c.stage == value]
            if items:
                groups.append({"stage": value, "label": label, "items": items})
        is_office = request.user.has_perm("candidates.manage_round", rnd)
        confirmed = [c for c in candidates if c.stage == CandidateStage.CONFIRMED]
        programme_obj = Programme.objects.filter(year=rnd.year, organisation=rnd.organisation).first()
        return render(
            request,
            "candidates/round_detail.html",
            {
                "round": rnd,
                "groups": groups,
                "is_office": is_office,
                "can_create": request.user.has_perm("candidates.add_candidate"),
                "approvals": list(rnd.approvals.select_related("recorded_by")),
                "approvals_missing": services.approvals_missing(rnd),
                "approval_form": forms.ApprovalForm(),
                "carried": selectors.carried_over_for_round(round=rnd),
                "sessions": list(selectors.sessions_visible_to(request.user).filter(round=rnd)),
                "session_form": forms.SessionForm(
                    candidates=Candidate.objects.filter(pk__in=[c.pk for c in confirmed]), round=rnd
                )
                if is_office and confirmed
                else None,
                "has_chosen": any(c.stage == CandidateStage.CHOSEN for c in candidates),
                "programme": programme_obj,
            },
        )

    post = get


class CandidateCreateView(_RoundPermission, View):
    permission_required = "candidates.add_candidate"

    def get(self, request, pk: int):
        return self._page(request, forms.CandidateForm(user=request.user))

    def post(self, request, pk: int):
        form = forms.CandidateForm(request.POST or None, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            name = data.pop("name")
            unit = data.pop("responsible_unit", None)
            cand = _run(
                request,
                services.candidate_create,
                "备选项目已登记。",
                round=self.round,
                name=name,
                by=request.user,
                responsible_unit=unit,
                **data,
            )
            if cand:
                return redirect(NS + "candidate_detail", cand.pk)
        return self._page(request, form)

    def _page(self, request, form):
        return render(request, "candidates/candidate_form.html", {"form": form, "round": self.round})


class CandidateEditView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "candidates.change_candidate"

    def get_permission_object(self):
        self.candidate = _visible_candidate(self.request, self.kwargs["pk"])
        return self.candidate

    def get(self, request, pk: int):
        return self._page(request, forms.CandidateForm(instance=self.candidate, user=request.user))

    def post(self, request, pk: int):
        candidate = self.candidate
        form = forms.CandidateForm(request.POST or None, instance=candidate, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data.items())
            if _run(request, services.candidate_update, "已保存。", candidate=candidate, by=request.user, **data):
                return redirect(NS + "candidate_detail", candidate.pk)
        return self._page(request, form)

    def _page(self, request, form):
        return render(
            request,
            "candidates/candidate_form.html",
            {"form": form, "round": self.candidate.round, "candidate": self.candidate},
        )


class CandidateDetailView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        candidate = _visible_candidate(request, pk)
        user = request.user
        is_office = user.has_perm("candidates.move_candidate")
        moves = [(s, CandidateStage(s).label) for s in services.manual_moves(candidate)] if is_office else []
        _mask_opinions(candidate.opinions.all(), user)
        my_score = next((s for s in candidate.scores.all() if s.member_id == user.pk), None)
        return render(
            request,
            "candidates/candidate_detail.html",
            {
                "c": candidate,
                "is_office": is_office,
                "moves": moves,
                "can_edit": user.has_perm("candidates.change_candidate", candidate),
                "can_score": user.has_perm("candidates.score_candidate", candidate),
                "score_form": forms.ScoreForm(initial=my_score.__dict__ if my_score else None),
                "missing": services.missing_required(candidate),
                "opinion_form": forms.OpinionForm()
                if is_office and candidate.stage == CandidateStage.CONSULTATION
                else None,
                "target_form": forms.YearTargetForm(initial={"year": candidate.round.year}),
                "proposals": candidate.linked_proposals(),
                "show_names": is_office,
            },
        )

    post = get


class CandidateMoveView(_Action):
    def post(self, request, pk: int):
        candidate = _visible_candidate(request, pk)
        form = forms.TransitionForm(request.POST)
        if form.is_valid():
            to = form.cleaned_data["to_stage"]
            _run(
                request,
                services.candidate_transition,
                f"已转入“{CandidateStage(to).label}”。",
                candidate=candidate,
                to_stage=to,
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        return redirect(NS + "candidate_detail", pk)


class CandidateBudgetView(_Action):
    def post(self, request, pk: int):
        candidate = _visible_candidate(request, pk)
        form = forms.BudgetForm(request.POST)
        if form.is_valid():
            _run(
                request,
                services.candidate_budget_confirm,
                "预算确认已更新。",
                candidate=candidate,
                by=request.user,
                confirmed=form.cleaned_data["confirmed"],
                note=form.cleaned_data["note"],
            )
        return redirect(NS + "candidate_detail", pk)


class CandidateTargetView(_Action):
    def post(self, request, pk: int):
        candidate = _visible_candidate(request, pk)
        form = forms.YearTargetForm(request.POST)
        if form.is_valid():
            _run(
                request,
                services.year_target_set,
                "年度目标已保存。",
                candidate=candidate,
                by=request.user,
                **form.cleaned_data,
            )
        else:
            _errors(request, ValidationError([e for errs in form.errors.values() for e in errs]))
        return redirect(NS + "candidate_detail", pk)


class TargetDeleteView(_Action):
    def post(self, request, pk: int):
        target = get_object_or_404(CandidateYearTarget, pk=pk)
        _run(request, services.year_target_delete, "已删除。", target=target, by=request.user)
        return redirect(NS + "candidate_detail", target.candidate_id)


class CandidateScoreView(_Action):
    def post(self, request, pk: int):
        candidate = _visible_candidate(request, pk)
        form = forms.ScoreForm(request.POST)
        if form.is_valid():
            _run(
                request,
                review.score_submit,
                "评分已保存。",
                candidate=candidate,
                member=request.user,
                **form.cleaned_data,
            )
        return redirect(NS + "candidate_detail", pk)


class CandidateOpinionView(_Action):
    def post(self, request, pk: int):
        candidate = _visible_candidate(request, pk)
        form = forms.OpinionForm(request.POST)
        if form.is_valid():
            _run(
                request,
                review.opinion_add,
                "意见已录入。",
                candidate=candidate,
                by=request.user,
                **form.cleaned_data,
            )
        return redirect(NS + "candidate_detail", pk)


class OpinionRespondView(_Action):
    def post(self, request, pk: int):
        opinion = get_object_or_404(Opinion, pk=pk)
        form = forms.ResponseForm(request.POST)
        if form.is_valid():
            _run(
                request,
                review.opinion_respond,
                "答复已保存。",
                opinion=opinion,
                by=request.user,
                response=form.cleaned_data["response"],
            )
        return redirect(NS + "candidate_detail", opinion.candidate_id)


class RankingView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        rnd = get_object_or_404(selectors.rounds_in_reach(request.user), pk=pk)
        rows = list(selectors.candidate_ranking(round=rnd, user=request.user))
        return render(request, "candidates/ranking.html", {"round": rnd, "rows": rows})

    post = get


class MergeView(_RoundPermission, View):
    permission_required = "candidates.manage_round"

    def get(self, request, pk: int):
        return self._page(request, forms.MergeForm(candidates=self._mergeable()))

    def post(self, request, pk: int):
        form = forms.MergeForm(request.POST or None, candidates=self._mergeable())
        if form.is_valid():
            done = _run(
                request,
                services.candidate_merge,
                "已归并。",
                target=form.cleaned_data["target"],
                sources=form.cleaned_data["sources"],
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
            if done:
                return redirect(NS + "candidate_detail", form.cleaned_data["target"].pk)
        return self._page(request, form)

    def _mergeable(self):
        return self.round.candidates.filter(stage__in=services.MERGEABLE)

    def _page(self, request, form):
        return render(request, "candidates/merge.html", {"round": self.round, "form": form})


class OpinionsView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        rnd = get_object_or_404(selectors.rounds_in_reach(request.user), pk=pk)
        rows = selectors.opinions_for_round(round=rnd, user=request.user)
        if request.GET.get("format") == "xlsx":
            data = exports.opinions_xlsx(opinions=rows, show_names=request.user.is_office)
            response = HttpResponse(data, content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="opinions-{rnd.year}.xlsx"'
            return response
        return render(
            request,
            "candidates/opinions.html",
            {"round": rnd, "rows": _mask_opinions(rows, request.user)},
        )

    post = get


class ApprovalAddView(_Action):
    def post(self, request, pk: int):
        rnd = get_object_or_404(selectors.rounds_in_reach(request.user), pk=pk)
        form = forms.ApprovalForm(request.POST, request.FILES)
        if form.is_valid():
            _run(
                request,
                review.approval_record,
                "审议会议已记录。",
                round=rnd,
                by=request.user,
                **form.cleaned_data,
            )
        else:
            _errors(request, ValidationError([e for errs in form.errors.values() for e in errs]))
        return redirect(NS + "round_detail", pk)


class ApprovalFileView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "candidates.manage_round"

    def get_permission_object(self):
        self.meeting = get_object_or_404(ApprovalMeeting.objects.select_related("round__organisation"), pk=self.kwargs["pk"])
        return self.meeting.round  # only the office of the level that runs the round

    def get(self, request, pk: int):
        meeting = self.meeting
        return serve_stored_file(
            meeting.attachment,
            mime=meeting.attachment_mime,
            filename=meeting.attachment_name or meeting.get_kind_display(),
            inline=False,
        )

    post = get


class AdoptView(_Action):
    def post(self, request, pk: int):
        rnd = get_object_or_404(selectors.rounds_in_reach(request.user), pk=pk)
        prog = _run(
            request, programme.programme_adopt_chosen, "入选项目已列入年度计划。", round=rnd, by=request.user
        )
        if prog and prog.is_draft:  # a draft has no public page: its own page is where the items get targets
            return redirect(NS + "new_year_draft", prog.pk)
        if prog:
            return redirect("projects:programme_detail", prog.pk)
        return redirect(NS + "round_detail", pk)
