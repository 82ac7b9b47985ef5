"""jieba's prefix dictionary, read from SQLite one word at a time instead of loaded whole.

jieba keeps its dictionary as one dict of about 500,000 entries (each word with its
frequency, each prefix of a word with 0), unmarshalled from a cache file at start — most
of a second, and most of what answering one command-line question used to cost. Cutting
a question asks about a few dozen substrings. :class:`PrefixDict` answers those from a
SQLite copy of the same dict (made once per cache dir from jieba's own, so the tokens are
identical), remembers the answers, and keeps the words added at run time in memory. After
``FULL_LOAD_AFTER`` look-ups (an ingest, a server that has been up a while) it asks to be
loaded whole, and the tokenizer hands jieba the plain dict again.

It implements the part of the dict interface jieba's ``Tokenizer`` uses:
``key in d``, ``d[key]``, ``d.get(key, default)`` and ``d[key] = value``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

_log = logging.getLogger(__name__)

FORMAT = "1"
#: Look-ups in SQLite after which the whole dictionary is worth loading.
FULL_LOAD_AFTER = 20_000
_MISSING = -1


def build_prefix_dict(path: Path, freq: Mapping[str, int], total: int) -> bool:
    """Write ``freq`` (jieba's ``FREQ``) and ``total`` to ``path`` atomically; False when it
    could not be written (the cache is then simply not used)."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
        os.close(fd)
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=OFF")  # a private temporary file until the rename
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("CREATE TABLE freq (w TEXT PRIMARY KEY, f INTEGER NOT NULL) WITHOUT ROWID")
            conn.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
            conn.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())
            conn.executemany("INSERT INTO meta VALUES (?, ?)",
                             [("format", FORMAT), ("total", str(int(total))), ("count", str(len(freq)))])
            conn.commit()
        finally:
            conn.close()
        with open(tmp, "rb+") as fh:  # on disk before it gets its name: a crash leaves no torn copy
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
        return True
    except (OSError, sqlite3.Error) as exc:
        _log.info("jieba prefix dictionary not cached in %s: %s", path, exc)
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class PrefixDict:
    """Word → frequency (0: only a prefix of words), from SQLite, with run-time additions."""

    def __init__(self, conn: sqlite3.Connection, total: int, count: int) -> None:
        self._conn = conn
        self.total = total
        self.count = count
        self._known: dict[str, int] = {}  # looked up already (_MISSING: not in the dictionary)
        self._added: dict[str, int] = {}  # written at run time (jieba's add_word)
        self._lock = threading.Lock()
        self.lookups = 0

    @classmethod
    def open(cls, path: Path) -> PrefixDict | None:
        """The dictionary at ``path``; None when it is missing or not a complete copy."""
        if not path.is_file():
            return None
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                   check_same_thread=False)
            meta = dict(conn.execute("SELECT k, v FROM meta").fetchall())
            if meta.get("format") == FORMAT:
                return cls(conn, int(meta["total"]), int(meta["count"]))
        except (sqlite3.Error, KeyError, ValueError) as exc:
            _log.info("jieba prefix dictionary %s not used: %s", path, exc)
        if conn is not None:
            conn.close()
        return None

    @property
    def wants_full_load(self) -> bool:
        """Enough look-ups that loading the whole dictionary now is cheaper than going on."""
        return self.lookups >= FULL_LOAD_AFTER

    def _lookup(self, key: str) -> int:
        value = self._added.get(key)
        if value is not None:
            return value
        value = self._known.get(key)
        if value is not None:
            return value
        with self._lock:
            row = self._conn.execute("SELECT f FROM freq WHERE w = ?", (key,)).fetchone()
            self.lookups += 1
        value = _MISSING if row is None else int(row[0])
        self._known[key] = value
        return value

    def prefetch(self, keys: Iterable[str]) -> None:
        """Look many keys up at once (the prefixes of the words about to be added)."""
        todo = [k for k in dict.fromkeys(keys) if k not in self._known and k not in self._added]
        with self._lock:
            for start in range(0, len(todo), 500):
                batch = todo[start:start + 500]
                found = dict(self._conn.execute(
                    f"SELECT w, f FROM freq WHERE w IN ({','.join('?' * len(batch))})", batch).fetchall())
                for key in batch:
                    self._known[key] = int(found[key]) if key in found else _MISSING

    def load_all(self) -> dict[str, int]:
        """The whole dictionary as a plain dict, with the run-time additions."""
        with self._lock:
            full = dict(self._conn.execute("SELECT w, f FROM freq"))
        full.update(self._added)
        return full

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup(key) != _MISSING

    def __getitem__(self, key: str) -> int:
        value = self._lookup(key)
        if value == _MISSING:
            raise KeyError(key)
        return value

    def get(self, key: str, default: int | None = None) -> int | None:
        value = self._lookup(key)
        return default if value == _MISSING else value

    def __setitem__(self, key: str, value: int) -> None:
        self._added[key] = int(value)
