"""Stage 2, *resolve*: which document, then which measures, with a score and a confidence.

One scored choice instead of precedence rules. A measure's score adds up

* retrieval — its rank among the hybrid search hits;
* names — benefits the question names in it, weighted by how specific the name is in the
  document (小巨人, in two provisions, counts; 专精特新企业, in almost all, hardly);
* number — a measure the question names by its number (第12条);
* title — a measure the question names by its heading (用地保障 → 强化用地保障);
* focus — the measure the conversation is on, when the message continues it;
* topic — the question's distinctive words found in the measure's text;
* grant — for a question about money or eligibility, a measure that grants something.

When the two best are close and nothing else tells them apart, *decide* asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.dialogue.context import DocContext, unquoted
from assistant.dialogue.cues import cues
from assistant.dialogue.frame import Frame
from assistant.dialogue.state import ConversationState
from assistant.index import Hit, PolicyIndex

_RANK = (1.0, 0.6, 0.45, 0.35, 0.3)
W_NAME, W_FOCUS, W_TOPIC, W_GRANT = 1.2, 1.6, 0.9, 0.35
W_REF = 3.0
W_TITLE = 1.0
W_BASE = 0.9
W_DOC_NAME = 0.5  # a document whose rule base names what the question names
CLOSE = 0.08
RAW_TIE = 0.995  # …and their retrieval scores within 0.5% of each other  # two measures within this score, with no name or focus between them, are a tie


@dataclass
class Resolution:
    measures: list[str]
    scores: dict[str, float] = field(default_factory=dict)
    #: (first, second) when the two best are too close to choose between
    tie: tuple[str, str] | None = None

    @property
    def confidence(self) -> float:
        ranked = sorted(self.scores.values(), reverse=True)
        if not ranked:
            return 0.0
        return ranked[0] - (ranked[1] if len(ranked) > 1 else 0.0)

    @property
    def relative_confidence(self) -> float | None:
        """The margin of the best measure over the next, relative to its score (0–1)."""
        ranked = sorted(self.scores.values(), reverse=True)
        if not ranked or ranked[0] <= 0:
            return None
        return round(max(0.0, min(1.0, self.confidence / ranked[0])), 3)


def route(index: PolicyIndex, contexts: dict[str, DocContext], text: str, state: ConversationState,
          default: str, found: list[Hit] | None = None) -> tuple[DocContext, tuple[str, str] | None]:
    """The document asked about, by content: among the documents the question names (by
    region or title; else the one in focus; else every current document), the one whose
    measures retrieval ranks best, plus a little for a benefit its rule base names; a tie
    between two is returned for *decide* to ask about. ``found`` receives the hits searched
    for it (so the chosen document's are not searched again)."""
    named = [d for d in index.documents_named_in(text) if d in contexts]
    current = [d for d in named if d in index.searchable_documents()] or named
    if len(current) == 1:
        return contexts[current[0]], None
    focus = state.focus_measure()
    if not current and focus and focus[0] in contexts:
        return contexts[focus[0]], None
    if len(contexts) == 1:
        return contexts[default], None
    candidates = current or [d for d in index.searchable_documents() if d in contexts]
    scores: dict[str, float] = {d: 0.0 for d in candidates}
    hits = index.search(text, k=8, doc_ids=candidates)
    if found is not None:
        found.extend(hits)
    for rank, hit in enumerate(hits):
        if hit.doc_id in scores:
            scores[hit.doc_id] += _RANK[min(rank, 4)] / (1 + rank // 5)
    for d in candidates:
        rules = contexts[d].rules
        if rules is not None and any(len(n) >= 3 for s in rules.match(text) for n in s.names[1:] if n in text):
            scores[d] += W_DOC_NAME
    ranked = sorted(candidates, key=lambda d: -scores[d])
    if not ranked or scores[ranked[0]] == 0.0:
        return contexts[current[0] if current else default], None
    tie = (ranked[0], ranked[1]) if len(ranked) > 1 and scores[ranked[0]] - scores[ranked[1]] < 0.05 else None
    return contexts[ranked[0]], tie


def resolve(frame: Frame, ctx: DocContext, state: ConversationState, hits: list[Hit], intent: str,
            exclude: set[str] = frozenset()) -> Resolution:  # type: ignore[assignment]
    """Score the measures of ``ctx`` for this message; the best first."""
    scores: dict[str, float] = {}
    names: dict[str, float] = {}

    def add(measure: str, value: float) -> None:
        if measure not in exclude:
            scores[measure] = scores.get(measure, 0.0) + value

    for rank, hit in enumerate(hits[:5]):
        add(hit.measure, _RANK[rank])
    for m in frame.mentions:
        if not m.negated:
            names[m.measure] = max(names.get(m.measure, 0.0), m.specificity)
    for measure, spec in names.items():
        add(measure, W_NAME * spec)
    for ref in frame.measure_refs:  # 第12条: the measure named by its number
        if ref in ctx.provisions():
            add(ref, W_REF)
    for measure, spec in frame.titles.items():
        add(measure, W_TITLE * spec)
    for measure in frame.base_refs:  # 协议2000万 / 30%: the percentage whose base or rate it is
        add(measure, W_BASE)
    focus = state.focus_measure()
    if focus and focus[0] == ctx.doc.doc_id and frame.follows:
        add(focus[1], W_FOCUS)
    provs = ctx.provisions()
    for term in frame.doc_terms:  # a phrase of the question found in one or a few measures
        for measure, p in provs.items():
            if term in unquoted(p.text):
                add(measure, W_TOPIC / max(1, ctx.spread(term)))
    if intent in ("amount", "eligibility", "match") or cues().funding.search(frame.text):
        for measure in list(scores):
            if ctx.rules is not None and ctx.rules.rules_for(measure):
                add(measure, W_GRANT)
    ranked = sorted(scores, key=lambda m: -scores[m])
    tie = None
    raw = {h.measure: h.score for h in hits}
    if len(ranked) > 1 and scores[ranked[0]] - scores[ranked[1]] < CLOSE and not names and not frame.titles and not frame.follows \
            and min(raw.get(ranked[0], 0.0), raw.get(ranked[1], 0.0)) >= RAW_TIE * max(raw.values(), default=1.0):
        tie = (ranked[0], ranked[1])  # retrieval itself cannot tell them apart either
    return Resolution(ranked, scores, tie)
