"""One eval run: every dataset, the baselines, the report, and the gate.

    report = run_all(settings, out_dir)     # builds (or reuses) the indexes it needs
    failures = gate(report, thresholds)      # [] when every threshold holds
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant import resources
from assistant.corpus.paths import external_dir
from assistant.evaluation import amounts, dialogue, retrieval
from assistant.evaluation.quality import quality
from assistant.settings import Settings

# Package data (assistant/resources; in the repository links to evals/ and corpus/): a plain
# install runs the evals from any directory.
DATASETS = resources.datasets_dir()
CORPUS = resources.corpus_dir()
EXTERNAL_CORPUS = external_dir()  # ../shared/external: never copied into the project
THRESHOLDS = resources.thresholds_file()
#: (report key, file) of every dialogue dev set; all were tuned on (none is held out).
DIALOGUE_SETS = (("dialogue", "dialogue_baotou.yaml"), ("dev2", "dialogue_baotou_dev2.yaml"),
                 ("dev3", "dialogue_baotou_dev3.yaml"), ("dev4", "dialogue_baotou_dev4.yaml"),
                 ("dev5", "dialogue_baotou_dev5.yaml"), ("dev6", "dialogue_baotou_dev6.yaml"),
                 ("dev7", "dialogue_baotou_dev7.yaml"), ("dev8", "dialogue_baotou_dev8.yaml"),
                 ("dev9", "dialogue_baotou_dev9.yaml"), ("dev10", "dialogue_baotou_dev10.yaml"),
                 ("dev11", "dialogue_baotou_dev11.yaml"), ("dev12", "dialogue_baotou_dev12.yaml"))


@dataclass(frozen=True)
class EvalPaths:
    datasets: Path = DATASETS
    corpus: Path = CORPUS
    external_corpus: Path = EXTERNAL_CORPUS


def _version(path: Path) -> int:
    return int((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("version", 0))


def run_all(settings: Settings, progress: Callable[[str, int], Callable[[], None]] | None = None,
            paths: EvalPaths = EvalPaths()) -> dict[str, Any]:
    """Run every dataset; ``progress(label, total)`` returns a tick function."""
    from assistant.facade import Assistant
    from assistant.index import PolicyIndex
    from assistant.runtime import run_ingest

    started = time.perf_counter()
    report: dict[str, Any] = {"generated": time.strftime("%Y-%m-%d %H:%M:%S"), "datasets": {}}
    tick = progress or (lambda label, total: (lambda: None))

    base_dir = settings.data_dir / "eval" / "baotou"
    run_ingest(Settings(data_dir=base_dir, corpus_dir=paths.corpus), [paths.corpus])
    index = PolicyIndex.open(base_dir)
    bot = Assistant(index, Settings(data_dir=base_dir, corpus_dir=paths.corpus, as_of=settings.as_of))

    rset = paths.datasets / "retrieval_baotou.yaml"
    cases = retrieval.load_cases(rset)
    results = retrieval.run(index, cases, tick=tick("检索基准", len(cases) * 3))
    report["retrieval"] = {"dataset": rset.name, "version": _version(rset), "cases": len(cases),
                           "methods": [r.row() for r in results],
                           "failures": [f for r in results if r.mode == "hybrid" for f in r.failures]}

    for key, name in DIALOGUE_SETS:
        path = paths.datasets / name
        if not path.exists():
            continue
        dcases = dialogue.load_cases(path)
        run = dialogue.run(bot.ask, dcases, tick=tick(f"对话 {name}", len(dcases)))
        report[key] = {"dataset": name, "version": _version(path), **run.summary(), **quality(run, index),
                       "failures": [{"id": r.case.id, "category": r.case.category, "problems": r.problems,
                                     "turns": [{k: a[k] for k in ("user", "intent", "citations", "total_yuan", "answer")}
                                               for a in r.answers]}
                                    for r in run.results if not r.passed],
                       "latencies_ms": [round(x, 2) for x in run.latencies]}

    xset = paths.datasets / "external.yaml"
    if xset.exists() and paths.external_corpus.exists():
        ext_dir = settings.data_dir / "eval" / "external"
        run_ingest(Settings(data_dir=ext_dir), [paths.corpus, *_dataset_files(xset, paths.external_corpus)])
        ext_index = PolicyIndex.open(ext_dir)
        xcases = retrieval.load_cases(xset)
        xres = retrieval.run(ext_index, xcases, tick=tick("跨文档检索", len(xcases) * 3))
        report["external"] = {"dataset": xset.name, "version": _version(xset), "cases": len(xcases),
                              "documents": len(ext_index.documents), "methods": [r.row() for r in xres],
                              "failures": [f for r in xres if r.mode == "hybrid" for f in r.failures]}
    aset = paths.datasets / "amounts_external.yaml"
    if aset.exists() and paths.external_corpus.exists():
        report["amounts"] = _amounts(settings, aset, paths, tick)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def _amounts(settings: Settings, aset: Path, paths: EvalPaths,
             tick: Callable[[str, int], Callable[[], None]]) -> dict[str, Any]:
    """Amount questions on documents with no curated rules: the calculator on drafted rules."""
    from assistant.errors import NotFoundError
    from assistant.facade import Assistant
    from assistant.index import PolicyIndex
    from assistant.runtime import run_ingest

    amt_dir = settings.data_dir / "eval" / "amounts"
    run_ingest(Settings(data_dir=amt_dir), [paths.corpus, *_dataset_files(aset, paths.external_corpus)])
    index = PolicyIndex.open(amt_dir)
    bot = Assistant(index, Settings(data_dir=amt_dir, as_of=settings.as_of))

    def text(doc_id: str, measure: str) -> str:
        try:
            return index.provision(doc_id, measure).text
        except NotFoundError:
            return ""

    as_of, cases = amounts.load_cases(aset)
    run = amounts.run(bot.ask, cases, as_of, text, tick=tick("金额问题（外部文件）", len(cases)))
    return {"dataset": aset.name, "version": _version(aset), "documents": len(index.documents), **run.summary(),
            "failures": [{"id": r.case.id, "shape": r.case.shape, "question": r.case.question,
                          "problems": r.problems, "answer": r.answer[:200]} for r in run.results if not r.passed]}


def _dataset_files(dataset: Path, folder: Path) -> list[Path]:
    """The external files a dataset is about (its doc_id and forbid_docs), so that documents
    added to ../shared/external later do not change what an existing dataset version measures."""
    from assistant.corpus import doc_id_for

    cases = (yaml.safe_load(dataset.read_text(encoding="utf-8")) or {}).get("cases") or []
    names = {str(d).lower() for c in cases for d in [c.get("doc_id"), *(c.get("forbid_docs") or [])] if d}
    return [f for f in sorted(folder.glob("*.txt")) if doc_id_for(f) in names]


def _method(section: dict[str, Any], mode: str) -> dict[str, Any]:
    return next(m for m in section["methods"] if m["mode"] == mode)


def gate(report: dict[str, Any], thresholds: dict[str, Any]) -> list[str]:
    """Every threshold the report misses, as a sentence; empty when all hold."""
    missed: list[str] = []

    def at_least(label: str, value: float | None, minimum: float) -> None:
        if value is None or value < minimum:
            missed.append(f"{label} = {value}，低于阈值 {minimum}")

    for key, _ in DIALOGUE_SETS:
        limits, section = thresholds.get(key) or {}, report.get(key)
        if not limits or section is None:
            continue
        if "pass_rate" in limits:
            at_least(f"{key}.pass_rate", section["pass_rate"], limits["pass_rate"])
        for cat, minimum in (limits.get("category_min") or {}).items():
            at_least(f"{key}.{cat}", section["by_category"].get(cat, {}).get("rate"), minimum)
        for metric in ("amount_exact", "citation_support"):
            if metric in limits:
                at_least(f"{key}.{metric}", section.get(metric), limits[metric])
        if "amount_wrong_max" in limits and section.get("amount_wrong", 0) > limits["amount_wrong_max"]:
            missed.append(f"{key}.amount_wrong = {section['amount_wrong']}：有回答给出了错误金额")
        if "latency_p95_ms" in limits and section["latency_ms"]["p95"] > limits["latency_p95_ms"]:
            missed.append(f"{key}.latency p95 = {section['latency_ms']['p95']} ms，高于阈值 {limits['latency_p95_ms']} ms")
    r_limits = thresholds.get("retrieval") or {}
    if "retrieval" in report and r_limits:
        hybrid = _method(report["retrieval"], "hybrid")
        at_least("retrieval.hybrid hit@1", hybrid["hit@1"], r_limits.get("hybrid_hit@1", 0))
        if r_limits.get("hybrid_beats_baselines"):
            for mode in ("bm25", "dense"):
                other = _method(report["retrieval"], mode)["hit@1"]
                if hybrid["hit@1"] < other:
                    missed.append(f"retrieval: hybrid hit@1 {hybrid['hit@1']} < {mode} {other}")
    x_limits = thresholds.get("external") or {}
    if "external" in report and x_limits:
        hybrid = _method(report["external"], "hybrid")
        at_least("external.hybrid hit@1", hybrid["hit@1"], x_limits.get("hybrid_hit@1", 0))
        at_least("external.doc@1", hybrid["doc@1"], x_limits.get("doc@1", 0))
        if hybrid["forbidden_docs"] > x_limits.get("forbidden_docs", 0):
            missed.append(f"external: {hybrid['forbidden_docs']} 个问题引用了其他地区的文件")
    a_limits, amt = thresholds.get("amounts") or {}, report.get("amounts")
    if amt is not None and a_limits:
        at_least("amounts.pass_rate", amt["pass_rate"], a_limits.get("pass_rate", 0))
        if amt["invented_figures"] > a_limits.get("invented_figures_max", 0):
            missed.append(f"amounts: {amt['invented_figures']} 个回答给出了原文和计算器都没有的金额")
        if "amount_wrong_max" in a_limits and amt["amount_wrong"] > a_limits["amount_wrong_max"]:
            missed.append(f"amounts.amount_wrong = {amt['amount_wrong']}，高于上限 {a_limits['amount_wrong_max']}")
    return missed


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def write_json(report: dict[str, Any], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
