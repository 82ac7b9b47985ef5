"""纠错: flag an answer and write its corrected 口径, review it, withdraw it — plain functions.

The checks (the cited measure exists, amounts come from the clause or the calculator, a
reviewer is not the author, …) are :class:`~assistant.staff.corrections.Corrections`'s;
here they become Chinese messages. The quote is taken from the cited clause itself.

Example:
    >>> flag(bot, staff, officer, question="小巨人能拿多少", answer="…100万元…", measure="baotou-zjtx-2023::2")  # doctest: +SKIP
    '✅ 已提交更正 #1，等待审核员审核。'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.console.calls import parse_measure, when
from assistant.console.markup import display, md, problem
from assistant.errors import PolicyAssistantError
from assistant.staff.corrections import STATUS_NAMES

if TYPE_CHECKING:
    from assistant.facade import Assistant
    from assistant.staff.accounts import Officer
    from assistant.staff.corrections import Correction
    from assistant.staff.services import StaffServices

CORRECTION_COLUMNS = ["编号", "状态", "问题", "更正后的口径", "所引条款", "提交人", "提交时间", "审核人", "审核时间"]
STATUS_CHOICES = [("全部", ""), *((name, key) for key, name in STATUS_NAMES.items())]
ACTIONS = {"created": "提交", "approved": "批准", "rejected": "驳回", "withdrawn": "撤回", "superseded": "被取代"}


def flag(bot: Assistant, staff: StaffServices, officer: Officer, *, question: str, answer: str, measure: str,
         turn_id: int | None = None, note: str = "") -> str:
    """Propose the corrected 口径 for ``question`` citing ``measure`` (a ``doc|measure`` key or
    ``2``/``第2条``): a ✅ line with its number, or ⚠️ and the reason in Chinese."""
    doc_id, cited = parse_measure(measure)
    if not cited:
        return "⚠️ 请选择更正所引的条款。"
    try:
        c = staff.corrections.create(bot, officer, question=question or "", answer=answer or "", measure=cited,
                                     doc_id=doc_id or None, quote=None, turn_id=turn_id or None, note=note or "")
    except PolicyAssistantError as exc:
        return problem(exc)
    return f"✓ 已提交更正 #{c.id}（引用{md(display(bot, c.doc_id, c.measure))}），等待另一位审核员或管理员审核。"


def correction_rows(bot: Assistant | None, staff: StaffServices, status: str = "") -> list[list[Any]]:
    """The corrections (newest first), one row each, for the list."""
    return [correction_row(bot, staff, c) for c in staff.corrections.find(status=status or None, limit=200)]


def correction_row(bot: Assistant | None, staff: StaffServices, c: Correction) -> list[Any]:
    cited = display(bot, c.doc_id, c.measure) if bot is not None else c.measure
    return [c.id, STATUS_NAMES.get(c.status, c.status), c.question, c.answer, cited, c.author,
            when(staff, c.created_at), c.reviewer or "", when(staff, c.reviewed_at) if c.reviewed_at else ""]


def correction_detail(bot: Assistant | None, staff: StaffServices, correction_id: Any) -> str:
    """One correction: the question, the 口径, its citation with the quote, and the audit trail."""
    number = _number(correction_id)
    if number is None:
        return "请在列表中点选一条更正，或填写更正编号。"
    c = staff.corrections.get(number)
    if c is None:
        return f"⚠️ 没有编号为 {number} 的更正。"
    cited = display(bot, c.doc_id, c.measure) if bot is not None else c.measure
    trail = "\n".join(f"- {when(staff, float(e['at']))} · {md(str(e['actor']))} · {ACTIONS.get(e['action'], e['action'])}"
                      + (f"：{md(str(e['note']))}" if e.get("note") else "") for e in staff.corrections.events(c.id))
    return "\n\n".join([
        f"### 更正 #{c.id} · {STATUS_NAMES.get(c.status, c.status)}",
        f"**问题**：{md(c.question)}", f"**更正后的口径**：{md(c.answer)}",
        f"**依据**：{md(cited)}（{md(c.doc_id)}）\n\n> {md(c.quote)}",
        *([f"**说明**：{md(c.note)}"] if c.note else []),
        f"#### 审计记录\n{trail}"])


def review(staff: StaffServices, officer: Officer, correction_id: Any, action: str, note: str = "") -> str:
    """Approve, reject or withdraw: a ✅ line, or ⚠️ and the reason (not a reviewer, own correction…)."""
    number = _number(correction_id)
    if number is None:
        return "⚠️ 请先在列表中点选一条更正。"
    steps = {"approve": staff.corrections.approve, "reject": staff.corrections.reject,
             "withdraw": staff.corrections.withdraw}
    try:
        c = steps[action](number, officer, note or "")
    except PolicyAssistantError as exc:
        return problem(exc)
    done = {"approve": "已批准，今后同一问题将按此口径答复", "reject": "已驳回", "withdraw": "已撤回，不再按此口径答复"}
    return f"✓ 更正 #{c.id} {done[action]}（{md(officer.label)}）。"


def _number(value: Any) -> int | None:
    try:
        number = int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
