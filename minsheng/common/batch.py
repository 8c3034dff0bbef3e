"""Helpers for CPU-bound batches inside a request (roll-ups of thousands of county cells)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block, then resume it.

    A roll-up builds tens of thousands of short-lived objects (rows, cells, results); each 700 allocations start a
    collection, and every so often a full one walks the whole process heap (Django, the templates, caches): at
    province scale that was 30–40% of a roll-up's time (measured with the collector on and off, docs/benchmarks.md).
    Nothing built here forms reference cycles that need the collector, reference counting frees them as before;
    cycles made meanwhile elsewhere are collected once the block ends. Nested blocks leave the collector to the
    outermost."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
