"""The measure browser and the calculator: every measure with what it grants, and
benefits computed from the rule base.

Example:
    >>> [row[0] for row in measure_rows(bot, "电费")]
    ['18']
    >>> calculate(bot, "baotou-zjtx-2023", "6", "", "120万元", "").splitlines()[0]
    '### 合计：60万元（600000元）'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.console.markup import as_of_date, calculation_markdown, clause_markdown, md, problem
from assistant.errors import InputError, PolicyAssistantError
from assistant.facade import normalize_text

if TYPE_CHECKING:
    from assistant.facade import Assistant, Provision, RuleView

MEASURE_COLUMNS = ["编号", "标题", "支持内容（金额）", "责任单位", "期限", "文件"]
_KEY_SEP = "::"
#: Where a rule comes from, as the keepers of the rules read it.
RULE_SOURCE = {True: "自动解析自原文（未经人工审核，以主管部门核定为准）", False: "人工审核的规则文件"}


def measure_key(doc_id: str, measure: str) -> str:
    """One string naming a measure across documents (dropdown values)."""
    return f"{doc_id}{_KEY_SEP}{measure}"


def split_key(key: str) -> tuple[str, str]:
    doc_id, _, measure = (key or "").partition(_KEY_SEP)
    return doc_id, measure


def _support(rules: Sequence[RuleView]) -> str:
    if len(rules) == 1:
        return rules[0].summary
    return "；".join(f"{r.title}：{r.summary}" for r in rules)


def _deadline(bot: Assistant, p: Provision, rules: Sequence[RuleView]) -> str:
    own = [r.deadline for r in rules if r.deadline]
    if own:
        return "；".join(dict.fromkeys(own))
    until = bot.document(p.doc_id).document.valid_until
    return f"随文件有效期（至{until.isoformat()}）" if until else ""


def _row(bot: Assistant, p: Provision) -> list[str]:
    rules = bot.rules_for(p.doc_id, p.measure)
    return [p.measure, p.title or p.display, _support(rules), "、".join(p.departments),
            _deadline(bot, p, rules), p.doc_id]


def measure_table(bot: Assistant, query: str = "") -> tuple[list[list[str]], str]:
    """Rows for the measure browser (columns :data:`MEASURE_COLUMNS`) and a one-line note.

    Every keyword (split on spaces) must occur in the measure's id, title, text, support
    or departments. When nothing contains them, the most relevant measures by search are
    shown instead, and the note says so.
    """
    rows = [(p, _row(bot, p)) for p in bot.measures(citable=True)]
    words = [normalize_text(w) for w in (query or "").split() if w.strip()]
    if not words:
        return [r for _, r in rows], f"共 {len(rows)} 条"
    hits = [r for p, r in rows if all(w in normalize_text(" ".join([p.text, *r])) for w in words)]
    if hits:
        return hits, f"含“{md(' '.join(words))}”的条款：{len(hits)} 条"
    by_key = {(p.doc_id, p.measure): r for p, r in rows}
    ranked = [(p.doc_id, p.measure) for p, _ in bot.search(" ".join(words), k=5)]
    related = [by_key[k] for k in ranked if k in by_key]
    return related, f"没有条款直接包含“{md(' '.join(words))}”；以下为检索到的相关条款 {len(related)} 条"


def measure_rows(bot: Assistant, query: str = "") -> list[list[str]]:
    """The rows of :func:`measure_table` without the note."""
    return measure_table(bot, query)[0]


def measure_choices(bot: Assistant, calculable: bool = False) -> list[tuple[str, str]]:
    """``(label, key)`` for a dropdown: every measure, or only those with rules."""
    multi = len(bot.documents()) > 1
    out = []
    for p in bot.measures(citable=True):
        if calculable and not bot.rules_for(p.doc_id, p.measure):
            continue
        label = f"{p.display} {p.title}" if p.title and p.title != p.display else p.display
        out.append((f"{label}（{p.doc_id}）" if multi else label, measure_key(p.doc_id, p.measure)))
    return out


def measure_detail(bot: Assistant, doc_id: str, measure: str) -> str:
    """A measure in full: the verbatim text, place, departments, and what its rules grant."""
    if not doc_id or not measure:
        return "请在表格中点选一条措施，或在上方选择条款。"
    text = clause_markdown(bot, doc_id, measure)
    rules = bot.rules_for(doc_id, measure)
    if not rules:
        return text
    blocks = []
    for r in rules:
        lines = [f"- **{md(r.title)}**（{md(r.shape_label)}）：{md(r.summary)}", f"  - 申报主体：{md(r.beneficiary)}"]
        lines += [f"  - 条件：{md(c)}" for c in r.conditions]
        if r.deadline:
            lines.append(f"  - 期限：{md(r.deadline)}")
        lines += [f"  - 说明：{md(n)}" for n in r.notes]
        lines.append(f"  - 原文：“{md(r.quote)}”")
        lines.append(f"  - 规则来源：{RULE_SOURCE[r.drafted]}（`{md(r.rule_id)}`）")
        blocks.append("\n".join(lines))
    return text + "\n\n#### 可享受的支持（规则）\n" + "\n".join(blocks)


def tiers_for(bot: Assistant, doc_id: str, measure: str) -> list[str]:
    """What can be chosen for a measure: each tier of a tiered benefit, else the rule's title."""
    return bot.tiers(doc_id, measure)


def calculate(bot: Assistant, doc_id: str, measure: str, tier: str | None, base: str | None,
              as_of: str | None) -> str:
    """Calculate a measure's benefit; Markdown with the total, items, trace and notes,
    or the Chinese reason it cannot be calculated."""
    try:
        if not doc_id or not measure:
            raise InputError("请先选择条款")
        day = as_of_date(bot, as_of)
        view = bot.calculate(doc_id, measure, base=(base or "").strip() or None, tier=(tier or "").strip() or None,
                             as_of=day)
    except PolicyAssistantError as exc:
        return problem(exc)
    return calculation_markdown(view)


def calculator_hint(bot: Assistant, doc_id: str, measure: str) -> str:
    """What a measure grants and what the calculator needs for it (a base, a tier)."""
    rules = bot.rules_for(doc_id, measure)
    if not rules:
        return "请选择条款。"
    needs = []
    if any(r.shape == "percent" for r in rules):
        needs.append("按比例计算的项目需填写计算基数（如 120万元）")
    if len(bot.tiers(doc_id, measure)) > 1:
        needs.append("多档次或多项目的条款请选择档次/项目")
    return f"**本条支持**：{md(_support(rules))}" + (f"  \n{'；'.join(needs)}。" if needs else "")
