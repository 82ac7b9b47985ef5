"""The typed frame of one message: what *understand* hands to *resolve* and *decide*."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.dialogue.amounts import Amount, asserted, first_base
from assistant.rules.rulebase import Selection

#: Dialogue acts (what the message does in the conversation).
ACTS = ("new", "follow_up", "fill_slot", "correction", "challenge", "more", "closing", "greeting")


@dataclass(frozen=True)
class Mention:
    """A benefit the message names, where, and how specific that name is in the document."""

    selection: Selection
    name: str
    start: int
    end: int
    #: 1.0 for a name found in one or two provisions, down to ~0 for one found in almost all.
    specificity: float
    negated: bool = False

    @property
    def measure(self) -> str:
        return self.selection.rule.measure


@dataclass
class Frame:
    """One message, understood.

    ``intents`` are the candidates with their cue weights (the higher, the more specific the
    cue); *decide* picks one. ``follows`` says the message continues the measure in focus.
    """

    raw: str
    text: str
    intents: dict[str, float] = field(default_factory=dict)
    act: str = "new"
    follows: bool = False
    mentions: list[Mention] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    other_place: str | None = None
    #: the message held instructions to the assistant (left out of ``text``)
    directed: bool = False
    #: a follow-up's word found in one provision only (那个联盟的呢): the topic switches to it
    switch_terms: list[str] = field(default_factory=list)
    #: the measure of the one benefit the message points at (…小巨人，这一项奖励多少)
    pointed: str | None = None
    dates: list[str] = field(default_factory=list)
    #: measures the message names by number (第12条 → "12")
    measure_refs: list[str] = field(default_factory=list)
    #: content words of the question, and the share the documents know
    content: int = 0
    coverage: float = 0.0
    #: the question's distinctive words that occur in the document (培育库, 容积率)
    doc_terms: list[str] = field(default_factory=list)
    #: measures the message names by their heading (用地保障 → 17), with how specific the match is
    titles: dict[str, float] = field(default_factory=dict)
    #: measures whose percentage the question gives the base of (协议2000万) or names the rate of (30%)
    base_refs: list[str] = field(default_factory=list)
    #: the document's terms the question names in everyday words (加盖 → 容积率), in few provisions
    lexicon_terms: list[str] = field(default_factory=list)
    personal: bool = False
    other_level: bool = False

    def has(self, cue: str) -> bool:
        return cue in self.intents

    @property
    def selections(self) -> list[Selection]:
        return [m.selection for m in self.mentions if not m.negated]

    @property
    def specific(self) -> list[Mention]:
        return [m for m in self.mentions if not m.negated and m.specificity >= 0.5]

    @property
    def base_yuan(self) -> int | None:
        return first_base(self.amounts)

    @property
    def asserted_yuan(self) -> list[int]:
        return asserted(self.amounts)
