"""No-double-reward clauses (就高不重复, 不重复享受, 同质同类…不做重复奖励) and cross references
(前款奖励与本意见第一条规定的奖励不可重复享受)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.corpus.models import Provision
from assistant.rules.draft.sentences import clauses
from assistant.rules.names import canonical_measure

_EXCLUSIVE = re.compile(
    r"就高不重复|不重复享受|不做重复奖励|不重复奖励|不可重复享受|从优不重复|就高不就低|不得重复享受|不重复支持|"
    r"不再重复|不再享受"
)
_REFERENCE = re.compile(r"(前款|本条)?[^，。；]*?(?:本(?:意见|办法|措施|政策))?第([一二三四五六七八九十百\d]+)条")

ASSUMPTION = (
    "原文规定不重复享受（{quote}）；自动解析未逐项归组，跨条款明确不可重复的奖励归为一组、只计最高一项，"
    "其余奖励分别计算，以主管部门核定为准。"
)


def find(provisions: Sequence[Provision]) -> tuple[dict[str, Any] | None, dict[str, set[str]]]:
    """The document's exclusivity clause (the first found), and cross-referenced groups:
    group id → the measures whose benefits may not be combined."""
    clause_found: dict[str, Any] | None = None
    groups: dict[str, set[str]] = {}
    ids = {p.measure for p in provisions}
    for p in provisions:
        for c in clauses(p.text):
            m = _EXCLUSIVE.search(c.text)
            if not m:
                continue
            if clause_found is None:
                clause_found = {"id": "exclusivity", "measure": p.measure, "quote": c.text,
                                "assumption": ASSUMPTION.format(quote=m.group(0)), "groups": []}
            ref = _REFERENCE.search(c.text)
            if ref:
                target = _target(ref.group(2), ids)
                if target and target != p.measure:
                    groups[f"cross-{len(groups) + 1}"] = {p.measure, target}
    return clause_found, groups


def _target(number: str, ids: set[str]) -> str | None:
    arabic = canonical_measure(f"第{number}条")
    for candidate in (arabic, number):
        if candidate in ids:
            return candidate
    return None
