"""Call history: every turn of the widget and the console, linked into conversations.

A conversation is identified by the id inside the signed state token
(:attr:`assistant.dialogue.state.ConversationState.conversation`), so the turns of one
caller link up across requests while the server stays stateless. Messages and answers
are stored PII-masked (:func:`assistant.storage.mask_pii`) and stay masked here.

    >>> record_turn(store, message="小巨人能拿多少", response=response, channel="widget")
    >>> History(store).search(text="小巨人", date_from=date(2026, 11, 25))
    [ConversationSummary(conversation='…', turns=2, ...)]
    >>> History(store).conversation("…").turns[0].citations[0]["quote"]
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

from assistant.dialogue.state import peek_conversation
from assistant.dialogue.types import ChatResponse
from assistant.storage import Store, mask_pii
from assistant.text.normalize import normalize_text

Channel = Literal["widget", "console"]
FeedbackFilter = Literal["up", "down", "any", "none"]
MAX_PAGE = 200


@dataclass(frozen=True)
class Turn:
    id: int
    at: float
    channel: str
    officer: str | None
    message: str
    intent: str
    answer: str
    citations: list[dict[str, str]]
    total_yuan: int | None
    confidence: float | None
    correction_id: int | None
    feedback: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Conversation:
    conversation: str
    turns: list[Turn]

    def to_dict(self) -> dict[str, Any]:
        return {"conversation": self.conversation, "turns": [asdict(t) for t in self.turns]}


@dataclass(frozen=True)
class ConversationSummary:
    conversation: str
    started_at: float
    last_at: float
    turns: int
    channel: str
    officers: list[str]
    first_message: str
    intents: list[str]
    measures: list[str]
    thumbs_up: int
    thumbs_down: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def response_confidence(response: ChatResponse) -> float | None:
    """The answer's confidence when it carries one (a ``confidence`` attribute or key)."""
    value = getattr(response, "confidence", None)
    if value is None and isinstance(response.calculation, dict):
        value = response.calculation.get("confidence")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def record_turn(store: Store, *, message: str, response: ChatResponse, channel: Channel = "widget",
                officer: str | None = None, request_state: str | None = None, correction_id: int | None = None,
                at: float | None = None) -> int:
    """Store one answered turn (masked) under the conversation id of its state token."""
    conversation = peek_conversation(response.state) or peek_conversation(request_state) or None
    citations = [{"doc_id": c.doc_id, "measure": c.measure, "title": c.title, "quote": c.quote}
                 for c in response.citations]
    total = response.calculation.get("total_yuan") if isinstance(response.calculation, dict) else None
    return store.add_transcript(
        state=request_state, message=message, intent=response.intent, answer=response.answer,
        citations=[c.measure for c in response.citations], total_yuan=total, conversation=conversation,
        channel=channel, officer=officer, confidence=response_confidence(response), citation_details=citations,
        answer_state=response.state or None, correction_id=correction_id, at=at)


class History:
    """Search and open past conversations."""

    def __init__(self, store: Store, utc_offset_hours: float = 8.0) -> None:
        self.store = store
        self.tz = timezone(timedelta(hours=utc_offset_hours))

    def day_bounds(self, day: date) -> tuple[float, float]:
        """Epoch seconds of the start of ``day`` and of the next day, in the history's time zone."""
        start = datetime(day.year, day.month, day.day, tzinfo=self.tz).timestamp()
        return start, start + 86400.0

    def search(self, *, text: str | None = None, date_from: date | None = None, date_to: date | None = None,
               measure: str | None = None, doc_id: str | None = None, intent: str | None = None,
               feedback: FeedbackFilter | None = None, channel: str | None = None, officer: str | None = None,
               limit: int = 50, offset: int = 0) -> list[ConversationSummary]:
        """Conversations with at least one turn matching every filter given, newest first.

        ``text`` matches the (masked, normalised) question or the answer; ``measure`` a
        cited measure; ``feedback`` whether the conversation was rated up / down / at all / not.
        """
        where, params = self._filters(text, date_from, date_to, measure, doc_id, intent, channel, officer)
        having = {"up": "SUM(CASE WHEN f.rating = 1 THEN 1 ELSE 0 END) > 0",
                  "down": "SUM(CASE WHEN f.rating = -1 THEN 1 ELSE 0 END) > 0",
                  "any": "COUNT(f.id) > 0", "none": "COUNT(f.id) = 0"}.get(feedback or "", "")
        matched = (f"SELECT t.conversation FROM transcript t LEFT JOIN feedback f ON f.conversation = t.conversation "
                   f"WHERE {where} GROUP BY t.conversation" + (f" HAVING {having}" if having else ""))
        rows = self.store.query(
            "SELECT conversation, MIN(at) AS started_at, MAX(at) AS last_at, COUNT(*) AS turns FROM transcript "
            f"WHERE conversation IN ({matched}) GROUP BY conversation ORDER BY last_at DESC LIMIT ? OFFSET ?",
            (*params, max(1, min(limit, MAX_PAGE)), max(0, offset)))
        return [self._summary(r) for r in rows]

    def _filters(self, text: str | None, date_from: date | None, date_to: date | None, measure: str | None,
                 doc_id: str | None, intent: str | None, channel: str | None,
                 officer: str | None) -> tuple[str, list[Any]]:
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if text and text.strip():
            needle = normalize_text(mask_pii(text.strip()))
            where.append("(instr(t.message_norm, ?) > 0 OR instr(t.answer, ?) > 0 OR instr(t.message, ?) > 0)")
            params += [needle, needle, text.strip()]
        if date_from is not None:
            where.append("t.at >= ?")
            params.append(self.day_bounds(date_from)[0])
        if date_to is not None:
            where.append("t.at < ?")
            params.append(self.day_bounds(date_to)[1])
        if measure:
            where.append("EXISTS (SELECT 1 FROM json_each(t.citations_json) c WHERE json_extract(c.value, '$.measure') = ?"
                         + (" AND json_extract(c.value, '$.doc_id') IN (?, '')" if doc_id else "") + ")")
            params += [measure, doc_id] if doc_id else [measure]
        elif doc_id:
            where.append("EXISTS (SELECT 1 FROM json_each(t.citations_json) c WHERE json_extract(c.value, '$.doc_id') = ?)")
            params.append(doc_id)
        for column, value in (("intent", intent), ("channel", channel), ("officer", officer)):
            if value:
                where.append(f"t.{column} = ?")
                params.append(value)
        return " AND ".join(where), params

    def _summary(self, row: dict[str, Any]) -> ConversationSummary:
        cid = str(row["conversation"])
        turns = self.store.query("SELECT message, intent, channel, officer, citations_json FROM transcript "
                                 "WHERE conversation = ? ORDER BY at, id", (cid,))
        votes = self.store.query_one("SELECT SUM(rating = 1) AS up, SUM(rating = -1) AS down FROM feedback "
                                     "WHERE conversation = ?", (cid,)) or {}
        measures = [f"{c.get('measure')}" for t in turns for c in json.loads(t["citations_json"] or "[]")]
        return ConversationSummary(
            conversation=cid, started_at=float(row["started_at"]), last_at=float(row["last_at"]),
            turns=int(row["turns"]), channel=str(turns[0]["channel"]) if turns else "",
            officers=list(dict.fromkeys(str(t["officer"]) for t in turns if t["officer"])),
            first_message=str(turns[0]["message"]) if turns else "",
            intents=list(dict.fromkeys(str(t["intent"]) for t in turns)), measures=list(dict.fromkeys(measures)),
            thumbs_up=int(votes.get("up") or 0), thumbs_down=int(votes.get("down") or 0))

    def conversation(self, conversation: str) -> Conversation | None:
        """Every turn of one conversation, oldest first, with citations and ratings."""
        rows = self.store.query("SELECT * FROM transcript WHERE conversation = ? ORDER BY at, id", (conversation,))
        if not rows:
            return None
        ratings = self.store.query("SELECT at, rating, comment, turn_key, officer FROM feedback "
                                   "WHERE conversation = ? ORDER BY at, id", (conversation,))
        turns = []
        for r in rows:
            mine = [{k: f[k] for k in ("at", "rating", "comment", "officer")} for f in ratings
                    if r["turn_key"] and f["turn_key"] == r["turn_key"]]
            turns.append(Turn(id=int(r["id"]), at=float(r["at"]), channel=str(r["channel"]), officer=r["officer"],
                              message=str(r["message"]), intent=str(r["intent"]), answer=str(r["answer"]),
                              citations=json.loads(r["citations_json"] or "[]"), total_yuan=r["total_yuan"],
                              confidence=r["confidence"], correction_id=r["correction_id"], feedback=mine))
        unplaced = [f for f in ratings if not any(f["turn_key"] and f["turn_key"] == r["turn_key"] for r in rows)]
        if unplaced and turns:  # ratings whose turn is not on record belong to the conversation's last turn
            last = turns[-1]
            last.feedback.extend({k: f[k] for k in ("at", "rating", "comment", "officer")} for f in unplaced)
        return Conversation(conversation, turns)

    def turn(self, turn_id: int) -> Turn | None:
        row = self.store.query_one("SELECT conversation FROM transcript WHERE id = ?", (turn_id,))
        conv = self.conversation(str(row["conversation"])) if row else None
        return next((t for t in conv.turns if t.id == turn_id), None) if conv else None
