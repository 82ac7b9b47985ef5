"""Retrieval benchmark: hit@1, hit@3, MRR and latency for BM25, dense and hybrid.

Runs over a dataset of questions with expected measures (``evals/datasets/retrieval_*.yaml``,
``external.yaml``) against an index the caller opened.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.evaluation.metrics import hit_at, percentile, reciprocal_rank
from assistant.index import PolicyIndex

MODES = ("bm25", "dense", "hybrid")


@dataclass(frozen=True)
class RetrievalCase:
    id: str
    question: str
    expected: tuple[str, ...]
    doc_id: str
    style: str = ""
    forbid_docs: tuple[str, ...] = ()


@dataclass
class ModeResult:
    mode: str
    hit1: float = 0.0
    hit3: float = 0.0
    mrr: float = 0.0
    doc_hit1: float = 0.0
    forbidden: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {"mode": self.mode, "hit@1": round(self.hit1, 3), "hit@3": round(self.hit3, 3),
                "mrr": round(self.mrr, 3), "doc@1": round(self.doc_hit1, 3), "forbidden_docs": self.forbidden,
                "p50_ms": round(self.p50_ms, 2), "p95_ms": round(self.p95_ms, 2)}


def load_cases(path: Path) -> list[RetrievalCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    default_doc = data.get("doc_id", "")
    return [
        RetrievalCase(str(c["id"]), str(c["question"]), tuple(str(m) for m in c["expected"]),
                      str(c.get("doc_id", default_doc)).lower(), str(c.get("style", "")),
                      tuple(str(d).lower() for d in c.get("forbid_docs", ())))
        for c in data["cases"]
    ]


def run_mode(index: PolicyIndex, cases: Sequence[RetrievalCase], mode: str,
             tick: Callable[[], None] | None = None) -> ModeResult:
    result = ModeResult(mode)
    latencies: list[float] = []
    for case in cases:
        started = time.perf_counter()
        hits = index.search(case.question, k=10, mode=mode)  # type: ignore[arg-type]
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = [h.measure for h in hits if h.doc_id == case.doc_id]
        ranked_all = [f"{h.doc_id}:{h.measure}" for h in hits]
        expected_all = [f"{case.doc_id}:{m}" for m in case.expected]
        result.hit1 += hit_at(ranked_all, expected_all, 1)
        result.hit3 += hit_at(ranked_all, expected_all, 3)
        result.mrr += reciprocal_rank(ranked_all, expected_all)
        result.doc_hit1 += bool(hits) and hits[0].doc_id == case.doc_id
        bad = [h.doc_id for h in hits[:3] if h.doc_id in case.forbid_docs]
        result.forbidden += bool(bad)
        if not hit_at(ranked_all, expected_all, 1) or bad:
            result.failures.append({"id": case.id, "question": case.question, "expected": list(case.expected),
                                    "got": ranked_all[:3], "forbidden": bad, "in_doc": ranked[:3]})
        if tick:
            tick()
    n = max(1, len(cases))
    result.hit1, result.hit3, result.mrr, result.doc_hit1 = (result.hit1 / n, result.hit3 / n,
                                                             result.mrr / n, result.doc_hit1 / n)
    result.p50_ms, result.p95_ms = percentile(latencies, 50), percentile(latencies, 95)
    return result


def run(index: PolicyIndex, cases: Sequence[RetrievalCase], modes: Sequence[str] = MODES,
        tick: Callable[[], None] | None = None) -> list[ModeResult]:
    for case in cases[:3]:  # warm the embedding model and caches outside the timings
        index.search(case.question, k=1)
    return [run_mode(index, cases, mode, tick) for mode in modes]
