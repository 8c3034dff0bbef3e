"""Whose name a document goes out in: a programme's documents are its own level's office's."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import is_office, office_manages
from projects.models import Programme

ERR_OTHER_OFFICE = (
    "“{programme}”由{owner}的专班办公室发文，不能以其他专班办公室的名义生成或印发该计划的文件。"
)
ERR_SCOPE_OUTSIDE = "发文范围“{scope}”不在“{owner}”的辖区内，请选择本级或下辖的县市区。"


def check_issuer(*, actor, programme: Programme, scope: Organisation | None = None) -> None:
    """Refuse a document in another office's name: the programme must be the acting office's own level,
    and the scope (a county or the city) inside the programme's organisation."""
    owner = programme.organisation
    if actor is not None and is_office(actor) and not office_manages(actor, owner):
        raise ValidationError(
            ERR_OTHER_OFFICE.format(programme=programme, owner=owner.name), code="other_office"
        )
    if scope is not None and owner.path and scope.path and not scope.is_within(owner):
        raise ValidationError(
            ERR_SCOPE_OUTSIDE.format(scope=scope.name, owner=owner.name), code="scope_outside"
        )
