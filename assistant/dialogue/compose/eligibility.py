"""Eligibility answers: the conditions checked against what the enterprise said; and the
no-double-reward clause applied by the calculator."""

from __future__ import annotations

from assistant.calc import Claim
from assistant.corpus.models import Provision
from assistant.dialogue import answers as A
from assistant.dialogue.compose.common import calc_sentence, dedupe, state_selections
from assistant.dialogue.context import Reply, Turn, unquoted
from assistant.dialogue.intent import asks_figure
from assistant.index.policy_index import FILLER
from assistant.rules.conditions import overall
from assistant.rules.rulebase import Selection
from assistant.rules.schema import FixedBenefit, RangeBenefit, Rule


def eligibility(turn: Turn, p: Provision, rules: tuple[Rule, ...]) -> Reply:
    assert turn.ctx.rules is not None
    profile = turn.profile
    named = turn.selections + (state_selections(turn) if turn.anaphoric else [])
    chosen = sorted((s for s in named if s.rule.measure == p.measure), key=lambda s: s.tier is None)
    topical = _topical_rule(turn, rules)
    if chosen and chosen[0].tier is None and topical is not None and topical is not chosen[0].rule:
        chosen = [Selection(topical)]  # 容积率提高了要补交土地款吗: the rule about 土地价款, not the one named 容积率
    first = chosen[0].rule if chosen else topical or rules[0]
    target = chosen[0] if chosen else Selection(first, first.tiers[0] if len(first.tiers) == 1 else None)
    checks = target.check(profile)
    verdict = overall(checks)
    name = target.label
    lines: list[str] = []
    if verdict == "unmet":
        failed = [c for c in checks if c.status == "unmet"]
        lines.append(f"根据您提供的情况，暂不符合{A.cite(p)}“{name}”的条件："
                     + "；".join(c.condition.statement for c in failed) + "。")
    elif verdict == "met":
        lines.append(f"根据您提供的情况，符合{A.cite(p)}“{name}”的条件，可享受：{A.benefit_phrase(target.rule)}。")
    else:
        missing = [c for c in checks if c.status == "unknown"]
        lines.append(f"能否享受{A.cite(p)}“{name}”，还需确认以下条件。请问："
                     + "；".join(c.condition.statement for c in missing[:2]) + "？")
    lines.append(f"申报主体：{target.rule.beneficiary}。该项支持：{A.benefit_phrase(target.rule)}。")
    lines.append("条件核对：\n" + A.conditions_block(checks))
    lines.append(f"原文：“{target.rule.quote}”")
    calc = None
    benefit = target.rule.benefit
    # A calculation only when the question asks for a figure (能拿多少) or states one to be
    # checked (能拿30万吗): "can we have it?" and "what are the conditions?" are answered with
    # the conditions and the benefit as the text words it, never with an amount nobody asked.
    # a tier counts when named specifically or earlier (市级专精特新企业 names no tier of 第2条)
    tier_named = any(m.selection == target for m in turn.frame.specific) or target in state_selections(turn)
    priced = isinstance(benefit, RangeBenefit) or (
        isinstance(benefit, FixedBenefit) and (len(benefit.tiers) == 1 or (target.tier is not None and tier_named)))
    if priced and verdict != "unmet" and asks_figure(turn.frame, turn.state):
        assert turn.ctx.calculator is not None
        tier = target.tier.id if target.tier else target.rule.id
        calc = turn.ctx.calculator.calculate([Claim(p.measure, tier=tier)], as_of=turn.as_of)
    return Reply("\n".join(lines), "eligibility", [(p, target.rule.quote)], calc,
                 follow_up=["能拿多少？", "这项支持由哪个部门负责？"])


def _topical_rule(turn: Turn, rules: tuple[Rule, ...]) -> Rule | None:
    """Of a measure's rules, the one whose words the question uses most, when one uses
    strictly more than every other (None otherwise)."""
    if len(rules) < 2 or turn.index is None:
        return None
    tokens = {t for t in turn.index.tokenizer.tokens(turn.text) if len(t) >= 2 and t not in FILLER}
    scores = [(sum(t in unquoted(f"{r.title}{r.quote}{r.beneficiary}{''.join(r.aliases)}") for t in tokens), i)
              for i, r in enumerate(rules)]
    ranked = sorted(scores, reverse=True)
    return rules[ranked[0][1]] if ranked[0][0] > ranked[1][0] else None


def no_double(turn: Turn) -> Reply:
    """Can two rewards be had together? The exclusivity clause, applied by the calculator."""
    ctx = turn.ctx
    assert ctx.rules is not None and ctx.rules.exclusivity is not None and ctx.calculator is not None
    ex = ctx.rules.exclusivity
    provs = ctx.provisions()
    clause = provs[ex.measure]
    lines = [f"根据{A.cite(clause)}，“{ex.quote}”，即同质同类的奖励不重复享受。"]
    cited: list[tuple[Provision, str]] = [(clause, ex.quote)]
    named = turn.selections if len(turn.selections) >= 2 or not turn.anaphoric else [
        *turn.selections, *state_selections(turn)]  # 两个都拿: the tiers of the conversation
    claims = list({(s.rule.measure, s.tier.id if s.tier else s.rule.id): Claim(s.rule.measure, tier=s.tier.id if s.tier
                    else s.rule.id) for s in named if isinstance(s.rule.benefit, FixedBenefit)}.values())
    calc = ctx.calculator.calculate(claims, as_of=turn.as_of) if len(claims) >= 2 else None
    if calc is not None:
        lines.append(calc_sentence(calc, provs, ctx.rules))
        if calc.excluded:
            lines.append("不重复计算：" + "、".join(i.label for i in calc.excluded) + "。")
        cited += [(provs[ctx.rules.rule(i.rule_id).measure], ctx.rules.rule(i.rule_id).quote) for i in calc.items]
    elif len({s.rule.measure for s in named}) > 1:  # 是小巨人，拿过奖励了，还能参加揭榜挂帅吗: each, cited
        for sel in named:
            p = provs[sel.rule.measure]
            lines.append(f"{A.cite(p)}{sel.label}：{A.benefit_phrase(sel.rule, [sel.label])}。")
            cited.append((p, sel.rule.quote))
    elif len(named) == 1:
        sel = named[0]
        p = provs[sel.rule.measure]
        lines.append(f"{A.cite(p)}{sel.label}：{A.benefit_phrase(sel.rule, [sel.label])}；"
                     "已按其他同类政策获得奖励的，是否还能享受以主管部门认定为准。")
        cited.append((p, sel.rule.quote))
    lines.append("同类奖励不重复享受，按较高的一项计；不同类的奖励分别计算。")
    return Reply("\n".join(lines), "eligibility", dedupe(cited), calc if calc and calc.items else None,
                 follow_up=["能拿多少？", "这个政策现在还有效吗？"])
