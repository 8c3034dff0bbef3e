"""佐证材料 beside the figure form: several files checked before anything is saved, and removal while a draft."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minsheng.common.files import upload_check

from ..models import EDITABLE_STATES, Evidence, Figure
from .figures import EVIDENCE_KINDS, _max_bytes

ERR_EVIDENCE_NOT_DRAFT = "该数据已报送，佐证材料不能再删除；如需修改请联系专班办公室退回。"

__all__ = ["ERR_EVIDENCE_NOT_DRAFT", "evidence_check", "evidence_delete"]


def evidence_check(files) -> list[str]:
    """The Chinese refusal of each file that would not be accepted (nothing is stored); [] when all are fine."""
    errors = []
    for f in files:
        try:
            upload_check(f, kinds=EVIDENCE_KINDS, max_bytes=_max_bytes())
        except ValidationError as exc:
            errors.extend(exc.messages)
        finally:
            f.seek(0)
    return errors


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor) -> None:
    """Remove a 佐证材料 file of a draft (or returned) figure; refused once the figure is submitted."""
    # Who may touch the file is asked first: a reader of the figure must get "forbidden", not a state message.
    if actor is None or not actor.has_perm("progress.add_evidence", evidence.figure):
        raise PermissionDenied
    state = Figure.objects.select_for_update().values_list("state", flat=True).get(pk=evidence.figure_id)
    if state not in EDITABLE_STATES:
        raise ValidationError(ERR_EVIDENCE_NOT_DRAFT)
    stored = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
