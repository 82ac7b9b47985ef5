"""``Assistant``: the one facade every edge (CLI, API, console, evals) calls.

    >>> bot = Assistant.from_settings(Settings())
    >>> r = bot.ask("我们刚评上小巨人，能拿多少？")
    >>> r.calculation["total_yuan"]
    1000000
    >>> bot.ask("那自治区级的呢", state=r.state).intent
    'amount'
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from assistant.calc import Calculator
from assistant.dates import parse_as_of
from assistant.dialogue.pipeline import DialogueEngine, DocContext
from assistant.dialogue.state import StateCodec, load_or_create_key
from assistant.dialogue.types import ChatResponse
from assistant.errors import InputError, PolicyAssistantError
from assistant.index import PolicyIndex
from assistant.rules.draft import draft_rulebase
from assistant.rules.loader import validate_rule_text
from assistant.settings import Settings

MAX_MESSAGE_CHARS = 500


class Assistant:
    """Answers questions about the indexed policies, deterministically and offline.

    Args:
        index: the opened index (documents, provisions, search).
        settings: configuration (the as-of default, the state key …).
        codec: signs conversation state; built from the settings' key when None.
    """

    def __init__(self, index: PolicyIndex, settings: Settings, codec: StateCodec | None = None) -> None:
        self.index = index
        self.settings = settings
        self.codec = codec or StateCodec(load_or_create_key(settings.data_dir, settings.state_secret))
        self.contexts = self._contexts(index)
        self.engine = DialogueEngine(index, self.codec, self.contexts)
        self._checked = time.monotonic()
        self._reload_lock = threading.Lock()
        self.composer = self._composer(settings) if settings.llm_base_url else None

    def _composer(self, settings: Settings) -> Any:
        """The optional LLM phrasing layer, with the retriever and calculator as its tools."""
        from assistant.llm.client import make_chat_model
        from assistant.llm.composer import LlmComposer

        def search_policy(query: str) -> list[dict[str, str]]:
            """检索政策条款：返回条款编号、标题和原文。"""
            # The same router and scored resolver as the deterministic answer.
            found = self.engine.lookup(query, k=3)
            return [{"doc_id": d, "measure": m, "title": self.index.provision(d, m).title,
                     "text": self.index.provision(d, m).text[:400]} for d, m in found]

        def calculate_benefit(measure: str, tier: str | None = None, base: str | None = None,
                              doc_id: str | None = None) -> dict[str, Any]:
            """按规则计算金额：measure 条款编号，tier 档次，base 基数（如 120万元），doc_id 文件（可省略）。"""
            ctx = self.engine.context_for(measure, doc_id)
            if ctx is None or ctx.calculator is None:
                return {"error": "没有可计算的规则"}
            try:
                return dict(ctx.calculator.calculate_measure(measure, tier=tier, base=base).to_dict())
            except PolicyAssistantError as exc:
                return {"error": exc.message}

        return LlmComposer(make_chat_model(settings), search_policy, calculate_benefit,
                           max_concurrency=settings.llm_max_concurrency, timeout_s=settings.llm_timeout_s)

    @classmethod
    def from_settings(cls, settings: Settings, client: Any = None) -> Assistant:
        from assistant.runtime import open_index

        return cls(open_index(settings, client=client), settings)

    @staticmethod
    def _contexts(index: PolicyIndex) -> dict[str, DocContext]:
        contexts: dict[str, DocContext] = {}
        for doc in index.documents:
            rules_text = index.rules.get(doc.doc_id)
            if rules_text:
                rules = validate_rule_text(doc, rules_text, source=f"{doc.doc_id}.yaml")
                contexts[doc.doc_id] = DocContext(doc, rules, Calculator(rules, doc.document))
                index.add_terms(set(rules.vocabulary()))
            elif (drafted := draft_rulebase(doc)) is not None:
                # No hand-reviewed rule file: the rules drafted from the text (flagged as such).
                contexts[doc.doc_id] = DocContext(doc, drafted, Calculator(drafted, doc.document))
            else:
                contexts[doc.doc_id] = DocContext(doc)
        return contexts

    def ask(self, message: str, state: str | None = None, as_of: date | str | None = None,
            corrections: Callable[[str, ChatResponse, date], ChatResponse | None] | None = None) -> ChatResponse:
        """Answer one message; ``state`` is the token of the previous answer.

        ``corrections`` (the staff's approved corrections, :meth:`assistant.staff.corrections.Corrections.hook`)
        sees the engine's answer first and may return the corrected one instead, served as is.
        """
        if not isinstance(message, str):
            raise InputError("问题必须是文本")
        if not message.strip():
            raise InputError("问题不能为空，请输入您想咨询的内容")
        if len(message) > MAX_MESSAGE_CHARS:
            raise InputError(f"问题过长（{len(message)} 字），请精简到 {MAX_MESSAGE_CHARS} 字以内")
        day = parse_as_of(as_of, self.settings.today())
        self.reload_if_changed()
        response = self.engine.respond(message, state, day)
        if corrections is not None and (corrected := corrections(message, response, day)) is not None:
            return corrected
        if self.composer is None:
            return response
        if response.intent == "out_of_scope" and state:
            # A follow-up the rules could not place: let the LLM restate it, then ask the
            # deterministic engine again (the rewrite adds no fact; amounts stay the calculator's).
            standalone = self.composer.rewrite(message, self._context_of(state))
            if standalone and standalone != message:
                retried = self.engine.respond(standalone, state, day)
                if retried.intent != "out_of_scope":
                    response = retried
        return self.composer.improve(message, response)

    def _context_of(self, state: str) -> str:
        """The measures in focus, in words, for the LLM's rewrite (never the token itself)."""
        focus = self.codec.decode(state).focus
        titles = []
        for doc_id, measure in focus[:3]:
            with contextlib.suppress(PolicyAssistantError):
                p = self.index.provision(doc_id, measure)
                titles.append(f"{p.display}（{p.title}）")
        return "此前讨论的条款：" + "、".join(titles) if titles else ""

    def reload_if_changed(self, force: bool = False) -> bool:
        """Switch to a newer index when the active pointer moved (an ingest by this or another
        process; in server mode the pointer lives in the Chroma server). Checked at most every
        ``reload_interval_s`` seconds; answers in flight finish on the index they started with."""
        now = time.monotonic()
        if not force and now - self._checked < self.settings.reload_interval_s:
            return False
        if not self._reload_lock.acquire(blocking=False):
            return False
        try:
            self._checked = now
            current = self.index.current_fingerprint()
            if not current or current == self.index.fingerprint:
                return False
            client = self.index.store.client if self.index.store is not None else None
            index = PolicyIndex.open(self.settings.data_dir, client=client, shared=self.index.shared)
            contexts = self._contexts(index)
            self.index, self.contexts = index, contexts
            self.engine = DialogueEngine(index, self.codec, contexts)
            return True
        finally:
            self._reload_lock.release()

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir
