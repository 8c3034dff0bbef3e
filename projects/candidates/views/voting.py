"""Voting views: sessions, ballots (phone and paper), results, satisfaction surveys."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minsheng.common.params import object_or_404

from ...models import Programme, Project
from .. import exports, forms, programme, selectors, voting
from ..models import (
    CandidateStage,
    SatisfactionSurvey,
    ScreeningRound,
    SessionState,
    VoterRecord,
    VotingSession,
)
from .common import NS, XLSX, _errors, _mask_opinions, _need, _run, _visible_candidate  # noqa: F401


# --- the vote ------------------------------------------------------------------------------------
@login_required
@require_POST
def session_create(request, pk: int):
    rnd = get_object_or_404(ScreeningRound, pk=pk)
    form = forms.SessionForm(request.POST, candidates=rnd.candidates.filter(stage=CandidateStage.CONFIRMED))
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


def _session(request, pk: int) -> VotingSession:
    session = get_object_or_404(VotingSession.objects.select_related("round__organisation"), pk=pk)
    if not request.user.has_perm("candidates.view_session", session) and session.state != SessionState.CLOSED:
        raise PermissionDenied
    return session


@login_required
def session_detail(request, pk: int):
    session = _session(request, pk)
    user = request.user
    if not user.is_office:
        if session.state == SessionState.CLOSED:
            return redirect(NS + "session_results", pk)
        return redirect(NS + "ballot", pk)
    roster = session.roster.order_by("username")
    voters = {v.deputy_id: v for v in session.voters.all()}
    candidates = list(session.candidates.order_by("pk"))
    return render(
        request,
        "projects/candidates/session_detail.html",
        {
            "session": session,
            "roster": [(d, voters.get(d.pk)) for d in roster],
            "candidates": candidates,
            "n_voters": len(voters),
            "n_ballots": session.ballots.count(),
            "paper_form": forms.BallotForm(candidates=candidates, prefix="paper"),
            "paper_voter_form": forms.PaperVoterForm(roster=roster.exclude(pk__in=voters)),
            "close_form": forms.CloseForm(),
        },
    )


@login_required
@require_POST
def session_open(request, pk: int):
    session = _session(request, pk)
    _run(request, voting.session_open, "投票已开始。", session=session, by=request.user)
    return redirect(NS + "session_detail", pk)


@login_required
@require_POST
def session_close(request, pk: int):
    session = _session(request, pk)
    form = forms.CloseForm(request.POST)
    if form.is_valid() and _run(
        request,
        voting.session_close,
        "投票已结束，计票结果已冻结。",
        session=session,
        by=request.user,
        present_count=form.cleaned_data["present_count"],
    ):
        return redirect(NS + "session_results", pk)
    return redirect(NS + "session_detail", pk)


@login_required
@require_POST
def session_runoff(request, pk: int):
    """Office: prepare the new vote a tie (or a missed quorum) calls for, then go to it."""
    session = _session(request, pk)
    runoff = _run(request, voting.session_runoff_create, "已准备重新票决，请核对后在会上开始投票。",
                  session=session, by=request.user)
    if runoff:
        return redirect(NS + "session_detail", runoff.pk)
    return redirect(NS + "session_results", pk)


@login_required
@require_POST
def paper_voter(request, pk: int):
    session = _session(request, pk)
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


@login_required
@require_POST
def paper_ballot(request, pk: int):
    session = _session(request, pk)
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


@login_required
def ballot(request, pk: int):
    session = _session(request, pk)
    user = request.user
    if not session.roster.filter(pk=user.pk).exists():
        raise PermissionDenied
    candidates = list(session.candidates.order_by("pk"))
    has_voted = VoterRecord.objects.filter(session=session, deputy=user).exists()
    form = forms.BallotForm(request.POST or None, candidates=candidates)
    if (
        request.method == "POST"
        and not has_voted
        and form.is_valid()
        and _run(
            request,
            voting.ballot_cast,
            "投票成功，感谢您的参与。",
            session=session,
            deputy=user,
            marks=form.marks(),
        )
    ):
        return redirect(NS + "ballot", pk)
    return render(
        request,
        "projects/candidates/ballot.html",
        {"session": session, "form": form, "has_voted": has_voted, "candidates": candidates},
    )


@login_required
def session_results(request, pk: int):
    session = _session(request, pk)
    if session.state != SessionState.CLOSED and not request.user.is_office:
        raise PermissionDenied
    tally = selectors.session_result(session=session)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        response = HttpResponse(exports.tally_xlsx(session=session, tally=tally), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="tally-{session.pk}.xlsx"'
        return response
    template = (
        "projects/candidates/tally_sheet.html" if fmt == "print" else "projects/candidates/results.html"
    )
    recount = selectors.session_tally_compute(session=session) if session.tally is not None else None
    return render(
        request,
        template,
        {"session": session, "tally": tally, "recount_agrees": recount == session.tally if recount else None},
    )


# --- year-end satisfaction ---------------------------------------------------------------------
@login_required
@require_POST
def survey_open(request, pk: int):
    prog = get_object_or_404(Programme, pk=pk)
    _run(request, programme.survey_open, "满意度测评已开始。", programme=prog, by=request.user)
    return redirect(NS + "survey", pk)


@login_required
@require_POST
def survey_publish(request, pk: int):
    survey = get_object_or_404(SatisfactionSurvey, programme_id=pk)
    _run(request, programme.survey_publish, "测评结果已公布。", survey=survey, by=request.user)
    return redirect(NS + "survey", pk)


def survey(request, pk: int):
    survey = get_object_or_404(
        SatisfactionSurvey.objects.select_related("programme__organisation"), programme_id=pk
    )
    user = request.user
    can_rate = user.is_authenticated and user.has_perm("candidates.rate_project", survey)
    can_see = survey.published_at is not None or (user.is_authenticated and user.is_office)
    if not (can_rate or can_see):
        raise PermissionDenied if user.is_authenticated else Http404
    if request.method == "POST" and can_rate:
        project = object_or_404(Project, request.POST.get("project"))
        form = forms.RatingForm(request.POST)
        if form.is_valid():
            _run(
                request,
                programme.rating_submit,
                f"已评价“{project.name}”。",
                survey=survey,
                project=project,
                deputy=user,
                value=form.cleaned_data["value"],
            )
        return redirect(reverse(NS + "survey", args=[pk]) + f"#p{project.pk}")
    return render(
        request,
        "projects/candidates/survey.html",
        {
            "survey": survey,
            "can_rate": can_rate,
            "can_see": can_see,
            "results": selectors.survey_results(survey=survey),
            "mine": selectors.ratings_by_deputy(survey=survey, deputy=user) if can_rate else {},
            "rating_form": forms.RatingForm(),
        },
    )
