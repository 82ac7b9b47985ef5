"""``policy-assistant`` command line: parses arguments, calls the core, prints results.

Each sub-command lives in its own module with ``register(subparsers)``; errors from the
core (:class:`assistant.errors.PolicyAssistantError`) become a Chinese message on
stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from assistant.errors import PolicyAssistantError


def build_parser() -> argparse.ArgumentParser:
    from assistant.cli import calc, chat, corpus, evaluate, rules, serve, staff

    parser = argparse.ArgumentParser(prog="policy-assistant", description="政策助手：离线、可溯源的惠企政策问答")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    corpus.register(sub)
    chat.register(sub)
    calc.register(sub)
    rules.register(sub)
    evaluate.register(sub)
    serve.register(sub)
    staff.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_glue_values(list(sys.argv[1:] if argv is None else argv)))
    try:
        return int(args.handler(args) or 0)
    except PolicyAssistantError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


#: Options whose value may itself start with "-" (a state token is URL-safe base64).
_OPAQUE_VALUES = ("--state",)


def _glue_values(argv: list[str]) -> list[str]:
    """``--state -abc`` → ``--state=-abc``: argparse would take the token for an option."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] in _OPAQUE_VALUES and i + 1 < len(argv) and argv[i + 1].startswith("-"):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
            continue
        out.append(argv[i])
        i += 1
    return out


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
