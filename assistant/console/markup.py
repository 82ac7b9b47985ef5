"""Markdown for the console: user text made inert, clauses verbatim, calculations as tables.

Everything that comes from a caller or a document goes through :func:`md` before it is
placed in Markdown, so that no text can inject HTML or formatting.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.calc import format_yuan
from assistant.corpus.models import display_measure
from assistant.dialogue.types import Citation
from assistant.errors import InputError, NotFoundError, PolicyAssistantError

if TYPE_CHECKING:
    from assistant.facade import Assistant

_MD_MARKS = re.compile(r"([\\`*_\[\]|~])")
#: Marks that mean something only at the start of a line: headings, lists, rules.
_LINE_START = re.compile(r"^(\s*\d*)([#+=.)-])(?=\s|$|[#=-])", re.MULTILINE)


def md(text: str) -> str:
    """Text made inert for Markdown: ``<``/``>``/``&`` become entities and Markdown marks
    are escaped, so a caller's words (or a clause) can never inject HTML or formatting."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINE_START.sub(r"\1\\\2", _MD_MARKS.sub(r"\\\1", text))


def as_of_date(bot: Assistant, text: str | None) -> date:
    """The date typed in an as-of field; today (or ``ASSISTANT_AS_OF``) when empty."""
    text = (text or "").strip()
    if not text:
        return bot.settings.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"日期“{text}”无法识别，请按 YYYY-MM-DD 填写，例如 2025-06-30；留空表示今天") from None


def problem(exc: PolicyAssistantError) -> str:
    """An error as the console shows it."""
    return f"⚠️ {md(exc.message)}"


def display(bot: Assistant, doc_id: str, measure: str) -> str:
    """How citations name a measure (第2条, 四、(一)); the id itself when unknown."""
    try:
        return bot.index.provision(doc_id, measure).display
    except NotFoundError:
        return measure


def clause_markdown(bot: Assistant, doc_id: str, measure: str, fallback: Citation | None = None) -> str:
    """A measure verbatim, with its document, its place in the numbering and its departments."""
    try:
        doc = bot.index.document(doc_id)
        p = bot.index.provision(doc_id, measure)
    except NotFoundError as exc:
        if fallback is None:
            return problem(exc)
        return f"### {md(fallback.measure)} {md(fallback.title)}\n\n> {md(fallback.quote)}"
    quoted = "\n".join(f"> {md(line)}" if line.strip() else ">" for line in p.text.splitlines())
    lines = [f"### {md(p.display)} {md(p.title) if p.title != p.display else ''}".rstrip(),
             f"《{md(doc.document.title)}》  \n位置：{md(p.path_text)}", quoted,
             f"**责任单位**：{md('、'.join(p.departments)) if p.departments else '原文未列明'}"]
    return "\n\n".join(lines)


def calculation_markdown(calc: dict[str, Any], with_validity: bool = True) -> str:
    """A ``calculation`` dict (design.md §5 plus ``trace``/``validity``) as Markdown."""
    total, span = calc.get("total_yuan"), calc.get("range_yuan")
    if total is not None:
        head = f"### 合计：{format_yuan(total)}（{total}元）"
    elif span:
        head = f"### 金额区间：{format_yuan(span[0])}—{format_yuan(span[1])}（具体金额按规定评审确定）"
    else:
        head = "### 无可计算的金额"
    parts = [head]
    items = calc.get("items") or []
    if items:
        rows = ["| 项目 | 金额 | 计算方式 | 条款 |", "|---|---|---|---|"]
        rows += [f"| {md(i['label'])} | {format_yuan(i['amount_yuan']) if i.get('amount_yuan') is not None else '—'}"
                 f" | {md(i['formula'])} | {md(display_measure(i['measure'], 'item'))} |" for i in items]
        parts.append("\n".join(rows))
    if calc.get("trace"):
        parts.append("#### 计算过程\n" + "\n".join(f"{n}. {md(s)}" for n, s in enumerate(calc["trace"], 1)))
    notes = list(calc.get("notes") or [])
    if with_validity:
        notes += (calc.get("validity") or {}).get("messages") or []
    if notes:
        parts.append("#### 说明\n" + "\n".join(f"- {md(n)}" for n in dict.fromkeys(notes)))
    return "\n\n".join(parts)
