"""Housekeeping services run on a schedule (see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone


@transaction.atomic
def session_clear_expired() -> int:
    """Delete expired sessions (every cookieless visit to a public form starts one); returns how many were
    deleted (0 for a session store without a table, whose own clear_expired() is run instead)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "get_model_class"):
        return store.get_model_class().objects.filter(expire_date__lt=timezone.now()).delete()[0]
    store.clear_expired()
    return 0
