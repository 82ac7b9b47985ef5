"""通话记录: search past conversations (widget and console) and open one, as plain functions.

Messages and answers come from the history already PII-masked and are shown as they are
stored (masked), made inert with :func:`~assistant.console.markup.md`.

Example:
    >>> rows, note = search_calls(staff, text="小巨人", date_from="2026-11-30")      # doctest: +SKIP
    >>> conversation_markdown(staff, rows[0][0])                                     # doctest: +SKIP
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from assistant.console.markup import md
from assistant.console.measures import split_key
from assistant.console.session import parse_day
from assistant.facade import canonical_measure, measure_label

if TYPE_CHECKING:
    from assistant.staff.history import ConversationSummary, Turn
    from assistant.staff.services import StaffServices

CALL_COLUMNS = ["会话", "开始时间", "最后一轮", "轮次", "渠道", "坐席", "首个问题", "意图", "引用条款", "好评", "差评"]
CHANNELS = {"widget": "网页", "console": "热线"}
FEEDBACK_CHOICES = [("不限", ""), ("有差评 👎", "down"), ("有好评 👍", "up"), ("有评价", "any"), ("无评价", "none")]
INTENT_CHOICES = [("不限", ""), ("金额", "amount"), ("申报条件", "eligibility"), ("政策内容", "policy_info"),
                  ("责任部门", "department"), ("有效期", "validity"), ("咨询方式", "contact"), ("政策匹配", "match"),
                  ("问候", "greeting"), ("未覆盖（超出政策范围）", "out_of_scope")]
_INTENTS = dict((v, k) for k, v in INTENT_CHOICES)


def when(staff: StaffServices, at: float) -> str:
    """Epoch seconds as local ``YYYY-MM-DD HH:MM``."""
    return datetime.fromtimestamp(at, staff.history.tz).strftime("%Y-%m-%d %H:%M")


def search_calls(staff: StaffServices, *, text: str = "", date_from: str = "", date_to: str = "", measure: str = "",
                 intent: str = "", feedback: str = "", limit: int = 100) -> tuple[list[list[Any]], str]:
    """``(rows, note)`` of the conversations matching every filter given, newest first.

    ``measure`` is a measure key (``doc|2``, from the dropdown) or what an officer types
    (``2``, ``第2条``). Bad dates raise :class:`~assistant.errors.InputError` (Chinese)."""
    start, end = parse_day(date_from, "开始日期"), parse_day(date_to, "结束日期")
    if start and end and start > end:
        start, end = end, start
    doc_id, cited = parse_measure(measure)
    found = staff.history.search(text=text.strip() or None, date_from=start, date_to=end,
                                 measure=canonical_measure(cited) if cited else None, doc_id=doc_id or None,
                                 intent=intent or None, feedback=feedback or None,  # type: ignore[arg-type]
                                 limit=limit)
    rows = [summary_row(staff, s) for s in found]
    said = [f"含“{md(text.strip())}”" if text.strip() else "", f"{start}起" if start else "",
            f"至{end}" if end else ""]
    scope = "".join(s for s in said if s)
    note = f"{scope}共 {len(rows)} 通会话" if rows else f"{scope or '当前条件下'}没有找到通话记录。"
    return rows, note + ("（只显示最近 100 通）" if len(rows) >= limit else "")


def parse_measure(text: str | None) -> tuple[str, str]:
    """``(doc_id, measure)`` of a dropdown key, or ``("", measure)`` as an officer typed it."""
    doc_id, cited = split_key(text or "")
    return (doc_id, cited) if cited else ("", (text or "").strip())


def summary_row(staff: StaffServices, s: ConversationSummary) -> list[Any]:
    return [s.conversation, when(staff, s.started_at), when(staff, s.last_at), s.turns,
            CHANNELS.get(s.channel, s.channel), "、".join(s.officers), s.first_message,
            "、".join(_INTENTS.get(i, i) for i in s.intents), "、".join(s.measures), s.thumbs_up, s.thumbs_down]


def conversation_markdown(staff: StaffServices, conversation: str) -> str:
    """Every turn of one conversation: who, when, the question, the answer, each citation
    with its quote, the ratings; "" input → a hint."""
    if not (conversation or "").strip():
        return "请在上方表格中点选一通会话。"
    found = staff.history.conversation(conversation.strip())
    if found is None:
        return f"⚠️ 没有这条通话记录（{md(conversation)}）。"
    head = f"### 会话 {md(found.conversation)}（{len(found.turns)} 轮）"
    return "\n\n".join([head, *(_turn(staff, n, t) for n, t in enumerate(found.turns, 1))])


def _turn(staff: StaffServices, n: int, t: Turn) -> str:
    by = f" · 坐席 {md(t.officer)}" if t.officer else ""
    fixed = f" · 按更正 #{t.correction_id} 答复" if t.correction_id else ""
    parts = [f"#### 第 {n} 轮 · {when(staff, t.at)} · {CHANNELS.get(t.channel, t.channel)}{by}"
             f" · {_INTENTS.get(t.intent, t.intent)}{fixed}",
             f"**问**：{md(t.message)}", f"**答**：{md(t.answer)}"]
    if t.citations:
        parts.append("**引用**：\n" + "\n".join(
            f"- {md(str(c.get('label') or _label(str(c.get('measure', '')))))} {md(str(c.get('title', '')))}"
            + (f"：{md(str(c['quote']))}" if c.get("quote") else "") for c in t.citations))
    for f in t.feedback:
        mark = "👍" if f.get("rating") == 1 else "👎"
        comment = f"：{md(str(f['comment']))}" if f.get("comment") else ""
        parts.append(f"**评价**：{mark} {when(staff, float(f['at']))}{comment}")
    return "\n\n".join(parts)


def _label(measure: str) -> str:
    return measure_label(measure) if measure else ""
