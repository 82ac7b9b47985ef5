"""Retrieval benchmark: BM25-only vs dense-only vs hybrid, in one run.

    python evals/retrieval_benchmark.py                       # Baotou questions
    python evals/retrieval_benchmark.py --external            # + the cross-document set
    python evals/retrieval_benchmark.py --json out.json

Builds (or reuses) an index in a scratch data dir, so it never touches ./data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console
    from rich.table import Table
    from tqdm import tqdm

    from assistant.corpus.paths import external_dir
    from assistant.evaluation.retrieval import MODES, load_cases, run
    from assistant.evaluation.runner import _dataset_files
    from assistant.index import PolicyIndex
    from assistant.runtime import run_ingest
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--external", action="store_true", help="also run evals/datasets/external.yaml")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--json", type=Path, help="write the results as JSON")
    parser.add_argument("--failures", action="store_true", help="list the hybrid failures")
    args = parser.parse_args(argv)

    sets = [("baotou", ROOT / "evals/datasets/retrieval_baotou.yaml", [ROOT / "corpus"])]
    if args.external and not external_dir().is_dir():
        print(f"跳过外部文档基准：{external_dir()} 不存在（../shared/external）", file=sys.stderr)
    elif args.external:
        sets.append(("external", ROOT / "evals/datasets/external.yaml",
                     [ROOT / "corpus", *_dataset_files(ROOT / "evals/datasets/external.yaml", external_dir())]))
    report: dict[str, object] = {}
    console = Console()
    for name, dataset, corpus in sets:
        data_dir = args.data_dir / name
        run_ingest(Settings(data_dir=data_dir), corpus)
        index = PolicyIndex.open(data_dir)
        cases = load_cases(dataset)
        with tqdm(total=len(cases) * len(MODES), desc=name, file=sys.stderr) as bar:
            results = run(index, cases, tick=bar.update)
        table = Table(title=f"检索基准 {name}（{len(cases)} 题）")
        for col in results[0].row():
            table.add_column(col)
        for r in results:
            table.add_row(*[str(v) for v in r.row().values()])
        console.print(table)
        if args.failures:
            for f in results[-1].failures:
                console.print(f"  ✘ {f['id']} {f['question']} → 期望 {f['expected']} 实得 {f['got']}")
        report[name] = {"cases": len(cases), "results": [r.row() for r in results],
                        "failures": {r.mode: r.failures for r in results}}
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
