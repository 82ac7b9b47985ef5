"""Transcripts, feedback and the staff tables in SQLite (WAL), with personal data masked
before storage.

    >>> store = Store(Path("data/app.db"))
    >>> store.add_feedback(rating=1, message="电话13812345678", answer="…", comment=None, state=None)
    1

Mobile numbers and ID-card numbers are masked (``138****5678``, ``1101**********1234``)
*before* a row is written, so they never reach the disk.

The schema grows by numbered migrations (``PRAGMA user_version``), each additive: new
columns with defaults and new tables, so rows written by an older version are kept and
an older process reading the file still finds every column it knows. The staff
packages (:mod:`assistant.staff`) keep their SQL to themselves and use :meth:`Store.query`,
:meth:`Store.execute` and :meth:`Store.transaction`.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.text.normalize import normalize_text

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

#: Migrations from ``user_version`` i to i+1; only ever appended to.
MIGRATIONS: tuple[str, ...] = (
    """
    ALTER TABLE transcript ADD COLUMN channel TEXT NOT NULL DEFAULT 'widget';
    ALTER TABLE transcript ADD COLUMN officer TEXT;
    ALTER TABLE transcript ADD COLUMN confidence REAL;
    ALTER TABLE transcript ADD COLUMN citations_json TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE transcript ADD COLUMN turn_key TEXT;
    ALTER TABLE transcript ADD COLUMN message_norm TEXT NOT NULL DEFAULT '';
    ALTER TABLE transcript ADD COLUMN correction_id INTEGER;
    ALTER TABLE feedback ADD COLUMN turn_key TEXT;
    ALTER TABLE feedback ADD COLUMN officer TEXT;
    CREATE INDEX IF NOT EXISTS transcript_at ON transcript (at);
    CREATE INDEX IF NOT EXISTS transcript_conversation ON transcript (conversation);
    CREATE INDEX IF NOT EXISTS transcript_turn ON transcript (turn_key);
    CREATE INDEX IF NOT EXISTS feedback_turn ON feedback (turn_key);
    CREATE INDEX IF NOT EXISTS feedback_conversation ON feedback (conversation);
    CREATE TABLE IF NOT EXISTS staff (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('officer', 'reviewer', 'admin')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        created_by TEXT NOT NULL DEFAULT '',
        updated_at REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS staff_session (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS staff_session_user ON staff_session (username);
    CREATE TABLE IF NOT EXISTS login_throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL DEFAULT 0,
        last_at REAL NOT NULL DEFAULT 0,
        locked_until REAL NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS correction (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question TEXT NOT NULL,
        question_key TEXT NOT NULL,
        answer TEXT NOT NULL,
        intent TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        measure TEXT NOT NULL,
        quote TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn', 'superseded')),
        turn_id INTEGER,
        author TEXT NOT NULL,
        created_at REAL NOT NULL,
        reviewer TEXT,
        reviewed_at REAL,
        withdrawn_by TEXT,
        withdrawn_at REAL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS correction_key ON correction (question_key, status);
    CREATE TABLE IF NOT EXISTS correction_event (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        correction_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        at REAL NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    UPDATE transcript SET conversation = 'legacy-' || id WHERE conversation = '-';
    UPDATE feedback SET conversation = 'legacy-fb-' || id WHERE conversation = '-';
    """,
)
TABLES = ("transcript", "feedback", "staff", "staff_session", "login_throttle", "correction", "correction_event")


def mask_pii(text: str) -> str:
    """Mask ID-card numbers (18 digits) and mobile numbers (11 digits); keep landlines."""
    text = _ID_CARD.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    return _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def conversation_id(state: str | None) -> str:
    """A short, non-reversible id for a conversation (from its first state token)."""
    return hashlib.sha256((state or "").encode()).hexdigest()[:16] if state else "-"


def turn_key(state: str | None) -> str | None:
    """The key that links feedback to the turn it rates: a hash of that answer's state token."""
    return hashlib.sha256(state.encode()).hexdigest()[:24] if state else None



def _set_wal(conn: sqlite3.Connection, deadline_s: float = 10.0) -> None:
    """Switch to WAL. On a fresh file several processes doing this at once can get "database is
    locked" straight away (the switch needs an exclusive lock and skips the busy handler), so
    it is retried until the deadline."""
    end = time.monotonic() + deadline_s
    delay = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > end:
                raise
            time.sleep(delay)  # back off: another connection holds the lock for a moment
            delay = min(delay * 2, 0.2)

class Store:
    """The app database. One connection per thread; WAL so readers never block writers."""

    def __init__(self, path: Path, durable: bool = True) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._sync = "FULL" if durable else "NORMAL"
        with self._conn() as conn:
            conn.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Apply the pending migrations, each in one write transaction (safe with several processes)."""
        conn = self._conn()
        while True:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if version >= len(MIGRATIONS):
                    conn.execute("COMMIT")
                    return
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                if version == 0:
                    _backfill_citations(conn)
                conn.execute(f"PRAGMA user_version={version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    @property
    def version(self) -> int:
        return int(self._conn().execute("PRAGMA user_version").fetchone()[0])

    # -- generic access for the staff packages ---------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a SELECT as dicts."""
        try:
            cur = self._conn().execute(sql, tuple(params))
        except OverflowError as exc:  # an id or a count beyond SQLite's 64 bits matches nothing sensible
            raise InputError("数值超出范围", code="bad_input") from exc
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write (autocommitted); returns the last row id or the rows changed."""
        cur = self._conn().execute(sql, tuple(params))
        return int(cur.lastrowid or cur.rowcount or 0) if sql.lstrip().upper().startswith("INSERT") \
            else int(cur.rowcount)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): committed on exit, rolled back on error."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=10000")
            _set_wal(conn)
            conn.execute(f"PRAGMA synchronous={self._sync}")
            self._local.conn = conn
        return conn

    def add_transcript(self, *, state: str | None, message: str, intent: str, answer: str,
                       citations: list[str], total_yuan: int | None, conversation: str | None = None,
                       channel: str = "widget", officer: str | None = None, confidence: float | None = None,
                       citation_details: list[dict[str, str]] | None = None, answer_state: str | None = None,
                       correction_id: int | None = None, at: float | None = None) -> int:
        """One turn. ``state`` is the request's token (legacy id when ``conversation`` is not
        given); ``answer_state`` is the token the answer returned, which feedback refers to."""
        masked = mask_pii(message)
        details = [{k: mask_pii(str(v)) for k, v in c.items()} for c in citation_details or []] or \
            [{"doc_id": "", "measure": m} for m in citations]
        with self._conn() as conn:
            cur = conn.execute(
                "INSERT INTO transcript (at, conversation, message, intent, answer, citations, total_yuan, channel, "
                "officer, confidence, citations_json, turn_key, message_norm, correction_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time() if at is None else at, conversation or conversation_id(state), masked, intent,
                 mask_pii(answer), ",".join(citations), total_yuan, channel, officer, confidence,
                 json.dumps(details, ensure_ascii=False), turn_key(answer_state), normalize_text(masked),
                 correction_id),
            )
            return int(cur.lastrowid or 0)

    def add_feedback(self, *, rating: int, message: str, answer: str, comment: str | None,
                     state: str | None, officer: str | None = None, at: float | None = None) -> int:
        """A rating of the answer whose state token is ``state``; linked to that turn (and its
        conversation) when the turn is on record."""
        key = turn_key(state)
        turn = self.query_one("SELECT conversation FROM transcript WHERE turn_key = ? ORDER BY id DESC LIMIT 1",
                              (key,)) if key else None
        with self._conn() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (at, conversation, rating, message, answer, comment, turn_key, officer) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time() if at is None else at, turn["conversation"] if turn else conversation_id(state), rating,
                 mask_pii(message), mask_pii(answer), mask_pii(comment) if comment else None, key, officer),
            )
            return int(cur.lastrowid or 0)

    def rows(self, table: str) -> list[dict[str, Any]]:
        if table not in TABLES:
            raise ValueError(table)
        conn = self._conn()
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        finally:
            conn.row_factory = None

    def integrity(self) -> str:
        return str(self._conn().execute("PRAGMA integrity_check").fetchone()[0])


def _backfill_citations(conn: sqlite3.Connection) -> None:
    """Rows from before migration 1 get their cited measures as JSON too (doc unknown)."""
    rows = conn.execute("SELECT id, citations, message FROM transcript WHERE citations_json = '[]'").fetchall()
    for row_id, citations, message in rows:
        details = [{"doc_id": "", "measure": m} for m in str(citations).split(",") if m]
        conn.execute("UPDATE transcript SET citations_json = ?, message_norm = ? WHERE id = ?",
                     (json.dumps(details, ensure_ascii=False), normalize_text(str(message)), row_id))
