"""BM25 over jieba tokens (bm25s), rebuilt in memory from the manifest at start-up."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.index.chunks import Chunk
from assistant.index.tokenizer import Tokenizer


class LexicalIndex:
    """Keyword retrieval over chunks.

    Example:
        >>> lex = LexicalIndex(chunks, Tokenizer())
        >>> lex.search("小巨人 奖励", k=3)
        [('baotou-zjtx-2023:2:0', 7.1), ...]
    """

    def __init__(self, chunks: Sequence[Chunk], tokenizer: Tokenizer) -> None:
        import bm25s

        self.tokenizer = tokenizer
        self.ids = [c.chunk_id for c in chunks]
        self.doc_of = np.array([c.doc_id for c in chunks], dtype=object)
        self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
        corpus = [tokenizer.tokens(c.text) or ["_"] for c in chunks]
        self._bm25.index(corpus, show_progress=False)
        self._vocab = set(self._bm25.vocab_dict) if hasattr(self._bm25, "vocab_dict") else None

    @property
    def vocabulary(self) -> set[str]:
        """Every token of the indexed chunks."""
        return self._vocab or set()

    def search(self, query: str, k: int, doc_ids: Sequence[str] | None = None,
               extra_tokens: Sequence[str] = ()) -> list[tuple[str, float]]:
        tokens = [*self.tokenizer.tokens(query), *extra_tokens]
        if self._vocab is not None:
            tokens = [t for t in tokens if t in self._vocab]
        if not tokens or not self.ids:
            return []
        scores = self._bm25.get_scores(tokens)
        if doc_ids:
            scores = np.where(np.isin(self.doc_of, list(doc_ids)), scores, 0.0)
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
