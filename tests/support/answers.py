"""Reading an assistant response in tests: its calculation's total and the measures it cites."""

from __future__ import annotations

from typing import Any


def total(response: Any) -> int | None:
    """The calculation's total in yuan, or None when there is no calculation."""
    return response.calculation["total_yuan"] if response.calculation else None


def cited(response: Any) -> list[str]:
    """The measure ids the response cites, in order."""
    return [c.measure for c in response.citations]
