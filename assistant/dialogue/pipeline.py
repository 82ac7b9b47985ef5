"""The deterministic dialogue pipeline, read top to bottom:

    understand (frame) → route (document) → resolve (measures, scored) → decide
    (intent; answer / clarify / refuse) → compose (one module per intent) → finish
    (citations, caveats, state)

No LLM is involved; every figure comes from the calculator.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from assistant.dialogue.acts import only_cues
from assistant.dialogue.compose import amount, define, eligibility, info, match, meta, refuse
from assistant.dialogue.context import DocContext, Reply, Turn, unquoted
from assistant.dialogue.cues import cues
from assistant.dialogue.decide import Decision, decide
from assistant.dialogue.finish import finish
from assistant.dialogue.resolve import Resolution, resolve, route
from assistant.dialogue.retrieval import clause_topics, search
from assistant.dialogue.slots import places_in
from assistant.dialogue.state import ConversationState, StateCodec
from assistant.dialogue.types import ChatResponse
from assistant.dialogue.understand import clean, understand
from assistant.index import Hit, PolicyIndex
from assistant.index.policy_index import FILLER
from assistant.rules.rulebase import Selection
from assistant.rules.schema import Rule

__all__ = ["DialogueEngine", "DocContext"]



class DialogueEngine:
    """Answers one message given the conversation so far.

    Example:
        >>> engine.respond("我们刚评上小巨人，能拿多少？", None, date(2026, 11, 26)).answer[:24]
        '新认定的国家专精特新“小巨人”企业可获一次性奖励100万元'
    """

    def __init__(self, index: PolicyIndex, codec: StateCodec, contexts: dict[str, DocContext]) -> None:
        self.index = index
        self.codec = codec
        self.contexts = contexts
        self.default_doc = next(iter(contexts))
        # Places the documents themselves name (包头, 内蒙古 …) are not "another place".
        texts = "".join(d.text for d in index.documents)
        self._own_places = set(index.region_names) | set(places_in(texts, index.region_names))

    def respond(self, message: str, state_token: str | None, as_of: date) -> ChatResponse:
        state = self.codec.decode(state_token)
        routed: list[Hit] = []
        ctx, doc_tie = route(self.index, self.contexts, self.index.correct(clean(message)), state, self.default_doc,
                             routed)
        frame = understand(message, ctx, state, self.index, self._own_places, as_of)
        hits = [h for h in routed if h.doc_id == ctx.doc.doc_id][:5]
        if len(hits) < 3 and frame.text.strip():
            hits = search(self.index, frame, ctx.doc.doc_id)
        guess = "amount" if frame.has("amount") else "policy_info"
        res = resolve(frame, ctx, state, hits, guess)
        own_named = any(p in frame.text for p in self.index.places_of(ctx.doc.doc_id))
        decision = decide(frame, ctx, state, hits, res, own_named)
        if decision.exclude and (not decision.measures or set(decision.measures) & decision.exclude):
            res = resolve(frame, ctx, state, hits, decision.intent, exclude=decision.exclude)
            decision.measures = res.measures[:3]
        turn = Turn(frame, decision.intent, ctx, state, as_of, hits, decision.measures, decision.exclude, self.index)
        turn.listing = decision.listing
        if not decision.listing and decision.intent == "match" and decision.action == "answer":
            turn.topics = clause_topics(self.index, frame.text, ctx, decision.exclude)
            turn.measures = list(dict.fromkeys([*turn.measures[:1], *turn.topics, *turn.measures[1:]]))
        if doc_tie and decision.action == "answer" and not frame.mentions and not frame.follows:
            titles = (_doc_name(self.contexts[doc_tie[0]]), _doc_name(self.contexts[doc_tie[1]]))
            return finish(refuse.clarify_documents(turn, titles), turn, self.codec)
        response = finish(self._compose(turn, decision, res), turn, self.codec)
        if not response.citations or response.intent in ("greeting", "out_of_scope"):
            return response
        return dataclasses.replace(response, confidence=res.relative_confidence)  # feeds 热点问题's low-confidence list

    def lookup(self, query: str, k: int = 3) -> list[tuple[str, str]]:
        """``[(doc_id, measure)]`` the deterministic path would choose for ``query``: the same
        router and scored resolver, for the LLM's search tool."""
        state = ConversationState()
        text = self.index.correct(clean(query))
        ctx, _ = route(self.index, self.contexts, text, state, self.default_doc)
        frame = understand(query, ctx, state, self.index, self._own_places)
        hits = self.index.search(frame.text, k=5, doc_ids=[ctx.doc.doc_id]) if frame.text.strip() else []
        res = resolve(frame, ctx, state, hits, "policy_info")
        provs = ctx.provisions()
        return [(ctx.doc.doc_id, m) for m in res.measures if m in provs][:k]

    def context_for(self, measure: str, doc_id: str | None = None) -> DocContext | None:
        """The document whose calculator prices ``measure``: the one named, else the first
        document with rules for that measure."""
        if doc_id in self.contexts:
            return self.contexts[doc_id]  # type: ignore[index]
        return next((c for c in self.contexts.values()
                     if c.calculator is not None and c.rules is not None and c.rules.has_measure(measure)), None)

    def _compose(self, turn: Turn, d: Decision, res: Resolution) -> Reply:
        if d.action == "close":
            return refuse.closing(turn)
        if d.action == "greet":
            return refuse.greeting(turn, [c.doc.document.title for c in self.contexts.values()])
        if d.action == "refuse":
            return refuse.out_of_scope(turn, d.place, d.related)
        if d.action == "missing" and d.place:
            return refuse.missing_measure(turn, d.place)
        if d.action == "clarify" and d.tie:
            return refuse.clarify(turn, *d.tie)
        return self._answer(turn)

    def _answer(self, turn: Turn) -> Reply:
        ctx, intent = turn.ctx, turn.intent
        if intent == "contact":
            return meta.contact(turn)
        if intent == "validity":
            reply = meta.validity(turn)
            if turn.frame.has("draft") and not turn.frame.has("in_force"):
                reply.intent = "policy_info"  # 是正式印发的吗: what the document is, answered with its status
            return reply
        if turn.frame.act == "challenge" and ctx.rules is not None and turn.measures:
            # several tiers held (同一年创新型又专精特新 … 两个都给吧？一共70万对不对): priced together
            held = {(r, t) for r, t in turn.state.tiers if t}
            return amount.challenge(turn, match.match(turn) if len(held) > 1 else None)
        if turn.listing and turn.measures and ctx.rules is not None:
            return info.listing(turn, [ctx.provisions()[m] for m in turn.measures])
        if intent == "policy_info" and turn.frame.has("define") and (meaning := define.definition(turn)) is not None:
            return meaning
        drafted_one = ctx.rules is not None and ctx.rules.drafted and len(turn.measures) == 1
        # a total: asked (一共), or a figure offered for several tiers the enterprise holds (我们是…也是…，能拿150万吗)
        tiers = {(m.selection.rule.id, m.selection.tier.id) for m in turn.frame.specific if m.selection.tier is not None}
        several = len(tiers) > 1
        # two tiers of one reward (同一年先评上创新型又评上专精特新): the no-double-reward clause decides
        one_reward = len(tiers) > len({r for r, _ in tiers}) and not cues().acts["plural"].search(turn.text) \
            and _holds(turn.text)
        adds = intent in ("amount", "eligibility") and _adds_tier(turn) and not drafted_one
        if intent == "match" or adds or (intent == "amount" and (
                turn.frame.has("total") or (several and turn.frame.asserted_yuan) or one_reward) and not drafted_one):
            reply = match.match(turn)
            if intent != "match":
                reply.intent = "amount"
            return reply
        if self._asks_double(turn):
            reply = eligibility.no_double(turn)
            if turn.frame.has("define"):  # “同质同类政策不做重复奖励”是啥意思: what the clause means
                reply.intent = "policy_info"
            return reply
        if not turn.measures:
            return refuse.out_of_scope(turn, None)
        provs = ctx.provisions()
        p = provs[turn.measures[0]]
        if intent == "department":
            if len(turn.measures) > 1:
                return info.departments(turn, [provs[m] for m in turn.measures])
            return info.department(turn, p)
        rules = ctx.rules.rules_for(p.measure) if ctx.rules else ()
        if intent == "eligibility":
            if rules and (any(m.measure == p.measure for m in turn.frame.mentions) or _on_topic(turn, rules)):
                return eligibility.eligibility(turn, p, rules)
            return info.policy_info(turn, p, intent="eligibility")  # the question is about another sentence
        if intent == "amount" and len(turn.measures) == 1 and rules and _stated_unmet(turn, rules):
            return eligibility.eligibility(turn, p, rules)  # 我们不是高企，迁入补多少: not met, no figure
        if rules and (intent == "amount" or (intent != "policy_info" and (len(turn.measures) > 1 or turn.selections))):
            return amount.amount(turn)
        if intent == "amount" and not rules and (turn.frame.has("how_much") or turn.frame.has("exists")):
            return info.policy_info(turn, p, intent="amount")  # a figure asked of a measure that states none
        return info.policy_info(turn, p)

    @staticmethod
    def _asks_double(turn: Turn) -> bool:
        rules = turn.ctx.rules
        return bool(cues().double.search(turn.text)) and rules is not None and rules.exclusivity is not None




def _holds(text: str) -> bool:
    """The enterprise says it holds what it names (评上, 认定, 我们是): tiers held, not a list asked about."""
    return bool(cues().acts["recognised"].search(text) or re.search(r"我们也?是", text))


def _stated_unmet(turn: Turn, rules: tuple[Rule, ...]) -> bool:
    """What this message states about the enterprise fails a condition of every rule of the
    measure: an amount question that is answered with the conditions, not a figure."""
    if not turn.frame.facts:
        return False
    return all(any(c.status == "unmet" for c in Selection(r).check(turn.frame.facts)) for r in rules)


def _doc_name(ctx: DocContext) -> str:
    """How a clarifying question names a document: its title, else its issuer and file name
    (an untitled text must not be offered as 《》)."""
    meta = ctx.doc.document
    if meta.title:
        return meta.title
    return f"{meta.issuer}文件（{ctx.doc.doc_id}）" if meta.issuer else f"文件 {ctx.doc.doc_id}"


def _adds_tier(turn: Turn) -> bool:
    """A follow-up that adds a tier to one the enterprise already has of the same reward
    (小巨人 … 那同一年还评上了自治区专精特新呢): what the two are worth together, which the
    no-double-reward clause may limit to the higher one."""
    frame = turn.frame
    if not (frame.follows and cues().acts["additive"].search(frame.text)):
        return False
    new = {(m.selection.rule.id, m.selection.tier.id) for m in frame.specific if m.selection.tier is not None}
    held = {(r, t) for r, t in turn.state.tiers if t}
    return any(r == hr and t != ht for r, t in new for hr, ht in held)


def _on_topic(turn: Turn, rules: tuple[Rule, ...]) -> bool:
    """Whether the question's words touch one of the measure's rules (else it asks about
    another sentence of the measure: 评职称时能算吗 in a measure whose rule is a talent grant)."""
    assert turn.index is not None
    if only_cues(turn.text):  # 需要满足什么条件？ asks about the measure's own rule
        return True
    tokens = [t for t in turn.index.tokenizer.tokens(turn.text) if len(t) >= 2 and t not in FILLER]
    texts = [unquoted(f"{r.title}{r.quote}{r.beneficiary}") for r in rules]
    return not tokens or any(t in text for t in tokens for text in texts) or bool(turn.frame.facts)
