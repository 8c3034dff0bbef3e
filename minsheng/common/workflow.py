"""One way to move a workflow's state: lock the row, re-check the state the person saw, check the
allowed-transitions table, save the new state and write one history row (who, when, from, to, why).

Each workflow keeps its own state choices, table and history model; it describes them once as a `Flow`
and its services move objects with `transition()`:

    with transition(figure, flow=FIGURES, to=FigureState.VERIFIED, by=actor, reason=comment) as change:
        figure.verified_value = figure.value      # the body sees the locked, fresh row
    # here the figure is saved in its new state and its history row is written

Two people acting on the same object at once queue on the row lock; the second one finds the state
changed under them and is refused with ERR_STALE instead of overwriting the first one's decision.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils import timezone

ERR_STALE = "该数据已被他人处理（当前状态：{current}），请刷新后重试。"
ERR_NOT_ALLOWED = "不能从“{from_}”变为“{to}”。"


def _default_refusal(from_label: str, to_label: str) -> str:
    return ERR_NOT_ALLOWED.format(from_=from_label, to=to_label)


@dataclass
class Change:
    """One state change being made: the history writer gets it (`extra` carries workflow-specific
    values such as a figure's old and new value)."""

    obj: models.Model
    from_state: str
    to_state: str
    by: Any
    at: datetime
    reason: str = ""
    extra: dict[str, Any] = dc_field(default_factory=dict)
    row: Any = None  # the history row once written


@dataclass(frozen=True)
class Flow:
    """A workflow: its model, state field, allowed-transitions table, display labels and history writer."""

    model: type[models.Model]
    table: Mapping[str, Collection[str]]
    labels: type[models.Choices]
    # Writes the workflow's own history row for a Change; None only where the model's own timestamps
    # are its history (a field report's submitted_at, a voting session's opened_at / closed_at).
    history: Callable[[Change], Any] | None
    field: str = "state"
    # The workflow's own wording of a refused move, from the two display labels.
    refusal: Callable[[str, str], str] = _default_refusal
    # Keyword arguments of full_clean() before the save (e.g. validate_constraints=False).
    clean: Mapping[str, Any] = dc_field(default_factory=dict)

    def label(self, state: str) -> str:
        """The display label of a state (never its code)."""
        try:
            return str(self.labels(state).label)
        except ValueError:
            return state or "—"

    def allows(self, src: str, dst: str) -> bool:
        return dst in self.table.get(src, ())

    def check(self, src: str, dst: str) -> None:
        """Refuse a move the table does not allow, in the workflow's own words."""
        if not self.allows(src, dst):
            raise ValidationError(self.refusal(self.label(src), self.label(dst)), code="transition")

    def lock(self, obj: models.Model, *, expected: str | None = None) -> str:
        """Lock obj's row for the rest of the transaction and reload obj from it; refuse with ERR_STALE
        when its state is no longer `expected` (by default the state obj had in memory). Returns the state."""
        seen = getattr(obj, self.field) if expected is None else expected
        using = router.db_for_write(self.model, instance=obj)
        if not transaction.get_connection(using).in_atomic_block:
            raise transaction.TransactionManagementError("transition() 须在 transaction.atomic 内调用。")
        obj.refresh_from_db(using=using, from_queryset=self.model._base_manager.select_for_update())
        current = getattr(obj, self.field)
        if current != seen:
            raise ValidationError(ERR_STALE.format(current=self.label(current)), code="stale")
        return current

    def record(self, change: Change) -> Any:
        """Write the history row of a change (also of a same-state event such as a value correction)."""
        return self.history(change) if self.history is not None else None


@contextmanager
def transition(
    obj: models.Model,
    *,
    flow: Flow,
    to: str,
    by: Any,
    reason: str = "",
    expected: str | None = None,
    at: datetime | None = None,
    **extra: Any,
) -> Iterator[Change]:
    """Lock and re-check obj, check the table, then run the body (which may refuse by raising);
    afterwards obj is cleaned and saved in state `to` and the history row is written."""
    src = flow.lock(obj, expected=expected)
    flow.check(src, to)
    change = Change(obj=obj, from_state=src, to_state=to, by=by, at=at or timezone.now(), reason=reason,
                    extra=dict(extra))
    yield change
    setattr(obj, flow.field, to)
    obj.full_clean(**flow.clean)
    obj.save()
    change.row = flow.record(change)
