"""What the edges need besides an opened :class:`~assistant.facade.Assistant`: rows of the
listings, id and text normalisation, and — for the command line — working on corpus files
without an index (ingest, the calculator on a rule file, drafting and checking rules)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from assistant.calc.display import CalculationView, status_tag
from assistant.corpus.models import ParsedDocument, Provision
from assistant.errors import InputError, NotFoundError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.index import IngestSummary


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
