"""Stage 2, *resolve*: which document (:mod:`assistant.dialogue.routing`), then which
measures, with a score and a confidence.

One scored choice instead of precedence rules. A measure's score adds up

* retrieval — its rank among the hybrid search hits;
* names — benefits the question names in it, weighted by how specific the name is in the
  document (小巨人, in two provisions, counts; 专精特新企业, in almost all, hardly);
* number — a measure the question names by its number (第12条);
* title — a measure the question names by its heading (用地保障 → 强化用地保障);
* focus — the measure the conversation is on, when the message continues it;
* topic — the question's distinctive words found in the measure's text, and its longer
  stretches found as they stand in one to three provisions (:func:`phrases`);
* grant — for a question about money or eligibility, a measure that grants something.

When the two best are close and nothing else tells them apart, *decide* asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.dialogue.context import DocContext, unquoted
from assistant.dialogue.cues import cues
from assistant.dialogue.frame import Frame
from assistant.dialogue.routing import MIN_TITLE_STRETCH, blank, shared_stretches
from assistant.dialogue.routing import route as route  # the first half of this stage
from assistant.dialogue.state import ConversationState
from assistant.index import Hit
from assistant.index.policy_index import FILLER, place_names

_RANK = (1.0, 0.6, 0.45, 0.35, 0.3)
W_NAME, W_FOCUS, W_TOPIC, W_GRANT = 1.2, 1.6, 0.9, 0.35
W_REF = 3.0
W_TITLE = 1.0
W_BASE = 0.9
CLOSE = 0.08
MIN_PHRASE, MAX_PHRASE_SPREAD = 4, 3  # a stretch of the question found as it stands in few provisions
_FILLER = sorted((w for w in FILLER if len(w) >= 2), key=len, reverse=True)
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
    # 那小巨人呢 after the green-manufacturing measure: a benefit named specifically in another
    # measure (and none in the focus) switches the topic; the focus gets no weight then
    switched = {m.measure for m in frame.specific if m.specificity >= 0.7 and not m.negated}
    if focus and focus[0] == ctx.doc.doc_id and frame.switch_terms and focus[1] in ctx.provisions() and not any(
            t in unquoted(ctx.provisions()[focus[1]].text) for t in frame.switch_terms):
        switched.add("")  # 那个联盟的呢: the follow-up's word is in another provision
    for term in frame.switch_terms:
        for measure, p in ctx.provisions().items():
            if term in unquoted(p.text):
                add(measure, W_TOPIC)
    if focus and focus[0] == ctx.doc.doc_id and frame.follows and (not switched or focus[1] in switched):
        add(focus[1], W_FOCUS)
    provs = ctx.provisions()
    places = [*frame.places, *place_names(ctx.doc.document.region)]
    for term in [*frame.doc_terms, *phrases(ctx, frame.text, frame.doc_terms, places)]:
        for measure, p in provs.items():  # a word or phrase of the question found in one or a few measures
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


def phrases(ctx: DocContext, text: str, terms: Iterable[str] = (), places: Iterable[str] = ()) -> list[str]:
    """Stretches of the question, of :data:`MIN_PHRASE` characters or more, found as they stand
    in one to three provisions (乡村旅游示范单位, A类人才, whose words alone are everywhere):
    read left to right, each the longest from where it starts, none overlapping, none holding
    a digit or starting right after one (第4年地方… is a piece of a figure), none across a
    place name or what the question shares with the title (they name the document) or a
    generic word (政策, 支持, 多少), none holding or held by one of ``terms``."""
    doc, probe = ctx.unquoted_text, unquoted(text)
    names = [s for s in shared_stretches(probe, unquoted(ctx.doc.document.title)) if len(s) > MIN_TITLE_STRETCH]
    if spots := sorted({p for p in places if p}, key=len, reverse=True):
        probe = re.sub("(?:" + "|".join(map(re.escape, spots)) + ")[省市县区旗盟州]?", "|", probe)
    probe = cues().title_generic.sub("|", blank(probe, names))  # 政策支持 is no topic
    probe = blank(probe, _FILLER)
    found: list[str] = []
    i = 0
    while i <= len(probe) - MIN_PHRASE:
        j = i + MIN_PHRASE
        if (i and probe[i - 1].isdigit()) or probe[i:j] not in doc or any(ch.isdigit() for ch in probe[i:j]):
            i += 1
            continue
        while j < len(probe) and not probe[j].isdigit() and probe[i:j + 1] in doc:
            j += 1
        stretch = probe[i:j]
        if 1 <= ctx.spread(stretch) <= MAX_PHRASE_SPREAD and not any(t in stretch or stretch in t for t in terms):
            found.append(stretch)
        i = j
    return found
