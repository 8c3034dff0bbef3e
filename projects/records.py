"""Sections that other apps add to a programme's public page (how it was chosen, how it was rated).

Like the home page's panels (minsheng.common.home), this keeps the dependency direction: projects never
imports the apps built on it; they register a provider here in their AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

from minsheng.common.home import Panel

from .models import Programme

RecordProvider = Callable[[Programme], "Panel | None"]
_providers: dict[str, RecordProvider] = {}


def register_programme_record(key: str, provider: RecordProvider) -> None:
    """Add (or replace, by key) a provider that returns a Panel for a programme's public page, or None."""
    _providers[key] = provider


def programme_record_panels(*, programme: Programme) -> list[Panel]:
    """The sections shown on this programme's public page, in order."""
    panels = [p for p in (provider(programme) for provider in _providers.values()) if p is not None]
    return sorted(panels, key=lambda p: p.order)
