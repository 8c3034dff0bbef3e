"""The office's verification of figures in bulk (审核通过所选): one transaction, each figure through
figure_verify (so its history row, audit and any hook on figure_verify run per figure)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Evidence, Figure, FigureState
from ..notices import figures_verified_notify
from .figures import figure_verify, require_office

ERR_NOTHING_SELECTED = "请先勾选要审核通过的数据。"
ERR_NOT_PENDING = "所选数据中有 {n} 条已不在待审核状态（可能已被他人处理），请刷新后重试。"
ERR_NO_EVIDENCE = "所选数据中有 {n} 条没有佐证材料，请确认后再审核通过。"

__all__ = [
    "ERR_NOTHING_SELECTED",
    "ERR_NOT_PENDING",
    "ERR_NO_EVIDENCE",
    "EvidenceMissing",
    "figures_verify",
    "figures_without_evidence",
]


class EvidenceMissing(ValidationError):
    """Refusal of a verification that would accept figures without 佐证材料 unless confirmed."""

    def __init__(self, figure_ids: list[int]):
        super().__init__(ERR_NO_EVIDENCE.format(n=len(figure_ids)), code="no_evidence")
        self.figure_ids = figure_ids


def figures_without_evidence(*, figure_ids) -> list[int]:
    """The ids among `figure_ids` whose figure has no evidence file (one query)."""
    ids = set(figure_ids)
    with_files = set(
        Evidence.objects.filter(figure_id__in=ids).order_by().values_list("figure_id", flat=True).distinct()
    )
    return sorted(ids - with_files)


@transaction.atomic
def figures_verify(
    *, figure_ids, actor, comment: str = "", confirmed_without_evidence: bool = False
) -> list[Figure]:
    """审核通过所选: verify every selected figure awaiting verification, all or nothing.

    Refused when nothing is selected, when any of them is no longer awaiting verification (handled by
    someone else meanwhile), or — unless confirmed — when any has no evidence (EvidenceMissing lists them).
    The rows are locked in id order first, so two bulk verifications never deadlock."""
    require_office(actor)
    ids = sorted({int(i) for i in figure_ids})
    if not ids:
        raise ValidationError(ERR_NOTHING_SELECTED, code="empty")
    figures = list(
        Figure.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("period__programme__organisation")
        .order_by("pk")
    )
    stale = len(ids) - sum(1 for f in figures if f.state == FigureState.SUBMITTED)
    if stale:
        raise ValidationError(ERR_NOT_PENDING.format(n=stale), code="stale")
    missing = figures_without_evidence(figure_ids=ids)
    if missing and not confirmed_without_evidence:
        raise EvidenceMissing(missing)
    verified = [
        figure_verify(figure=f, actor=actor, comment=comment, expected=FigureState.SUBMITTED, notify=False)
        for f in figures
    ]
    # one notice per county and month instead of one per figure (a month is ~40 figures per county)
    figures_verified_notify(figures=verified)
    return verified
