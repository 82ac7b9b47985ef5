"""Domain types of an answer (design.md §5). The API converts them to its wire schema."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Intent = Literal["amount", "eligibility", "policy_info", "department", "validity", "contact", "match",
                 "greeting", "out_of_scope"]
INTENTS: tuple[str, ...] = ("amount", "eligibility", "policy_info", "department", "validity", "contact", "match",
                            "greeting", "out_of_scope")


@dataclass(frozen=True)
class Citation:
    doc_id: str
    doc_title: str
    measure: str
    title: str
    quote: str
    #: How a reader names the measure (第2条, 四、(一), 施行与有效期): shown instead of the id.
    label: str = ""


@dataclass(frozen=True)
class ChatResponse:
    """One answer: the text, what it rests on, and the state for the next turn."""

    answer: str
    intent: Intent
    citations: list[Citation] = field(default_factory=list)
    calculation: dict[str, Any] | None = None
    caveats: list[str] = field(default_factory=list)
    follow_up: list[str] = field(default_factory=list)
    state: str = ""
    #: How clearly the chosen measure beat the next one (0–1, the resolver's relative margin);
    #: None where no measure was chosen (greetings, refusals, document-level answers).
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
