"""What several composers share: the calculation sentence, tiers, the state's selections."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.calc import Calculation, format_yuan
from assistant.corpus.models import Provision
from assistant.dialogue import answers as A
from assistant.dialogue.amounts import base_for, first_base, separate_bases
from assistant.dialogue.context import Turn, unquoted
from assistant.dialogue.cues import cues
from assistant.errors import PolicyAssistantError
from assistant.rules import RuleBase
from assistant.rules.conditions import ConditionCheck, overall
from assistant.rules.rulebase import Selection
from assistant.rules.schema import PercentBenefit, Rule


def base_yuan(turn: Turn, rule: Rule | None = None) -> int | None:
    """The base of ``rule``'s percentage in this message: the amounts next to its name (added
    up when several), else the first base amount stated. None when the amounts are separate
    items (A项目…B项目…): no one of them is the base (:func:`item_bases` prices each)."""
    frame = turn.frame
    if rule is not None and isinstance(rule.benefit, PercentBenefit):
        found = base_for(frame.text, frame.amounts, rule.benefit.base)
        if found is not None:
            return found
    if len(separate_bases(frame.text, frame.amounts)) > 1:
        return None
    return first_base(frame.amounts)


def item_bases(turn: Turn, rule: Rule, candidates: list[Rule]) -> list[int]:
    """The bases of ``rule`` when the question lists several amounts as separate items
    (交易费分别是120万元和80万元) and ``rule`` is the one percentage rule asked about among
    ``candidates``: each amount is its own claim (the cap applies per item), the total their
    sum. ``[]`` otherwise (one base, or several percentage rules the amounts may belong to)."""
    if not isinstance(rule.benefit, PercentBenefit):
        return []
    bases = separate_bases(turn.frame.text, turn.frame.amounts)
    if len(bases) < 2:
        return []
    percent = list(dict.fromkeys(r.id for r in [rule, *candidates] if isinstance(r.benefit, PercentBenefit)))
    if len(percent) > 1:
        named = {s.rule.id for s in turn.selections}
        percent = [r for r in percent if r in named]
    return bases if percent == [rule.id] else []


_EXCEPTION = re.compile(r"^(.{2,12}?)(?:实行|采取|采用|按照?|适用)?“?一事一议")


def named_exception(text: str, rule: Rule) -> str | None:
    """The note of ``rule`` that states an exception to its calculation (特殊项目实行“一事一议”…
    不适用本计算), when the question names that exception: then there is no fixed figure.
    Read from the rule's own notes only."""
    for note in rule.notes:
        if "一事一议" not in note and "不适用本计算" not in note:
            continue
        m = _EXCEPTION.match(strip_quote_marks(note).replace("“", ""))
        subject = m.group(1) if m else ""
        if len(subject) >= 2 and subject in text and not cues().negation.search(text[:text.find(subject)][-4:]):
            return note
    return None


def calc_sentence(calc: Calculation, provs: dict[str, Provision], rules: RuleBase) -> str:
    lines = A.calculation_lines(calc, provs)
    if len(calc.items) == 1:
        item = calc.items[0]
        if item.amount_yuan is not None:
            where = A.cite(provs[item.measure])
            rule = rules.rule(item.rule_id)
            kind = rule.benefit.kind if not isinstance(rule.benefit, PercentBenefit) else ""
            head = f"{item.label}可获{kind}{format_yuan(item.amount_yuan)}{where}。"
            if isinstance(rule.benefit, PercentBenefit):
                steps = [t for t in calc.trace if "×" in t or "上限" in t]
                head += f"\n计算：{steps[0] if steps else item.formula}"
            return head
        return lines[0] + "。"
    total = ""
    if calc.total_yuan is not None:
        total = f"合计{format_yuan(calc.total_yuan)}"
    elif calc.range_yuan is not None:
        total = f"合计约{format_yuan(calc.range_yuan[0])}—{format_yuan(calc.range_yuan[1])}"
    head = f"按您描述的情况，可享受以下支持{('，' + total) if total else ''}："
    return head + "\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))


def resolve_tiers(picked: list[Selection], turn: Turn) -> list[Selection]:
    """A rule named without its tier gets the tier the enterprise's facts meet
    (联盟被认定为国家级 → the national tier)."""
    profile = turn.profile
    out: list[Selection] = []
    for sel in picked:
        if sel.tier is None and len(sel.rule.tiers) > 1:
            fitting = [t for t in sel.rule.tiers if t.conditions and overall(Selection(sel.rule, t).check(profile)[
                len(sel.rule.conditions):]) == "met"]
            if len(fitting) == 1:
                out.append(Selection(sel.rule, fitting[0]))
                continue
        out.append(sel)
    return out


def tiers_named_loosely(turn: Turn, measure: str) -> list[Selection]:
    """Tiers a short follow-up names by a qualifier only (那自治区级的呢 → 自治区 tiers)."""
    assert turn.ctx.rules is not None
    rest = cues().loose_filler.sub("", turn.text)
    if len(rest) < 2:
        return []
    return [s for s in turn.ctx.rules.selections(measure)
            if s.tier is not None and any(rest in n for n in (s.tier.name, *s.tier.aliases))]


def state_selections(turn: Turn) -> list[Selection]:
    """The tiers the enterprise has or asked about in earlier turns."""
    if turn.ctx.rules is None:
        return []
    out = []
    for rule_id, tier_id in turn.state.tiers:
        try:
            rule = turn.ctx.rules.rule(rule_id)
        except PolicyAssistantError:
            continue
        tier = next((t for t in rule.tiers if t.id == tier_id), None)
        out.append(Selection(rule, tier))
    return out


def tier_facts(sel: Selection) -> dict[str, object]:
    """Naming a tier asserts its own conditions (我们是小巨人 → recognised as 小巨人)."""
    if sel.tier is None:
        return {}
    return {c.fact: c.expected for c in sel.tier.conditions if c.op == "eq"}


def names_topic(text: str, rule: Rule) -> bool:
    return any(a in text for a in (*rule.aliases, *[a for t in rule.tiers for a in t.aliases]))


def pending_lines(pending: list[Selection], profile: dict[str, object], provs: dict[str, Provision]) -> list[str]:
    """Measures that may apply, with what they give and what still has to be confirmed."""
    if not pending:
        return []
    lines = ["以下措施可能也适用（未计入合计）："]
    for sel in pending:
        unknown = [c.condition.statement for c in sel.check(profile) if c.status == "unknown"]
        need = f"；需确认：{'；'.join(unknown[:2])}" if unknown else ""
        if isinstance(sel.rule.benefit, PercentBenefit):
            need += f"；告诉我{A.base_prompt(sel.rule.benefit.base)}，可算出具体数额"
        lines.append(f"· {sel.label}：{A.benefit_phrase(sel.rule)}{A.cite(provs[sel.rule.measure])}{need}")
    return lines


def dedupe(cited: list[tuple[Provision, str]]) -> list[tuple[Provision, str]]:
    seen: set[str] = set()
    out = []
    for p, q in cited:
        if p.measure not in seen:
            seen.add(p.measure)
            out.append((p, q))
    return out


def strip_quote_marks(text: str) -> str:
    return re.sub(r"[“”]", "", text)


def key_notes(calc: Calculation) -> list[str]:
    """The calculator's notes an answer states in its text (exclusivity, a measure's own period)."""
    return [n for n in calc.notes if "同质同类" in n or "执行期" in n]


def kind_unknown(sel: Selection, checks: Sequence[ConditionCheck], turn: Turn) -> bool:
    """Whether what kind of enterprise the rule is for is not known: the condition whose words
    are the head of the rule's beneficiary (the shortest quote that ends it: …市外高新技术企业 ←
    高新技术企业; 联盟的牵头单位 ← 牵头单位) is unknown. A total counts only benefits the
    enterprise is said to be of the kind for (整体搬来, not said to be a 高企: not totalled)."""
    beneficiary = unquoted(sel.rule.beneficiary or "")
    heads = [c for c in checks if c.condition.quote and beneficiary.endswith(unquoted(c.condition.quote))]
    if not heads:
        return False
    head = min(heads, key=lambda c: len(c.condition.quote or ""))
    if head.status != "unknown":
        return False
    # the kind in the message's own words (牵头自治区级联盟: 牵头; 高企 for 高新技术企业) is the kind stated
    word = unquoted(head.condition.quote or "")
    assert turn.index is not None
    said = {word[:2], *turn.index.lexicon.variants_of(word)}
    return not any(w and w in turn.text for w in said)
