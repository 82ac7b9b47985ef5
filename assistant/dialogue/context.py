"""What every stage works on: a document with its rules, and one turn's working data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from assistant.calc import Calculation, Calculator
from assistant.corpus.models import ParsedDocument, Provision
from assistant.rules import RuleBase
from assistant.rules.rulebase import Selection
from assistant.rules.schema import FixedBenefit
from assistant.text.normalize import normalize_text
from assistant.text.vocab import Vocabulary, document_vocabulary

if TYPE_CHECKING:
    from assistant.dialogue.frame import Frame
    from assistant.dialogue.state import ConversationState
    from assistant.dialogue.types import Intent
    from assistant.index import Hit, PolicyIndex


@dataclass
class DocContext:
    """A document with its rule base and calculator (both None when it has no rules)."""

    doc: ParsedDocument
    rules: RuleBase | None = None
    calculator: Calculator | None = None

    def provisions(self) -> dict[str, Provision]:
        return self._provisions

    @cached_property
    def _provisions(self) -> dict[str, Provision]:
        return {p.measure: p for p in self.doc.provisions}

    @cached_property
    def unquoted_texts(self) -> list[str]:
        """Provision texts without quote marks, for counting where a name occurs (computed once)."""
        return [unquoted(p.text) for p in self.doc.provisions]

    @cached_property
    def unquoted_text(self) -> str:
        """The whole text without quote marks (computed once)."""
        return unquoted(self.doc.text)

    @cached_property
    def figures(self) -> frozenset[int]:
        """The fixed amounts (yuan) the rule base grants: a figure the caller names (那个30万)."""
        if self.rules is None:
            return frozenset()
        return frozenset(int(t.amount) for r in self.rules.rules if isinstance(r.benefit, FixedBenefit)
                         for t in r.benefit.tiers)

    @cached_property
    def condition_words(self) -> frozenset[str]:
        """The words the rule base's conditions quote (高新技术企业, 牵头单位)."""
        if self.rules is None:
            return frozenset()
        return frozenset(unquoted(c.quote) for r in self.rules.rules for c in r.conditions if c.quote)

    @cached_property
    def bodies(self) -> str:
        """The document's issuer and every responsible department, joined (whose support it is)."""
        meta = self.doc.document
        return "、".join([meta.issuer or "", *(d for p in self.doc.provisions for d in p.departments)])

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return document_vocabulary(self.doc.path, self.doc.doc_id)

    def spread(self, name: str) -> int:
        """In how many provisions ``name`` occurs (小巨人: few; 专精特新: almost all)."""
        return self._spread(unquoted(name))

    def _spread(self, name: str) -> int:
        cache = self.__dict__.setdefault("_spread_cache", {})
        if name not in cache:
            cache[name] = sum(name in t for t in self.unquoted_texts)
        return int(cache[name])


@dataclass
class Turn:
    """Everything worked out about one message, before it is phrased."""

    frame: Frame
    intent: Intent
    ctx: DocContext
    state: ConversationState
    as_of: date
    hits: list[Hit] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    exclude: set[str] = field(default_factory=set)
    index: PolicyIndex | None = None
    #: measures that answer one clause each of a question listing several needs
    topics: list[str] = field(default_factory=list)
    #: the measures are a listing to show one line each: "more" or "catalog"
    listing: str = ""

    @property
    def text(self) -> str:
        return self.frame.text

    @property
    def anaphoric(self) -> bool:
        return self.frame.follows

    @property
    def facts(self) -> dict[str, object]:
        return self.frame.facts

    @property
    def selections(self) -> list[Selection]:
        return self.frame.selections

    @property
    def profile(self) -> dict[str, object]:
        return {**self.state.profile, **self.frame.facts}


@dataclass
class Reply:
    answer: str
    intent: Intent
    cited: list[tuple[Provision, str]] = field(default_factory=list)
    calculation: Calculation | None = None
    caveats: list[str] = field(default_factory=list)
    follow_up: list[str] = field(default_factory=list)


def unquoted(text: str) -> str:
    return re.sub(r"[“”\"‘’']", "", normalize_text(text))


_QUOTED = re.compile(r"[“\"‘]([^”\"’]{2,})[”\"’]")


def quoted_terms(name: str) -> list[str]:
    """The terms a name or title puts in quote marks: 自治区“专精特新”中小企业 → 专精特新."""
    return _QUOTED.findall(name)


def core(name: str) -> str:
    """A name without quotes and its generic tail: 专精特新中小企业 → 专精特新."""
    return re.sub(r"(中小企业|企业|公司)$", "", unquoted(name))
