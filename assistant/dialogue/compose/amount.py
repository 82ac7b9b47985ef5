"""Amount answers: what the named benefits are worth, from the calculator only.

Also the answer to a challenged figure (你确定？我同事说是150万): the calculator's figure
again, saying whether the caller's figure is right.
"""

from __future__ import annotations

import re

from assistant.calc import Calculation, Claim, format_yuan
from assistant.corpus.models import Provision
from assistant.dialogue import answers as A
from assistant.dialogue.compose import info
from assistant.dialogue.compose.common import (
    base_yuan,
    calc_sentence,
    dedupe,
    item_bases,
    key_notes,
    named_exception,
    resolve_tiers,
    state_selections,
    tiers_named_loosely,
)
from assistant.dialogue.context import Reply, Turn
from assistant.errors import PolicyAssistantError
from assistant.rules.rulebase import RuleBase, Selection
from assistant.rules.schema import FixedBenefit, PercentBenefit, RangeBenefit, Rule
from assistant.rules.view import benefit_text

FOLLOW_UP = ["这项支持由哪个部门负责？", "这项支持需要满足哪些条件？", "这个政策现在还有效吗？"]


def amount(turn: Turn) -> Reply:
    ctx = turn.ctx
    assert ctx.rules is not None and ctx.calculator is not None
    measures, provs = turn.measures, ctx.provisions()
    if ctx.rules.drafted and len(measures) == 1 and (drafted := _drafted(turn, measures[0])) is not None:
        return drafted
    claims: list[Claim] = []
    open_rules: list[tuple[Rule, list[str]]] = []
    candidates = [r for m in measures for r in ctx.rules.rules_for(m)]
    exceptions: list[tuple[Rule, str]] = []
    for measure in measures:
        chosen = [s for s in turn.selections if s.rule.measure == measure]
        if not chosen and turn.anaphoric:
            chosen = tiers_named_loosely(turn, measure) or [s for s in state_selections(turn) if s.rule.measure == measure]
        for rule in ctx.rules.rules_for(measure):
            picked = resolve_tiers([s for s in chosen if s.rule.id == rule.id], turn)
            if (note := named_exception(turn.text, rule)) is not None:
                exceptions.append((rule, note))  # the exception the rule's note states: no figure
                continue
            claim = _claim_for(turn, rule, picked, explicit=len(measures) > 1 or bool(chosen),
                               items=item_bases(turn, rule, candidates))
            if claim is not None:
                claims.extend(claim)
            elif picked or not chosen:
                open_rules.append((rule, [s.tier.name for s in picked if s.tier is not None]))
    calc = ctx.calculator.calculate(claims, as_of=turn.as_of) if claims else None
    lines: list[str] = []
    cited: list[tuple[Provision, str]] = []
    if calc is not None and calc.items:
        lines.append(calc_sentence(calc, provs, ctx.rules))
        for item in calc.items:
            rule = ctx.rules.rule(item.rule_id)
            cited.append((provs[rule.measure], rule.quote))
    for rule, note in exceptions:
        p = provs[rule.measure]
        lines.append(f"根据{A.cite(p)}，{rule.beneficiary}：{A.benefit_phrase(rule, [])}。{note}。")
        cited.append((p, rule.quote))
    claimed = {c.measure for c in claims}
    for rule, tier_names in [(r, t) for r, t in open_rules if r.measure not in claimed or t]:
        p = provs[rule.measure]
        lines.append(f"根据{A.cite(p)}，{rule.beneficiary}：{A.benefit_phrase(rule, tier_names)}。")
        cited.append((p, rule.quote))
        if isinstance(rule.benefit, PercentBenefit) and base_yuan(turn, rule) is None:
            lines.append(f"请告诉我{A.base_prompt(rule.benefit.base)}，我可以帮您算出具体数额。")
        elif isinstance(rule.benefit, FixedBenefit) and len(rule.benefit.tiers) > 1 and len(tier_names) != 1:
            lines.append("请告诉我企业具体属于哪一类，我可以给出对应金额。")
    if not lines:
        return info.policy_info(turn, provs[measures[0]])
    primary = provs[measures[0]]
    if calc is not None and (conditions := _priced_conditions(calc, ctx.rules)):
        lines.append("享受条件：" + "；".join(conditions) + "。")
    if primary.departments:
        lines.append(A.departments_line(primary))
    if calc is not None:
        lines += key_notes(calc)
        lines += _asserted(turn, calc.total_yuan)
    return Reply("\n".join(lines), "amount", dedupe(cited), calc if calc and calc.items else None,
                 follow_up=list(FOLLOW_UP))


def _priced_conditions(calc: Calculation, rules: RuleBase) -> list[str]:
    """The conditions of the rules the calculation priced (not of another rule of the same
    measure), each once, in order."""
    statements = [c.statement for i in calc.items for c in rules.rule(i.rule_id).conditions]
    return list(dict.fromkeys(statements))


def _asserted(turn: Turn, total: int | None) -> list[str]:
    """A figure the caller stated (每年都给100万? / 不是1200万吗): confirmed or corrected."""
    said = turn.frame.asserted_yuan
    if not said or total is None:
        return []
    # A figure the caller offers is named when confirmed; a wrong one is never repeated back
    # (不是给500万吗 → 您说的金额与原文不符), so only the calculator's figure is stated.
    if said[-1] == total:
        return [f"您说的{format_yuan(said[-1])}与按原文计算的金额一致。"]
    return [f"您说的金额与原文不符：按原文计算为{format_yuan(total)}。"]


def challenge(turn: Turn, priced: Reply | None = None) -> Reply:
    """The caller repeats a different figure back: the calculator's figure for the measure in
    focus, with the tiers and base of the conversation (``priced``: the answer that prices
    them, when it is not the plain amount answer), and whether the caller's is right."""
    reply = priced or amount(turn)
    if reply.calculation is None:
        return reply
    said = turn.frame.asserted_yuan
    total = reply.calculation.total_yuan
    if said and total is not None and said[-1] != total:
        head = f"按原文核对：您说的金额与原文不符，按原文计算为{format_yuan(total)}，依据如下。"
    elif total is not None:
        head = f"按原文核对：计算为{format_yuan(total)}，依据如下。"
    else:
        head = "按原文核对，计算如下。"
    answer = "\n".join(line for line in reply.answer.split("\n") if not line.startswith("您说的"))
    return Reply(f"{head}\n{answer}", "amount", reply.cited, reply.calculation, reply.caveats, reply.follow_up)


def _claim_for(turn: Turn, rule: Rule, picked: list[Selection], explicit: bool,
               items: list[int] | None = None) -> list[Claim] | None:
    b = rule.benefit
    if not isinstance(b, FixedBenefit | PercentBenefit | RangeBenefit):
        return None  # no amount to calculate: described in words instead
    if isinstance(b, PercentBenefit):
        asserted = any(turn.profile.get(c.fact) is True for c in rule.conditions)
        if explicit and not picked and not asserted:
            return None  # the user named another benefit of this measure, not this one
        if items:  # separate items of one rule: a claim each
            return [Claim(rule.measure, tier=rule.id, base=b) for b in items]
        base = base_yuan(turn, rule)
        if base is None and turn.anaphoric and turn.frame.base_yuan is None:  # amounts of its own are never replaced
            base = turn.state.base_yuan
        return [Claim(rule.measure, tier=rule.id, base=base)] if base is not None else None
    if isinstance(b, FixedBenefit):
        tiers = [s.tier for s in picked if s.tier is not None]
        if tiers:
            return [Claim(rule.measure, tier=tiers[0].id)] if len(tiers) == 1 else None
        assert turn.ctx.rules is not None
        if len(b.tiers) == 1 and (picked or not explicit or len(turn.ctx.rules.rules_for(rule.measure)) == 1):
            return [Claim(rule.measure, tier=rule.id)]
        return None
    return [Claim(rule.measure, tier=rule.id)] if picked or not explicit else None


def _drafted(turn: Turn, measure: str) -> Reply | None:
    """A rule base drafted from the text: the rule, tier, base, quantity and periods the
    question selects (:meth:`RuleBase.select`); alternatives nothing chooses are listed, never totalled."""
    from assistant.rules.select import Ambiguous, Picked

    ctx = turn.ctx
    assert ctx.rules is not None and ctx.calculator is not None
    provs = ctx.provisions()
    p = provs[measure]
    try:
        chosen = ctx.rules.select(measure, turn.text)
    except PolicyAssistantError:
        return None
    if isinstance(chosen, Ambiguous):
        options = [f"根据{A.cite(p)}，有以下几种情形："]
        options += [f"· {o.label}：{benefit_text(o.rule, [o.tier.name] if o.tier else [])}" for o in chosen.options]
        options.append("请告诉我您属于哪一种情形，我可以给出对应金额。")
        quoted = [(provs[o.rule.measure], o.rule.quote) for o in chosen.options]
        return Reply("\n".join(options), "amount", dedupe(quoted), follow_up=list(FOLLOW_UP))
    if not isinstance(chosen, Picked):
        return None
    claims = chosen.claims()
    lines: list[str] = []
    cited: list[tuple[Provision, str]] = []
    try:
        calc = ctx.calculator.calculate(claims, as_of=turn.as_of) if claims else None
    except PolicyAssistantError as exc:  # e.g. a figure in no bracket of the text: said as such
        calc = None
        lines.append(f"根据{A.cite(p)}：{exc.message}。")
        cited.append((p, chosen.picks[0].selection.rule.quote))
    if calc is not None and calc.items:
        lines.append(_ceiling_sentence(calc, provs, ctx.rules) or calc_sentence(calc, provs, ctx.rules))
        lines += _steps(calc, lines[-1])
        cited += [(provs[ctx.rules.rule(i.rule_id).measure], ctx.rules.rule(i.rule_id).quote) for i in calc.items]
        priced = [i for i in calc.items if i.amount_yuan is not None or i.range_yuan is not None]
        lines += _source_lines([ctx.rules.rule(i.rule_id).quote for i in priced])
    for pick in chosen.picks:
        if pick.needs:
            lines.append(f"根据{A.cite(p)}：{benefit_text(pick.selection.rule)}。请告诉我{pick.needs}，我可以帮您算出具体数额。")
            cited.append((p, pick.selection.rule.quote))
    if not lines:
        return None
    if p.departments:
        lines.append(A.departments_line(p))
    return Reply("\n".join(lines), "amount", dedupe(cited), calc if calc and calc.items else None,
                 follow_up=list(FOLLOW_UP))


#: Benefits whose figure is computed from what the question gives (units, periods, a bracket).
_COMPUTED = ("per_unit", "threshold", "percent")


def _steps(calc: Calculation, said: str) -> list[str]:
    """The calculator's own lines for a computed figure the sentence does not show yet
    (``300亩 × 100元/亩``, ``100万元 × 70%``, ``5万元 × 3年``): how the figure was reached."""
    if not any(i.benefit_type in _COMPUTED and i.amount_yuan is not None for i in calc.items):
        return []
    steps = [t for t in calc.trace if "×" in t or "属“" in t]
    return [f"计算：{t}" for t in dict.fromkeys(steps) if t not in said]


#: The longest source sentence an answer repeats in full.
_QUOTE_MAX = 160


def _source_lines(quotes: list[str]) -> list[str]:
    """The sentence a drafted figure was read from, so the caller can check the reading:
    ``原文：“…”`` (line-break spaces removed; at most two, a long one cut with …)."""
    out = []
    for quote in list(dict.fromkeys(re.sub(r"\s+", "", q) for q in quotes))[:2]:
        shown = quote if len(quote) <= _QUOTE_MAX else quote[: _QUOTE_MAX - 1] + "…"
        out.append(f"原文：“{shown}”")
    return out


def _ceiling_sentence(calc: Calculation, provs: dict[str, Provision], rules: RuleBase) -> str:
    """A fee lowered to a ceiling (担保费率降至1%以内) is what is charged at most, not money received:
    ``强化担保支持（500万元以上）：担保费上限12万元〔七、〕。`` — ``""`` for anything else."""
    if len(calc.items) != 1 or calc.items[0].amount_yuan is None:
        return ""
    item = calc.items[0]
    kind = getattr(rules.rule(item.rule_id).benefit, "kind", "")
    if not kind.endswith("费上限") or item.amount_yuan is None:
        return ""
    return f"{item.label}：{kind}{format_yuan(item.amount_yuan)}{A.cite(provs[item.measure])}。"
