"""Small, exact metric helpers shared by the evaluators."""

from __future__ import annotations

import math
from collections.abc import Sequence


def reciprocal_rank(ranked: Sequence[str], expected: Sequence[str]) -> float:
    for i, item in enumerate(ranked, start=1):
        if item in expected:
            return 1.0 / i
    return 0.0


def hit_at(ranked: Sequence[str], expected: Sequence[str], k: int) -> bool:
    return any(item in expected for item in ranked[:k])


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]
