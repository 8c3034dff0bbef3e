"""Figure workflow: entry, submission, verification, return, 核减 and their history."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from progress import services
from progress.models import Figure, FigureState, FigureTransition

from .factories import FigureFactory, IndicatorTargetFactory, PeriodFactory, county_clerk, office

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def target():
    return IndicatorTargetFactory(target=D("100"))


@pytest.fixture
def period(target):
    return PeriodFactory(programme=target.indicator.project.matter.programme, month=9)


def test_enter_submit_verify_lock_with_history(target, period):
    clerk, boss = county_clerk(target.county), office()
    fig = services.figure_save(target=target, period=period, actor=clerk, value=D("80"), narrative="进展顺利")
    assert fig.state == FigureState.DRAFT and fig.effective_value is None
    services.figure_submit(figure=fig, actor=clerk)
    with pytest.raises(ValidationError) as exc:
        services.figure_save(target=target, period=period, actor=clerk, value=D("90"))
    assert services.ERR_NOT_EDITABLE in exc.value.messages
    services.figure_verify(figure=fig, actor=boss)
    assert fig.verified_value == D("80") and fig.effective_value == D("80")
    services.period_lock(period=period, actor=boss)
    fig.refresh_from_db()
    assert fig.state == FigureState.LOCKED
    steps = list(fig.transitions.values_list("from_state", "to_state"))
    assert steps == [("", "draft"), ("draft", "submitted"), ("submitted", "verified"), ("verified", "locked")]
    assert fig.history.count() >= 4


def test_deduct_keeps_old_and_new_with_reason(target, period):
    fig = FigureFactory(target=target, period=period, value=D("80"))
    boss = office()
    with pytest.raises(ValidationError) as exc:
        services.figure_deduct(figure=fig, actor=boss, verified_value=D("60"), reason=" ")
    assert services.ERR_DEDUCT_NEEDS_REASON in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        services.figure_deduct(figure=fig, actor=boss, verified_value=D("90"), reason="佐证不符")
    assert services.ERR_DEDUCT_NOT_LOWER.format(value="80") in exc.value.messages
    services.figure_deduct(figure=fig, actor=boss, verified_value=D("60"), reason="佐证材料与进度不符")
    fig.refresh_from_db()
    assert fig.state == FigureState.DEDUCTED and fig.effective_value == D("60")
    t = fig.transitions.get(to_state=FigureState.DEDUCTED)
    assert (t.old_value, t.new_value, t.comment, t.actor) == (D("80"), D("60"), "佐证材料与进度不符", boss)


def test_only_office_reviews(target, period):
    fig = FigureFactory(target=target, period=period)
    with pytest.raises(PermissionDenied):
        services.figure_verify(figure=fig, actor=county_clerk(target.county))


def test_return_needs_comment_and_allows_resubmit(target, period):
    fig = FigureFactory(target=target, period=period)
    boss, clerk = office(), county_clerk(target.county)
    with pytest.raises(ValidationError):
        services.figure_return(figure=fig, actor=boss, comment="")
    services.figure_return(figure=fig, actor=boss, comment="请补充佐证")
    services.figure_save(target=target, period=period, actor=clerk, value=D("7"))
    services.figure_submit(figure=Figure.objects.get(pk=fig.pk), actor=clerk)


def test_bad_transition_is_refused(target, period):
    fig = FigureFactory(target=target, period=period, state=FigureState.LOCKED)
    with pytest.raises(ValidationError):
        services.figure_verify(figure=fig, actor=office())


def test_fall_below_last_month_needs_reason(target, period):
    prev = PeriodFactory(programme=period.programme, month=8)
    FigureFactory(target=target, period=prev, value=D("50"), verified_value=D("50"), state=FigureState.LOCKED)
    clerk = county_clerk(target.county)
    with pytest.raises(ValidationError) as exc:
        services.figure_save(target=target, period=period, actor=clerk, value=D("40"))
    assert "fall_reason" in exc.value.message_dict
    fig = services.figure_save(
        target=target, period=period, actor=clerk, value=D("40"), fall_reason="点位调整"
    )
    assert fig.fall_reason == "点位调整"


def test_negative_value_refused(target, period):
    with pytest.raises(ValidationError):
        services.figure_save(target=target, period=period, actor=county_clerk(target.county), value=D("-1"))
    assert not Figure.objects.exists()
    assert not FigureTransition.objects.exists()


def test_evidence_type_from_content(target, period, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fig = FigureFactory(target=target, period=period)
    clerk = county_clerk(target.county)
    ev = services.evidence_add(figure=fig, actor=clerk, uploaded=SimpleUploadedFile("a.pdf", PDF))
    # The stored name is random (a hex name ending in "a" once made this test flaky): only the last part counts.
    stored = ev.file.name.rsplit("/", 1)[-1]
    assert ev.mime == "application/pdf" and stored != "a.pdf" and stored.endswith(".pdf") and len(stored) == 36
    with pytest.raises(ValidationError):
        services.evidence_add(
            figure=fig, actor=clerk, uploaded=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")
        )
