"""What the hotline console does, as plain typed functions (no gradio here).

Each function takes the :class:`~assistant.facade.Assistant` and the officer's input and
returns plain data — Markdown strings, table rows, lists — so that it can be tested
directly and :mod:`assistant.console.ui` only wires components to it. Bad input never
raises: it comes back as a Chinese message. The measure browser and the calculator live
in :mod:`assistant.console.measures` and are re-exported here.

Example:
    >>> history, state, evidence, standard = consult(bot, "我们刚评上小巨人，能拿多少？", [], "", "")
    >>> "第2条" in evidence and "依据：" in standard
    True
    >>> consult_turn(bot, "我们刚评上小巨人，能拿多少？", [], "", "").follow_up[0]      # doctest: +SKIP
    '这项支持由哪个部门负责？'
    >>> latest_report(Path("no-report-yet"))[1]
    []
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from assistant.console.markup import as_of_date, calculation_markdown, clause_markdown, display, md, problem
from assistant.console.measures import (
    MEASURE_COLUMNS,
    calculate,
    calculator_hint,
    measure_choices,
    measure_detail,
    measure_key,
    measure_rows,
    measure_table,
    split_key,
    tiers_for,
)
from assistant.console.standard import standard_answer
from assistant.errors import PolicyAssistantError, StateTokenError
from assistant.facade import ChatResponse

if TYPE_CHECKING:
    from assistant.facade import Assistant

__all__ = [
    "MEASURE_COLUMNS",
    "History",
    "Turn",
    "as_of_date",
    "calculate",
    "calculation_markdown",
    "calculator_hint",
    "clause_markdown",
    "consult",
    "consult_turn",
    "evidence",
    "latest_report",
    "md",
    "measure_choices",
    "measure_detail",
    "measure_key",
    "measure_rows",
    "measure_table",
    "split_key",
    "standard_answer",
    "tiers_for",
]

History = list[dict[str, Any]]
#: How a question is answered: ``ask(message, state, as_of)`` (the console passes
#: :meth:`~assistant.staff.services.StaffServices.ask`, which serves corrections and records the turn).
Ask = Callable[[str, "str | None", date], ChatResponse]

INTENT_LABELS = {
    "amount": "金额", "eligibility": "申报条件", "policy_info": "政策内容", "department": "责任部门",
    "validity": "有效期", "contact": "咨询方式", "match": "政策匹配", "greeting": "问候", "out_of_scope": "超出政策范围",
}  # fmt: skip


class Turn(NamedTuple):
    """One question answered in the console."""

    history: History
    state: str
    evidence: str
    standard: str
    follow_up: list[str]
    response: ChatResponse | None = None


def consult(bot: Assistant, message: str, history: History | None, state: str | None,
            as_of: str | None) -> tuple[History, str, str, str]:
    """Ask on the caller's behalf: ``(history, state, evidence_markdown, standard_answer)``."""
    turn = consult_turn(bot, message, history, state, as_of)
    return turn.history, turn.state, turn.evidence, turn.standard


def consult_turn(bot: Assistant, message: str, history: History | None, state: str | None,
                 as_of: str | None, ask: Ask | None = None) -> Turn:
    """Ask on the caller's behalf; the :class:`Turn` also carries the suggested follow-ups.

    ``history`` is the chat in messages format and comes back with the question and the
    answer appended; ``state`` is the token of the previous answer ("" for a new call).
    On bad input the history shows the error as the reply and the state is kept (a
    tampered or expired state is dropped). ``ask`` answers instead of ``bot.ask``.
    """
    history = list(history or [])
    message = (message or "").strip()
    if not message:
        return Turn(history, state or "", "⚠️ 请先输入来电人的问题。", "", [])
    history.append({"role": "user", "content": md(message)})
    try:
        day = as_of_date(bot, as_of)
        response = ask(message, state or None, day) if ask else bot.ask(message, state=state or None, as_of=day)
    except PolicyAssistantError as exc:
        history.append({"role": "assistant", "content": problem(exc)})
        # A token that does not verify is dropped, so that the next question starts afresh.
        kept = "" if isinstance(exc, StateTokenError) else state or ""
        return Turn(history, kept, problem(exc), "", [])
    history.append({"role": "assistant", "content": md(response.answer)})
    return Turn(history, response.state, evidence(bot, response), standard_answer(bot, response),
                list(response.follow_up), response)


def evidence(bot: Assistant, response: ChatResponse) -> str:
    """The evidence panel: the primary measure verbatim with its place and departments,
    other citations, the calculation trace and the caveats (the follow-ups are buttons)."""
    parts = [f"**识别意图**：{INTENT_LABELS.get(response.intent, response.intent)}"]
    if response.citations:
        first = response.citations[0]
        parts.append(clause_markdown(bot, first.doc_id, first.measure, fallback=first))
        if len(response.citations) > 1:
            parts.append("#### 其他引用\n" + "\n".join(
                f"- **{md(display(bot, c.doc_id, c.measure))} {md(c.title)}**：{md(c.quote)}"
                for c in response.citations[1:]))
    else:
        parts.append("本回答未引用具体条款。")
    calc = response.calculation
    if calc:
        parts.append(calculation_markdown(calc, with_validity=False))
    if response.caveats:
        parts.append("#### 提示\n" + "\n".join(f"- {md(c)}" for c in response.caveats))
    return "\n\n".join(parts)


def latest_report(out_dir: Path) -> tuple[str, list[str]]:
    """The last eval report (``report.md``, HTML-escaped) and its PNG charts, or a note
    saying how to make one."""
    report = Path(out_dir) / "report.md"
    try:
        text = report.read_text(encoding="utf-8")
    except FileNotFoundError:
        return (f"尚无评测报告（{md(str(report))} 不存在）。点击“运行评测”生成（约需 1 分钟），"
                "或在命令行运行 `policy-assistant eval --out eval-report`。"), []
    except OSError as exc:
        return f"⚠️ 无法读取评测报告 {md(str(report))}：{md(exc.strerror or str(exc))}", []
    # Failed cases quote user questions, some of them injection attempts: never let them be HTML.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text, [str(p) for p in sorted(Path(out_dir).glob("*.png"))]
