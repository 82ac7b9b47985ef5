"""``Assistant``: the one facade every edge (CLI, API, console, evals) calls.

    >>> bot = Assistant.from_settings(Settings())
    >>> r = bot.ask("我们刚评上小巨人，能拿多少？")
    >>> r.calculation["total_yuan"]
    1000000
    >>> bot.ask("那自治区级的呢", state=r.state).intent
    'amount'

The edges (``assistant.api``, ``assistant.console``, ``assistant.cli``) import the core only
from here (an import-linter contract): the service (:mod:`.service`), the types it returns,
and the helpers of :mod:`.offline` for listings and for work on corpus files without an index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.calc.display import CalculationView, citation_mark, measure_label
from assistant.corpus.models import ParsedDocument, Provision
from assistant.dialogue.types import ChatResponse, Citation
from assistant.facade.health import Health
from assistant.facade.offline import (
    RulesDraft,
    calculate_in_corpus,
    canonical_measure,
    check_rules,
    doc_id_for,
    document_row,
    draft_rules,
    ingest,
    measure_row,
    normalize_text,
    serving_environment,
)
from assistant.facade.service import MAX_MESSAGE_CHARS, Assistant

if TYPE_CHECKING:
    from assistant.index import IngestSummary as IngestSummary
    from assistant.rules.view import RuleView as RuleView

__all__ = ["MAX_MESSAGE_CHARS", "Assistant", "CalculationView", "ChatResponse", "Citation", "Health",
           "ParsedDocument", "Provision", "RulesDraft", "calculate_in_corpus",
           "canonical_measure", "check_rules", "citation_mark", "doc_id_for", "document_row", "draft_rules",
           "ingest", "measure_label", "measure_row", "normalize_text", "serving_environment"]
