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
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from assistant.calc import Calculator
from assistant.calc.display import CalculationView, citation_mark, display_strings, measure_label, status_tag
from assistant.corpus.models import ParsedDocument, Provision
from assistant.dates import parse_as_of
from assistant.dialogue.pipeline import DialogueEngine, DocContext
from assistant.dialogue.state import StateCodec, load_or_create_key
from assistant.dialogue.types import ChatResponse, Citation
from assistant.errors import InputError, NotFoundError, PolicyAssistantError
from assistant.index import PolicyIndex
from assistant.rules.draft import draft_rulebase
from assistant.rules.loader import validate_rule_text
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.index import IngestSummary
    from assistant.rules.view import RuleView

__all__ = ["Assistant", "CalculationView", "ChatResponse", "Citation", "Health", "ParsedDocument", "Provision",
           "RulesDraft", "calculate_in_corpus", "canonical_measure", "check_rules", "citation_mark", "doc_id_for",
           "document_row", "draft_rules", "ingest", "measure_label", "measure_row", "normalize_text", "serving_environment"]
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


@dataclass(frozen=True)
class Health:
    """``GET /healthz``: ``ok`` with the counts, or ``degraded`` with the reason."""

    status: Literal["ok", "degraded"]
    documents: int
    measures: int
    collection: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "documents": self.documents, "measures": self.measures,
                               "collection": self.collection}
        return {**out, "detail": self.detail} if self.detail else out


def document_row(doc: ParsedDocument) -> dict[str, Any]:
    """``doc_id, title, issuer, doc_number, region, issued, status, valid_until, measures``."""
    from assistant.corpus.catalog import document_row as row

    return row(doc)


def measure_row(p: Provision) -> dict[str, Any]:
    """A provision as ``GET /api/measures`` and ``policy-assistant measures --json`` list it."""
    return {"doc_id": p.doc_id, "measure": p.measure, "title": p.title, "path": p.path_text,
            "departments": list(p.departments), "text": p.text}


def canonical_measure(text: str) -> str:
    """A measure as people write it (第6条, 四、（一）) → its id (6, 四(一))."""
    from assistant.rules.names import canonical_measure as canonical

    return canonical(text)


def normalize_text(text: str) -> str:
    """Text as the engine compares it (full width → half, 繁 → 简, spacing)."""
    from assistant.text.normalize import normalize_text as normalize

    return normalize(text)


# -- for the command line: corpus files without an index ----------------------------------


def ingest(settings: Settings, paths: list[Path] | None = None, *, progress: Callable[[int, int], None] | None = None,
           strict: bool = False) -> IngestSummary:
    """Index ``paths`` (default: the corpus) — idempotent and atomic (:func:`assistant.runtime.run_ingest`)."""
    from assistant.runtime import run_ingest

    return run_ingest(settings, paths, progress=progress, strict=strict)


def serving_environment() -> None:
    """Call before the embedding model loads in a serving process (one embedding thread)."""
    from assistant.runtime import serving_environment as prepare

    prepare()


def doc_id_for(path: Path) -> str:
    """The document id a text file is indexed under."""
    from assistant.corpus import doc_id_for as id_for

    return id_for(path)


def calculate_in_corpus(corpus_dir: Path, doc_id: str | None, measure: str, *, tier: str | None = None,
                        base: str | int | None = None, as_of: date) -> CalculationView:
    """The calculator on the hand-reviewed rule file ``corpus_dir/rules/<doc_id>.yaml`` and its
    text (no index needed); ``doc_id`` may be left out when there is one rule file."""
    from assistant.calc import Calculator
    from assistant.corpus import load_document
    from assistant.rules import load_rulebase_for

    rules_dir = corpus_dir / "rules"
    if doc_id is None:
        available = sorted(p.stem for p in rules_dir.glob("*.yaml"))
        if not available:
            raise NotFoundError(f"{rules_dir} 中没有规则库")
        if len(available) > 1:
            raise InputError(f"有多份规则库，请用 --doc 指定：{'、'.join(available)}")
        doc_id = available[0]
    text = next((p for p in sorted(corpus_dir.glob(f"{doc_id}.*")) if p.suffix in (".txt", ".md")), None)
    if text is None:
        raise NotFoundError(f"没有找到文档“{doc_id}”（{corpus_dir}）")
    doc = load_document(text)
    result = Calculator(load_rulebase_for(doc, rules_dir), doc.document).calculate_measure(
        measure, base=base, tier=tier, as_of=as_of)
    return CalculationView.of_result(result, {p.measure: p.display for p in doc.provisions},
                                     status_tag(doc.document, as_of))


class RulesDraft(NamedTuple):
    """Rules drafted from a text for review: the YAML, how many rules, how many left out."""

    yaml: str
    rules: int
    skipped: int


def draft_rules(path: Path) -> RulesDraft:
    """The rule file drafted from the text at ``path`` (each rule with its source sentence)."""
    from assistant.corpus import load_document
    from assistant.rules.draft import draft, to_yaml

    result = draft(load_document(path))
    return RulesDraft(to_yaml(result), len(result.rules), len(result.skipped))


def check_rules(path: Path, rules_dir: Path) -> int:
    """How many rules ``rules_dir/<doc_id>.yaml`` has, every quote and amount checked against
    the text at ``path``; a :class:`PolicyAssistantError` saying what does not match otherwise."""
    from assistant.corpus import load_document
    from assistant.rules import load_rulebase_for

    return len(load_rulebase_for(load_document(path), rules_dir).rules)
