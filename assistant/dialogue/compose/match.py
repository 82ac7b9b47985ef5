"""What can the enterprise get: every benefit its facts and named tiers meet, totalled by the
calculator; benefits that may apply listed with what still has to be confirmed."""

from __future__ import annotations

import dataclasses

from assistant.calc import Calculation, Claim, format_yuan
from assistant.corpus.models import Provision
from assistant.dialogue import answers as A
from assistant.dialogue.amounts import near_base
from assistant.dialogue.compose import info
from assistant.dialogue.compose.common import (
    base_yuan,
    calc_sentence,
    dedupe,
    item_bases,
    key_notes,
    kind_unknown,
    named_exception,
    pending_lines,
    resolve_tiers,
    state_selections,
    tier_facts,
)
from assistant.dialogue.context import Reply, Turn
from assistant.index.policy_index import FILLER
from assistant.rules.conditions import overall
from assistant.rules.rulebase import Selection
from assistant.rules.schema import FixedBenefit, PercentBenefit, RangeBenefit

FOLLOW_UP = ["这些支持分别找哪个部门？", "这个政策现在还有效吗？"]


def _claims(turn: Turn) -> tuple[list[Claim], list[Selection]]:
    ctx = turn.ctx
    assert ctx.rules is not None
    profile = turn.profile
    remembered = state_selections(turn)
    based = _based(turn)  # a base given in the words of a percentage claims that percentage
    named = _highest_tier_first(resolve_tiers([*turn.selections, *remembered, *based], turn))
    claims: list[Claim] = []
    used: set[str] = {r.id for m in turn.exclude for r in ctx.rules.rules_for(m)}
    pending: list[Selection] = []
    specific = {m.selection for m in turn.frame.specific}
    candidates = [s.rule for s in named]
    for sel in named:
        if sel.rule.id in used:
            continue
        checks = sel.check({**profile, **tier_facts(sel)})
        if overall(checks) == "unmet":
            continue
        rule_checks = checks[: len(sel.rule.conditions)]
        if kind_unknown(sel, rule_checks, turn):
            pending.append(sel)  # 整体搬来 but not said to be a 高新技术企业: listed with what to confirm, not totalled
            used.add(sel.rule.id)
            continue
        evidence = sel in specific or sel in based or any(c.status == "met" for c in rule_checks) or not rule_checks \
            or sel in remembered
        if not evidence or not isinstance(sel.rule.benefit, FixedBenefit | RangeBenefit | PercentBenefit):
            pending.append(sel)  # nothing the user said shows the rule's own conditions: ask, don't total
            used.add(sel.rule.id)
            continue
        if named_exception(turn.text, sel.rule) is not None:
            pending.append(sel)  # the exception its note states (一事一议): no figure to total
            used.add(sel.rule.id)
            continue
        if isinstance(sel.rule.benefit, PercentBenefit):
            if items := item_bases(turn, sel.rule, candidates):  # separate items: a claim each
                claims += [Claim(sel.rule.measure, tier=sel.rule.id, base=b) for b in items]
                used.add(sel.rule.id)
            elif (base := base_yuan(turn, sel.rule)) is not None:
                claims.append(Claim(sel.rule.measure, tier=sel.rule.id, base=base))
                used.add(sel.rule.id)
            continue
        if sel.tier is None and len(sel.rule.tiers) > 1:
            continue  # which tier is not known: listed by the amount answer, not totalled
        claims.append(Claim(sel.rule.measure, tier=sel.tier.id if sel.tier else sel.rule.id))
        used.add(sel.rule.id)
    for rule in ctx.rules.rules:  # rules whose conditions the profile already meets
        if rule.id in used or not rule.conditions or named_exception(turn.text, rule) is not None:
            continue
        checks = Selection(rule).check(profile)
        if overall(checks) == "met" or (sum(c.status == "met" for c in checks) >= 2 and overall(checks) != "unmet"):
            if kind_unknown(Selection(rule), checks, turn):  # 从北京整体迁来, but nothing says it is a 高企
                pending.append(Selection(rule))
                used.add(rule.id)
                continue
            base = base_yuan(turn, rule) if isinstance(rule.benefit, PercentBenefit) else None
            if (isinstance(rule.benefit, PercentBenefit) and base is None) or (rule.tiers and len(rule.tiers) > 1):
                pending.append(Selection(rule))  # it fits, but its base or tier is not known yet: listed, not totalled
                used.add(rule.id)
                continue
            bases: list[int | None] = [*item_bases(turn, rule, candidates)] or [base]
            claims += [Claim(rule.measure, tier=rule.id, base=b) for b in bases]
            used.add(rule.id)
    return claims, pending


def match(turn: Turn) -> Reply:
    ctx = turn.ctx
    provs = ctx.provisions()
    topical = [m for m in turn.measures if m in provs and m not in turn.exclude]
    if ctx.rules is None or ctx.calculator is None:
        top = topical[:3] or [h.measure for h in turn.hits[:3]]
        lines = ["根据您的情况，可能相关的措施有："] + [f"· {A.cite(provs[m])}{A.excerpt(provs[m], 60)}" for m in top]
        return Reply("\n".join(lines), "match", [(provs[m], A.excerpt(provs[m], 80)) for m in top])
    claims, pending = _claims(turn)
    generic_only = pending and not turn.frame.specific and topical and topical[0] not in {s.rule.measure for s in pending}
    if not claims and (not pending or generic_only):
        if topical and (turn.frame.doc_terms or turn.exclude or generic_only or _has_topic(turn)):
            return info.overview(turn, [provs[m] for m in topical], intent="match")
        top = topical[:3] or [h.measure for h in turn.hits[:3] if h.measure not in turn.exclude]
        lines = ["请再介绍一下企业情况（如获得的认定、是否从市外迁入、是否有专利引进等），我来帮您逐项匹配。"]
        if top:
            lines.append("与您的问题可能相关的措施：" + "；".join(A.cite(provs[m]) for m in top))
        return Reply("\n".join(lines), "match", [(provs[m], A.excerpt(provs[m], 80)) for m in top],
                     follow_up=list(FOLLOW_UP))
    profile = turn.profile
    if not claims:
        lines = ["根据您的描述，以下措施可能适用："] + pending_lines(pending, profile, provs)[1:]
        listed = [(provs[s.rule.measure], s.rule.quote) for s in pending]
        lines += _topic_lines(turn, listed)
        return Reply("\n".join(lines), "match", dedupe(listed), follow_up=list(FOLLOW_UP))
    unpriced = _unpriced_named(turn, pending)
    if unpriced:  # listed in the calculation as items with no amount
        claims += [Claim(s.rule.measure, tier=s.rule.id) for s in unpriced]
        pending = [s for s in pending if s not in unpriced]
    calc = ctx.calculator.calculate(claims, as_of=turn.as_of)
    no_total = bool(unpriced) and (calc.total_yuan is not None or calc.range_yuan is not None)
    if no_total:  # "两项一共多少": one of the named benefits has no figure here, so there is no total
        calc = dataclasses.replace(calc, total_yuan=None, range_yuan=None)
    lines = [calc_sentence(calc, provs, ctx.rules)]
    if no_total:
        lines.append("您问的合计无法给出：" + "、".join(s.label for s in unpriced)
                     + "本文件未规定具体金额，以上只是能按原文计算的部分。")
    lines += [n for n in key_notes(calc) if "同质同类" in n]
    if calc.excluded:
        lines.append("不重复计算：" + "、".join(i.label for i in calc.excluded) + "。")
    cited_extra: list[tuple[Provision, str]] = []
    lines += _one_tier_lines(turn, calc, cited_extra)
    if (said := turn.frame.asserted_yuan) and calc.total_yuan is not None:  # 能拿150万吗: the caller's figure checked
        lines.append(f"您说的{format_yuan(said[-1])}与按原文计算的金额一致。" if said[-1] == calc.total_yuan
                     else f"您说的金额与原文不符：按原文计算为{format_yuan(calc.total_yuan)}。")
    cited: list[tuple[Provision, str]] = [(provs[ctx.rules.rule(i.rule_id).measure], ctx.rules.rule(i.rule_id).quote)
                                          for i in calc.items]
    lines += pending_lines(pending, profile, provs)
    cited = cited + cited_extra + [(provs[s.rule.measure], s.rule.quote) for s in pending]
    lines += _topic_lines(turn, cited)
    cited = dedupe(cited)
    return Reply("\n".join(lines), "match", cited, calc, follow_up=list(FOLLOW_UP))


def _based(turn: Turn) -> list[Selection]:
    """The percentages whose base the question gives in their own words without naming the
    benefit (1号项目合同300万，2号项目合同900万 → the percentage of 合同金额): named by their base."""
    rules = turn.ctx.rules
    assert rules is not None
    named = {s.rule.id for s in turn.selections}
    frame = turn.frame
    return [Selection(r) for m in frame.base_refs for r in rules.rules_for(m)
            if isinstance(r.benefit, PercentBenefit) and r.id not in named
            and near_base(frame.text, frame.amounts, r.benefit.base)]


def _topic_lines(turn: Turn, cited: list[tuple[Provision, str]]) -> list[str]:
    """The measures that answer one of the needs the question lists (设备和厂房方面…: the one on
    厂房) and grant no figure the lines above priced or listed: one line each, from their own
    text, cited (appended to ``cited``). Only a measure holding a word of the question that few
    provisions use — a clause of generic words (我们是一家中小企业) names no need."""
    if turn.index is None or not turn.topics:
        return []
    provs, ctx = turn.ctx.provisions(), turn.ctx
    shown = {p.measure for p, _ in cited}
    words = [t for t in turn.index.tokenizer.tokens(turn.text) if len(t) >= 2 and t not in FILLER]
    lines: list[str] = []
    for m in turn.topics:
        p = provs.get(m)
        if p is None or m in shown or m in turn.exclude:
            continue
        own = [w for w in words if w in p.text and ctx.spread(w) <= _FEW]
        if not own:
            continue
        if not lines:
            lines.append("与您提到的需求相关的还有：")
        lines.append(f"· {A.cite(p)}{A.relevant(p, own, limit=1)}")
        cited.append((p, A.excerpt(p, 120)))
    return lines


#: a word found in at most this many provisions says which measure a need is about
_FEW = 3


def _highest_tier_first(selections: list[Selection]) -> list[Selection]:
    """Several tiers of one rule (小巨人 and 自治区专精特新 the same year) are one reward: the
    highest is the one paid (the others are listed as not counted again), so it comes first;
    tiers that add up keep their order."""
    def amount(sel: Selection) -> int:
        b = sel.rule.benefit
        if sel.tier is None or not isinstance(b, FixedBenefit) or b.tiers_add_up:
            return 0
        return -int(sel.tier.amount)

    first = {sel.rule.id: i for i, sel in reversed(list(enumerate(selections)))}
    return sorted(selections, key=lambda sel: (first[sel.rule.id], amount(sel)))


def _one_tier_lines(turn: Turn, calc: Calculation, cited: list[tuple[Provision, str]]) -> list[str]:
    """Several tiers of one rule named (我们是小巨人，也是自治区专精特新): one rule is one reward,
    counted once at the tier claimed, under the document's no-double-reward clause."""
    rules = turn.ctx.rules
    if rules is None or rules.exclusivity is None:
        return []
    claimed = {(i.rule_id, i.tier_id) for i in calc.items}
    lines = []
    # the tiers named now and those the conversation already holds (小巨人 … 也新认定了自治区专精特新)
    said = [m.selection for m in turn.frame.specific] + [s for s in state_selections(turn) if s.tier is not None]
    for rule_id in dict.fromkeys(s.rule.id for s in said if s.tier is not None):
        named = {s.tier.id: s.tier.name for s in said if s.rule.id == rule_id and s.tier is not None}
        others = [name for tier, name in named.items() if (rule_id, tier) not in claimed]
        if len(named) > 1 and others:
            clause = turn.ctx.provisions()[rules.exclusivity.measure]
            lines.append(f"{'、'.join(others)}与之属同一项奖励，根据{A.cite(clause)}“{rules.exclusivity.quote}”，不另计。")
            cited.append((clause, rules.exclusivity.quote))
    return lines


def _unpriced_named(turn: Turn, pending: list[Selection]) -> list[Selection]:
    """Benefits a question for a total names specifically whose amount the text does not set
    (按照相关政策给予奖励): the total of what was asked cannot be given."""
    if not turn.frame.has("total"):
        return []
    named = {m.selection.rule.id for m in turn.frame.specific}
    return [s for s in pending if s.rule.id in named
            and not isinstance(s.rule.benefit, FixedBenefit | PercentBenefit | RangeBenefit)]


def _has_topic(turn: Turn) -> bool:
    """The question names a topic of its own (企业上云有什么支持), not only "what can we get"."""
    return turn.frame.content > 0 and turn.frame.coverage > 0 and not turn.frame.facts
