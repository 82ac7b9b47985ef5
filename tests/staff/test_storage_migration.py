"""The app database grows by additive migrations: rows of an older version are kept."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from assistant.storage import MIGRATIONS, SCHEMA, Store


def _old_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO transcript (at, conversation, message, intent, answer, citations, total_yuan) "
                 "VALUES (1700000000, '-', '小巨人 能拿多少', 'amount', '100万元', '2,3', 1000000)")
    conn.execute("INSERT INTO transcript (at, conversation, message, intent, answer, citations, total_yuan) "
                 "VALUES (1700000100, 'abc', '这个找谁', 'department', '市工信局', '2', NULL)")
    conn.execute("INSERT INTO feedback (at, conversation, rating, message, answer, comment) "
                 "VALUES (1700000200, '-', -1, 'q', 'a', 'c')")
    conn.commit()
    conn.close()


def test_old_rows_survive_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    _old_database(path)
    store = Store(path)
    assert store.version == len(MIGRATIONS)
    rows = store.rows("transcript")
    assert [r["message"] for r in rows] == ["小巨人 能拿多少", "这个找谁"]
    assert rows[0]["conversation"] == "legacy-1" and rows[1]["conversation"] == "abc"  # no shared "-" bucket
    assert json.loads(rows[0]["citations_json"]) == [{"doc_id": "", "measure": "2"}, {"doc_id": "", "measure": "3"}]
    assert rows[0]["channel"] == "widget" and rows[0]["message_norm"] == "小巨人 能拿多少"
    assert store.rows("feedback")[0]["comment"] == "c"
    assert Store(path).rows("transcript") == rows  # reopening changes nothing
    assert store.integrity() == "ok"
    assert store.query_one("PRAGMA journal_mode")["journal_mode"] == "wal"  # type: ignore[index]


def test_processes_opening_a_fresh_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            Store(path)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and Store(path).version == len(MIGRATIONS)
