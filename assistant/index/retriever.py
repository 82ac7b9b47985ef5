"""Hybrid retrieval: BM25 (jieba) and dense (Chroma + e5), fused by reciprocal rank
fusion and aggregated per measure. Also exposed as a LangChain ``BaseRetriever``
(:class:`~assistant.index.langchain_retriever.PolicyRetriever`, imported only when used:
answering a question loads no LangChain)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from assistant.index.chroma_store import ChromaStore
from assistant.index.chunks import Chunk
from assistant.index.lexical import LexicalIndex
from assistant.text.lexicon import Lexicon

Mode = Literal["hybrid", "bm25", "dense"]
RRF_K = 60


@dataclass(frozen=True)
class Hit:
    """A measure found for a query, with the chunk that matched best."""

    doc_id: str
    measure: str
    score: float
    chunk_id: str
    text: str
    #: The best raw BM25 score and dense cosine similarity of the measure's chunks.
    bm25: float = 0.0
    dense: float = 0.0


class HybridSearch:
    """Search chunks three ways and return measures.

    Example:
        >>> hits = search.search("外地高企搬到包头有补贴吗", k=3)
        >>> hits[0].measure
        '3'
    """

    def __init__(self, chunks: Sequence[Chunk], lexical: LexicalIndex, store: ChromaStore | None,
                 collection: str, lexicon: Lexicon, candidates: int = 30) -> None:
        self.chunks = {c.chunk_id: c for c in chunks}
        self.lexical = lexical
        self.store = store
        self.collection = collection
        self.lexicon = lexicon
        self.candidates = candidates

    def _ranked(self, query: str, mode: Mode, doc_ids: Sequence[str] | None
                ) -> tuple[list[tuple[str, float]], dict[str, float], dict[str, float]]:
        expansion = self.lexicon.expand(query)
        extra = [t for term in expansion for t in self.lexical.tokenizer.tokens(term)]
        bm25 = self.lexical.search(query, self.candidates, doc_ids, extra) if mode != "dense" else []
        dense: list[tuple[str, float]] = []
        if mode != "bm25" and self.store is not None:
            dense_query = f"{query} {' '.join(expansion)}".strip()
            dense = self.store.search(self.collection, dense_query, self.candidates, list(doc_ids or []))
        raw_bm25, raw_dense = dict(bm25), dict(dense)
        if mode == "bm25":
            return bm25, raw_bm25, raw_dense
        if mode == "dense":
            return dense, raw_bm25, raw_dense
        fused: dict[str, float] = {}
        for ranking in (bm25, dense):
            for rank, (chunk_id, _) in enumerate(ranking):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        return sorted(fused.items(), key=lambda kv: -kv[1]), raw_bm25, raw_dense

    def search(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None, mode: Mode = "hybrid") -> list[Hit]:
        ranked, raw_bm25, raw_dense = self._ranked(query, mode, doc_ids)
        best: dict[tuple[str, str], Hit] = {}
        lexical: dict[tuple[str, str], float] = {}
        semantic: dict[tuple[str, str], float] = {}
        for chunk_id, score in ranked:
            chunk = self.chunks.get(chunk_id)
            if chunk is None:
                continue
            key = (chunk.doc_id, chunk.measure)
            lexical[key] = max(lexical.get(key, 0.0), raw_bm25.get(chunk_id, 0.0))
            semantic[key] = max(semantic.get(key, 0.0), raw_dense.get(chunk_id, 0.0))
            if key not in best:
                best[key] = Hit(chunk.doc_id, chunk.measure, score, chunk_id, chunk.text)
        hits = [Hit(h.doc_id, h.measure, h.score, h.chunk_id, h.text, lexical[(h.doc_id, h.measure)],
                    semantic[(h.doc_id, h.measure)]) for h in best.values()]
        return sorted(hits, key=lambda h: -h.score)[:k]


def __getattr__(name: str) -> Any:
    if name == "PolicyRetriever":  # the LangChain wrapper: LangChain is imported only for it
        from assistant.index.langchain_retriever import PolicyRetriever

        return PolicyRetriever
    raise AttributeError(name)
