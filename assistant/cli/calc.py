"""``calc``: compute a measure's benefit from the rule base, with its trace.

Examples::

    policy-assistant calc --measure 6 --base 1200000 --json
    policy-assistant calc --measure 2 --tier 小巨人 --as-of 2024-05-01
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant.calc import Calculation, Calculator, format_yuan
from assistant.dates import parse_as_of
from assistant.errors import InputError, NotFoundError
from assistant.settings import get_settings


def register(sub: Any) -> None:
    """Add the ``calc`` sub-command to the dispatcher's sub-parsers."""
    p = sub.add_parser("calc", help="按条款计算奖励或资助金额（附计算过程）")
    p.add_argument("--measure", required=True, help="条款编号，如 6、第6条、四(一)")
    p.add_argument("--base", help="计算基数，如 1200000、120万元、一百二十万元")
    p.add_argument("--tier", help="档次或项目，如 小巨人、国家级联盟、揭榜挂帅")
    p.add_argument("--as-of", dest="as_of", help="按哪一天判断有效期（YYYY-MM-DD，默认今天）")
    p.add_argument("--doc", help="文档编号（有多份规则库时必填）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    settings = get_settings()
    as_of = parse_as_of(args.as_of, settings.today())
    calculator = _calculator(settings.corpus_dir, args.doc)
    result = calculator.calculate_measure(args.measure, base=args.base, tier=args.tier, as_of=as_of)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_render(result))
    return 0


def _calculator(corpus_dir: Path, doc_id: str | None) -> Calculator:
    # Imported here so that ``policy-assistant --help`` does not load the parser stack.
    from assistant.corpus import load_document
    from assistant.rules import load_rulebase_for

    rules_dir = corpus_dir / "rules"
    if doc_id is None:
        available = sorted(p.stem for p in rules_dir.glob("*.yaml"))
        if not available:
            raise NotFoundError(f"{rules_dir} 中没有规则库")
        if len(available) > 1:
            raise InputError(f"有多份规则库，请用 --doc 指定：{'、'.join(available)}")
        doc_id = available[0]
    text = next((p for p in sorted(corpus_dir.glob(f"{doc_id}.*")) if p.suffix in (".txt", ".md")), None)
    if text is None:
        raise NotFoundError(f"没有找到文档“{doc_id}”（{corpus_dir}）")
    doc = load_document(text)
    return Calculator(load_rulebase_for(doc, rules_dir), doc.document)


def _render(result: Calculation) -> str:
    lines: list[str] = []
    if result.total_yuan is not None:
        lines.append(f"合计：{format_yuan(result.total_yuan)}（{result.total_yuan}元）")
    elif result.range_yuan is not None:
        low, high = result.range_yuan
        lines.append(f"金额区间：{format_yuan(low)}—{format_yuan(high)}（具体金额按规定确定）")
    else:
        lines.append("无可计算的金额")
    lines += [f"  · {i.label}：{i.formula}〔{_cite(i.measure)}〕" for i in result.items]
    lines.append("计算过程：")
    lines += [f"  {step}" for step in result.trace]
    notes = list(result.notes) + list(result.validity.messages)
    if notes:
        lines.append("说明：")
        lines += [f"  - {note}" for note in notes]
    return "\n".join(lines)


def _cite(measure: str) -> str:
    from assistant.corpus.models import display_measure

    return display_measure(measure, "item")
