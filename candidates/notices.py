"""Notices to the deputies on a vote's or a survey's roster: voting opened, results published. Called by the
services that make the change (voting.py, programme.py); they reach inboxes (and e-mail) after commit."""

from __future__ import annotations

from django.urls import reverse

from minsheng.common.services import notification_send

SESSION_OPENED_TITLE = "票决开始：{title}"
SESSION_OPENED_BODY = "请对每个候选项目表明赞成、反对或弃权，最多赞成 {seats} 项。选票一经投出不能更改。"
SESSION_RESULTS_TITLE = "票决结果已公布：{title}"
SESSION_RESULTS_BODY = "本次票决已结束，可查看各候选项目的得票和入选结果。"
SURVEY_OPENED_TITLE = "满意度测评开始：{programme}"
SURVEY_OPENED_BODY = "请对每个项目选择满意、基本满意或不满意后提交测评表（无记名，提交后不能更改）。"
SURVEY_PUBLISHED_TITLE = "满意度测评结果已公布：{programme}"
SURVEY_PUBLISHED_BODY = "测评已结束，可查看各项目的满意度结果。"


def session_opened_notify(*, session) -> None:
    """Tell the roster that the vote is open, with the link to the ballot."""
    notification_send(
        recipients=session.roster.all(),
        title=SESSION_OPENED_TITLE.format(title=session.title),
        body=SESSION_OPENED_BODY.format(seats=session.seats),
        url=reverse("candidates:ballot", args=[session.pk]),
        kind="candidates.vote",
    )


def session_results_notify(*, session) -> None:
    """Tell the roster that the vote is closed and its results are public."""
    notification_send(
        recipients=session.roster.all(),
        title=SESSION_RESULTS_TITLE.format(title=session.title),
        body=SESSION_RESULTS_BODY,
        url=reverse("candidates:session_results", args=[session.pk]),
        kind="candidates.vote",
    )


def survey_opened_notify(*, survey) -> None:
    """Tell the survey's deputies that the 满意度测评 is open."""
    notification_send(
        recipients=survey.roster.all(),
        title=SURVEY_OPENED_TITLE.format(programme=survey.programme),
        body=SURVEY_OPENED_BODY,
        url=reverse("candidates:survey", args=[survey.programme_id]),
        kind="candidates.survey",
    )


def survey_published_notify(*, survey) -> None:
    """Tell the survey's deputies that its results are published."""
    notification_send(
        recipients=survey.roster.all(),
        title=SURVEY_PUBLISHED_TITLE.format(programme=survey.programme),
        body=SURVEY_PUBLISHED_BODY,
        url=reverse("candidates:survey", args=[survey.programme_id]),
        kind="candidates.survey",
    )
