"""Server mode: many API processes, one writer — a lease held in the Chroma server.

    lock = ServerLock(store, "ingest")
    with lock.held():            # IngestBusyError when another process holds it
        ingest(...)              # renewed in the background while it runs

The lock is a sequence of *generations*, markers ``lock_<name>_g<n>`` (see
:mod:`assistant.index.chroma_store`). Taking it means creating generation *n + 1* while the
newest, *n*, is released or expired; the server lets exactly one of several simultaneous
creators succeed, so two processes never both hold it. A holder that dies leaves its
generation to expire (``ttl_s``), after which anyone may take generation *n + 2*.

The lease protects from duplicated work; correctness does not rest on it: the pointer
moves by compare-and-swap (:meth:`ChromaStore.swap_pointer`), so a holder whose lease
expired while it was paused cannot overwrite a newer index. Expiry uses the hosts' clocks:
keep them synchronised (NTP); the default lease of 60 s tolerates seconds of skew.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.errors import IndexUnavailableError
from assistant.index.chroma_store import ChromaStore


class IngestBusyError(IndexUnavailableError):
    """Another process holds the server's ingest lock."""

    code = "ingest_busy"


class ServerLock:
    """A lease named ``name`` in the Chroma server behind ``store``.

    Args:
        store: the server's store.
        name: which lock (letters, digits and ``_``).
        ttl_s: how long a lease lasts without renewal.
    """

    def __init__(self, store: ChromaStore, name: str = "ingest", ttl_s: float = 60.0) -> None:
        self.store = store
        self.prefix = f"lock_{name}_g"
        self.ttl_s = ttl_s
        self.owner = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.generation: str | None = None

    def _meta(self, released: bool = False) -> dict[str, str | float | bool]:
        return {"owner": self.owner, "expires": time.time() + self.ttl_s, "released": released}

    def holder(self) -> tuple[str, dict[str, str | float | bool]] | None:
        """(generation, metadata) of the newest generation, or None when never taken."""
        found = self.store.markers(self.prefix)
        if not found:
            return None
        newest = max(found)
        return newest, found[newest]

    def acquire(self) -> bool:
        """Take the lease if nobody holds it; True when this process now holds it."""
        newest = self.holder()
        if newest is not None:
            name, meta = newest
            if not meta.get("released") and float(meta.get("expires", 0)) > time.time():
                return False
            number = int(name[len(self.prefix):]) + 1
        else:
            number = 1
        generation = f"{self.prefix}{number:010d}"
        if not self.store.create_marker(generation, self._meta()):
            return False
        self.generation = generation
        for old in self.store.markers(self.prefix):  # tidy: earlier generations are history
            if old < generation:
                self.store.delete_marker(old)
        return True

    def renew(self) -> bool:
        """Extend the lease; False when it was lost (a newer generation exists)."""
        newest = self.holder()
        if self.generation is None or newest is None or newest[0] != self.generation:
            return False
        self.store.update_marker(self.generation, self._meta())
        return True

    def release(self) -> None:
        if self.generation is not None:
            newest = self.holder()
            if newest is not None and newest[0] == self.generation:
                self.store.update_marker(self.generation, self._meta(released=True))
            self.generation = None

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lease for the block, renewing it every third of ``ttl_s``.

        Raises:
            IngestBusyError: another process holds it.
        """
        if not self.acquire():
            raise IngestBusyError("另一个进程正在建立或更新索引，请稍后再试")
        stop = threading.Event()

        def keep_alive() -> None:
            while not stop.wait(self.ttl_s / 3):
                try:
                    if not self.renew():
                        return
                except IndexUnavailableError:
                    continue  # the server blinked: try again at the next beat

        beat = threading.Thread(target=keep_alive, name=f"{self.prefix}renew", daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join(timeout=5)
            self.release()
