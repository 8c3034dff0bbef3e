"""信息公开 estimate (issue 17 §7): a transparent score computed from the platform's own activity, beside the
office's typed official score. Pure: plain components and weights in, a number out — no clock, no database.

Each component says how much of something a county did (done) out of what it should have done (expected) and,
in plain words, what is missing. A component with nothing expected (no opinion was due yet) is left out and the
remaining weights share the full score, so a county is never marked down for what did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Component:
    """One input of the estimate for one county."""

    key: str
    label: str
    done: int
    expected: int
    missing: str = ""  # what the county still lacks, in Chinese ("" when nothing is missing)

    @property
    def share(self) -> Decimal | None:
        """done / expected capped at 1, or None when nothing was expected (the component does not count)."""
        if self.expected <= 0:
            return None
        return min(Decimal(self.done) / Decimal(self.expected), Decimal(1))

    @property
    def percent(self) -> Decimal | None:
        share = self.share
        return None if share is None else (share * 100).quantize(CENT, ROUND_HALF_UP)


def disclosure_estimate(
    *, components: list[Component], weights: dict[str, Decimal], max_score: Decimal
) -> Decimal | None:
    """max_score × the weighted mean of the components' shares (components with nothing expected or no weight
    left out); None when no component counts."""
    counted = [(c.share, Decimal(weights.get(c.key, 0))) for c in components if c.share is not None]
    counted = [(share, w) for share, w in counted if w > 0]
    total = sum((w for _, w in counted), Decimal(0))
    if not total:
        return None
    mean = sum((share * w for share, w in counted), Decimal(0)) / total
    return (Decimal(max_score) * mean).quantize(CENT, ROUND_HALF_UP)
