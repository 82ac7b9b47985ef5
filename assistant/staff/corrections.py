"""Corrections: an officer rewrites a wrong answer's 口径, another person approves it, and
from then on the same question (normalised) is answered with it — cited and audited.

Life cycle (every step in ``correction_event`` with who and when)::

    pending ──approve (reviewer/admin, not the author)──▶ approved ──withdraw──▶ withdrawn
       │   └─reject──▶ rejected                              └─a newer approval──▶ superseded
       └─withdraw──▶ withdrawn

A correction cites one measure (``doc_id`` + ``measure``) and quotes it verbatim. It may
not state an amount that is neither written in that clause nor produced by the
calculator for that measure (given the correction's own figures as bases).

Serving: :meth:`Corrections.hook` gives the callable that :meth:`assistant.facade.Assistant.ask`
consults (``corrections=``) after the engine has answered; the engine's answer still
supplies the state token (now focused on the corrected measure) and validity caveats.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.dialogue.types import ChatResponse
from assistant.errors import InputError, NotFoundError, PolicyAssistantError
from assistant.staff.accounts import Officer
from assistant.staff.citing import (
    check_amounts,
    cited_provision,
    corrected_response,
    verbatim_quote,
)
from assistant.storage import Store, mask_pii
from assistant.text.normalize import match_key

if TYPE_CHECKING:
    from assistant.facade import Assistant

STATUSES = ("pending", "approved", "rejected", "withdrawn", "superseded")
MAX_ANSWER = 2000
CorrectionHook = Callable[[str, ChatResponse, date], ChatResponse | None]


@dataclass(frozen=True)
class Correction:
    id: int
    question: str
    answer: str
    intent: str
    doc_id: str
    measure: str
    quote: str
    status: str
    author: str
    created_at: float
    reviewer: str | None
    reviewed_at: float | None
    withdrawn_by: str | None
    withdrawn_at: float | None
    turn_id: int | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def question_key(text: str) -> str:
    """What makes two questions "the same": normalised (width, 繁简, spaces, punctuation
    forms), lower case, and without any punctuation at all."""
    return "".join(ch for ch in match_key(text).lower() if not unicodedata.category(ch).startswith(("P", "S", "Z")))


class Corrections:
    """Corrections in ``app.db``; methods that check a citation take the running assistant."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- writing ---------------------------------------------------------------------

    def create(self, bot: Assistant, author: Officer, *, question: str, answer: str, measure: str,
               doc_id: str | None = None, quote: str | None = None, intent: str | None = None,
               turn_id: int | None = None, note: str = "") -> Correction:
        """Flag an answer and propose its corrected 口径 (status ``pending``)."""
        question, answer = question.strip(), answer.strip()
        if not question_key(question):
            raise InputError("请填写被更正的问题", code="bad_correction")
        if not answer:
            raise InputError("请填写更正后的口径", code="bad_correction")
        if len(answer) > MAX_ANSWER or len(question) > 500:
            raise InputError(f"口径过长（上限 {MAX_ANSWER} 字），问题上限 500 字", code="bad_correction")
        doc_id, provision = cited_provision(bot, doc_id, measure)
        quote = verbatim_quote(provision, quote)
        check_amounts(bot, doc_id, provision, answer)
        if intent is None and turn_id is not None:
            row = self.store.query_one("SELECT intent FROM transcript WHERE id = ?", (turn_id,))
            intent = str(row["intent"]) if row else None
        if intent in (None, "out_of_scope", "greeting"):
            intent = "policy_info"
        now = time.time()
        with self.store.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO correction (question, question_key, answer, intent, doc_id, measure, quote, status, "
                "turn_id, author, created_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                (mask_pii(question), question_key(mask_pii(question)), mask_pii(answer), intent, doc_id,
                 provision.measure, quote, turn_id, author.username, now, mask_pii(note.strip()[:500])))
            cid = int(cur.lastrowid or 0)
            _event(conn, cid, "created", author.username, now, "")
        return self.require(cid)

    def approve(self, correction_id: int, reviewer: Officer, note: str = "") -> Correction:
        """Approve a pending correction: a reviewer or admin who is not its author."""
        c = self._reviewable(correction_id, reviewer)
        now = time.time()
        with self.store.transaction() as conn:
            older = conn.execute("SELECT id FROM correction WHERE question_key = ? AND status = 'approved'",
                                 (question_key(c.question),)).fetchall()
            for (old,) in older:
                conn.execute("UPDATE correction SET status = 'superseded' WHERE id = ?", (old,))
                _event(conn, int(old), "superseded", reviewer.username, now, f"被更正 #{c.id} 取代")
            conn.execute("UPDATE correction SET status = 'approved', reviewer = ?, reviewed_at = ? WHERE id = ?",
                         (reviewer.username, now, c.id))
            _event(conn, c.id, "approved", reviewer.username, now, note)
        return self.require(c.id)

    def reject(self, correction_id: int, reviewer: Officer, note: str = "") -> Correction:
        c = self._reviewable(correction_id, reviewer)
        now = time.time()
        with self.store.transaction() as conn:
            conn.execute("UPDATE correction SET status = 'rejected', reviewer = ?, reviewed_at = ? WHERE id = ?",
                         (reviewer.username, now, c.id))
            _event(conn, c.id, "rejected", reviewer.username, now, note)
        return self.require(c.id)

    def withdraw(self, correction_id: int, actor: Officer, note: str = "") -> Correction:
        """Withdraw a pending or approved correction (its author, or a reviewer/admin)."""
        c = self.require(correction_id)
        if c.author != actor.username and not actor.can("reviewer"):
            raise _forbidden("只有更正的提交人、审核员或管理员可以撤回", "not_allowed")
        if c.status not in ("pending", "approved"):
            raise _conflict(f"该更正当前状态为“{STATUS_NAMES[c.status]}”，不能撤回")
        now = time.time()
        with self.store.transaction() as conn:
            conn.execute("UPDATE correction SET status = 'withdrawn', withdrawn_by = ?, withdrawn_at = ? WHERE id = ?",
                         (actor.username, now, c.id))
            _event(conn, c.id, "withdrawn", actor.username, now, note)
        return self.require(c.id)

    def _reviewable(self, correction_id: int, reviewer: Officer) -> Correction:
        c = self.require(correction_id)
        if not reviewer.can("reviewer"):
            raise _forbidden("只有审核员或管理员可以审核更正", "not_allowed")
        if c.author == reviewer.username:
            raise _forbidden("不能审核自己提交的更正，请由另一位审核员或管理员审核", "self_approval")
        if c.status != "pending":
            raise _conflict(f"该更正当前状态为“{STATUS_NAMES[c.status]}”，只有待审核的更正可以审核")
        return c

    # -- reading ---------------------------------------------------------------------

    def get(self, correction_id: int) -> Correction | None:
        row = self.store.query_one("SELECT * FROM correction WHERE id = ?", (correction_id,))
        return _correction(row) if row else None

    def require(self, correction_id: int) -> Correction:
        c = self.get(correction_id)
        if c is None:
            raise NotFoundError(f"没有编号为 {correction_id} 的更正", code="no_such_correction")
        return c

    def find(self, *, status: str | None = None, author: str | None = None, limit: int = 100) -> list[Correction]:
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        for column, value in (("status", status), ("author", author)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        rows = self.store.query(f"SELECT * FROM correction WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
                                (*params, max(1, min(limit, 500))))
        return [_correction(r) for r in rows]

    def events(self, correction_id: int) -> list[dict[str, Any]]:
        """The audit trail: ``[{action, actor, at, note}]``, oldest first."""
        return self.store.query("SELECT action, actor, at, note FROM correction_event WHERE correction_id = ? "
                                "ORDER BY id", (correction_id,))

    def approved_for(self, question: str) -> Correction | None:
        """The approved correction for this question (normalised), if any."""
        key = question_key(mask_pii(question))
        row = self.store.query_one("SELECT * FROM correction WHERE question_key = ? AND status = 'approved' "
                                   "ORDER BY reviewed_at DESC LIMIT 1", (key,)) if key else None
        return _correction(row) if row else None

    # -- serving ---------------------------------------------------------------------

    def hook(self, bot: Assistant) -> CorrectionHook:
        """The ``corrections=`` argument of :meth:`Assistant.ask`."""

        def serve(message: str, response: ChatResponse, day: date) -> ChatResponse | None:
            c = self.approved_for(message)
            if c is None:
                return None
            try:
                return corrected_response(bot, c, response, day)
            except PolicyAssistantError:  # the cited measure is gone after a re-index: answer as usual
                return None

        return serve


STATUS_NAMES = {"pending": "待审核", "approved": "已生效", "rejected": "已驳回", "withdrawn": "已撤回",
                "superseded": "已被取代"}


def _event(conn: Any, correction_id: int, action: str, actor: str, at: float, note: str) -> None:
    conn.execute("INSERT INTO correction_event (correction_id, action, actor, at, note) VALUES (?, ?, ?, ?, ?)",
                 (correction_id, action, actor, at, mask_pii(note.strip()[:500])))


def _correction(row: dict[str, Any]) -> Correction:
    fields = Correction.__dataclass_fields__
    return Correction(**{k: row[k] for k in fields})


def _forbidden(message: str, code: str) -> PolicyAssistantError:
    return PolicyAssistantError(message, code=code).with_status(403)


def _conflict(message: str) -> PolicyAssistantError:
    return PolicyAssistantError(message, code="bad_status").with_status(409)

