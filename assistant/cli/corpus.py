"""``ingest``, ``search``, ``measures`` and ``documents``: the corpus and the index from the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.settings import get_settings

if TYPE_CHECKING:
    from assistant.facade import Assistant


def register(sub: Any) -> None:
    p = sub.add_parser("ingest", help="建立或更新索引（同 python ingest.py）")
    p.add_argument("paths", nargs="*", type=Path, help="政策文本文件或目录（默认 corpus/）")
    p.add_argument("--strict", action="store_true", help="任何问题（无法读取的文件、编号异常）都中止入库")
    p.set_defaults(handler=_ingest)

    p = sub.add_parser("search", help="检索相关条款")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5, help="返回条数（1–50）")
    p.add_argument("--doc", action="append", help="只在这些文档中检索（可重复）")
    p.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_search)

    p = sub.add_parser("measures", help="列出已入库文档的条款")
    p.add_argument("--doc", help="文档编号")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_measures)

    p = sub.add_parser("documents", help="列出已入库的文档（标题、发文机关、文号、有效期、条款数）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_documents)


def _ingest(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from tqdm import tqdm

    from assistant.facade import ingest

    bar: tqdm[Any] | None = None

    def progress(n: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc="向量化", unit="段", disable=total < 50, file=sys.stderr)
        bar.update(n)

    summary = ingest(get_settings(), args.paths or None, progress=progress, strict=args.strict)
    if bar is not None:
        bar.close()
    table = Table(title="入库完成" if summary.changed else "内容未变化，沿用现有索引")
    for col in ("文档", "标题", "条款", "未归位段落", "片段", "异常"):
        table.add_column(col)
    for d in summary.documents:
        table.add_row(d.doc_id, d.title[:40] or "（无标题）", str(d.measures), str(d.unplaced), str(d.chunks),
                      "；".join(d.oddities)[:80])
    table.add_row("合计", "", str(sum(d.measures for d in summary.documents)),
                  str(sum(d.unplaced for d in summary.documents)), str(sum(d.chunks for d in summary.documents)), "")
    Console().print(table)
    for r in summary.skipped:
        print(f"未入库：{r.error}", file=sys.stderr)
    print(f"新向量化 {summary.embedded} 段，复用 {summary.reused} 段，用时 {summary.seconds:.2f} 秒；集合 {summary.collection}")
    return 0


def _search(args: argparse.Namespace) -> int:
    from assistant.errors import InputError

    if not 1 <= args.k <= 50:
        raise InputError("-k 应在 1 到 50 之间")
    if not args.query.strip():
        raise InputError("检索内容不能为空")
    found = _assistant().search(args.query, k=args.k, doc_ids=args.doc, mode=args.mode)
    rows = [{"doc_id": p.doc_id, "measure": p.measure, "title": p.title, "score": round(score, 6), "text": p.text}
            for p, score in found]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"[{r['doc_id']}] {r['measure']} {r['title']}  ({r['score']:.4f})")
    return 0


def _measures(args: argparse.Namespace) -> int:
    from assistant.facade import measure_row

    rows = [measure_row(p) for p in _assistant().measures(args.doc)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            deps = "、".join(r["departments"])
            print(f"[{r['doc_id']}] {r['measure']:<8} {r['title']}" + (f"  ——{deps}" if deps else ""))
    return 0


def _documents(args: argparse.Namespace) -> int:
    rows = _assistant().catalog()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            until = f"有效期至{r['valid_until']}" if r["valid_until"] else "有效期未载明"
            print(f"[{r['doc_id']}] {r['title'] or '（无标题）'}  {r['issuer']} {r['doc_number']}  "
                  f"{r['status']} {until}  {r['measures']}条")
    return 0


def _assistant() -> Assistant:
    from assistant.facade import Assistant

    return Assistant.from_settings(get_settings())


def ingest_main(argv: Sequence[str] | None = None) -> int:
    from assistant.cli import main

    return main(["ingest", *(argv if argv is not None else sys.argv[1:])])
