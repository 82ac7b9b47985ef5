"""``Assistant``: the service the edges call (see :mod:`assistant.facade`).

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
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.calc import Calculator
from assistant.calc.display import CalculationView, display_strings, status_tag
from assistant.corpus.models import ParsedDocument, Provision
from assistant.dates import parse_as_of
from assistant.dialogue.pipeline import DialogueEngine, DocContext
from assistant.dialogue.state import StateCodec, load_or_create_key
from assistant.dialogue.types import ChatResponse
from assistant.errors import InputError, NotFoundError, PolicyAssistantError
from assistant.facade.health import Health
from assistant.facade.offline import document_row
from assistant.index import PolicyIndex
from assistant.rules.draft import draft_rulebase
from assistant.rules.loader import validate_rule_text
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.index import IngestSummary
    from assistant.rules.view import RuleView

SearchMode = Literal["hybrid", "bm25", "dense"]

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
            # Verified and drafted rule bases are kept in the data dir, keyed by the document and
            # the rule file's text (and the code): a fresh process does not verify or draft again.
            if rules_text:
                rules = index.cached_for_document(doc.doc_id, "rules", partial(
                    validate_rule_text, doc, rules_text, source=f"{doc.doc_id}.yaml"), rules_text)
                contexts[doc.doc_id] = DocContext(doc, rules, Calculator(rules, doc.document))
                index.add_terms(set(rules.vocabulary()))
            elif (drafted := index.cached_for_document(doc.doc_id, "draft", partial(draft_rulebase, doc))) is not None:
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
            return self._displayed(corrected)
        if self.composer is None:
            return self._displayed(response)
        if response.intent == "out_of_scope" and state:
            # A follow-up the rules could not place: let the LLM restate it, then ask the
            # deterministic engine again (the rewrite adds no fact; amounts stay the calculator's).
            standalone = self.composer.rewrite(message, self._context_of(state))
            if standalone and standalone != message:
                retried = self.engine.respond(standalone, state, day)
                if retried.intent != "out_of_scope":
                    response = retried
        return self._displayed(self.composer.improve(message, response))

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
            # Server mode reuses its HTTP client; embedded mode opens lazily (no chromadb import).
            client = self.index.store.client if self.index.shared and self.index.store is not None else None
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

    def _displayed(self, response: ChatResponse) -> ChatResponse:
        """The answer with every display string an edge shows (:mod:`assistant.calc.display`):
        the calculation's, and a label on each citation (a served correction may lack one)."""
        calculation = display_strings(response.calculation) if response.calculation is not None else None
        citations = [c if c.label else replace(c, label=self.label(c.doc_id, c.measure)) for c in response.citations]
        return replace(response, calculation=calculation, citations=citations)

    # -- what the edges read: typed, so that no edge reaches into the index or the rules --

    def today(self) -> date:
        """The default as-of date: today, or ``ASSISTANT_AS_OF``."""
        return self.settings.today()

    def as_of(self, value: date | str | None) -> date:
        """``value`` as a date (YYYY-MM-DD), :meth:`today` when empty; a Chinese error otherwise."""
        return parse_as_of(value, self.settings.today())

    def documents(self) -> list[ParsedDocument]:
        """Every indexed document, in index order."""
        return list(self.index.documents)

    def document(self, doc_id: str) -> ParsedDocument:
        """One document; :class:`NotFoundError` when it is not indexed."""
        return self.index.document(doc_id)

    def catalog(self) -> list[dict[str, Any]]:
        """One row per document (:func:`document_row`), as ``GET /api/documents`` lists them."""
        return [document_row(d) for d in self.index.documents]

    def measures(self, doc_id: str | None = None, *, citable: bool = False) -> list[Provision]:
        """The provisions of one document (every document when None), in document order;
        ``citable`` keeps only the units answers cite (no group headings)."""
        docs = [self.index.document(doc_id)] if doc_id else self.index.documents
        return [p for d in docs for p in (d.leaves() if citable else d.provisions)]

    def provision(self, doc_id: str, measure: str) -> Provision:
        """One provision; :class:`NotFoundError` (Chinese) when there is none."""
        return self.index.provision(doc_id, measure)

    def label(self, doc_id: str, measure: str) -> str:
        """How citations name a measure (第2条, 四、(一)); the id itself when unknown."""
        try:
            return self.index.provision(doc_id, measure).display
        except NotFoundError:
            return measure

    def search(self, query: str, k: int = 5, doc_ids: list[str] | None = None,
               mode: SearchMode = "hybrid") -> list[tuple[Provision, float]]:
        """The measures retrieval finds for ``query`` (region-scoped as answers are), best first."""
        hits = self.index.search(query, k=k, doc_ids=doc_ids, mode=mode)
        return [(self.index.provision(h.doc_id, h.measure), h.score) for h in hits]

    def rules_for(self, doc_id: str, measure: str | None = None) -> list[RuleView]:
        """The rules of a measure (every rule of the document when None), drafted or curated, as
        display data: shape, what it grants, amounts as display strings, quote, ``drafted``."""
        from assistant.rules.view import rules_view

        ctx = self.contexts.get(doc_id)
        return rules_view(ctx.rules if ctx is not None else None, measure)

    def tiers(self, doc_id: str, measure: str) -> list[str]:
        """What the calculator takes as ``tier`` for a measure: each tier of a tiered benefit,
        else the rule's title."""
        ctx = self.contexts.get(doc_id)
        rules = ctx.rules.rules_for(measure) if ctx is not None and ctx.rules is not None else ()
        return list(dict.fromkeys(name for r in rules for name in ([t.name for t in r.tiers] or [r.title])))

    def calculate(self, doc_id: str | None, measure: str, *, tier: str | None = None,
                  base: str | int | None = None, as_of: date | str | None = None) -> CalculationView:
        """The deterministic calculator on one measure, with its display strings; ``doc_id``
        None is the first document that has rules. Bad input is a Chinese error."""
        doc_id = doc_id or next((d for d, c in self.contexts.items() if c.calculator is not None), None)
        ctx = self.contexts.get(doc_id) if doc_id else None
        if ctx is None or ctx.calculator is None:
            raise NotFoundError("该文件没有可计算的金额条款")
        day = self.as_of(as_of)
        result = ctx.calculator.calculate_measure(measure, base=base, tier=tier, as_of=day)
        labels = {p.measure: p.display for p in ctx.doc.provisions}
        return CalculationView.of_result(result, labels, status_tag(ctx.doc.document, day))

    def reingest(self) -> IngestSummary:
        """Re-index the corpus (in server mode only the holder of the server's lock writes) and
        switch to the new index when anything changed; answers go on meanwhile."""
        from assistant.runtime import run_ingest

        summary = run_ingest(self.settings, client=self.index.store.client if self.index.store is not None else None)
        if summary.changed:
            self.reload_if_changed(force=True)
        return summary

    def health(self) -> Health:
        """Counts of the index in use, and whether the vector store answers."""
        with contextlib.suppress(Exception):  # a down store is reported just below
            self.reload_if_changed()
        index = self.index
        counts = (len(index.documents), sum(len(d.provisions) for d in index.documents), index.collection)
        if index.store is not None and not index.store.alive():
            return Health("degraded", *counts, detail="向量数据库不可达，检索暂不可用")
        return Health("ok", *counts)
