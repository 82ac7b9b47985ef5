"""``rules draft`` and ``rules check``: tools for the people who keep the rule files.

Examples::

    policy-assistant rules draft 01_liuhe_2023_zhongdian_chanye_shishi_yijian --dir ../shared/external
    policy-assistant rules draft corpus/baotou-zjtx-2023.txt --out /tmp/baotou.draft.yaml
    policy-assistant rules check            # every corpus/rules/*.yaml against its text
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.errors import InputError, NotFoundError, PolicyAssistantError
from assistant.settings import get_settings

_SUFFIXES = (".txt", ".md")


def register(sub: Any) -> None:
    """Add ``rules draft`` / ``rules check`` to the dispatcher's sub-parsers."""
    p = sub.add_parser("rules", help="规则库工具：从原文起草规则、校验规则文件")
    rules_sub = p.add_subparsers(dest="rules_command", required=True, metavar="ACTION")

    d = rules_sub.add_parser("draft", help="从政策原文自动起草规则库（YAML，供人工审核）")
    d.add_argument("doc", help="文档编号（文件名去掉后缀）或文本文件路径")
    d.add_argument("--dir", dest="dirs", action="append", type=Path,
                   help="在这些目录中查找文档（可重复，默认 corpus/）")
    d.add_argument("--out", type=Path, help="写入此文件（默认输出到标准输出）")
    d.set_defaults(handler=_draft)

    c = rules_sub.add_parser("check", help="校验规则文件与原文是否一致（逐个文件报告）")
    c.add_argument("--dir", type=Path, help="语料目录（其中 rules/ 为规则文件，默认 corpus/）")
    c.set_defaults(handler=_check)


def _find_text(doc: str, dirs: list[Path]) -> Path:
    path = Path(doc)
    if path.suffix in _SUFFIXES and path.is_file():
        return path
    for folder in dirs:
        for candidate in sorted(folder.glob("*")):
            if candidate.suffix in _SUFFIXES and candidate.stem.lower() == doc.lower():
                return candidate
    from assistant.facade import doc_id_for

    for folder in dirs:
        for candidate in sorted(folder.glob("*")):
            if candidate.suffix in _SUFFIXES and doc_id_for(candidate) == doc.lower():
                return candidate
    raise NotFoundError(f"没有找到文档“{doc}”（查找目录：{'、'.join(str(d) for d in dirs)}）")


def _draft(args: argparse.Namespace) -> int:
    from assistant.facade import draft_rules

    dirs = args.dirs or [get_settings().corpus_dir]
    result = draft_rules(_find_text(args.doc, dirs))
    if args.out:
        args.out.write_text(result.yaml, encoding="utf-8")
        print(f"已写入 {args.out}：{result.rules} 条规则（未采用 {result.skipped} 条）", file=sys.stderr)
    else:
        sys.stdout.write(result.yaml)
    return 0


def _check(args: argparse.Namespace) -> int:
    from assistant.facade import check_rules

    corpus = args.dir or get_settings().corpus_dir
    rules_dir = corpus / "rules"
    files = sorted(rules_dir.glob("*.yaml"))
    if not files:
        raise InputError(f"{rules_dir} 中没有规则文件")
    failed = 0
    for path in files:
        try:
            rules = check_rules(_find_text(path.stem, [corpus]), rules_dir)
        except PolicyAssistantError as exc:
            failed += 1
            print(f"✗ {path.name}\n{exc.message}")
            continue
        print(f"✓ {path.name}：{rules} 条规则，引文与金额均与原文一致")
    print(f"共 {len(files)} 个规则文件，{len(files) - failed} 个通过，{failed} 个未通过")
    return 1 if failed else 0
