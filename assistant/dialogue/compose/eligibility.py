"""Eligibility answers: the conditions checked against what the enterprise said; and the
no-double-reward clause applied by the calculator."""

from __future__ import annotations

from assistant.calc import Claim
from assistant.corpus.models import Provision
from assistant.dialogue import answers as A
from assistant.dialogue.compose.common import calc_sentence, dedupe
from assistant.dialogue.context import Reply, Turn
from assistant.rules.conditions import overall
from assistant.rules.rulebase import Selection
from assistant.rules.schema import FixedBenefit, Rule


def eligibility(turn: Turn, p: Provision, rules: tuple[Rule, ...]) -> Reply:
    assert turn.ctx.rules is not None
    profile = turn.profile
    chosen = sorted((s for s in turn.selections if s.rule.measure == p.measure), key=lambda s: s.tier is None)
    target = chosen[0] if chosen else Selection(rules[0], rules[0].tiers[0] if len(rules[0].tiers) == 1 else None)
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
    if verdict != "unmet" and isinstance(benefit, FixedBenefit) and (target.tier or len(benefit.tiers) == 1):
        assert turn.ctx.calculator is not None
        tier = target.tier.id if target.tier else target.rule.id
        calc = turn.ctx.calculator.calculate([Claim(p.measure, tier=tier)], as_of=turn.as_of)
    return Reply("\n".join(lines), "eligibility", [(p, target.rule.quote)], calc,
                 follow_up=["能拿多少？", "这项支持由哪个部门负责？"])


def no_double(turn: Turn) -> Reply:
    """Can two rewards be had together? The exclusivity clause, applied by the calculator."""
    ctx = turn.ctx
    assert ctx.rules is not None and ctx.rules.exclusivity is not None and ctx.calculator is not None
    ex = ctx.rules.exclusivity
    provs = ctx.provisions()
    clause = provs[ex.measure]
    lines = [f"根据{A.cite(clause)}，“{ex.quote}”，即同质同类的奖励不重复享受。"]
    cited: list[tuple[Provision, str]] = [(clause, ex.quote)]
    claims = [Claim(s.rule.measure, tier=s.tier.id if s.tier else s.rule.id) for s in turn.selections
              if isinstance(s.rule.benefit, FixedBenefit)]
    calc = ctx.calculator.calculate(claims, as_of=turn.as_of) if len(claims) >= 2 else None
    if calc is not None:
        lines.append(calc_sentence(calc, provs, ctx.rules))
        if calc.excluded:
            lines.append("不重复计算：" + "、".join(i.label for i in calc.excluded) + "。")
        cited += [(provs[ctx.rules.rule(i.rule_id).measure], ctx.rules.rule(i.rule_id).quote) for i in calc.items]
    elif len(turn.selections) == 1:
        sel = turn.selections[0]
        p = provs[sel.rule.measure]
        lines.append(f"{A.cite(p)}{sel.label}：{A.benefit_phrase(sel.rule, [sel.label])}；"
                     "已按其他同类政策获得奖励的，是否还能享受以主管部门认定为准。")
        cited.append((p, sel.rule.quote))
    lines.append("同类奖励不重复享受，按较高的一项计；不同类的奖励分别计算。")
    return Reply("\n".join(lines), "eligibility", dedupe(cited), calc if calc and calc.items else None,
                 follow_up=["能拿多少？", "这个政策现在还有效吗？"])
