"""Pages of the screening (office and departments) and of the vote (deputies on their phones)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minsheng.accounts.models import Organisation, Role
from minsheng.common.privacy import mask_name

from ..models import Programme, Project
from . import exports, forms, programme, review, selectors, services, voting
from .models import (
    ApprovalMeeting,
    Candidate,
    CandidateStage,
    CandidateYearTarget,
    Opinion,
    SatisfactionSurvey,
    ScreeningRound,
    SessionState,
    VoterRecord,
    VotingSession,
)

NS = "projects:candidates:"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _need(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _errors(request, exc: Exception) -> None:
    for message in getattr(exc, "messages", None) or [str(exc) or "没有权限执行此操作。"]:
        messages.error(request, message)


def _run(request, fn, success: str, **kwargs):
    """Call a service; show its Chinese refusal as a message instead of a 500."""
    try:
        result = fn(**kwargs)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
        return None
    messages.success(request, success)
    return result if result is not None else True


def _mask_opinions(opinions, user) -> list:
    """Deputies' and members' names are masked on the server for everyone but the office."""
    rows = list(opinions)
    for o in rows:
        person = o.source in exports.PERSON_SOURCES
        o.shown_name = o.source_name if user.is_office or not person else mask_name(o.source_name)
    return rows


def _visible_candidate(request, pk: int) -> Candidate:
    try:
        return selectors.candidate_detail(pk=pk, user=request.user)
    except Candidate.DoesNotExist as exc:
        raise Http404 from exc


# --- rounds --------------------------------------------------------------------------------------
@login_required
def round_list(request):
    rounds = list(selectors.rounds_visible_to(request.user))
    sessions = list(selectors.sessions_visible_to(request.user).filter(state=SessionState.OPEN))
    voted = set(VoterRecord.objects.filter(deputy=request.user).values_list("session_id", flat=True))
    surveys = list(SatisfactionSurvey.objects.filter(is_open=True).select_related("programme__organisation"))
    orgs = Organisation.objects.filter(kind__in=[Organisation.Kind.CITY, Organisation.Kind.COUNTY])
    return render(
        request,
        "projects/candidates/round_list.html",
        {
            "rounds": rounds,
            "open_sessions": sessions,
            "voted": voted,
            "surveys": surveys,
            "orgs": orgs,
            "is_deputy": request.user.role == Role.DEPUTY,
        },
    )


@login_required
@require_POST
def round_create(request):
    _need(request.user, "candidates.manage_round")
    org = get_object_or_404(Organisation, pk=request.POST.get("organisation"))
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "请填写实施年度。")
        return redirect(NS + "round_list")
    rnd = _run(request, services.round_create, "已创建。", organisation=org, year=year, by=request.user)
    return redirect(NS + "round_detail", rnd.pk) if rnd else redirect(NS + "round_list")


@login_required
def round_detail(request, pk: int):
    rnd = get_object_or_404(ScreeningRound.objects.select_related("organisation"), pk=pk)
    candidates = selectors.round_candidates(round=rnd, user=request.user)
    groups = []
    for value, label in CandidateStage.choices:
        items = [c for c in candidates if c.stage == value]
        if items:
            groups.append({"stage": value, "label": label, "items": items})
    is_office = request.user.is_office
    confirmed = [c for c in candidates if c.stage == CandidateStage.CONFIRMED]
    programme_obj = Programme.objects.filter(year=rnd.year, organisation=rnd.organisation).first()
    return render(
        request,
        "projects/candidates/round_detail.html",
        {
            "round": rnd,
            "groups": groups,
            "is_office": is_office,
            "can_create": is_office or request.user.role == Role.DEPARTMENT,
            "approvals": list(rnd.approvals.select_related("recorded_by")),
            "approvals_missing": services.approvals_missing(rnd),
            "approval_form": forms.ApprovalForm(),
            "carried": selectors.carried_over_for_round(round=rnd),
            "sessions": list(selectors.sessions_visible_to(request.user).filter(round=rnd)),
            "session_form": forms.SessionForm(
                candidates=Candidate.objects.filter(pk__in=[c.pk for c in confirmed])
            )
            if is_office and confirmed
            else None,
            "has_chosen": any(c.stage == CandidateStage.CHOSEN for c in candidates),
            "programme": programme_obj,
        },
    )


@login_required
def candidate_create(request, pk: int):
    rnd = get_object_or_404(ScreeningRound, pk=pk)
    if not (request.user.is_office or request.user.role == Role.DEPARTMENT):
        raise PermissionDenied
    form = forms.CandidateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        name = data.pop("name")
        unit = data.pop("responsible_unit", None)
        cand = _run(
            request,
            services.candidate_create,
            "备选项目已登记。",
            round=rnd,
            name=name,
            by=request.user,
            responsible_unit=unit,
            **data,
        )
        if cand:
            return redirect(NS + "candidate_detail", cand.pk)
    return render(request, "projects/candidates/candidate_form.html", {"form": form, "round": rnd})


@login_required
def candidate_edit(request, pk: int):
    candidate = _visible_candidate(request, pk)
    _need(request.user, "candidates.change_candidate", candidate)
    form = forms.CandidateForm(request.POST or None, instance=candidate, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data.items())
        if _run(request, services.candidate_update, "已保存。", candidate=candidate, by=request.user, **data):
            return redirect(NS + "candidate_detail", candidate.pk)
    return render(
        request,
        "projects/candidates/candidate_form.html",
        {"form": form, "round": candidate.round, "candidate": candidate},
    )


@login_required
def candidate_detail(request, pk: int):
    candidate = _visible_candidate(request, pk)
    user = request.user
    is_office = user.is_office
    moves = [(s, CandidateStage(s).label) for s in services.manual_moves(candidate)] if is_office else []
    _mask_opinions(candidate.opinions.all(), user)
    my_score = next((s for s in candidate.scores.all() if s.member_id == user.pk), None)
    return render(
        request,
        "projects/candidates/candidate_detail.html",
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


@login_required
@require_POST
def candidate_move(request, pk: int):
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


@login_required
@require_POST
def candidate_budget(request, pk: int):
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


@login_required
@require_POST
def candidate_target(request, pk: int):
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


@login_required
@require_POST
def target_delete(request, pk: int):
    target = get_object_or_404(CandidateYearTarget, pk=pk)
    _run(request, services.year_target_delete, "已删除。", target=target, by=request.user)
    return redirect(NS + "candidate_detail", target.candidate_id)


@login_required
@require_POST
def candidate_score(request, pk: int):
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


@login_required
@require_POST
def candidate_opinion(request, pk: int):
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


@login_required
@require_POST
def opinion_respond(request, pk: int):
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


@login_required
def ranking(request, pk: int):
    rnd = get_object_or_404(ScreeningRound, pk=pk)
    rows = list(selectors.candidate_ranking(round=rnd, user=request.user))
    return render(request, "projects/candidates/ranking.html", {"round": rnd, "rows": rows})


@login_required
def merge(request, pk: int):
    rnd = get_object_or_404(ScreeningRound, pk=pk)
    _need(request.user, "candidates.manage_round")
    qs = rnd.candidates.filter(stage__in=services.MERGEABLE)
    form = forms.MergeForm(request.POST or None, candidates=qs)
    if request.method == "POST" and form.is_valid():
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
    return render(request, "projects/candidates/merge.html", {"round": rnd, "form": form})


@login_required
def opinions(request, pk: int):
    rnd = get_object_or_404(ScreeningRound, pk=pk)
    rows = selectors.opinions_for_round(round=rnd, user=request.user)
    if request.GET.get("format") == "xlsx":
        data = exports.opinions_xlsx(opinions=rows, show_names=request.user.is_office)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="opinions-{rnd.year}.xlsx"'
        return response
    return render(
        request,
        "projects/candidates/opinions.html",
        {"round": rnd, "rows": _mask_opinions(rows, request.user)},
    )


@login_required
@require_POST
def approval_add(request, pk: int):
    rnd = get_object_or_404(ScreeningRound, pk=pk)
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


@login_required
def approval_file(request, pk: int):
    meeting = get_object_or_404(ApprovalMeeting, pk=pk)
    _need(request.user, "candidates.manage_round")
    if not meeting.attachment:
        raise Http404
    return FileResponse(
        meeting.attachment.open("rb"),
        as_attachment=True,
        filename=meeting.attachment_name or meeting.attachment.name.rsplit("/", 1)[-1],
    )


@login_required
@require_POST
def adopt(request, pk: int):
    rnd = get_object_or_404(ScreeningRound, pk=pk)
    prog = _run(
        request, programme.programme_adopt_chosen, "入选项目已列入年度计划。", round=rnd, by=request.user
    )
    if prog:
        return redirect("projects:programme_detail", prog.pk)
    return redirect(NS + "round_detail", pk)


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
        project = get_object_or_404(Project, pk=request.POST.get("project"))
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
