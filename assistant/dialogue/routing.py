"""Stage 2, first half, *route*: which document a message is about, when several are indexed.

Among the documents the question names — by region (an untitled document is of the place
its own text names, :attr:`PolicyIndex.region_names`), then by a stretch of a title no other
of them holds, quote marks aside — else the one in focus, else every current document, the
one whose measures fit the question best, without the words that name documents; two that
fit equally are a tie for *decide* to ask about.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.dialogue.context import DocContext, quoted_terms, unquoted
from assistant.dialogue.cues import cues
from assistant.dialogue.state import ConversationState
from assistant.index import Hit, PolicyIndex

_RANK = (1.0, 0.6, 0.45, 0.35, 0.3)
W_DOC_NAME = 0.5  # a document whose rule base names what the question names
W_DOC_LEXICAL = 1.0  # a document's best lexical match, relative to the best candidate's
DOC_TIE = 0.05  # two documents within this score are a tie
SAME_SCORE = 0.995  # two hits whose scores are within 0.5% of each other are not told apart
#: the shortest stretch of a title that names the document (说明, 通知 name nothing); a term the
#: title itself quotes (“双特”) names it at any length
MIN_TITLE_STRETCH = 3


def route(index: PolicyIndex, contexts: dict[str, DocContext], text: str, state: ConversationState,
          default: str, found: list[Hit] | None = None) -> tuple[DocContext, tuple[str, str] | None]:
    """The document asked about: among the documents the question names — by region, then
    by a stretch of a title that no other of them holds (X区“双创”政策 names 《X区“双创”产业
    配套政策》 and not the region's 智能制造 document, when both texts speak of 智能制造) —
    else the one in focus, else every current document, the one whose measures retrieval
    ranks best for the question without the words that name documents, plus the lexical
    score of its best measure relative to the best candidate's (the question's rare words
    found in one document outweigh many weak matches in another), plus a little for a
    benefit its rule base names; a tie between two is returned for *decide* to ask about.

    ``found`` receives the hits searched for the choice, with the naming words left out: the
    chosen document's are not searched again, and a question that repeats the title (X区人才
    租房补贴，A类人才能拿多少) does not pick the measure that repeats it over the one that answers."""
    if len(contexts) == 1:
        return contexts[default], None
    searchable = [d for d in index.searchable_documents() if d in contexts]
    named = [d for d in index.documents_named_in(text) if d in contexts]
    current = [d for d in named if d in searchable] or named
    titled = named_by_title(contexts, current or searchable, text, index.region_names)
    if titled:
        current = [d for d in current or searchable if d in titled]
    query = _without_names(index, text, {contexts[d].doc.document.title: best for d, best in titled.items()})
    if len(current) == 1:
        if found is not None and query != text:
            found.extend(index.search(query, k=8, doc_ids=current))
        return contexts[current[0]], None
    focus = state.focus_measure()
    if not current and focus and focus[0] in contexts:
        return contexts[focus[0]], None
    candidates = current or searchable
    scores: dict[str, float] = {d: 0.0 for d in candidates}
    hits = index.search(query, k=8, doc_ids=candidates)
    if found is not None:
        found.extend(hits)
    for hit in hits:  # hits retrieval cannot tell apart share a rank (the same measure in two documents)
        rank = sum(1 for other in hits if other.score > hit.score and not _indistinct(other, hit))
        if hit.doc_id in scores:
            scores[hit.doc_id] += _RANK[min(rank, 4)] / (1 + rank // 5)
    lexical = {d: max((h.bm25 for h in hits if h.doc_id == d), default=0.0) for d in candidates}
    top = max(lexical.values(), default=0.0)
    for d in candidates:
        if top > 0:
            scores[d] += W_DOC_LEXICAL * lexical[d] / top
        rules = contexts[d].rules
        if rules is not None and any(len(n) >= 3 for s in rules.match(text) for n in s.names[1:] if n in text):
            scores[d] += W_DOC_NAME
    ranked = sorted(candidates, key=lambda d: -scores[d])
    if not ranked or scores[ranked[0]] == 0.0:
        return contexts[current[0] if current else default], None
    tie = (ranked[0], ranked[1]) if len(ranked) > 1 and scores[ranked[0]] - scores[ranked[1]] < DOC_TIE else None
    return contexts[ranked[0]], tie


def _indistinct(a: Hit, b: Hit) -> bool:
    """Whether retrieval cannot tell two hits apart: fused scores within :data:`SAME_SCORE`, or
    the same lexical and semantic scores (the fusion ranks one of two equal texts first)."""
    def near(x: float, y: float) -> bool:
        return min(x, y) >= SAME_SCORE * max(x, y)

    return near(a.score, b.score) or (near(a.bm25, b.bm25) and near(a.dense, b.dense))


def named_by_title(contexts: dict[str, DocContext], candidates: list[str], text: str,
                   places: Iterable[str] = ()) -> dict[str, str]:
    """``{doc_id: stretch}``: the candidates whose title the question names by a stretch of it
    (quote marks, place names and generic words such as 政策/支持 aside) that occurs in no
    other candidate's text, with the longest such stretch; a stretch shared with another
    candidate (智能制造, in the texts of both) names neither."""
    if len(candidates) < 2:
        return {}
    places = sorted(places, key=len, reverse=True)
    probe = _generic_split(blank(unquoted(text), places))
    found: dict[str, str] = {}
    for d in candidates:
        others = [contexts[o].unquoted_text for o in candidates if o != d]
        best = ""
        for seg in _generic_split(blank(unquoted(contexts[d].doc.document.title), places)).split("|"):
            for n in range(len(seg), max(MIN_TITLE_STRETCH, len(best) + 1) - 1, -1):
                hit = next((seg[i:i + n] for i in range(len(seg) - n + 1)
                            if seg[i:i + n] in probe and not any(seg[i:i + n] in t for t in others)), None)
                if hit is not None:
                    best = hit
                    break
        for term in quoted_terms(contexts[d].doc.document.title):
            if len(term) > len(best) and term in probe and not any(term in t for t in others):
                best = term
        if best:
            found[d] = best
    return found


def blank(text: str, words: list[str]) -> str:
    """``text`` with each of ``words`` (longest first, as given) replaced by a ``|``."""
    for w in words:
        text = text.replace(w, "|")
    return text


def _generic_split(text: str) -> str:
    return cues().title_generic.sub("|", text)


def _without_names(index: PolicyIndex, text: str, titles: dict[str, str]) -> str:
    """The question without what names documents — the place names, and of each title that
    named one (``{title: the stretch that named it}``) that stretch and every longer one the
    question shares with it (人才租房补贴, 实施细则; not a two-character 人才 of A类人才) — for
    choosing among their measures; the question itself when nothing of a topic would be left."""
    probe = unquoted(text)
    words = {p for p in index.region_names if p in probe}
    for title, best in titles.items():
        words |= {best, *(s for s in shared_stretches(probe, unquoted(title)) if len(s) > MIN_TITLE_STRETCH)}
    if not words:
        return text
    rest = probe
    for w in sorted(words, key=len, reverse=True):
        rest = rest.replace(w, " ")
    return text if index.topical_coverage(rest)[0] == 0 else rest


def shared_stretches(text: str, other: str, min_len: int = 2) -> list[str]:
    """The longest stretches of ``text`` (``min_len`` characters or more) found in ``other``,
    longest first."""
    out: set[str] = set()
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and text[i:j + 1] in other:
            j += 1
        if j - i >= min_len:
            out.add(text[i:j])
            i = j
        else:
            i += 1
    return sorted(out, key=len, reverse=True)
