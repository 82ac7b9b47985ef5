"""Latency benchmark of ``Assistant.ask`` over the Baotou dialogue eval sets (a benchmark
that reports numbers, not a timed test).

    python evals/ask_benchmark.py                      # every dialogue_baotou*.yaml, once
    python evals/ask_benchmark.py --threads 1          # as a server runs (one embedding thread)
    python evals/ask_benchmark.py --json out.json

Every turn of every case is asked once, in order, with the state of the turn before, on a
fresh assistant (no question is answered from the query-vector cache of an earlier set).
It reports p50 / p95 / max per set and over all turns, how many questions were embedded,
and the machine's load average at the start and the end: figures taken on a busy machine
are not comparable, so the load is part of the result. Builds (or reuses) an index in a
scratch data dir, so it never touches ./data.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data" / "bench-ask")
    parser.add_argument("--threads", type=int, help="embedding threads (OMP_NUM_THREADS), set before the model loads")
    parser.add_argument("--json", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)
    if args.threads:
        os.environ["OMP_NUM_THREADS"] = str(args.threads)

    from assistant import Assistant, Settings
    from assistant.evaluation import dialogue
    from assistant.evaluation.metrics import percentile as _percentile
    from assistant.runtime import run_ingest

    settings = Settings(data_dir=args.data_dir, corpus_dir=ROOT / "corpus")
    if not (args.data_dir / "index").exists():
        run_ingest(settings)
    load_before = os.getloadavg()[0]
    rows: list[dict[str, object]] = []
    every: list[float] = []
    for path in sorted((ROOT / "evals" / "datasets").glob("dialogue_baotou*.yaml")):
        bot = Assistant.from_settings(settings)
        bot.ask("你好")  # the model and caches are loaded outside the timings
        store = bot.engine.index.search_engine.store
        before = store.embeddings.queries_embedded if store is not None else 0
        started = time.perf_counter()
        report = dialogue.run(bot.ask, dialogue.load_cases(path))
        wall = time.perf_counter() - started
        embedded = (store.embeddings.queries_embedded - before) if store is not None else 0
        lat = report.latencies
        every += lat
        rows.append({"set": path.stem, "turns": len(lat), "embedded": embedded,
                     "p50_ms": round(_percentile(lat, 50), 1), "p95_ms": round(_percentile(lat, 95), 1),
                     "max_ms": round(max(lat, default=0.0), 1), "wall_s": round(wall, 1)})
    total = {"set": "all", "turns": len(every), "embedded": sum(int(str(r["embedded"])) for r in rows),
             "p50_ms": round(_percentile(every, 50), 1), "p95_ms": round(_percentile(every, 95), 1),
             "max_ms": round(max(every, default=0.0), 1)}
    result = {"threads": os.environ.get("OMP_NUM_THREADS", "default"), "cpus": os.cpu_count(),
              "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
              "sets": rows, "all": total}
    for r in [*rows, total]:
        print(f"{r['set']:24s} turns {r['turns']:4d}  embedded {r['embedded']:4d}  "
              f"p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  max {r['max_ms']:6.1f} ms")
    print(f"threads {result['threads']}  cpus {result['cpus']}  load {result['load_before']} → {result['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
