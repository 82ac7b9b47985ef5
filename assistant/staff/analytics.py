"""What callers ask: the lists a policy office reads to fix its documents and its rules.

    >>> a = Analytics(store, low_confidence_below=0.5)
    >>> a.top_measures(date_from=date(2026, 11, 1))[:1]
    [{'doc_id': 'baotou-zjtx-2023', 'measure': '2', 'title': '…', 'asked': 41}]
    >>> print(to_csv(a.by_day(), DAILY_COLUMNS))

Every function takes an optional date range (days in the configured time zone,
inclusive) and returns plain dicts, so the console can chart them and the API can
return them as JSON or CSV. Questions and answers come from the (masked) history.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from assistant.staff.corrections import question_key
from assistant.storage import Store

MEASURE_COLUMNS = ("doc_id", "measure", "title", "asked", "last_at")
NOT_COVERED_COLUMNS = ("question", "asked", "last_at", "conversation")
LOW_CONFIDENCE_COLUMNS = ("at", "conversation", "question", "intent", "confidence", "answer")
THUMBS_DOWN_COLUMNS = ("at", "conversation", "question", "answer", "comment")
DAILY_COLUMNS = ("day", "questions", "conversations", "not_covered", "low_confidence", "thumbs_up", "thumbs_down")
REPORTS = {"measures": MEASURE_COLUMNS, "not_covered": NOT_COVERED_COLUMNS, "low_confidence": LOW_CONFIDENCE_COLUMNS,
           "thumbs_down": THUMBS_DOWN_COLUMNS, "daily": DAILY_COLUMNS}
REPORT_TITLES = {"measures": "最常被问的措施", "not_covered": "未覆盖的问题", "low_confidence": "低置信度回答",
                 "thumbs_down": "差评", "daily": "按日统计"}


class Analytics:
    """Aggregates over ``transcript`` and ``feedback``."""

    def __init__(self, store: Store, *, low_confidence_below: float = 0.5, utc_offset_hours: float = 8.0) -> None:
        self.store = store
        self.threshold = low_confidence_below
        self.offset_s = utc_offset_hours * 3600.0
        self.tz = timezone(timedelta(hours=utc_offset_hours))

    def _range(self, alias: str, date_from: date | None, date_to: date | None) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if date_from is not None:
            where.append(f"{alias}.at >= ?")
            params.append(datetime(date_from.year, date_from.month, date_from.day, tzinfo=self.tz).timestamp())
        if date_to is not None:
            where.append(f"{alias}.at < ?")
            params.append(datetime(date_to.year, date_to.month, date_to.day, tzinfo=self.tz).timestamp() + 86400)
        return (" AND ".join(where) or "1 = 1"), params

    def top_measures(self, date_from: date | None = None, date_to: date | None = None,
                     limit: int = 20) -> list[dict[str, Any]]:
        """Measures by how many answers cited them."""
        where, params = self._range("t", date_from, date_to)
        return self.store.query(
            "SELECT json_extract(c.value, '$.doc_id') AS doc_id, json_extract(c.value, '$.measure') AS measure, "
            "MAX(COALESCE(json_extract(c.value, '$.title'), '')) AS title, COUNT(DISTINCT t.id) AS asked, "
            "MAX(t.at) AS last_at FROM transcript t, json_each(t.citations_json) c "
            f"WHERE {where} AND t.intent NOT IN ('greeting', 'out_of_scope') GROUP BY 1, 2 "
            "ORDER BY asked DESC, last_at DESC LIMIT ?", (*params, limit))

    def not_covered(self, date_from: date | None = None, date_to: date | None = None,
                    limit: int = 100) -> list[dict[str, Any]]:
        """Questions answered "not covered" (out of scope), the same question (normalised) counted together."""
        where, params = self._range("t", date_from, date_to)
        rows = self.store.query("SELECT t.message, t.at, t.conversation FROM transcript t "
                                f"WHERE {where} AND t.intent = 'out_of_scope' ORDER BY t.at", params)
        groups: dict[str, dict[str, Any]] = {}
        for r in rows:
            entry = groups.setdefault(question_key(str(r["message"])) or str(r["message"]),
                                      {"question": r["message"], "asked": 0})
            entry.update(asked=entry["asked"] + 1, last_at=r["at"], conversation=r["conversation"])
        ranked = sorted(groups.values(), key=lambda g: (-g["asked"], -g["last_at"]))
        return ranked[:limit]

    def low_confidence(self, date_from: date | None = None, date_to: date | None = None,
                       limit: int = 100) -> list[dict[str, Any]]:
        """Answers that carried a confidence below the threshold, newest first."""
        where, params = self._range("t", date_from, date_to)
        return self.store.query(
            "SELECT t.at, t.conversation, t.message AS question, t.intent, t.confidence, t.answer FROM transcript t "
            f"WHERE {where} AND t.confidence IS NOT NULL AND t.confidence < ? ORDER BY t.at DESC LIMIT ?",
            (*params, self.threshold, limit))

    def thumbs_down(self, date_from: date | None = None, date_to: date | None = None,
                    limit: int = 100) -> list[dict[str, Any]]:
        """Answers rated 👎, with the caller's comment, newest first."""
        where, params = self._range("f", date_from, date_to)
        return self.store.query(
            "SELECT f.at, f.conversation, f.message AS question, f.answer, COALESCE(f.comment, '') AS comment "
            f"FROM feedback f WHERE {where} AND f.rating = -1 ORDER BY f.at DESC LIMIT ?", (*params, limit))

    def by_day(self, date_from: date | None = None, date_to: date | None = None) -> list[dict[str, Any]]:
        """One row per day with questions, conversations, not covered, low confidence and ratings."""
        t_where, t_params = self._range("t", date_from, date_to)
        f_where, f_params = self._range("f", date_from, date_to)
        day = "date(({a}.at + {o}), 'unixepoch')"
        turns = self.store.query(
            f"SELECT {day.format(a='t', o=self.offset_s)} AS day, COUNT(*) AS questions, "
            "COUNT(DISTINCT t.conversation) AS conversations, SUM(t.intent = 'out_of_scope') AS not_covered, "
            "SUM(t.confidence IS NOT NULL AND t.confidence < ?) AS low_confidence "
            f"FROM transcript t WHERE {t_where} GROUP BY 1", (self.threshold, *t_params))
        votes = self.store.query(
            f"SELECT {day.format(a='f', o=self.offset_s)} AS day, SUM(f.rating = 1) AS thumbs_up, "
            f"SUM(f.rating = -1) AS thumbs_down FROM feedback f WHERE {f_where} GROUP BY 1", f_params)
        days: dict[str, dict[str, Any]] = {}
        for row in [*turns, *votes]:
            entry = days.setdefault(str(row["day"]), {c: 0 for c in DAILY_COLUMNS} | {"day": str(row["day"])})
            entry.update({k: int(v or 0) for k, v in row.items() if k != "day"})
        return [days[d] for d in sorted(days)]

    def report(self, name: str, date_from: date | None = None, date_to: date | None = None) -> list[dict[str, Any]]:
        """One of :data:`REPORTS` by name."""
        fns = {"measures": self.top_measures, "not_covered": self.not_covered, "low_confidence": self.low_confidence,
               "thumbs_down": self.thumbs_down, "daily": self.by_day}
        return fns[name](date_from, date_to)

    def summary(self, date_from: date | None = None, date_to: date | None = None) -> dict[str, Any]:
        """Every report at once (what the console's page shows)."""
        return {name: self.report(name, date_from, date_to) for name in REPORTS}


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], tz: timezone | None = None) -> str:
    """CSV with a header row; timestamps (``at``, ``last_at``) as local ``YYYY-MM-DD HH:MM:SS``.
    Prefixed with a BOM so that spreadsheet programs read the Chinese text as UTF-8."""
    tz = tz or timezone(timedelta(hours=8))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        values = []
        for column in columns:
            value = row.get(column)
            if column in ("at", "last_at") and isinstance(value, int | float):
                value = datetime.fromtimestamp(value, tz).strftime("%Y-%m-%d %H:%M:%S")
            values.append(_safe_cell("" if value is None else str(value)))
        writer.writerow(values)
    return "\ufeff" + out.getvalue()


def _safe_cell(value: str) -> str:
    """Cells starting with = + - @ would run as formulas in a spreadsheet: quote them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
