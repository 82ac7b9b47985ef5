"""Load a rule-base YAML file and verify it against its document.

Loading fails — with one :class:`~assistant.errors.RuleError` that names every
offending rule — when the file is not valid YAML, does not follow the schema
(``docs/rules-schema.md``), cites a measure the document lacks, or quotes words the
document does not contain.

Example:
    >>> doc = load_document(Path("corpus/baotou-zjtx-2023.txt"))   # doctest: +SKIP
    >>> rules = load_rulebase_for(doc, Path("corpus/rules"))        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.corpus.models import ParsedDocument
from assistant.errors import NotFoundError, RuleError
from assistant.rules.rulebase import RuleBase
from assistant.rules.schema import RuleFile
from assistant.rules.verify import Problem, verify


def rule_file_for(doc_id: str, rules_dir: Path) -> Path:
    """Where the rules of ``doc_id`` live: ``<rules_dir>/<doc_id>.yaml``."""
    return rules_dir / f"{doc_id}.yaml"


def load_rulebase_for(doc: ParsedDocument, rules_dir: Path) -> RuleBase:
    """Load and verify the rule base of a parsed document.

    Quotes are checked against the provision of their own measure.

    Raises:
        NotFoundError: the document has no rule file.
        RuleError: the file is invalid or contradicts the document.
    """
    path = rule_file_for(doc.doc_id, rules_dir)
    if not path.is_file():
        raise NotFoundError(f"文件“{doc.doc_id}”没有规则库（{path}）")
    return load_rulebase(path, **_document_args(doc))


def validate_rule_text(doc: ParsedDocument, text: str, *, source: str = "") -> RuleBase:
    """Verify rule-base YAML ``text`` against ``doc`` (what ingest calls before indexing).

    Raises:
        RuleError: the text is invalid or contradicts the document.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleError(f"规则文件 {source or doc.doc_id + '.yaml'} 无法解析：{exc}") from exc
    return parse_rulebase(data, **_document_args(doc), source=source or f"{doc.doc_id}.yaml")


def _document_args(doc: ParsedDocument) -> dict[str, Any]:
    return {
        "source_text": doc.text,
        "measure_ids": doc.measure_ids,
        "provision_texts": {p.measure: p.text for p in doc.provisions},
        "doc_id": doc.doc_id,
    }


def load_rulebase(
    path: Path,
    *,
    source_text: str,
    measure_ids: Collection[str],
    provision_texts: Mapping[str, str] | None = None,
    doc_id: str | None = None,
) -> RuleBase:
    """Load ``path`` and verify it against a document given as plain values.

    Args:
        path: the YAML file.
        source_text: the document's full text.
        measure_ids: the document's measure ids.
        provision_texts: measure id → provision text, to check quotes per measure.
        doc_id: when given, the file's ``doc_id`` must equal it.

    Raises:
        RuleError: see the module docstring.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, yaml.YAMLError) as exc:
        raise RuleError(f"规则文件 {path.name} 无法读取：{exc}") from exc
    return parse_rulebase(
        data,
        source_text=source_text,
        measure_ids=measure_ids,
        provision_texts=provision_texts,
        doc_id=doc_id,
        source=str(path),
    )


def parse_rulebase(
    data: object,
    *,
    source_text: str,
    measure_ids: Collection[str],
    provision_texts: Mapping[str, str] | None = None,
    doc_id: str | None = None,
    source: str = "",
    drafted: bool = False,
    title: str = "",
) -> RuleBase:
    """Build a verified :class:`RuleBase` from already-parsed YAML data (see :func:`load_rulebase`);
    ``title`` is the document's, for telling its name apart from a benefit's in questions."""
    name = Path(source).name or "规则库"
    try:
        rule_file = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise RuleError(_report(name, _schema_problems(exc, data))) from exc
    problems: list[Problem] = []
    if doc_id is not None and rule_file.doc_id != doc_id:
        problems.append(("doc_id", f"规则库属于“{rule_file.doc_id}”，不是“{doc_id}”"))
    problems += verify(
        rule_file, source_text=source_text, measure_ids=measure_ids, provision_texts=provision_texts
    )
    if problems:
        raise RuleError(_report(name, problems))
    return RuleBase(
        doc_id=rule_file.doc_id,
        rules=rule_file.rules,
        measure_ids=tuple(measure_ids),
        exclusivity=rule_file.exclusivity,
        source=source,
        drafted=drafted,
        same_measure=rule_file.same_measure,
        title=title,
    )


def _schema_problems(exc: ValidationError, data: object) -> list[Problem]:
    rules: list[Any] = (data.get("rules") or []) if isinstance(data, dict) else []
    problems: list[Problem] = []
    for err in exc.errors():
        loc = err["loc"]
        owner = "文件"
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            raw = rules[loc[1]] if isinstance(rules, list) and loc[1] < len(rules) else None
            owner = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") else f"rules[{loc[1]}]"
            loc = loc[2:]
        elif loc and loc[0] == "exclusivity":
            owner = "exclusivity"
            loc = loc[1:]
        field = ".".join(str(part) for part in loc)
        problems.append((owner, f"{field + '：' if field else ''}{err['msg']}"))
    return problems


def _report(name: str, problems: list[Problem]) -> str:
    lines = [f"规则库 {name} 校验失败："]
    lines += [f"- 规则 {owner}：{what}" for owner, what in problems]
    return "\n".join(lines)
