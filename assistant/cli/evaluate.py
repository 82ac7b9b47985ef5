"""``policy-assistant eval``: run the eval suite, print the tables, write the report, gate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.settings import get_settings


def register(sub: Any) -> None:
    p = sub.add_parser("eval", help="运行评测集，输出报告并按阈值把关")
    p.add_argument("--datasets", type=Path, help="数据集目录（默认随软件包安装的 evals/datasets）")
    p.add_argument("--thresholds", type=Path, help="阈值文件（默认 evals/thresholds.yaml）")
    p.add_argument("--out", type=Path, default=Path("eval-report"), help="报告输出目录")
    p.add_argument("--json", action="store_true", help="把完整报告以 JSON 打印到标准输出")
    p.set_defaults(handler=_eval)


def _eval(args: argparse.Namespace) -> int:
    import json

    from rich.console import Console
    from rich.table import Table
    from tqdm import tqdm

    from assistant.evaluation.report import charts, markdown
    from assistant.evaluation.runner import (
        DIALOGUE_SETS,
        THRESHOLDS,
        EvalPaths,
        gate,
        load_thresholds,
        run_all,
        write_json,
    )
    from assistant.facade import serving_environment

    serving_environment()
    bars: list[Any] = []

    def progress(label: str, total: int) -> Any:
        # A live bar on a terminal; in CI logs (no tty) one line per 10 s instead of hundreds.
        tty = sys.stderr.isatty()
        bar = tqdm(total=total, desc=label, file=sys.stderr, leave=False, mininterval=0.1 if tty else 10)
        bars.append(bar)
        return bar.update

    paths = EvalPaths(datasets=args.datasets) if args.datasets else EvalPaths()
    report = run_all(get_settings(), progress, paths)
    for bar in bars:
        bar.close()
    missed = gate(report, load_thresholds(args.thresholds or THRESHOLDS))
    report["gate"] = {"passed": not missed, "missed": missed}
    out: Path = args.out
    write_json(report, out)
    (out / "report.md").write_text(markdown(report, missed), encoding="utf-8")
    charts(report, out)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 1 if missed else 0
    console = Console()
    for key, _ in DIALOGUE_SETS:
        d = report.get(key)
        if not d:
            continue
        console.print(_rates(f"对话评测 {d['dataset']}：{d['passed']}/{d['cases']}（{d['pass_rate']:.1%}），"
                             f"p50 {d['latency_ms']['p50']} ms / p95 {d['latency_ms']['p95']} ms", "类别",
                             d["by_category"]))
    for key in ("retrieval", "external"):
        r = report.get(key)
        if not r:
            continue
        t = Table(title=f"检索 {r['dataset']}（{r['cases']} 题）")
        for col in r["methods"][0]:
            t.add_column(col)
        for m in r["methods"]:
            t.add_row(*[str(v) for v in m.values()])
        console.print(t)
    if a := report.get("amounts"):
        console.print(_rates(f"金额问题 {a['dataset']}：{a['passed']}/{a['cases']}（{a['pass_rate']:.1%}），"
                             f"错误金额 {a['amount_wrong']}，无出处金额 {a['invented_figures']}", "形态", a["by_shape"]))
    console.print(f"报告：{out / 'report.md'}（用时 {report['seconds']} 秒）")
    if missed:
        console.print("[red]未通过阈值：[/red]\n" + "\n".join(f"  - {m}" for m in missed))
        return 1
    console.print("[green]全部阈值通过[/green]")
    return 0


def _rates(title: str, label: str, rows: dict[str, Any]) -> Any:
    """A table of pass counts and rates per category (or shape)."""
    from rich.table import Table

    t = Table(title=title)
    for col in (label, "通过", "总数", "通过率"):
        t.add_column(col)
    for name, v in rows.items():
        t.add_row(name, str(v["passed"]), str(v["total"]), f"{v['rate']:.1%}")
    return t
