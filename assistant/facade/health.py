"""What ``GET /healthz`` reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Health:
    """``GET /healthz``: ``ok`` with the counts, or ``degraded`` with the reason."""

    status: Literal["ok", "degraded"]
    documents: int
    measures: int
    collection: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "documents": self.documents, "measures": self.measures,
                               "collection": self.collection}
        return {**out, "detail": self.detail} if self.detail else out
