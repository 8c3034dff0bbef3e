"""Issue 12 §4 on one connection: reviews of a figure someone has handled since, evidence on a locked month,
submitting or importing into a month locked meanwhile, and 保存并报送 as one all-or-nothing write."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minsheng.common.workflow import ERR_STALE
from progress import services
from progress.importers import sheet_commit
from progress.models import Evidence, Figure, FigureState, FigureTransition, ReportingPeriod

from .factories import FigureFactory, IndicatorTargetFactory, PeriodFactory, county_clerk, office

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def target():
    return IndicatorTargetFactory(target=D("100"))


@pytest.fixture
def period(target):
    return PeriodFactory(programme=target.indicator.project.matter.programme, month=9)


def _close(period):
    ReportingPeriod.objects.filter(pk=period.pk).update(state=ReportingPeriod.State.CLOSED)


@pytest.mark.parametrize("state", [FigureState.DRAFT, FigureState.RETURNED, FigureState.VERIFIED])
def test_no_evidence_on_a_figure_of_a_locked_month(target, period, settings, tmp_path, state):
    settings.MEDIA_ROOT = tmp_path
    fig = FigureFactory(target=target, period=period, state=state)
    _close(period)  # the month was locked while the page was open
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(figure=fig, actor=office(), uploaded=SimpleUploadedFile("a.pdf", PDF))
    assert exc.value.messages == [services.ERR_EVIDENCE_PERIOD_CLOSED]
    assert not Evidence.objects.exists()


def test_evidence_form_is_not_offered_on_a_locked_month(client, target, period):
    fig = FigureFactory(target=target, period=period, state=FigureState.DRAFT)
    _close(period)
    client.force_login(county_clerk(target.county))
    page = client.get(reverse("progress:figure_entry", args=[target.pk, period.pk])).content.decode()
    assert reverse("progress:evidence_upload", args=[fig.pk]) not in page


@pytest.mark.parametrize(
    ("action", "extra"), [("verify", {}), ("return", {"comment": "请补充"}), ("deduct", {"verified_value": "1", "comment": "核减"})]
)
def test_review_of_a_figure_handled_meanwhile_is_refused(client, target, period, action, extra):
    """The page showed 已报送; another reviewer verified it before this one pressed the button."""
    fig = FigureFactory(target=target, period=period, state=FigureState.SUBMITTED, value=D("5"))
    page_state = fig.state
    services.figure_verify(figure=Figure.objects.get(pk=fig.pk), actor=office("other"), comment="")
    client.force_login(office())
    r = client.post(
        reverse("progress:figure_review", args=[fig.pk]), {"action": action, "state": page_state, **extra}, follow=True
    )
    assert ERR_STALE.format(current="已审核") in [m.message for m in r.context["messages"]]
    fig.refresh_from_db()
    assert fig.state == FigureState.VERIFIED and fig.verified_value == D("5")
    assert FigureTransition.objects.filter(figure=fig).count() == 1


def test_services_refuse_a_stale_instance(target, period):
    fig = FigureFactory(target=target, period=period, state=FigureState.SUBMITTED)
    stale = Figure.objects.get(pk=fig.pk)
    services.figure_return(figure=fig, actor=office(), comment="请补充")
    with pytest.raises(ValidationError) as exc:
        services.figure_verify(figure=stale, actor=office())
    assert exc.value.messages == [ERR_STALE.format(current="已退回")]
    assert stale.state == FigureState.RETURNED  # the caller's copy now shows what is stored


def test_submit_into_a_month_locked_meanwhile_is_refused(target, period):
    fig = FigureFactory(target=target, period=period, state=FigureState.DRAFT)
    _close(period)
    with pytest.raises(ValidationError) as exc:
        services.figure_submit(figure=fig, actor=county_clerk(target.county))
    assert exc.value.messages == [services.ERR_PERIOD_CLOSED]
    assert Figure.objects.get(pk=fig.pk).state == FigureState.DRAFT


def test_save_into_a_month_locked_meanwhile_is_refused(target, period):
    _close(period)  # `period` still says 填报中
    with pytest.raises(ValidationError) as exc:
        services.figure_save(target=target, period=period, actor=county_clerk(target.county), value=D("3"))
    assert exc.value.messages == [services.ERR_PERIOD_CLOSED]
    assert not Figure.objects.exists()


def test_import_into_a_month_locked_meanwhile_writes_nothing(target, period):
    _close(period)
    row = {"target_id": target.pk, "value": D("3"), "progress_percent": None, "planned_investment": None,
           "completed_investment": None, "narrative": "", "fall_reason": ""}
    with pytest.raises(ValueError, match="该月份已截止"):
        sheet_commit(rows=[row], period=period, actor=county_clerk(target.county), submit=True)
    assert not Figure.objects.exists()


def test_save_and_submit_is_all_or_nothing(client, target, period):
    """保存并报送 with nothing to submit: the refusal leaves no half-saved draft behind."""
    client.force_login(county_clerk(target.county))
    url = reverse("progress:figure_entry", args=[target.pk, period.pk])
    r = client.post(url, {"value": "", "narrative": "进展", "submit": "on"})
    assert r.status_code == 200
    assert services.ERR_NO_VALUE in r.content.decode()
    assert not Figure.objects.exists()
    assert not FigureTransition.objects.exists()
