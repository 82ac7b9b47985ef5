"""A document's own vocabulary: ``corpus/<doc_id>.vocab.yaml`` beside its text.

Words that belong to one policy (its programmes, its phrases, the everyday words callers
use for them, cues for facts only its rule base tests) are data next to the document, so
no module of ``assistant/`` names them. The file is optional; a missing one is empty.

    terms:   [助保贷, 两部制电价]               # kept whole by the tokenizer
    lexicon: {需量电费: [容量电费, 需量]}       # everyday words → the document's term
    facts:   {facility_type: [[污水处理, 污水处理企业]]}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Vocabulary:
    terms: frozenset[str] = frozenset()
    lexicon: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: fact key → ((pattern, value), …), first match wins
    facts: dict[str, tuple[tuple[str, Any], ...]] = field(default_factory=dict)

    def merged(self, other: Vocabulary) -> Vocabulary:
        lexicon = {k: tuple(dict.fromkeys((*self.lexicon.get(k, ()), *v))) for k, v in other.lexicon.items()}
        return Vocabulary(self.terms | other.terms, {**self.lexicon, **lexicon}, {**other.facts, **self.facts})


def vocab_path(doc_path: str, doc_id: str) -> Path:
    return Path(doc_path).parent / f"{doc_id}.vocab.yaml"


@lru_cache(maxsize=64)
def _read(path: Path, mtime: float) -> Vocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Vocabulary(
        frozenset(str(t) for t in data.get("terms") or ()),
        {str(k): tuple(str(v) for v in vs) for k, vs in (data.get("lexicon") or {}).items()},
        {str(k): tuple((str(p), v) for p, v in cues) for k, cues in (data.get("facts") or {}).items()},
    )


def document_vocabulary(doc_path: str, doc_id: str) -> Vocabulary:
    """The vocabulary beside a document's text, or an empty one."""
    if not doc_path:
        return Vocabulary()
    path = vocab_path(doc_path, doc_id)
    try:
        return _read(path, path.stat().st_mtime)
    except FileNotFoundError:
        return Vocabulary()


def corpus_vocabulary(docs: Iterable[tuple[str, str]]) -> Vocabulary:
    """The union over ``(path, doc_id)`` pairs."""
    out = Vocabulary()
    for path, doc_id in docs:
        out = out.merged(document_vocabulary(path, doc_id))
    return out
