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
from assistant.corpus.models import Provision
from assistant.dialogue.answers import benefit_phrase
from assistant.errors import InputError, NotFoundError, PolicyAssistantError
from assistant.rules.schema import Rule
from assistant.text.normalize import normalize_text

if TYPE_CHECKING:
    from assistant.facade import Assistant

MEASURE_COLUMNS = ["编号", "标题", "支持内容（金额）", "责任单位", "期限", "文件"]
_KEY_SEP = "::"


def measure_key(doc_id: str, measure: str) -> str:
    """One string naming a measure across documents (dropdown values)."""
    return f"{doc_id}{_KEY_SEP}{measure}"


def split_key(key: str) -> tuple[str, str]:
    doc_id, _, measure = (key or "").partition(_KEY_SEP)
    return doc_id, measure


def _provisions(bot: Assistant) -> list[Provision]:
    """Every citable unit of every document, in document order (group headings left out)."""
    return [p for d in bot.index.documents for p in d.leaves()]


def _rules(bot: Assistant, doc_id: str, measure: str) -> tuple[Rule, ...]:
    ctx = bot.contexts.get(doc_id)
    return ctx.rules.rules_for(measure) if ctx and ctx.rules else ()


def _support(rules: Sequence[Rule]) -> str:
    if len(rules) == 1:
        return benefit_phrase(rules[0])
    return "；".join(f"{r.title}：{benefit_phrase(r)}" for r in rules)


def _deadline(bot: Assistant, p: Provision, rules: Sequence[Rule]) -> str:
    own = [f"{r.deadline_text or '截至'}（{r.deadline.isoformat()}）" for r in rules if r.deadline]
    if own:
        return "；".join(dict.fromkeys(own))
    until = bot.index.document(p.doc_id).document.valid_until
    return f"随文件有效期（至{until.isoformat()}）" if until else ""


def _row(bot: Assistant, p: Provision) -> list[str]:
    rules = _rules(bot, p.doc_id, p.measure)
    return [p.measure, p.title or p.display, _support(rules), "、".join(p.departments),
            _deadline(bot, p, rules), p.doc_id]


def measure_table(bot: Assistant, query: str = "") -> tuple[list[list[str]], str]:
    """Rows for the measure browser (columns :data:`MEASURE_COLUMNS`) and a one-line note.

    Every keyword (split on spaces) must occur in the measure's id, title, text, support
    or departments. When nothing contains them, the most relevant measures by search are
    shown instead, and the note says so.
    """
    rows = [(p, _row(bot, p)) for p in _provisions(bot)]
    words = [normalize_text(w) for w in (query or "").split() if w.strip()]
    if not words:
        return [r for _, r in rows], f"共 {len(rows)} 条"
    hits = [r for p, r in rows if all(w in normalize_text(" ".join([p.text, *r])) for w in words)]
    if hits:
        return hits, f"含“{md(' '.join(words))}”的条款：{len(hits)} 条"
    by_key = {(p.doc_id, p.measure): r for p, r in rows}
    ranked = [(hit.doc_id, hit.measure) for hit in bot.index.search(" ".join(words), k=5)]
    related = [by_key[k] for k in ranked if k in by_key]
    return related, f"没有条款直接包含“{md(' '.join(words))}”；以下为检索到的相关条款 {len(related)} 条"


def measure_rows(bot: Assistant, query: str = "") -> list[list[str]]:
    """The rows of :func:`measure_table` without the note."""
    return measure_table(bot, query)[0]


def measure_choices(bot: Assistant, calculable: bool = False) -> list[tuple[str, str]]:
    """``(label, key)`` for a dropdown: every measure, or only those with rules."""
    multi = len(bot.index.documents) > 1
    out = []
    for p in _provisions(bot):
        if calculable and not _rules(bot, p.doc_id, p.measure):
            continue
        label = f"{p.display} {p.title}" if p.title and p.title != p.display else p.display
        out.append((f"{label}（{p.doc_id}）" if multi else label, measure_key(p.doc_id, p.measure)))
    return out


def measure_detail(bot: Assistant, doc_id: str, measure: str) -> str:
    """A measure in full: the verbatim text, place, departments, and what its rules grant."""
    if not doc_id or not measure:
        return "请在表格中点选一条措施，或在上方选择条款。"
    text = clause_markdown(bot, doc_id, measure)
    rules = _rules(bot, doc_id, measure)
    if not rules:
        return text
    blocks = []
    for r in rules:
        lines = [f"- **{md(r.title)}**：{md(benefit_phrase(r))}", f"  - 申报主体：{md(r.beneficiary)}"]
        lines += [f"  - 条件：{md(c.statement)}" for c in r.all_conditions()]
        if r.deadline:
            lines.append(f"  - 期限：{md(r.deadline_text or '')}（{r.deadline.isoformat()}）")
        lines += [f"  - 说明：{md(n)}" for n in r.notes]
        blocks.append("\n".join(lines))
    return text + "\n\n#### 可享受的支持\n" + "\n".join(blocks)


def tiers_for(bot: Assistant, doc_id: str, measure: str) -> list[str]:
    """What can be chosen for a measure: each tier of a tiered benefit, else the rule's title."""
    names: list[str] = []
    for rule in _rules(bot, doc_id, measure):
        names += [t.name for t in rule.tiers] or [rule.title]
    return list(dict.fromkeys(names))


def calculate(bot: Assistant, doc_id: str, measure: str, tier: str | None, base: str | None,
              as_of: str | None) -> str:
    """Calculate a measure's benefit; Markdown with the total, items, trace and notes,
    or the Chinese reason it cannot be calculated."""
    try:
        ctx = bot.contexts.get(doc_id or "")
        if not measure:
            raise InputError("请先选择条款")
        if ctx is None or ctx.calculator is None:
            raise NotFoundError("该文件没有可计算的金额条款")
        day = as_of_date(bot, as_of)
        calc = ctx.calculator.calculate_measure(measure, base=(base or "").strip() or None,
                                                tier=(tier or "").strip() or None, as_of=day)
    except PolicyAssistantError as exc:
        return problem(exc)
    return calculation_markdown(calc.to_dict())


def calculator_hint(bot: Assistant, doc_id: str, measure: str) -> str:
    """What a measure grants and what the calculator needs for it (a base, a tier)."""
    rules = _rules(bot, doc_id, measure)
    if not rules:
        return "请选择条款。"
    needs = []
    if any(r.benefit.type == "percent" for r in rules):
        needs.append("按比例计算的项目需填写计算基数（如 120万元）")
    if any(len(r.tiers) > 1 for r in rules) or len(rules) > 1:
        needs.append("多档次或多项目的条款请选择档次/项目")
    return f"**本条支持**：{md(_support(rules))}" + (f"  \n{'；'.join(needs)}。" if needs else "")
