"""Markdown for the console: user text made inert, clauses verbatim, calculations as tables.

Everything that comes from a caller or a document goes through :func:`md` before it is
placed in Markdown, so that no text can inject HTML or formatting.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.errors import InputError, NotFoundError, PolicyAssistantError
from assistant.facade import CalculationView

if TYPE_CHECKING:
    from assistant.facade import Assistant, Citation

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
        return bot.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"日期“{text}”无法识别，请按 YYYY-MM-DD 填写，例如 2025-06-30；留空表示今天") from None


def problem(exc: PolicyAssistantError) -> str:
    """An error as the console shows it."""
    return f"⚠️ {md(exc.message)}"


def display(bot: Assistant, doc_id: str, measure: str) -> str:
    """How citations name a measure (第2条, 四、(一)); the id itself when unknown."""
    return bot.label(doc_id, measure)


def clause_markdown(bot: Assistant, doc_id: str, measure: str, fallback: Citation | None = None) -> str:
    """A measure verbatim, with its document, its place in the numbering and its departments."""
    try:
        doc = bot.document(doc_id)
        p = bot.provision(doc_id, measure)
    except NotFoundError as exc:
        if fallback is None:
            return problem(exc)
        return f"### {md(fallback.measure)} {md(fallback.title)}\n\n> {md(fallback.quote)}"
    quoted = "\n".join(f"> {md(line)}" if line.strip() else ">" for line in p.text.splitlines())
    lines = [f"### {md(p.display)} {md(p.title) if p.title != p.display else ''}".rstrip(),
             f"《{md(doc.document.title)}》  \n位置：{md(p.path_text)}", quoted,
             f"**责任单位**：{md('、'.join(p.departments)) if p.departments else '原文未列明'}"]
    return "\n\n".join(lines)


def calculation_markdown(calc: CalculationView | dict[str, Any], with_validity: bool = True) -> str:
    """A calculation (an answer's ``calculation`` dict, or the facade's view of one) as Markdown:
    every string in it is the core's (:mod:`assistant.calc.display`), none formatted here."""
    view = calc if isinstance(calc, CalculationView) else CalculationView.of(calc)
    parts = [f"### {md(view.headline)}"]
    if view.items:
        rows = ["| 项目 | 金额 | 计算方式 | 条款 |", "|---|---|---|---|"]
        rows += [f"| {md(i.label)} | {md(i.amount_text) or '—'} | {md(i.formula)} | {md(i.measure_label)} |"
                 for i in view.items]
        parts.append("\n".join(rows))
    if view.trace:
        parts.append("#### 计算过程\n" + "\n".join(f"{n}. {md(s)}" for n, s in enumerate(view.trace, 1)))
    if notes := view.explanations(with_validity):
        parts.append("#### 说明\n" + "\n".join(f"- {md(n)}" for n in notes))
    return "\n\n".join(parts)
