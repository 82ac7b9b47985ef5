"""Amount questions on documents nobody wrote rules for: the calculator on drafted rules.

Each case (``evals/datasets/amounts_external.yaml``) names a document, a question, a
verbatim ``quote`` of the provision that must be cited, and the figure the calculator must
give (``total_yuan``, or ``range_yuan``, or null for "no single figure"). A case passes when

* the answer cites the provision holding the quote, in the right document;
* the calculation matches: the exact total, the exact range, or no total at all;
* every yuan figure the answer states is backed: it is in a cited provision's text, in the
  question, or produced by the calculator (total, items, range, trace) — no invented figure;
* ``must_include`` / ``must_not_include`` hold on the answer and its caveats.

``wrong`` counts the worst failure separately: a total stated that differs from the gold
(or a total where the gold says there is none).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from assistant.dialogue.types import ChatResponse
from assistant.evaluation.metrics import percentile
from assistant.text.normalize import normalize_text

_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(亿|万)?\s*元")
_UNIT = {"亿": Decimal(100_000_000), "万": Decimal(10_000), None: Decimal(1)}


@dataclass(frozen=True)
class AmountCase:
    id: str
    doc_id: str
    question: str
    quote: str
    shape: str
    total_yuan: int | None
    range_yuan: tuple[int, int] | None
    must_include: tuple[str, ...] = ()
    must_not_include: tuple[str, ...] = ()


@dataclass
class AmountResult:
    case: AmountCase
    problems: list[str]
    wrong: bool
    invented: list[int]
    answer: str
    ms: float

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class AmountReport:
    results: list[AmountResult] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        n = len(self.results)
        by_shape: dict[str, list[int]] = {}
        for r in self.results:
            row = by_shape.setdefault(r.case.shape, [0, 0])
            row[0] += r.passed
            row[1] += 1
        lat = [r.ms for r in self.results]
        return {
            "cases": n,
            "passed": sum(r.passed for r in self.results),
            "pass_rate": round(sum(r.passed for r in self.results) / max(1, n), 4),
            "amount_wrong": sum(r.wrong for r in self.results),
            "invented_figures": sum(bool(r.invented) for r in self.results),
            "by_shape": {k: {"passed": p, "total": t, "rate": round(p / t, 4)} for k, (p, t) in sorted(by_shape.items())},
            "latency_ms": {"p50": round(percentile(lat, 50), 2), "p95": round(percentile(lat, 95), 2)},
        }


def load_cases(path: Path) -> tuple[date, list[AmountCase]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    as_of = date.fromisoformat(str(data.get("default_as_of") or date.today().isoformat()))
    cases = []
    for c in data["cases"]:
        rng = c.get("range_yuan")
        cases.append(AmountCase(
            str(c["id"]), str(c["doc_id"]).lower(), str(c["question"]), str(c["quote"]), str(c.get("shape", "")),
            None if c.get("total_yuan") is None else int(c["total_yuan"]),
            (int(rng[0]), int(rng[1])) if rng else None,
            tuple(str(s) for s in c.get("must_include") or ()), tuple(str(s) for s in c.get("must_not_include") or ())))
    return as_of, cases


def figures(text: str) -> set[int]:
    """Every yuan figure written in ``text`` (``30万元``, ``1.5万元``, ``3000元``), as integer yuan."""
    out = set()
    for m in _FIGURE.finditer(normalize_text(text).replace(",", "")):
        try:
            out.add(int(Decimal(m.group(1)) * _UNIT[m.group(2)]))
        except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
            continue
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text))


def check(case: AmountCase, r: ChatResponse, provision_text: Callable[[str, str], str]) -> tuple[list[str], bool, list[int]]:
    """Problems with one answer, whether it stated a wrong total, and its unbacked figures."""
    problems: list[str] = []
    cited = [(c.doc_id.lower(), c.measure) for c in r.citations]
    texts = {key: provision_text(*key) for key in cited}
    quote = _squash(case.quote)
    if not any(doc == case.doc_id and quote in _squash(text) for (doc, _), text in texts.items()):
        problems.append(f"does not cite the provision holding “{case.quote[:20]}…” (cites {cited})")
    calc = r.calculation or {}
    total, rng = calc.get("total_yuan"), calc.get("range_yuan")
    wrong = False
    if case.total_yuan is not None:
        if total != case.total_yuan:
            problems.append(f"total {total} ≠ {case.total_yuan}")
            wrong = total is not None
    elif total is not None:
        problems.append(f"total {total} where the text gives no single figure")
        wrong = True
    if case.range_yuan is not None and (not rng or tuple(rng) != case.range_yuan):
        problems.append(f"range {rng} ≠ {list(case.range_yuan)}")
    seen = normalize_text(r.answer + "\n" + "\n".join(r.caveats))
    problems += [f"missing “{s}”" for s in case.must_include if normalize_text(s) not in seen]
    problems += [f"must not say “{s}”" for s in case.must_not_include if normalize_text(s) in seen]
    backed = figures(case.question) | {f for t in texts.values() for f in figures(t)}
    produced = [total, *(rng or []), *(i.get("amount_yuan") for i in calc.get("items", []))]
    backed |= {int(x) for x in produced if x is not None}
    backed |= {f for step in calc.get("trace", []) for f in figures(str(step))}
    invented = sorted(figures(r.answer) - backed)
    if invented:
        problems.append(f"figures not in the text nor from the calculator: {invented}")
    return problems, wrong, invented


def run(ask: Callable[..., ChatResponse], cases: Sequence[AmountCase], as_of: date,
        provision_text: Callable[[str, str], str], tick: Callable[[], None] | None = None) -> AmountReport:
    report = AmountReport()
    for case in cases:
        started = time.perf_counter()
        r = ask(case.question, state=None, as_of=as_of)
        ms = (time.perf_counter() - started) * 1000
        problems, wrong, invented = check(case, r, provision_text)
        report.results.append(AmountResult(case, problems, wrong, invented, r.answer, ms))
        if tick:
            tick()
    return report
