"""Retrieval for the dialogue: the measures a message's words find (lexically first, the dense
ranking only when the words do not decide), and the best measure of each clause of a question
that lists several needs."""

from __future__ import annotations

import re

from assistant.dialogue.context import DocContext
from assistant.dialogue.frame import Frame
from assistant.index import Hit, PolicyIndex

_CLAUSE = re.compile(r"[，,；;。！!？?]|还有|另外|同时|(?<=[\u4e00-\u9fff])[也还](?=缺|要|想|需|打算|准备)")


def search(index: PolicyIndex, frame: Frame, doc_id: str) -> list[Hit]:
    """The measures retrieval finds for the message: lexically first; the dense ranking
    only when the words do not decide (see :func:`_named_lexically`, :func:`_decisive`)."""
    lexical = index.search(frame.text, k=5, doc_ids=[doc_id], mode="bm25")
    if _named_lexically(frame) or _decisive(lexical):
        return lexical
    return index.search(frame.text, k=5, doc_ids=[doc_id])


def clause_topics(index: PolicyIndex, text: str, ctx: DocContext, exclude: set[str]) -> list[str]:
    """A "what applies to us" question that lists several needs (充换电站…，还有个技改项目要加层):
    the best measure of each clause that names a topic, after the resolver's first."""
    clauses = [c for c in _CLAUSE.split(text) if len(c) >= 2]
    if len(clauses) < 2:
        return []
    found: list[str] = []
    for clause in clauses:
        content, coverage = index.topical_coverage(clause)
        hits = index.search(clause, k=1, doc_ids=[ctx.doc.doc_id], mode="bm25")
        # a clause of words the documents mostly lack (厂里急缺工人, 缺人) counts when its best match is clear
        if hits and hits[0].measure not in exclude and (
                (content and coverage >= 0.5) or hits[0].bm25 >= CLAUSE_MATCH):
            found.append(hits[0].measure)
    return list(dict.fromkeys(found))[:3] if len(set(found)) >= 2 else []


def _named_lexically(frame: Frame) -> bool:
    """Lexical retrieval is enough when the message names one measure in the document's own
    words (a benefit found in five provisions or fewer, or the measure's number) or is a
    greeting or a closing: the dense ranking is for wording the document does not use, and
    embedding the question is most of an answer's time. (Across several documents the
    router's hybrid search comes first and is reused.) With :func:`_decisive`, no answer of
    the six dev sets changed and about a quarter of the questions are embedded."""
    if frame.act in ("greeting", "closing") or frame.measure_refs:
        return True
    named = {m.measure for m in frame.specific if m.specificity >= 0.7}
    return len(named) == 1 and not frame.titles.keys() - named


#: the BM25 score from which a clause the documents' words cover less than half still names its measure
CLAUSE_MATCH = 2.0

#: BM25 decides alone when its best measure scores this much, and this many times the next
DECISIVE_SCORE, DECISIVE_RATIO = 4.0, 2.0


def _decisive(hits: list[Hit]) -> bool:
    """Whether the lexical ranking alone is clear: one measure far ahead of the next."""
    if not hits or hits[0].bm25 < DECISIVE_SCORE:
        return False
    return len(hits) < 2 or hits[0].bm25 >= DECISIVE_RATIO * hits[1].bm25
