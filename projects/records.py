"""Sections that other apps add to a programme's public page (how it was chosen, how it was rated).

Like the home page's panels (minsheng.common.home), this keeps the dependency direction: projects never
imports the apps built on it; they register a provider here in their AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

from minsheng.common.home import Panel

from .models import Programme, Project

RecordProvider = Callable[[Programme], "Panel | None"]
_providers: dict[str, RecordProvider] = {}


def register_programme_record(key: str, provider: RecordProvider) -> None:
    """Add (or replace, by key) a provider that returns a Panel for a programme's public page, or None."""
    _providers[key] = provider


def programme_record_panels(*, programme: Programme) -> list[Panel]:
    """The sections shown on this programme's public page, in order."""
    panels = [p for p in (provider(programme) for provider in _providers.values()) if p is not None]
    return sorted(panels, key=lambda p: p.order)


# --- a project's public page ----------------------------------------------------------------------
ProjectRecordProvider = Callable[[Project], "Panel | None"]
FinishedProvider = Callable[[Project], bool]
_project_providers: dict[str, ProjectRecordProvider] = {}
_finished_provider: list[FinishedProvider] = []


def register_project_record(key: str, provider: ProjectRecordProvider) -> None:
    """Add (or replace, by key) a provider of a section of a project's public page (e.g. the proposers'
    ratings, which live in the proposals app that the progress app may not import)."""
    _project_providers[key] = provider


def project_record_panels(*, project: Project) -> list[Panel]:
    """The sections other apps add to this project's public page, in order."""
    panels = [p for p in (provider(project) for provider in _project_providers.values()) if p is not None]
    return sorted(panels, key=lambda p: p.order)


def register_project_finished(provider: FinishedProvider) -> None:
    """Set the one function that says whether a project is finished (the progress app's computed status)."""
    _finished_provider[:] = [provider]


def project_finished(*, project: Project) -> bool:
    """Whether the project is finished by the computed status of its latest figures (已完成); False when no
    app computes it."""
    return bool(_finished_provider) and _finished_provider[0](project)
