"""The home page is assembled from panels that each app registers in its AppConfig.ready().

This keeps the dependency direction: minsheng.common never imports the domain apps; they add
themselves here (a citizen's open campaigns, a clerk's work queue, the office's overview ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]
    order: int = 100


PanelProvider = Callable[[Any], "Panel | None"]
_providers: list[tuple[int, str, PanelProvider]] = []


def register_panel(key: str, provider: PanelProvider, *, order: int = 100) -> None:
    """Add (or replace, by key) a provider that returns a Panel for a request, or None."""
    _providers[:] = [p for p in _providers if p[1] != key]
    _providers.append((order, key, provider))
    _providers.sort(key=lambda p: (p[0], p[1]))


def home_panels(request) -> list[Panel]:
    """The panels shown to this request's user, in order."""
    panels = []
    for _order, _key, provider in _providers:
        panel = provider(request)
        if panel is not None:
            panels.append(panel)
    return panels
