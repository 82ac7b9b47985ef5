"""Dialogue evaluation: every case through ``Assistant.ask``, checked turn by turn.

The semantics of each ``expect`` key are documented in ``evals/datasets/README.md``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant.dialogue.types import ChatResponse
from assistant.evaluation.metrics import percentile
from assistant.text.normalize import normalize_text


@dataclass(frozen=True)
class DialogueCase:
    id: str
    category: str
    as_of: date
    turns: tuple[dict[str, Any], ...]


@dataclass
class CaseResult:
    case: DialogueCase
    passed: bool
    problems: list[str]
    answers: list[dict[str, Any]]
    latencies_ms: list[float]


@dataclass
class DialogueReport:
    results: list[CaseResult] = field(default_factory=list)

    @property
    def latencies(self) -> list[float]:
        return [ms for r in self.results for ms in r.latencies_ms]

    def by_category(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for r in self.results:
            passed, total = out.get(r.case.category, (0, 0))
            out[r.case.category] = (passed + r.passed, total + 1)
        return dict(sorted(out.items()))

    @property
    def pass_rate(self) -> float:
        return sum(r.passed for r in self.results) / max(1, len(self.results))

    def summary(self) -> dict[str, Any]:
        lat = self.latencies
        return {
            "cases": len(self.results),
            "passed": sum(r.passed for r in self.results),
            "pass_rate": round(self.pass_rate, 4),
            "by_category": {k: {"passed": p, "total": t, "rate": round(p / t, 4)} for k, (p, t) in self.by_category().items()},
            "latency_ms": {"p50": round(percentile(lat, 50), 2), "p95": round(percentile(lat, 95), 2),
                           "max": round(max(lat, default=0.0), 2)},
        }


def load_cases(path: Path) -> list[DialogueCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    default = str(data.get("default_as_of", date.today().isoformat()))
    return [DialogueCase(str(c["id"]), str(c["category"]), date.fromisoformat(str(c.get("as_of", default))),
                         tuple(c["turns"])) for c in data["cases"]]


def check_turn(expect: dict[str, Any], r: ChatResponse) -> list[str]:
    """Problems with one response; empty when every expectation holds."""
    problems: list[str] = []
    cited = [c.measure for c in r.citations]
    seen = normalize_text(r.answer + "\n" + "\n".join(r.caveats))
    calc = r.calculation
    if "intent" in expect and r.intent != expect["intent"]:
        problems.append(f"intent {r.intent} ≠ {expect['intent']}")
    for m in expect.get("cites", []) or []:
        if str(m) not in cited:
            problems.append(f"missing citation {m} (got {cited})")
    if "primary" in expect and (not cited or cited[0] != str(expect["primary"])):
        problems.append(f"primary {cited[:1]} ≠ {expect['primary']}")
    if "total_yuan" in expect:
        want = expect["total_yuan"]
        got = calc["total_yuan"] if calc else None
        if want is None and got is not None:
            problems.append(f"total {got} should be null")
        elif want is not None and got != want:
            problems.append(f"total {got} ≠ {want}")
    if "range_yuan" in expect:
        got_range = calc["range_yuan"] if calc else None
        if got_range != list(expect["range_yuan"]):
            problems.append(f"range {got_range} ≠ {expect['range_yuan']}")
    if expect.get("no_calculation") and calc is not None:
        problems.append("calculation should be null")
    if expect.get("refusal") and ([m for m in cited if m != "cover"] or calc is not None):
        problems.append(f"not a refusal (cites {cited}, calc {bool(calc)})")
    for s in expect.get("must_include", []) or []:
        if normalize_text(str(s)) not in seen:
            problems.append(f"missing “{s}”")
    for s in expect.get("must_not_include", []) or []:
        if normalize_text(str(s)) in seen:
            problems.append(f"must not say “{s}”")
    return problems


def run(ask: Callable[..., ChatResponse], cases: Sequence[DialogueCase],
        tick: Callable[[], None] | None = None) -> DialogueReport:
    report = DialogueReport()
    for case in cases:
        state: str | None = None
        problems: list[str] = []
        answers: list[dict[str, Any]] = []
        latencies: list[float] = []
        for i, turn in enumerate(case.turns, 1):
            started = time.perf_counter()
            try:
                r = ask(str(turn["user"]), state=state, as_of=case.as_of)
            except Exception as exc:  # an error is a failed case, reported with its message
                problems.append(f"turn {i}: {type(exc).__name__}: {exc}")
                break
            latencies.append((time.perf_counter() - started) * 1000)
            state = r.state
            answers.append({"user": turn["user"], "intent": r.intent, "answer": r.answer, "caveats": r.caveats,
                            "citations": [c.measure for c in r.citations],
                            "quotes": [(c.doc_id, c.measure, c.quote) for c in r.citations],
                            "total_yuan": r.calculation["total_yuan"] if r.calculation else None})
            problems += [f"turn {i}: {p}" for p in check_turn(turn.get("expect") or {}, r)]
        report.results.append(CaseResult(case, not problems, problems, answers, latencies))
        if tick:
            tick()
    return report
