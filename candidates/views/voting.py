"""Voting views: sessions, ballots (phone and paper), results, satisfaction surveys."""

from __future__ import annotations

import rules
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.common.mixins import PostOnlyMixin
from projects.models import Programme

from .. import exports, forms, programme, selectors, voting
from ..models import (
    BallotChannel,
    CandidateStage,
    SatisfactionSurvey,
    SessionState,
    VotingSession,
)
from .common import NS, XLSX, _errors, _run


# --- the vote ------------------------------------------------------------------------------------
class SessionCreateView(LoginRequiredMixin, PostOnlyMixin, View):
    def post(self, request, pk: int):
        rnd = get_object_or_404(selectors.rounds_in_reach(request.user), pk=pk)
        form = forms.SessionForm(
            request.POST, candidates=rnd.candidates.filter(stage=CandidateStage.CONFIRMED), round=rnd
        )
        if form.is_valid():
            data = form.cleaned_data
            session = _run(
                request,
                voting.session_create,
                "票决会议已创建。",
                round=rnd,
                title=data["title"],
                seats=data["seats"],
                roster=data["roster"],
                candidates=data["candidates"],
                by=request.user,
                pass_base=data["pass_base"],
            )
            if session:
                return redirect(NS + "session_detail", session.pk)
        else:
            _errors(request, ValidationError([e for errs in form.errors.values() for e in errs]))
        return redirect(NS + "round_detail", pk)


class _SessionPage(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A page of one session: its roster and the office before the close, anyone signed in after it."""

    permission_required = "candidates.see_session"

    def get_permission_object(self):
        self.session = get_object_or_404(
            VotingSession.objects.select_related("round__organisation"), pk=self.kwargs["pk"]
        )
        return self.session


class _SessionAction(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    """An office POST on one session (the service refuses anyone else), back to a session page."""

    permission_required = "candidates.see_session"
    get_permission_object = _SessionPage.get_permission_object


class SessionDetailView(_SessionPage):
    def get(self, request, pk: int):
        session = self.session
        if not request.user.is_office:
            if session.state == SessionState.CLOSED:
                return redirect(NS + "session_results", pk)
            return redirect(NS + "ballot", pk)
        roster = session.roster.order_by("username")
        voters = {v.deputy_id: v for v in session.voters.all()}
        candidates = list(session.candidates.order_by("pk"))
        paper_voters = roster.filter(voter_records__session=session, voter_records__channel=BallotChannel.PAPER)
        return render(
            request,
            "candidates/session_detail.html",
            {
                "session": session,
                "roster": [(d, voters.get(d.pk)) for d in roster],
                "candidates": candidates,
                "turnout": selectors.session_turnout(session=session),
                "voids": list(session.voter_voids.select_related("deputy", "by")),
                "paper_form": forms.BallotForm(candidates=candidates, prefix="paper"),
                "paper_voter_form": forms.PaperVoterForm(roster=roster.exclude(pk__in=voters)),
                "void_form": forms.PaperVoterVoidForm(voters=paper_voters, prefix="void"),
                "close_form": forms.CloseForm(),
            },
        )

    post = get


class SessionOpenView(_SessionAction):
    def post(self, request, pk: int):
        _run(request, voting.session_open, "投票已开始。", session=self.session, by=request.user)
        return redirect(NS + "session_detail", pk)


class SessionCloseView(_SessionAction):
    def post(self, request, pk: int):
        form = forms.CloseForm(request.POST)
        if form.is_valid() and _run(
            request,
            voting.session_close,
            "投票已结束，计票结果已冻结。",
            session=self.session,
            by=request.user,
            present_count=form.cleaned_data["present_count"],
        ):
            return redirect(NS + "session_results", pk)
        return redirect(NS + "session_detail", pk)


class SessionRunoffView(_SessionAction):
    """Office: prepare the new vote a tie (or a missed quorum) calls for, then go to it."""

    def post(self, request, pk: int):
        runoff = _run(
            request,
            voting.session_runoff_create,
            "已准备重新票决，请核对后在会上开始投票。",
            session=self.session,
            by=request.user,
        )
        if runoff:
            return redirect(NS + "session_detail", runoff.pk)
        return redirect(NS + "session_results", pk)


class PaperVoterView(_SessionAction):
    def post(self, request, pk: int):
        session = self.session
        form = forms.PaperVoterForm(request.POST, roster=session.roster.all())
        if form.is_valid():
            _run(
                request,
                voting.paper_voter_record,
                "已登记领取纸质选票。",
                session=session,
                deputy=form.cleaned_data["deputy"],
                by=request.user,
            )
        return redirect(NS + "session_detail", pk)


class PaperVoterVoidView(_SessionAction):
    """Office: void a paper-ballot hand-out registered for the wrong deputy, with a reason (audited)."""

    def post(self, request, pk: int):
        session = self.session
        form = forms.PaperVoterVoidForm(request.POST, voters=session.roster.all(), prefix="void")
        if form.is_valid():
            _run(
                request,
                voting.paper_voter_void,
                "已撤销该代表的纸质选票领取登记，更正记录已保存。",
                session=session,
                deputy=form.cleaned_data["deputy"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        else:
            _errors(request, ValidationError([e for errs in form.errors.values() for e in errs]))
        return redirect(NS + "session_detail", pk)


class PaperBallotView(_SessionAction):
    def post(self, request, pk: int):
        session = self.session
        candidates = list(session.candidates.order_by("pk"))
        form = forms.BallotForm(request.POST, candidates=candidates, prefix="paper")
        if form.is_valid():
            _run(
                request,
                voting.paper_ballot_enter,
                "纸质选票已录入。",
                session=session,
                marks=form.marks(),
                by=request.user,
            )
        return redirect(NS + "session_detail", pk)


class BallotView(_SessionPage):
    """A deputy's phone ballot (only for the session's roster)."""

    permission_required = "candidates.open_ballot"

    def has_permission(self):
        # The rule itself, not user.has_perm: a superuser passes every has_perm but is on no roster.
        return rules.has_perm(self.permission_required, self.request.user, self.get_permission_object())

    def _page(self, request, form, has_voted, candidates):
        return render(
            request,
            "candidates/ballot.html",
            {"session": self.session, "form": form, "has_voted": has_voted, "candidates": candidates},
        )

    def get(self, request, pk: int):
        candidates = list(self.session.candidates.order_by("pk"))
        has_voted = selectors.has_voted(session=self.session, deputy=request.user)
        return self._page(request, forms.BallotForm(candidates=candidates), has_voted, candidates)

    def post(self, request, pk: int):
        session = self.session
        candidates = list(session.candidates.order_by("pk"))
        has_voted = selectors.has_voted(session=session, deputy=request.user)
        form = forms.BallotForm(request.POST or None, candidates=candidates)
        if (
            not has_voted
            and form.is_valid()
            and _run(
                request,
                voting.ballot_cast,
                "投票成功，感谢您的参与。",
                session=session,
                deputy=request.user,
                marks=form.marks(),
            )
        ):
            return redirect(NS + "ballot", pk)
        return self._page(request, form, has_voted, candidates)


class SessionResultsView(_SessionPage):
    def get(self, request, pk: int):
        session = self.session
        if session.state != SessionState.CLOSED:
            # Nobody — the office and the administrator included — sees a figure before the vote is closed.
            return render(
                request,
                "candidates/results_sealed.html",
                {
                    "session": session,
                    "message": selectors.ERR_RESULTS_SEALED,
                    "turnout": selectors.session_turnout(session=session),
                },
                status=403,
            )
        tally = selectors.session_result(session=session)
        fmt = request.GET.get("format")
        if fmt == "xlsx":
            response = HttpResponse(exports.tally_xlsx(session=session, tally=tally), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="tally-{session.pk}.xlsx"'
            return response
        template = "candidates/tally_sheet.html" if fmt == "print" else "candidates/results.html"
        recount = selectors.session_tally_compute(session=session) if session.tally is not None else None
        return render(
            request,
            template,
            {"session": session, "tally": tally, "recount_agrees": recount == session.tally if recount else None},
        )

    post = get


class SessionPublicView(View):
    """票决结果公示: anyone may read the result of a closed vote (there is nothing to see before it closes)."""

    def get(self, request, pk: int):
        session = get_object_or_404(
            VotingSession.objects.select_related("round__organisation", "runoff_of"),
            pk=pk,
            state=SessionState.CLOSED,
        )
        tally = selectors.session_result(session=session)
        chosen = {row["candidate"]: row["name"] for row in tally["rows"]}
        return render(
            request,
            "candidates/results_public.html",
            {
                "session": session,
                "tally": tally,
                "chosen": [chosen[pk] for pk in tally["chosen"]],
                "runoff": VotingSession.objects.filter(runoff_of=session, state=SessionState.CLOSED).first(),
            },
        )

    post = get


# --- year-end satisfaction ---------------------------------------------------------------------
class SurveyOpenView(LoginRequiredMixin, PostOnlyMixin, View):
    def post(self, request, pk: int):
        prog = get_object_or_404(Programme, pk=pk)
        _run(request, programme.survey_open, "满意度测评已开始。", programme=prog, by=request.user)
        return redirect(NS + "survey", pk)


class SurveyPublishView(LoginRequiredMixin, PostOnlyMixin, View):
    def post(self, request, pk: int):
        survey = get_object_or_404(SatisfactionSurvey, programme_id=pk)
        _run(request, programme.survey_publish, "测评已结束，结果已公布。", survey=survey, by=request.user)
        return redirect(NS + "survey", pk)


class _SurveyPermission(PermissionRequiredMixin):
    """One programme's survey: the office, its roster, and anyone once the result is published."""

    permission_required = "candidates.view_survey"

    def get_permission_object(self):
        self.survey = get_object_or_404(
            SatisfactionSurvey.objects.select_related("programme__organisation"), programme_id=self.kwargs["pk"]
        )
        return self.survey


class SurveyView(_SurveyPermission, View):
    def handle_no_permission(self):
        # Before the result is published a survey does not exist for the public.
        if not self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()

    def get(self, request, pk: int):
        return self._page(request, pk)

    def post(self, request, pk: int):
        return self._page(request, pk)

    def _page(self, request, pk: int):
        survey = self.survey
        user = request.user
        projects = selectors.survey_projects(survey=survey)
        can_rate = user.is_authenticated and user.has_perm("candidates.rate_project", survey)
        has_rated = can_rate and selectors.has_rated(survey=survey, deputy=user)
        form = forms.RatingSheetForm(request.POST or None, projects=projects)
        if (
            request.method == "POST"
            and can_rate
            and not has_rated
            and form.is_valid()
            and _run(
                request,
                programme.survey_sheet_submit,
                "测评表已提交，感谢您的参与。",
                survey=survey,
                deputy=user,
                values=form.values(),
            )
        ):
            return redirect(NS + "survey", pk)
        is_office = user.is_authenticated and user.is_office
        context = {
            "survey": survey,
            "projects": projects,
            "can_rate": can_rate,
            "has_rated": has_rated,
            "form": form,
            "is_office": is_office,
            "turnout": selectors.survey_turnout(survey=survey) if survey.is_open else None,
            "result": None if survey.is_open else selectors.survey_result(survey=survey),
        }
        if is_office and survey.is_open:
            roster = survey.roster.order_by("username")
            context["paper_form"] = forms.SurveyPaperForm(roster=roster.exclude(survey_participations__survey=survey))
            context["sheet_form"] = forms.RatingSheetForm(projects=projects, prefix="paper")
        return render(request, "candidates/survey.html", context)


class _SurveyAction(LoginRequiredMixin, PostOnlyMixin, _SurveyPermission, View):
    """An office POST on one survey (the service refuses anyone else), back to the survey page."""


class SurveyPaperParticipantView(_SurveyAction):
    """Office: a deputy took a paper 测评表."""

    def post(self, request, pk: int):
        survey = self.survey
        form = forms.SurveyPaperForm(request.POST, roster=survey.roster.all())
        if form.is_valid():
            _run(
                request,
                programme.survey_paper_participant,
                "已登记领取纸质测评表。",
                survey=survey,
                deputy=form.cleaned_data["deputy"],
                by=request.user,
            )
        return redirect(NS + "survey", pk)


class SurveyPaperSheetView(_SurveyAction):
    """Office: key in one paper 测评表."""

    def post(self, request, pk: int):
        survey = self.survey
        form = forms.RatingSheetForm(request.POST, projects=selectors.survey_projects(survey=survey), prefix="paper")
        if form.is_valid():
            _run(
                request,
                programme.survey_paper_sheet_enter,
                "纸质测评表已录入。",
                survey=survey,
                values=form.values(),
                by=request.user,
            )
        return redirect(NS + "survey", pk)
