"""Voting views: sessions, ballots (phone and paper), results, satisfaction surveys."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from projects.models import Programme

from .. import exports, forms, programme, selectors, voting
from ..models import (
    BallotChannel,
    CandidateStage,
    SatisfactionSurvey,
    ScreeningRound,
    SessionState,
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
def paper_voter_void(request, pk: int):
    """Office: void a paper-ballot hand-out registered for the wrong deputy, with a reason (audited)."""
    session = _session(request, pk)
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
    has_voted = selectors.has_voted(session=session, deputy=user)
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
        "candidates/ballot.html",
        {"session": session, "form": form, "has_voted": has_voted, "candidates": candidates},
    )


@login_required
def session_results(request, pk: int):
    session = _session(request, pk)
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
    template = (
        "candidates/tally_sheet.html" if fmt == "print" else "candidates/results.html"
    )
    recount = selectors.session_tally_compute(session=session) if session.tally is not None else None
    return render(
        request,
        template,
        {"session": session, "tally": tally, "recount_agrees": recount == session.tally if recount else None},
    )


def session_public(request, pk: int):
    """票决结果公示: anyone may read the result of a closed vote (there is nothing to see before it closes)."""
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
    _run(request, programme.survey_publish, "测评已结束，结果已公布。", survey=survey, by=request.user)
    return redirect(NS + "survey", pk)


def _survey(request, pk: int) -> SatisfactionSurvey:
    survey = get_object_or_404(
        SatisfactionSurvey.objects.select_related("programme__organisation"), programme_id=pk
    )
    user = request.user
    published = user.has_perm("candidates.view_survey_results", survey)
    on_roster = user.is_authenticated and survey.roster.filter(pk=user.pk).exists()
    if not (published or on_roster or (user.is_authenticated and user.is_office)):
        raise PermissionDenied if user.is_authenticated else Http404
    return survey


def survey(request, pk: int):
    survey = _survey(request, pk)
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


@login_required
@require_POST
def survey_paper_participant(request, pk: int):
    """Office: a deputy took a paper 测评表."""
    survey = _survey(request, pk)
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


@login_required
@require_POST
def survey_paper_sheet(request, pk: int):
    """Office: key in one paper 测评表."""
    survey = _survey(request, pk)
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
