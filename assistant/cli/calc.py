"""``calc``: compute a measure's benefit from the rule base, with its trace.

Examples::

    policy-assistant calc --measure 6 --base 1200000 --json
    policy-assistant calc --measure 2 --tier 小巨人 --as-of 2024-05-01
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from assistant.dates import parse_as_of
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
    # Imported here so that ``policy-assistant --help`` does not load the parser stack.
    from assistant.facade import calculate_in_corpus

    settings = get_settings()
    as_of = parse_as_of(args.as_of, settings.today())
    view = calculate_in_corpus(settings.corpus_dir, args.doc, args.measure, base=args.base, tier=args.tier,
                               as_of=as_of)
    if args.json:
        assert view.source is not None
        print(json.dumps(view.source.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(view.lines()))  # the core's display strings (assistant.calc.display)
    return 0
