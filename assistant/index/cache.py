"""Things derived from the index that are costly to rebuild at every start, kept in the data dir.

A command-line question must not rebuild, in every process, what the previous process
already built from the same input: the BM25 index of the chunks, each document's
verified or drafted rule base. :class:`DerivedCache` keeps one file per *slot*
(``bm25``, ``rules-<doc_id>`` …) under ``data/cache/derived/``, holding a key and the value.
The key is a hash of everything the value is computed from: the input (texts, words,
rule files) and :func:`code_stamp` — the size and modification time of every source and
data file of this package and of the libraries whose output is cached — so that any
change of code or input rebuilds instead of serving something stale. A file that is
missing, unreadable or of another key is rebuilt and rewritten (atomically); a cache
that cannot be written is simply not used: never an error.

The values are pickled: the data dir is trusted like the code (it also holds the key that
signs conversation state).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

_log = logging.getLogger(__name__)
T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parents[1]
#: Libraries whose behaviour is part of what is cached (tokens, BM25 scores, pickled models).
_LIBRARIES = ("jieba", "bm25s", "pydantic", "yaml", "numpy")
_SOURCE_SUFFIXES = {".py", ".yaml", ".yml", ".txt", ".json"}
_SKIP_DIRS = {"__pycache__", "resources", "web"}
_SLOT = re.compile(r"[^A-Za-z0-9_.-]")


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A hash that changes whenever a source or data file of the package (or a cached
    library, or Python) changes: part of every cache key. About a millisecond."""
    h = hashlib.sha256(f"{sys.version_info[:3]}".encode())
    for root, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            if os.path.splitext(name)[1] in _SOURCE_SUFFIXES:
                _stat_into(h, os.path.join(root, name))
    for library in _LIBRARIES:
        spec = importlib.util.find_spec(library)
        if spec is not None and spec.origin:
            _stat_into(h, spec.origin)
    return h.hexdigest()


def _stat_into(h: Any, path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return
    h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())


def key_of(*parts: str | bytes | Iterable[str]) -> str:
    """The sha256 of the parts (strings, bytes, or iterables of strings), with the code stamp."""
    h = hashlib.sha256(code_stamp().encode())
    for part in parts:
        if isinstance(part, str):
            part = part.encode()
        if isinstance(part, bytes):
            h.update(len(part).to_bytes(8, "little") + part)
        else:
            for item in part:
                h.update(item.encode() + b"\0")
            h.update(b"\1")
    return h.hexdigest()


class DerivedCache:
    """Values by slot and key in ``directory`` (None: nothing is cached, values are built each time).

    Example:
        >>> cache = DerivedCache(Path("data/cache/derived"))
        >>> cache.get_or_build("bm25", key_of("…"), build)      # built once, then read
    """

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits = 0
        self.builds = 0

    def _path(self, slot: str) -> Path | None:
        return self.directory / f"{_SLOT.sub('_', slot)}.pickle" if self.directory else None

    def get(self, slot: str, key: str) -> tuple[bool, Any]:
        """(found, value) of ``slot`` if it was stored under ``key``."""
        path = self._path(slot)
        if path is None:
            return False, None
        try:
            with path.open("rb") as fh:
                stored_key, value = pickle.load(fh)
        except FileNotFoundError:
            return False, None
        except Exception as exc:  # truncated, from another version of a class …: rebuild
            _log.info("cache %s not used: %s", path, exc)
            return False, None
        return (True, value) if stored_key == key else (False, None)

    def put(self, slot: str, key: str, value: Any) -> None:
        path = self._path(slot)
        if path is None:
            return
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            tmp = None
        except Exception as exc:  # read-only data dir, a value that cannot be pickled …: not cached
            _log.info("cache %s not written: %s", path, exc)
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def get_or_build(self, slot: str, key: str, build: Callable[[], T]) -> T:
        """The value stored under ``key``, or ``build()`` (then stored). An exception of
        ``build`` propagates and nothing is stored."""
        found, value = self.get(slot, key)
        if found:
            self.hits += 1
            return value  # type: ignore[no-any-return]
        value = build()
        self.builds += 1
        self.put(slot, key, value)
        return value
