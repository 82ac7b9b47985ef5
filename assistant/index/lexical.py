"""BM25 over jieba tokens (bm25s), built from the manifest's chunks — or read back from the
data dir's cache (:mod:`assistant.index.cache`) when the same chunks were indexed with the
same words and code before, so that a start neither cuts every chunk nor imports bm25s.

Queries are scored from bm25s's precomputed score matrix by the same arithmetic as
``BM25.get_scores`` (float32 sums per query token, in query order), so a cached index and
a freshly built one give the same scores, bit for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.index.chunks import Chunk
from assistant.index.tokenizer import Tokenizer

if TYPE_CHECKING:
    from assistant.index.cache import DerivedCache

K1, B = 1.2, 0.75
#: Characters of chunk text beyond which jieba's whole dictionary is loaded before cutting.
_LOAD_DICTIONARY_AT = 20_000


@dataclass(frozen=True)
class Bm25Matrix:
    """bm25s's eager index: per vocabulary id, the chunks it occurs in and their scores."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    num_docs: int
    vocab: dict[str, int]
    dtype: str = "float32"
    int_dtype: str = "int32"

    @classmethod
    def build(cls, chunks: Sequence[Chunk], tokenizer: Tokenizer) -> Bm25Matrix:
        import bm25s

        if sum(len(c.text) for c in chunks) > _LOAD_DICTIONARY_AT:
            tokenizer.load_dictionary()
        bm25 = bm25s.BM25(k1=K1, b=B)
        bm25.index([tokenizer.tokens(c.text) or ["_"] for c in chunks], show_progress=False)
        if getattr(bm25, "nonoccurrence_array", None) is not None:  # not for the default (lucene) method
            raise RuntimeError("BM25 variant with non-occurrence scores is not supported")
        scores = bm25.scores
        return cls(np.asarray(scores["data"]), np.asarray(scores["indices"]), np.asarray(scores["indptr"]),
                   int(scores["num_docs"]), dict(bm25.vocab_dict), str(bm25.dtype), str(bm25.int_dtype))

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """``bm25s.BM25.get_scores(tokens)``: tokens outside the vocabulary are left out."""
        ids = np.asarray([self.vocab[t] for t in tokens if t in self.vocab], dtype=np.dtype(self.int_dtype))
        out = np.zeros(self.num_docs, dtype=np.dtype(self.dtype))
        starts, ends = self.indptr[ids], self.indptr[ids + 1]
        for start, end in zip(starts, ends, strict=True):
            np.add.at(out, self.indices[start:end], self.data[start:end])
        return out


class LexicalIndex:
    """Keyword retrieval over chunks.

    Args:
        chunks: what is indexed.
        tokenizer: cuts the chunks and the queries.
        cache: where the built index is kept; ``key`` names what it was built from.

    Example:
        >>> lex = LexicalIndex(chunks, Tokenizer())
        >>> lex.search("小巨人 奖励", k=3)
        [('baotou-zjtx-2023:2:0', 7.1), ...]
    """

    def __init__(self, chunks: Sequence[Chunk], tokenizer: Tokenizer, cache: DerivedCache | None = None,
                 key: str | None = None) -> None:
        self.tokenizer = tokenizer
        self.ids = [c.chunk_id for c in chunks]
        self.doc_of = np.array([c.doc_id for c in chunks], dtype=object)
        if cache is not None and key is not None:
            self.matrix = cache.get_or_build("bm25", key, lambda: Bm25Matrix.build(chunks, tokenizer))
        else:
            self.matrix = Bm25Matrix.build(chunks, tokenizer)
        self._vocab = set(self.matrix.vocab)

    @property
    def vocabulary(self) -> set[str]:
        """Every token of the indexed chunks."""
        return self._vocab

    def search(self, query: str, k: int, doc_ids: Sequence[str] | None = None,
               extra_tokens: Sequence[str] = ()) -> list[tuple[str, float]]:
        tokens = [*self.tokenizer.tokens(query), *extra_tokens]
        tokens = [t for t in tokens if t in self._vocab]
        if not tokens or not self.ids:
            return []
        scores = self.matrix.scores(tokens)
        if doc_ids:
            scores = np.where(np.isin(self.doc_of, list(doc_ids)), scores, 0.0)
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
