"""A copy of a collection's vectors, searched with numpy instead of Chroma.

Answering one question from the command line used to spend about 0.6 s importing
chromadb alone. Ingest therefore writes, next to the Chroma collection, a snapshot of
its vectors — ``data/index/vectors/<collection>.npz``: the chunk ids, their documents and
the embeddings exactly as Chroma holds them, with the collection name and the manifest's
fingerprint. A reader in embedded mode searches that snapshot (exact cosine top-k over a
few hundred passages takes well under a millisecond) and never imports chromadb.

Chroma stays the store of record: ingest writes it first and validates it, server mode
(``ASSISTANT_CHROMA_URL``) never reads a snapshot, and a snapshot that is missing, stale
(another collection or fingerprint), unreadable or does not cover exactly the manifest's
chunks is not used — the search goes to Chroma, as before. Never fail because of it.

The distances are computed the way Chroma's HNSW index computes cosine distance (vectors
normalised by a sequential float32 sum, the inner product accumulated in four float32
lanes, ``1 - dot``), so scores agree to the last bit in most cases and within a few ulps
otherwise; ties are broken by insertion order, as Chroma does. Chroma's HNSW search is
approximate, though: on collections of hundreds of chunks it can miss a true neighbour
near the end of a long candidate list (and which one varies between processes); the
snapshot's search is exact.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

_log = logging.getLogger(__name__)

#: Bump when the file's layout changes: older files are then simply not used.
FORMAT = 1
_LANES = 4


def vectors_dir(data_dir: Path) -> Path:
    return data_dir / "index" / "vectors"


def snapshot_path(data_dir: Path, collection: str) -> Path:
    return vectors_dir(data_dir) / f"{collection}.npz"


def _normalised(matrix: np.ndarray) -> np.ndarray:
    """Rows divided by their norm, the norm summed element by element in float32."""
    m = np.ascontiguousarray(matrix, dtype=np.float32)
    if m.shape[1] == 0:
        return m
    # ufunc.accumulate adds in order (no pairwise summation): the same float32 sum as a loop
    # over the columns, in microseconds instead of one numpy call per column
    squares = np.add.accumulate(m * m, axis=1, dtype=np.float32)[:, -1]
    norms = np.sqrt(squares)
    norms[norms == 0] = np.float32(1)
    out: np.ndarray = m / norms[:, None]
    return out


def _distances(unit_rows: np.ndarray, unit_query: np.ndarray) -> np.ndarray:
    """``1 - dot`` per row, the dot accumulated in four float32 lanes, then the lanes summed."""
    n, dim = unit_rows.shape
    if dim % _LANES:
        dots: np.ndarray = unit_rows @ unit_query
        return np.float32(1) - dots.astype(np.float32)
    acc = np.zeros((n, _LANES), dtype=np.float32)
    for start in range(0, dim, _LANES):
        acc += unit_rows[:, start:start + _LANES] * unit_query[start:start + _LANES]
    total = np.zeros(n, dtype=np.float32)
    for lane in range(_LANES):
        total += acc[:, lane]
    return np.float32(1) - total


@dataclass
class VectorSnapshot:
    """The vectors of one collection, in the manifest's chunk order."""

    collection: str
    fingerprint: str
    ids: list[str]
    doc_ids: np.ndarray
    unit: np.ndarray

    def search(self, vector: Sequence[float], k: int, doc_ids: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``k`` nearest chunks, optionally within documents —
        what :meth:`ChromaStore.search` returns from Chroma."""
        if k <= 0 or not self.ids:
            return []
        query = _normalised(np.asarray([vector], dtype=np.float32))[0]
        distances = _distances(self.unit, query)
        rows = np.arange(len(self.ids))
        if doc_ids:
            keep = np.isin(self.doc_ids, list(doc_ids))
            rows, distances = rows[keep], distances[keep]
        order = np.lexsort((rows, distances))[:k]  # nearest first; equal distances in insertion order
        return [(self.ids[int(rows[i])], 1.0 - float(distances[i])) for i in order]

    @classmethod
    def load(cls, path: Path, collection: str, fingerprint: str, chunk_ids: Sequence[str]) -> VectorSnapshot | None:
        """The snapshot at ``path`` if it is of ``collection`` at ``fingerprint`` and holds exactly
        ``chunk_ids`` (in that order); None otherwise — the caller then asks Chroma."""
        try:
            with path.open("rb") as fh, np.load(fh, allow_pickle=False) as data:  # fh closed on any error
                if int(data["format"]) != FORMAT or str(data["collection"]) != collection \
                        or str(data["fingerprint"]) != fingerprint:
                    return None
                ids = [str(i) for i in data["ids"]]
                doc_ids = np.asarray(data["doc_ids"])
                embeddings = np.asarray(data["embeddings"], dtype=np.float32)
        except FileNotFoundError:
            return None
        except Exception as exc:  # truncated (BadZipFile, EOFError), another layout (KeyError) …
            _log.warning("vector snapshot %s not used: %s", path, exc)
            return None
        if ids != list(chunk_ids) or embeddings.ndim != 2 or embeddings.shape[0] != len(ids) \
                or doc_ids.shape != (len(ids),):
            return None
        return cls(collection, fingerprint, ids, doc_ids, _normalised(embeddings))


def write_snapshot(data_dir: Path, collection: str, fingerprint: str, ids: Sequence[str],
                   doc_ids: Sequence[str], embeddings: Any) -> Path:
    """Write the snapshot atomically (a reader sees no file or the whole file)."""
    path = snapshot_path(data_dir, collection)
    path.parent.mkdir(parents=True, exist_ok=True)
    matrix = np.asarray(embeddings, dtype=np.float32)
    if matrix.shape[0] != len(ids):
        raise ValueError(f"{len(ids)} ids but {matrix.shape[0]} vectors")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, format=np.int64(FORMAT), collection=np.str_(collection), fingerprint=np.str_(fingerprint),
                     ids=np.asarray(list(ids), dtype=np.str_), doc_ids=np.asarray(list(doc_ids), dtype=np.str_),
                     embeddings=matrix)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def drop_snapshots(data_dir: Path, keep: set[str | None]) -> None:
    """Delete the snapshots of every collection not in ``keep`` (and leftovers of killed writes)."""
    folder = vectors_dir(data_dir)
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.suffix == ".npz" and path.stem in keep:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
