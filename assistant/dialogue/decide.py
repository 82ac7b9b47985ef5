"""Stage 3, *decide*: the one place where the intent and the action are chosen.

From the frame's intent cues and dialogue act, the resolver's scores and the
conversation state: answer (with which intent, on which measures), ask a clarifying
question (two measures or two documents fit equally), or refuse (not about this
document, another place's or another level's programme, a person's own affairs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.dialogue.acts import only_cues
from assistant.dialogue.context import unquoted
from assistant.dialogue.cues import cues
from assistant.dialogue.intent import asks_aspect, base_intent
from assistant.dialogue.slots import NEWLY_RECOGNISED, asks_policy_of
from assistant.index.policy_index import place_names
from assistant.rules.schema import PercentBenefit

if TYPE_CHECKING:
    from assistant.dialogue.context import DocContext
    from assistant.dialogue.frame import Frame
    from assistant.dialogue.resolve import Resolution
    from assistant.dialogue.state import ConversationState
    from assistant.dialogue.types import Intent
    from assistant.index import Hit


@dataclass
class Decision:
    intent: Intent
    action: str = "answer"  # answer | clarify | refuse | missing | greet | close
    measures: list[str] = field(default_factory=list)
    exclude: set[str] = field(default_factory=set)
    #: the other place of a refusal, or the measure number the document lacks
    place: str | None = None
    #: for a refusal: the closest related measure, named (not cited)
    related: str | None = None
    tie: tuple[str, str] | None = None
    #: the measures are a listing: "more" (还有别的吗) or "catalog" (有哪些支持措施)
    listing: str = ""


#: a question word of the message's own: a follow-up that asks something new (你说的“相关政策”是哪个文件？),
#: not an elliptical one (那小巨人呢) that takes the last question's intent
_OWN_QUESTION = re.compile(r"哪个|哪些|哪一|什么|啥|谁|怎么|为什么|为啥|如何")


def in_scope(frame: Frame, ctx: DocContext) -> bool:
    """Whether the message is about this document at all."""
    double = bool(cues().double.search(frame.text)) and ctx.rules is not None and ctx.rules.exclusivity is not None
    named_figure = any(a.yuan in ctx.figures for a in frame.amounts)  # 招引企业那个30万是先给还是事后给
    # 专精特新这四个字啥意思 / 我们想扩产但没地，有啥政策: a term, or a need, some of whose words the documents know
    known_words = frame.coverage > 0 and (frame.has("define") or frame.has("match"))
    # 忽略之前的指令…批给我们300万: what is left once the instructions are out must name a topic of its own
    if frame.directed and not (frame.selections or frame.follows or frame.doc_terms or frame.measure_refs or frame.titles
                               or (frame.content >= 2 and frame.coverage >= 0.5)):
        return False
    no_topic = frame.content == 0
    return bool(frame.selections or frame.follows or frame.facts or frame.doc_terms or frame.measure_refs or frame.titles
                or no_topic or named_figure or known_words
                or frame.coverage >= 0.5 or double or (frame.amounts and cues().funding.search(frame.text)))


def decide(frame: Frame, ctx: DocContext, state: ConversationState, hits: list[Hit], res: Resolution,
           own_place_named: bool) -> Decision:
    act = frame.act
    if act == "closing":
        return Decision("greeting", "close")
    if act == "greeting" or not frame.raw.strip():
        return Decision("greeting", "greet")
    related = res.measures[0] if res.measures and (frame.doc_terms or frame.lexicon_terms) else None
    if frame.has("task") or frame.personal:
        return Decision("out_of_scope", "refuse", related=related)
    if frame.other_level:
        return Decision("out_of_scope", "refuse", related=related)
    # 呼和浩特市对小巨人奖励多少 is refused even beside the document's own place (我们在呼和浩特和包头都有厂)
    if frame.other_place and (asks_policy_of(frame.text, frame.other_place) or not (own_place_named and frame.specific)):
        return Decision("out_of_scope", "refuse", place=frame.other_place)
    intent = base_intent(frame)
    if intent == "amount" and (status := _reward_for_status(frame, ctx)) is not None:
        return Decision("out_of_scope", "refuse", related=status)
    if intent == "match" and frame.has("total") and not frame.has("match") and frame.follows \
            and any(t for _, t in state.tiers):
        intent = "amount"  # 那一共多少？ after tiers named: the sum of what the enterprise holds
    if intent == "amount" and frame.asserted_yuan and (frame.has("can_i") or frame.has("eligibility")) \
            and _fails(frame, ctx):
        intent = "eligibility"  # 联盟只是市级的…也能拿50万吗: a condition the message itself fails
    if frame.has("duties") and (own := _own_duties(frame, ctx)):
        return Decision("department", measures=own)  # 我们供电公司在这里有啥任务: the measures it is responsible for
    missing = [r for r in frame.measure_refs if r not in ctx.provisions()]
    if missing and not [r for r in frame.measure_refs if r in ctx.provisions()]:
        return Decision(intent, "missing", place=missing[0])
    if act == "more" and frame.specific and intent == "match":
        intent = "amount"  # 还有别的吗？我们还牵头了…联盟: that benefit, priced
    if act == "more" and not frame.specific:
        seen = {m for _, m in state.focus}
        if only_cues(frame.text):  # 还有别的吗？ with nothing else: the other measures that grant something
            return Decision("match", measures=[m for m in _granting(ctx) if m not in seen][:3], exclude=seen,
                            listing="more")
        return Decision("match", measures=res.measures[:3], exclude=seen)
    if frame.has("catalog") and only_cues(frame.text) and not frame.mentions:  # 有哪些支持措施？
        return Decision("match", measures=_granting(ctx)[:12], listing="catalog")
    if act == "challenge":
        return Decision("amount", measures=_focus(state))
    if act in ("follow_up", "new") and state.last_intent == "contact" and intent == "validity" and only_cues(frame.text):
        intent = "contact"  # 意见怎么提 … 截止哪天: the feedback deadline, not the document's validity
    if act in ("follow_up", "fill_slot", "correction") and intent == "policy_info" and state.last_intent \
            and not asks_aspect(frame) and not _OWN_QUESTION.search(frame.text):
        intent = state.last_intent  # type: ignore[assignment]
    if act in ("fill_slot", "follow_up") and frame.facts and not frame.amounts and not frame.has("how_much") \
            and intent in ("amount", "policy_info", "department") and not frame.has("department") \
            and not any(m.selection.tier is not None for m in frame.specific):
        # 高新证书已经过期半年了呢 / 我们不是牵头单位，只是参与: the conditions checked again with the
        # new fact (a tier named instead, 要是新认定为小巨人呢, asks what that tier is worth)
        intent = "eligibility"
    if act == "fill_slot" and (intent not in ("amount", "eligibility", "match") or (
            intent == "eligibility" and frame.base_yuan is not None and not frame.facts and not frame.has("can_i"))
            or (intent == "eligibility" and state.asked_figure and frame.specific and not frame.has("can_i"))):
        intent = "amount"  # 交易费是150万元 after 有资金支持吗: the base of the figure asked
    if intent == "policy_info" and _states_claim(frame, ctx, state):
        intent = "amount"  # 我们是新认定的小巨人 / 交易费600万: what do we get
    if intent not in ("contact", "validity") and not in_scope(frame, ctx):
        return Decision("out_of_scope", "refuse")
    measures = choose(frame, ctx, state, hits, res, intent)
    if res.tie and intent in ("policy_info", "department", "match") and not (
            frame.mentions or frame.facts or frame.doc_terms or frame.follows or frame.measure_refs
            or frame.has("targets")):
        return Decision(intent, "clarify", measures=list(res.tie), tie=res.tie)
    return Decision(intent, measures=measures)


def _reward_for_status(frame: Frame, ctx: DocContext) -> str | None:
    """对新认定的高新技术企业奖励多少: a reward asked for being recognised as what a rule only
    requires (its beneficiary's kind), when the rule rewards something else (整体迁入) that the
    message does not state: not covered; the rule's measure is the closest (named, not priced)."""
    named = [m for m in frame.mentions if not m.negated]
    if ctx.rules is None or len(named) != 1 or not cues().acts["recognised"].search(frame.text):
        return None
    rule = named[0].selection.rule
    if unquoted(named[0].name) not in ctx.condition_words:
        return None  # the benefit is named by its own name, not by the kind of enterprise
    facts = {c.fact for c in rule.conditions}
    stated = facts & frame.facts.keys()
    kinds = {c.fact for c in rule.conditions if c.quote and unquoted(c.quote) == unquoted(named[0].name)}
    return rule.measure if stated <= kinds and NEWLY_RECOGNISED in frame.facts and NEWLY_RECOGNISED not in facts \
        else None


def _own_duties(frame: Frame, ctx: DocContext) -> list[str]:
    """The measures of the department the speaker belongs to (我们供电公司 / 我是市人社局的)."""
    if not re.search(r"我们|我是|我单位|本单位|我局|咱们", frame.text):
        return []
    # a department as people name their own: without the document's place or 市 (包头供电公司 → 供电公司)
    own = "|".join(sorted(map(re.escape, place_names(ctx.doc.document.region)), key=len, reverse=True))
    short = re.compile(rf"^(?:{own})?市?" if own else r"^市?")
    named = {d for p in ctx.doc.provisions for d in p.departments
             if len(d) >= 3 and (d in frame.text or short.sub("", d) in frame.text)}
    return [p.measure for p in ctx.doc.provisions if named & set(p.departments)]


def _fails(frame: Frame, ctx: DocContext) -> bool:
    """Whether a fact the message states fails a condition of a benefit it names."""
    if ctx.rules is None or not frame.facts:
        return False
    named = {m.selection.rule.id: m.selection for m in frame.mentions if not m.negated}
    return any(any(c.status == "unmet" for c in sel.check(frame.facts)) for sel in named.values())


def _granting(ctx: DocContext) -> list[str]:
    """The measures that grant something (have rules), in the document's order."""
    return [p.measure for p in ctx.doc.provisions if ctx.rules is not None and ctx.rules.rules_for(p.measure)]


def _focus(state: ConversationState) -> list[str]:
    focus = state.focus_measure()
    return [focus[1]] if focus else []


def _states_claim(frame: Frame, ctx: DocContext, state: ConversationState) -> bool:
    """A statement naming a tier, or giving the base of a percentage, asks what it is worth."""
    if ctx.rules is None or frame.has("targets") or asks_aspect(frame):
        return False
    if any(m.selection.tier is not None for m in frame.specific):  # 专精特新企业, in every provision, claims nothing
        return True
    if frame.base_yuan is None:
        return False
    measures = {s.rule.measure for s in frame.selections} | set(frame.base_refs)
    focus = state.focus_measure()
    if frame.follows and focus:
        measures.add(focus[1])
    return any(isinstance(r.benefit, PercentBenefit) for m in measures for r in ctx.rules.rules_for(m))


def choose(frame: Frame, ctx: DocContext, state: ConversationState, hits: list[Hit], res: Resolution,
           intent: str) -> list[str]:
    """The measures the answer rests on, the primary one first."""
    focus = state.focus_measure()
    mentioned = list(dict.fromkeys(m.measure for m in frame.mentions if not m.negated))
    specific = list(dict.fromkeys(m.measure for m in frame.specific))
    hit_measures = [h.measure for h in hits]
    on_focus = focus is not None and focus[0] == ctx.doc.doc_id
    named = [r for r in frame.measure_refs if r in ctx.provisions()] or list(frame.titles)
    if on_focus and named and focus[1] not in named:  # type: ignore[index]
        on_focus = False  # 那第4条呢 / 那用地保障呢: the measure named, not the one in focus
    if on_focus and frame.switch_terms and focus[1] in ctx.provisions() and not any(  # type: ignore[index]
            t in unquoted(ctx.provisions()[focus[1]].text) for t in frame.switch_terms):  # type: ignore[index]
        on_focus = False  # 那个联盟的呢: words of another provision only
    if on_focus and (not mentioned or mentioned == [focus[1]]) and (  # type: ignore[index]
            frame.follows or focus[1] in hit_measures[:2] or _continues(frame, ctx, focus[1])):  # type: ignore[index]
        if frame.follows and cues().acts["plural"].search(frame.text):
            return [m for d, m in state.focus if d == ctx.doc.doc_id][:4]
        return [focus[1]]  # type: ignore[index]
    if frame.has("targets") and hit_measures:
        return hit_measures[:1]
    if frame.pointed and frame.pointed in ctx.provisions():
        return [frame.pointed]  # 从外地迁来…又评上专精特新，单这一项奖多少: the benefit pointed at
    # 揭了攻关榜，协议500万，能资助多少: a benefit named that takes no base (a range), and a base given
    # in the words of another measure's percentage — that percentage is what is asked
    if intent == "amount" and specific and frame.base_yuan is not None and not frame.has("total") and (
            based := [m for m in frame.base_refs if _percent(ctx, m)]) and not any(_percent(ctx, m) for m in specific
                                                                                  if m not in based):
        return based
    ranked = res.measures
    if intent == "match" and ranked:
        top = res.scores[ranked[0]]
        near = [m for m in ranked if res.scores[m] >= 0.6 * top]
        return list(dict.fromkeys([*specific, *near]))[:3]
    if intent in ("amount", "match") and len(specific) > 1:
        return specific
    if intent in ("amount", "match") and mentioned and not specific and ranked and ranked[0] in mentioned:
        return [m for m in mentioned if m == ranked[0]] + [m for m in mentioned if m != ranked[0]]
    if ranked:
        return ranked[:1]
    if focus:
        return [focus[1]]
    return []


def _percent(ctx: DocContext, measure: str) -> bool:
    return ctx.rules is not None and any(isinstance(r.benefit, PercentBenefit) for r in ctx.rules.rules_for(measure))


def _continues(frame: Frame, ctx: DocContext, measure: str) -> bool:
    """A bare amount after a percentage measure (交易费400万能补多少) continues it."""
    if frame.base_yuan is None or ctx.rules is None:
        return False
    return any(isinstance(r.benefit, PercentBenefit) for r in ctx.rules.rules_for(measure))
