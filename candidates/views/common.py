"""Shared helpers of the candidate views: the visible candidate, error display, masking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minsheng.common.privacy import mask_name

from .. import exports, selectors
from ..models import (
    Candidate,
)

NS = "candidates:"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
