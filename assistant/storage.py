"""Transcripts and feedback in SQLite (WAL), with personal data masked before storage.

    >>> store = Store(Path("data/app.db"))
    >>> store.add_feedback(rating=1, message="电话13812345678", answer="…", comment=None, state=None)
    1

Mobile numbers and ID-card numbers are masked (``138****5678``, ``1101**********1234``)
*before* a row is written, so they never reach the disk.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE_OK = re.compile(r"0\d{2,3}[-—－]?\d{7,8}")

SCHEMA = """
CREATE TABLE IF NOT EXISTS transcript (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    conversation TEXT NOT NULL,
    message TEXT NOT NULL,
    intent TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    total_yuan INTEGER
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    conversation TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    message TEXT NOT NULL,
    answer TEXT NOT NULL,
    comment TEXT
);
"""


def mask_pii(text: str) -> str:
    """Mask ID-card numbers (18 digits) and mobile numbers (11 digits); keep landlines."""
    text = _ID_CARD.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    return _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def conversation_id(state: str | None) -> str:
    """A short, non-reversible id for a conversation (from its first state token)."""
    return hashlib.sha256((state or "").encode()).hexdigest()[:16] if state else "-"


class Store:
    """The app database. One connection per thread; WAL so readers never block writers."""

    def __init__(self, path: Path, durable: bool = True) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._sync = "FULL" if durable else "NORMAL"
        with self._conn() as conn:
            conn.executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self._sync}")
            conn.execute("PRAGMA busy_timeout=10000")
            self._local.conn = conn
        return conn

    def add_transcript(self, *, state: str | None, message: str, intent: str, answer: str,
                       citations: list[str], total_yuan: int | None) -> int:
        with self._conn() as conn:
            cur = conn.execute(
                "INSERT INTO transcript (at, conversation, message, intent, answer, citations, total_yuan) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (time.time(), conversation_id(state), mask_pii(message), intent, mask_pii(answer),
                 ",".join(citations), total_yuan),
            )
            return int(cur.lastrowid or 0)

    def add_feedback(self, *, rating: int, message: str, answer: str, comment: str | None,
                     state: str | None) -> int:
        with self._conn() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (at, conversation, rating, message, answer, comment) VALUES (?, ?, ?, ?, ?, ?)",
                (time.time(), conversation_id(state), rating, mask_pii(message), mask_pii(answer),
                 mask_pii(comment) if comment else None),
            )
            return int(cur.lastrowid or 0)

    def rows(self, table: str) -> list[dict[str, Any]]:
        if table not in ("transcript", "feedback"):
            raise ValueError(table)
        conn = self._conn()
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
        finally:
            conn.row_factory = None

    def integrity(self) -> str:
        return str(self._conn().execute("PRAGMA integrity_check").fetchone()[0])
