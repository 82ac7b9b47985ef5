"""Draft a document's rule base from its text — no LLM, every rule verified.

Policies state their money in a few shapes (fixed tiers, a rate of a base with a cap,
tiers by threshold, per unit and period, a range decided by review, an amount set by
another policy). The drafter reads them clause by clause and writes rules in the
rule-file format (``docs/rules-schema.md``); each rule quotes its clause verbatim and
passes the same verifier as a hand-written file. A hand-reviewed
``corpus/rules/<doc_id>.yaml`` always wins over a draft (:func:`rulebase_or_draft`).

Example::

    from assistant.rules.draft import draft, draft_rulebase, to_yaml
    result = draft(doc)              # DraftResult: data, sources, skipped
    print(to_yaml(result))           # for review, each rule with its source sentence
    rules = draft_rulebase(doc)      # RuleBase (drafted=True) or None
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from assistant.corpus.models import ParsedDocument
from assistant.errors import RuleError
from assistant.rules.draft.assemble import DraftResult, draft
from assistant.rules.loader import load_rulebase_for, parse_rulebase, rule_file_for
from assistant.rules.rulebase import RuleBase

__all__ = ["DraftResult", "draft", "draft_rulebase", "rulebase_or_draft", "to_yaml"]

_log = logging.getLogger(__name__)


def draft_rulebase(doc: ParsedDocument) -> RuleBase | None:
    """The drafted, verified rule base of ``doc`` (``drafted=True``); None when it has no money rules."""
    result = draft(doc)
    if not result.rules:
        return None
    try:
        return parse_rulebase(
            result.data,
            source_text=doc.text,
            measure_ids=doc.measure_ids,
            provision_texts={p.measure: p.text for p in doc.provisions},
            doc_id=doc.doc_id,
            source=f"{doc.doc_id}.draft.yaml",
            drafted=True,
            title=doc.document.title,
        )
    except RuleError as exc:  # the drafter verifies its own output; a document must never fail to load
        _log.warning("drafted rules of %s rejected: %s", doc.doc_id, exc.message)
        return None


def rulebase_or_draft(doc: ParsedDocument, rules_dir: Path) -> RuleBase | None:
    """The curated rule file of ``doc`` when there is one, else its draft (or None)."""
    if rule_file_for(doc.doc_id, rules_dir).is_file():
        return load_rulebase_for(doc, rules_dir)
    return draft_rulebase(doc)


def to_yaml(result: DraftResult) -> str:
    """The draft as a rule file for review: each rule preceded by its source sentence."""
    head = {k: v for k, v in result.data.items() if k != "rules"}
    lines = [
        f"# 自动起草的规则库（{result.doc_id}）：金额依原文自动解析，请逐条核对后保存为 corpus/rules/{result.doc_id}.yaml",
        yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=1000).rstrip(),
        "rules:",
    ]
    for rule in result.rules:
        lines.append(f"  # 原文：{result.sources.get(rule['id'], '')}")
        body = yaml.safe_dump([rule], allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
        lines += ["  " + line if line else line for line in body.rstrip().splitlines()]
    for rule_id, why in result.skipped:
        lines.append(f"# 未采用 {rule_id}：{why}")
    return "\n".join(lines) + "\n"
