"""The deterministic dialogue engine: understand → retrieve → rules → calculate → compose.

No LLM is involved. A message is normalised (width, traditional characters, typos of
domain terms), its intent and slots are read, the measure it is about is found (from
the rule base's names, retrieval, or the conversation's focus), and the answer is
composed from the calculator's results and the verified text of the policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from assistant.calc import Calculation, Calculator, Claim, format_yuan
from assistant.corpus.models import CLOSING_ID, COVER_ID, ParsedDocument, Provision
from assistant.dialogue import answers as A
from assistant.dialogue.intents import classify
from assistant.dialogue.slots import Amount, find_amounts, find_facts, mentions_origin, places_in
from assistant.dialogue.state import ConversationState, StateCodec
from assistant.dialogue.types import ChatResponse, Citation, Intent
from assistant.errors import PolicyAssistantError
from assistant.index import Hit, PolicyIndex
from assistant.rules import RuleBase
from assistant.rules.conditions import overall
from assistant.rules.rulebase import Selection
from assistant.rules.schema import FixedBenefit, PercentBenefit, RangeBenefit, Rule
from assistant.text.normalize import normalize_text

_MARKUP = re.compile(r"<[^>]{0,200}>|&[a-z#0-9]{1,10};", re.IGNORECASE)
_ANAPHORA = re.compile(r"^(那|那么|这个|这项|这条|这些|这几项|以上|上述|此|它|该|上面|刚才|前面|还有|另外|如果|要是|假如|证书|资格|那要是|那如果)"
                       r"|(呢|的呢)[?？。!！]*$")
_DOUBLE = re.compile(r"(重复|两份|两笔|都能拿|都可以拿|都拿|能都拿|都能领|都给|叠加|同时享受|同时拿|兼得|一起拿|都奖|拿两次|两边)")
#: "These measures" refers to every measure of the previous answer, not only its first.
_PLURAL = re.compile(r"(这些|这几项|这几条|以上|上述|分别|各自|它们)")
_FUNDING = re.compile(r"(资助|补|奖|支持|给多少|拿多少|能拿|能领)")


@dataclass
class DocContext:
    """A document with its rule base and calculator (both None when it has no rules)."""

    doc: ParsedDocument
    rules: RuleBase | None = None
    calculator: Calculator | None = None

    def provisions(self) -> dict[str, Provision]:
        return {p.measure: p for p in self.doc.provisions}

    @cached_property
    def unquoted_texts(self) -> list[str]:
        """Provision texts without quote marks, for counting where a name occurs (computed once)."""
        return [_unquoted(p.text) for p in self.doc.provisions]


@dataclass
class Turn:
    """Everything worked out about one message, before it is phrased."""

    text: str
    intent: Intent
    ctx: DocContext
    state: ConversationState
    as_of: date
    hits: list[Hit] = field(default_factory=list)
    selections: list[Selection] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    base_yuan: int | None = None
    anaphoric: bool = False


@dataclass
class Reply:
    answer: str
    intent: Intent
    cited: list[tuple[Provision, str]] = field(default_factory=list)
    calculation: Calculation | None = None
    caveats: list[str] = field(default_factory=list)
    follow_up: list[str] = field(default_factory=list)


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
        self._own_places = set(index.region_names) | {p for p in places_in(texts)}

    # -- the pipeline ---------------------------------------------------------------

    def respond(self, message: str, state_token: str | None, as_of: date) -> ChatResponse:
        state = self.codec.decode(state_token)
        raw = _MARKUP.sub(" ", message)
        text = self.index.correct(raw)
        amounts = find_amounts(text)
        intent = classify(text, has_amount=False)
        ctx = self._context_for(text, state)
        turn = Turn(text, intent, ctx, state, as_of)
        turn.anaphoric = bool(state.focus) and bool(_ANAPHORA.search(text))
        turn.facts = find_facts(text, set(ctx.rules.facts()) if ctx.rules else None,
                                places=self.index.places_of(ctx.doc.doc_id))
        turn.selections = self._selections(ctx, text)
        turn.selections.sort(key=lambda s: not self._specific(ctx, text, s))  # rare names first
        turn.base_yuan = self._base_amount(text, amounts, ctx)

        if intent == "greeting":
            reply = Reply(A.greeting([c.doc.document.title for c in self.contexts.values()]), "greeting",
                          follow_up=self._starters(ctx))
        elif intent == "out_of_scope" or self._other_place(text) or not raw.strip():
            reply = self._out_of_scope(turn, self._other_place(text))
        else:
            turn.hits = self.index.search(text, k=5, doc_ids=[ctx.doc.doc_id])
            content, coverage = self.index.topical_coverage(text)
            if state.focus and not turn.selections and (content == 0 or len(text) <= 8):
                turn.anaphoric = True  # no topic of its own: it continues the conversation
            if turn.anaphoric and intent == "policy_info" and state.last_intent:
                turn.intent = intent = state.last_intent  # type: ignore[assignment]
            if intent == "policy_info" and self._states_claim(turn):
                turn.intent = intent = "amount"  # 我们是新认定的小巨人 / 交易费600万: what do we get
            about_policy = turn.selections or turn.anaphoric or turn.facts or content == 0 or coverage >= 0.5 or (
                _DOUBLE.search(text) and ctx.rules is not None and ctx.rules.exclusivity is not None) or (
                amounts and _FUNDING.search(text))
            if intent not in ("contact", "validity") and not about_policy:
                reply = self._out_of_scope(turn, None)
            else:
                reply = self._answer(turn)
        return self._finish(reply, turn)

    def _context_for(self, text: str, state: ConversationState) -> DocContext:
        named = [d for d in self.index.documents_named_in(text) if d in self.contexts]
        current = [d for d in named if d in self.index.searchable_documents()] or named
        if current:
            return self.contexts[current[0]]
        focus = state.focus_measure()
        if focus and focus[0] in self.contexts:
            return self.contexts[focus[0]]
        if len(self.contexts) > 1:
            # A document whose rule base names what the user names (小巨人) is the one asked about.
            searchable = set(self.index.searchable_documents())
            named_by_rules = [c for d, c in self.contexts.items()
                              if d in searchable and c.rules is not None and c.rules.match(text)]
            if len(named_by_rules) == 1:
                return named_by_rules[0]
            hits = self.index.search(text, k=1)
            if hits and hits[0].doc_id in self.contexts:
                return self.contexts[hits[0].doc_id]
        return self.contexts[self.default_doc]

    def _other_place(self, text: str) -> str | None:
        """A place the question asks about that no indexed document covers."""
        for place in places_in(text):
            if any(place in own or own in place for own in self._own_places):
                continue
            if not mentions_origin(text, place):
                return place
        return None

    def _selections(self, ctx: DocContext, text: str) -> list[Selection]:
        """Benefits the message names; a second try without 的 (自治区级的专精特新 → 自治区级专精特新)."""
        if ctx.rules is None:
            return []
        for variant in (text, text.replace("的", "")):
            found = [s for s in ctx.rules.match(variant) if not _negated(variant, s)]
            if found:
                return found
        return []

    def _specific(self, ctx: DocContext, text: str, sel: Selection) -> bool:
        """Whether the name the user used for ``sel`` is rare in the document (小巨人: a few
        measures) rather than everywhere (专精特新企业: almost every measure)."""
        texts = ctx.unquoted_texts
        used = [_core(n) for n in sel.names[1:] if n and n in text]
        return any(len(n) >= 2 and sum(n in t for t in texts) <= 5 for n in used)

    def _states_claim(self, turn: Turn) -> bool:
        """A statement naming a tier, or giving the base of a percentage, asks what it is worth."""
        if turn.ctx.rules is None or _COUNT.search(turn.text):
            return False
        if any(s.tier is not None for s in turn.selections):
            return True
        if turn.base_yuan is None:
            return False
        measures = {s.rule.measure for s in turn.selections}
        focus = turn.state.focus_measure()
        if turn.anaphoric and focus:
            measures.add(focus[1])
        return any(isinstance(r.benefit, PercentBenefit) for m in measures for r in turn.ctx.rules.rules_for(m))

    def _base_amount(self, text: str, amounts: list[Amount], ctx: DocContext) -> int | None:
        """The amount a percentage applies to: the one written next to the base's name
        (协议5000万, 交易费600万), else the first one the message states."""
        if not amounts:
            return None
        if ctx.rules is not None:
            names = {w for r in ctx.rules.rules if isinstance(r.benefit, PercentBenefit)
                     for w in re.findall(r"[\u4e00-\u9fa5]{2}", r.benefit.base)}
            for a in amounts:
                before = text[max(0, a.start - 6) : a.start]
                if any(n in before for n in names):
                    return a.yuan
        return amounts[0].yuan

    # -- choosing the measure -------------------------------------------------------

    def _primary(self, turn: Turn) -> list[str]:
        """The measures the answer rests on, the primary one first."""
        focus = turn.state.focus_measure()
        sel_measures = list(dict.fromkeys(s.rule.measure for s in turn.selections))
        hit_measures = [h.measure for h in turn.hits]
        if focus and focus[0] == turn.ctx.doc.doc_id and not sel_measures and (
                turn.anaphoric or focus[1] in hit_measures[:2] or self._continues_calculation(turn, focus[1])):
            if turn.anaphoric and _PLURAL.search(turn.text):
                return [m for d, m in turn.state.focus if d == focus[0]][:4]
            return [focus[1]]
        if _COUNT.search(turn.text) and hit_measures:
            return hit_measures[:1]  # 多少家: a question about targets, not about a benefit
        if sel_measures and (turn.intent in ("amount", "match") or sel_measures[0] in hit_measures[:3]):
            if turn.intent in ("policy_info", "department", "eligibility") and hit_measures \
                    and hit_measures[0] not in sel_measures \
                    and not any(self._specific(turn.ctx, turn.text, s) for s in turn.selections):
                return hit_measures[:1]  # a generic name (专精特新企业) must not outvote the topic
            return sel_measures
        if not hit_measures and focus:
            return [focus[1]]
        return hit_measures[:1]

    def _continues_calculation(self, turn: Turn, measure: str) -> bool:
        """A bare amount after a percentage measure (交易费400万能补多少) continues it."""
        if turn.base_yuan is None or turn.ctx.rules is None:
            return False
        return any(isinstance(r.benefit, PercentBenefit) for r in turn.ctx.rules.rules_for(measure))

    # -- answers by intent ----------------------------------------------------------

    def _answer(self, turn: Turn) -> Reply:
        if turn.intent == "contact":
            return self._contact(turn)
        if turn.intent == "validity":
            return self._validity(turn)
        if turn.intent == "match":
            return self._match(turn)
        if _DOUBLE.search(turn.text) and turn.ctx.rules is not None and turn.ctx.rules.exclusivity is not None:
            return self._no_double(turn)
        measures = self._primary(turn)
        if not measures:
            return self._out_of_scope(turn, None)
        provs = turn.ctx.provisions()
        p = provs[measures[0]]
        if turn.intent == "department":
            if len(measures) > 1:
                return self._departments(turn, [provs[m] for m in measures])
            return self._department(turn, p)
        rules = turn.ctx.rules.rules_for(p.measure) if turn.ctx.rules else ()
        if turn.intent == "eligibility" and rules:
            return self._eligibility(turn, p, rules)
        if rules and (turn.intent == "amount" or (turn.intent != "policy_info" and (len(measures) > 1 or turn.selections))):
            return self._amount(turn, measures, provs)
        return self._policy_info(turn, p)

    def _amount(self, turn: Turn, measures: list[str], provs: dict[str, Provision]) -> Reply:
        ctx = turn.ctx
        assert ctx.rules is not None and ctx.calculator is not None
        claims: list[Claim] = []
        open_rules: list[tuple[Rule, list[str]]] = []
        for measure in measures:
            chosen = [s for s in turn.selections if s.rule.measure == measure]
            if not chosen and turn.anaphoric:
                chosen = self._tiers_named_loosely(turn, measure) or [
                    s for s in self._state_selections(turn) if s.rule.measure == measure]
            for rule in ctx.rules.rules_for(measure):
                picked = self._resolve_tiers([s for s in chosen if s.rule.id == rule.id], turn)
                claim = self._claim_for(turn, rule, picked, explicit=len(measures) > 1 or bool(chosen))
                if claim is not None:
                    claims.extend(claim)
                elif picked or not chosen:
                    open_rules.append((rule, [s.tier.name for s in picked if s.tier is not None]))
        calc = ctx.calculator.calculate(claims, as_of=turn.as_of) if claims else None
        lines: list[str] = []
        cited: list[tuple[Provision, str]] = []
        if calc is not None and calc.items:
            lines.append(self._calc_sentence(calc, provs, ctx.rules))
            for item in calc.items:
                rule = ctx.rules.rule(item.rule_id)
                cited.append((provs[rule.measure], rule.quote))
        claimed = {c.measure for c in claims}
        open_rules = [(r, t) for r, t in open_rules if r.measure not in claimed or t]
        for rule, tier_names in open_rules:
            p = provs[rule.measure]
            lines.append(f"根据{A.cite(p)}，{rule.beneficiary}：{A.benefit_phrase(rule, tier_names)}。")
            cited.append((p, rule.quote))
            if isinstance(rule.benefit, PercentBenefit) and turn.base_yuan is None:
                lines.append(f"请告诉我{rule.benefit.base}的金额，我可以帮您算出具体数额。")
            elif isinstance(rule.benefit, FixedBenefit) and len(rule.benefit.tiers) > 1 and len(tier_names) != 1:
                lines.append("请告诉我企业具体属于哪一类，我可以给出对应金额。")
        if not lines:
            return self._policy_info(turn, provs[measures[0]])
        primary = provs[measures[0]]
        rule0 = ctx.rules.rules_for(primary.measure)[0]
        if rule0.conditions and calc is not None:
            lines.append("享受条件：" + "；".join(c.statement for c in rule0.conditions) + "。")
        if primary.departments:
            lines.append(A.departments_line(primary))
        if calc is not None:
            lines += [n for n in calc.notes if "四" in n or "执行期" in n]
        cited = _dedupe(cited)
        return Reply("\n".join(lines), "amount", cited, calc if calc and calc.items else None,
                     follow_up=["这项支持由哪个部门负责？", "这项支持需要满足哪些条件？", "这个政策现在还有效吗？"])

    def _claim_for(self, turn: Turn, rule: Rule, picked: list[Selection], explicit: bool) -> list[Claim] | None:
        b = rule.benefit
        if not isinstance(b, FixedBenefit | PercentBenefit | RangeBenefit):
            return None  # no amount to calculate: described in words instead
        if isinstance(b, PercentBenefit):
            profile = {**turn.state.profile, **turn.facts}
            asserted = any(profile.get(c.fact) is True for c in rule.conditions)
            if explicit and not picked and not asserted:
                return None  # the user named another benefit of this measure, not this one
            base = turn.base_yuan if turn.base_yuan is not None else (
                turn.state.base_yuan if turn.anaphoric else None)
            return [Claim(rule.measure, tier=rule.id, base=base)] if base is not None else None
        if isinstance(b, FixedBenefit):
            tiers = [s.tier for s in picked if s.tier is not None]
            if tiers:
                if len(tiers) > 1:
                    return None
                return [Claim(rule.measure, tier=tiers[0].id)]
            if len(b.tiers) == 1 and (picked or not explicit or len(turn.ctx.rules.rules_for(rule.measure)) == 1
                                      if turn.ctx.rules else False):
                return [Claim(rule.measure, tier=rule.id)]
            return None
        return [Claim(rule.measure, tier=rule.id)] if picked or not explicit else None

    def _resolve_tiers(self, picked: list[Selection], turn: Turn) -> list[Selection]:
        """A rule named without its tier gets the tier the enterprise's facts meet
        (联盟被认定为国家级 → the national tier)."""
        profile = {**turn.state.profile, **turn.facts}
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

    def _tiers_named_loosely(self, turn: Turn, measure: str) -> list[Selection]:
        """Tiers a short follow-up names by a qualifier only (那自治区级的呢 → 自治区 tiers)."""
        assert turn.ctx.rules is not None
        core = re.sub(r"(那么|那|的|呢|吗|呀|级|如果是|要是|请问|是|[?？。!！，,\s])", "", turn.text)
        if len(core) < 2:
            return []
        return [s for s in turn.ctx.rules.selections(measure)
                if s.tier is not None and any(core in n for n in (s.tier.name, *s.tier.aliases))]

    def _calc_sentence(self, calc: Calculation, provs: dict[str, Provision], rules: RuleBase) -> str:
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

    def _eligibility(self, turn: Turn, p: Provision, rules: tuple[Rule, ...]) -> Reply:
        assert turn.ctx.rules is not None
        profile = {**turn.state.profile, **turn.facts}
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

    def _department(self, turn: Turn, p: Provision) -> Reply:
        if not p.departments:
            tokens = self.index.tokenizer.tokens(turn.text)
            excerpt = A.relevant(p, tokens, limit=1)
            return Reply(f"根据{A.cite(p)}：{excerpt}\n该条未单独列出责任单位。{A.contact_line(turn.ctx.doc)}",
                         "department", [(p, excerpt)])
        quote = p.text[p.text.rfind("(") if "(" in p.text else max(0, p.text.rfind("（")):].strip()
        answer = (f"{A.cite(p)}由{'、'.join(p.departments)}按职责分工负责。"
                  f"\n具体申报可先咨询{p.departments[0]}。")
        return Reply(answer, "department", [(p, quote)], follow_up=["能拿多少？", "这项支持需要满足哪些条件？"])

    def _departments(self, turn: Turn, ps: list[Provision]) -> Reply:
        """Who is responsible for each of several measures (这些支持分别找哪个部门)."""
        lines, cited = [], []
        for p in ps:
            if p.departments:
                lines.append(f"{A.cite(p)}：{'、'.join(p.departments)}。")
                cited.append((p, p.text[max(p.text.rfind("("), p.text.rfind("（"), 0):].strip()))
            else:
                lines.append(f"{A.cite(p)}：该条未单独列出责任单位。")
                cited.append((p, A.excerpt(p, 80)))
        return Reply("\n".join(lines), "department", cited, follow_up=["这些支持需要满足哪些条件？"])

    def _policy_info(self, turn: Turn, p: Provision) -> Reply:
        tokens = self.index.tokenizer.tokens(" ".join([turn.text, *self.index.lexicon.expand(turn.text)]))
        lines = [f"根据{A.cite(p)}：{A.relevant(p, tokens)}"]
        rules = turn.ctx.rules.rules_for(p.measure) if turn.ctx.rules else ()
        for rule in rules[:3]:
            lines.append(f"· {rule.title}：{A.benefit_phrase(rule)}。")
        if p.departments:
            lines.append(A.departments_line(p))
        quote = rules[0].quote if rules else A.excerpt(p, 120)
        return Reply("\n".join(lines), "policy_info", [(p, quote)],
                     follow_up=["这项措施由哪个部门负责？", "这个政策现在还有效吗？"])

    def _validity(self, turn: Turn) -> Reply:
        doc = turn.ctx.doc
        meta = doc.document
        provs = turn.ctx.provisions()
        closing = provs.get(CLOSING_ID) or next((p for p in doc.provisions if "有效期" in p.text), None)
        lines: list[str] = []
        status = "征求意见稿（草案）" if meta.status == "draft" else {"superseded": "已被新文件取代", "repealed": "已废止"}.get(
            meta.status, "")
        head = f"《{meta.title}》"
        if status:
            head += f"是{status}"
        if meta.valid_until:
            state = "仍在有效期内" if turn.as_of <= meta.valid_until else "已过期"
            lines.append(f"{head}，有效期至{A.cn_date(meta.valid_until)}；截至{turn.as_of.isoformat()}，{state}。")
        else:
            lines.append(f"{head}。文件未写明具体有效期" + (f"（{meta.validity_note}）" if meta.validity_note else "") + "。")
        if meta.status == "draft":
            lines.append("征求意见稿不是正式印发的文件，实际执行请以正式印发的文件为准。")
        cited: list[tuple[Provision, str]] = []
        specific = self._measure_with_deadline(turn)
        if specific is not None:
            rule, p = specific
            assert rule.deadline is not None
            running = "仍在执行期内" if turn.as_of <= rule.deadline else "已结束"
            lines.insert(0, f"{A.cite(p)}{rule.title}的执行期{rule.deadline_text or '至' + A.cn_date(rule.deadline)}，"
                            f"截至{turn.as_of.isoformat()}{running}。")
            cited.append((p, rule.quote))
        if closing is not None:
            lines.append(f"原文：“{closing.text.strip()}”")
            cited.append((closing, A.sentence_with(closing.text, ["有效期"])))
        return Reply("\n".join(lines), "validity", cited, follow_up=["联系人是谁？", "我们企业能享受哪些政策？"])

    def _measure_with_deadline(self, turn: Turn) -> tuple[Rule, Provision] | None:
        if turn.ctx.rules is None:
            return None
        provs = turn.ctx.provisions()
        candidates = [s.rule for s in turn.selections] + [r for h in turn.hits[:2] for r in turn.ctx.rules.rules_for(h.measure)]
        if turn.anaphoric and turn.state.focus_measure():
            candidates = list(turn.ctx.rules.rules_for(turn.state.focus_measure()[1])) + candidates  # type: ignore[index]
        for rule in candidates:
            if rule.deadline is not None and (turn.selections or turn.anaphoric or _names_topic(turn.text, rule)):
                return rule, provs[rule.measure]
        return None

    def _contact(self, turn: Turn) -> Reply:
        doc = turn.ctx.doc
        meta = doc.document
        cover = doc.get(COVER_ID)
        c = meta.contact
        lines = []
        if meta.issuer:
            lines.append(f"本文件由{meta.issuer}发布" + (f"（{A.cn_date(meta.issued)}）" if meta.issued else "") + "。")
        if c.name or c.phone:
            lines.append(f"本政策的联系人：{c.name or '（未写明）'}，联系电话{c.phone or '（未写明）'}。")
        if c.email:
            lines.append(f"电子邮件：{c.email}。")
        if c.address:
            lines.append(f"书面意见可寄（送）至{c.address}。")
        if meta.feedback_deadline:
            passed = "已截止" if turn.as_of > meta.feedback_deadline else "尚未截止"
            lines.append(f"征求意见截止日期为{A.cn_date(meta.feedback_deadline)}（{passed}）。")
        if not lines:
            lines.append(f"文件未写明联系人。{A.contact_line(doc)}")
        cited = [(cover, A.sentence_with(cover.text, [c.email or c.phone or "联系"]))] if cover else []
        return Reply("\n".join(lines), "contact", cited, follow_up=["这个政策现在还有效吗？", "我们企业能享受哪些政策？"])

    def _match(self, turn: Turn) -> Reply:
        ctx = turn.ctx
        if ctx.rules is None or ctx.calculator is None:
            top = turn.hits[:3]
            provs = ctx.provisions()
            lines = ["根据您的情况，可能相关的措施有："] + [f"· {A.cite(provs[h.measure])}{A.excerpt(provs[h.measure], 60)}"
                                                          for h in top]
            return Reply("\n".join(lines), "match", [(provs[h.measure], A.excerpt(provs[h.measure], 80)) for h in top])
        profile = {**turn.state.profile, **turn.facts}
        named = self._resolve_tiers([*turn.selections, *self._state_selections(turn)], turn)
        claims: list[Claim] = []
        used: set[str] = set()
        pending: list[Selection] = []
        for sel in named:
            if sel.rule.id in used:
                continue
            checks = sel.check({**profile, **_tier_facts(sel)})
            if overall(checks) == "unmet":
                continue
            rule_checks = checks[: len(sel.rule.conditions)]
            evidence = self._specific(ctx, turn.text, sel) or any(c.status == "met" for c in rule_checks) \
                or not rule_checks or sel in self._state_selections(turn)
            if not evidence or not isinstance(
                    sel.rule.benefit, FixedBenefit | RangeBenefit | PercentBenefit):
                pending.append(sel)  # nothing the user said shows the rule's own conditions: ask, don't total
                used.add(sel.rule.id)
                continue
            if isinstance(sel.rule.benefit, PercentBenefit):
                if turn.base_yuan is not None:
                    claims.append(Claim(sel.rule.measure, tier=sel.rule.id, base=turn.base_yuan))
                    used.add(sel.rule.id)
                continue
            if sel.tier is None and len(sel.rule.tiers) > 1:
                continue  # which tier is not known: listed by the amount answer, not totalled
            if not isinstance(sel.rule.benefit, FixedBenefit | RangeBenefit):
                continue
            claims.append(Claim(sel.rule.measure, tier=sel.tier.id if sel.tier else sel.rule.id))
            used.add(sel.rule.id)
        for rule in ctx.rules.rules:  # rules whose conditions the profile already meets
            if rule.id in used or not rule.conditions:
                continue
            checks = Selection(rule).check(profile)
            if overall(checks) == "met" or (sum(c.status == "met" for c in checks) >= 2 and overall(checks) != "unmet"):
                if isinstance(rule.benefit, PercentBenefit) and turn.base_yuan is None:
                    continue
                if rule.tiers and len(rule.tiers) > 1:
                    continue
                base = turn.base_yuan if isinstance(rule.benefit, PercentBenefit) else None
                claims.append(Claim(rule.measure, tier=rule.id, base=base))
                used.add(rule.id)
        provs = ctx.provisions()
        if not claims and pending:
            lines = ["根据您的描述，以下措施可能适用："] + self._pending_lines(pending, profile, provs)[1:]
            return Reply("\n".join(lines), "match", _dedupe([(provs[s.rule.measure], s.rule.quote) for s in pending]),
                         follow_up=["这些支持分别找哪个部门？", "这个政策现在还有效吗？"])
        if not claims:
            top = turn.hits[:3]
            lines = ["请再介绍一下企业情况（如获得的认定、是否从市外迁入、是否有专利引进等），我来帮您逐项匹配。"]
            if top:
                lines.append("与您的问题可能相关的措施：" + "；".join(A.cite(provs[h.measure]) for h in top))
            return Reply("\n".join(lines), "match", [(provs[h.measure], A.excerpt(provs[h.measure], 80)) for h in top])
        calc = ctx.calculator.calculate(claims, as_of=turn.as_of)
        lines = [self._calc_sentence(calc, provs, ctx.rules)]
        lines += [n for n in calc.notes if "四" in n]
        cited = _dedupe([(provs[ctx.rules.rule(i.rule_id).measure], ctx.rules.rule(i.rule_id).quote) for i in calc.items])
        lines += self._pending_lines(pending, profile, provs)
        cited = _dedupe(cited + [(provs[s.rule.measure], s.rule.quote) for s in pending])
        return Reply("\n".join(lines), "match", cited, calc,
                     follow_up=["这些支持分别找哪个部门？", "这个政策现在还有效吗？"])

    def _no_double(self, turn: Turn) -> Reply:
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
            lines.append(self._calc_sentence(calc, provs, ctx.rules))
            if calc.excluded:
                lines.append("不重复计算：" + "、".join(i.label for i in calc.excluded) + "。")
            cited += [(provs[ctx.rules.rule(i.rule_id).measure], ctx.rules.rule(i.rule_id).quote) for i in calc.items]
        lines.append("同类奖励不重复享受，按较高的一项计；不同类的奖励分别计算。")
        return Reply("\n".join(lines), "eligibility", _dedupe(cited), calc if calc and calc.items else None,
                     follow_up=["能拿多少？", "这个政策现在还有效吗？"])

    def _pending_lines(self, pending: list[Selection], profile: dict[str, object],
                       provs: dict[str, Provision]) -> list[str]:
        """Measures that may apply, with what they give and what still has to be confirmed."""
        if not pending:
            return []
        lines = ["以下措施可能也适用（未计入合计）："]
        for sel in pending:
            unknown = [c.condition.statement for c in sel.check(profile) if c.status == "unknown"]
            need = f"；需确认：{'；'.join(unknown[:2])}" if unknown else ""
            lines.append(f"· {sel.label}：{A.benefit_phrase(sel.rule)}{A.cite(provs[sel.rule.measure])}{need}")
        return lines

    def _state_selections(self, turn: Turn) -> list[Selection]:
        assert turn.ctx.rules is not None
        out = []
        for rule_id, tier_id in turn.state.tiers:
            try:
                rule = turn.ctx.rules.rule(rule_id)
            except PolicyAssistantError:
                continue
            tier = next((t for t in rule.tiers if t.id == tier_id), None)
            out.append(Selection(rule, tier))
        return out

    def _out_of_scope(self, turn: Turn, place: str | None) -> Reply:
        doc = turn.ctx.doc
        meta = doc.document
        where = f"{place}的政策" if place else "这个问题"
        lines = [f"抱歉，{where}不在《{meta.title}》的范围内，我无法给出可靠答复。"]
        if place:
            lines.append(f"建议咨询{place}当地的工业和信息化主管部门，或拨打12345政务服务热线。")
        else:
            lines.append("建议咨询相关主管部门或拨打12345政务服务热线。")
        lines.append(f"如需咨询本政策，{A.contact_line(doc)}")
        return Reply("\n".join(lines), "out_of_scope", follow_up=self._starters(turn.ctx))

    def _starters(self, ctx: DocContext) -> list[str]:
        if ctx.rules and ctx.rules.rules:
            first = ctx.rules.rules[0]
            name = first.tiers[-1].aliases[0] if first.tiers and first.tiers[-1].aliases else first.title
            return [f"{name}能拿多少？", "这个政策现在还有效吗？", "联系人是谁？"]
        return ["这个政策现在还有效吗？", "有哪些支持措施？"]

    # -- finishing: citations, caveats, state ---------------------------------------

    def _finish(self, reply: Reply, turn: Turn) -> ChatResponse:
        doc = turn.ctx.doc
        citations = [Citation(doc.doc_id, doc.document.title, p.measure, p.title, quote, p.display)
                     for p, quote in reply.cited]
        caveats = list(reply.caveats)
        if reply.intent not in ("greeting", "out_of_scope"):
            caveats = _validity_caveats(turn.ctx, turn.as_of) + caveats
            if reply.calculation is not None:
                caveats += [n for n in reply.calculation.notes if n not in reply.answer and n not in caveats]
        state = turn.state
        state.turns += 1
        state.last_intent = reply.intent
        state.profile.update(turn.facts)
        for sel in turn.selections:
            if sel.tier is not None or not sel.rule.tiers:
                state.add_tier(sel.rule.id, sel.tier.id if sel.tier else "")
                state.profile.update(_tier_facts(sel))
        if turn.base_yuan is not None:
            state.base_yuan = turn.base_yuan
        if citations:
            state.set_focus([(c.doc_id, c.measure) for c in citations if c.measure not in (COVER_ID, CLOSING_ID)] or
                            [(citations[0].doc_id, citations[0].measure)])
        answer = reply.answer
        status, said = _status_first(turn.ctx, turn.as_of)
        if status and reply.intent in ("amount", "eligibility", "match"):
            # The first sentence says the text is a draft / no longer in force; said once, so
            # those caveats are not repeated below it.
            answer = f"{status}；{answer}" if answer.startswith(("按", "根据", "能否")) else f"{status}；按原文，{answer}"
            caveats = [c for c in caveats if c not in said]
        calculation = reply.calculation.to_dict() if reply.calculation is not None else None
        if calculation is not None:
            calculation = _display_strings(calculation, turn.ctx.provisions(), status_tag(turn.ctx, turn.as_of))
        return ChatResponse(answer, reply.intent, citations, calculation, list(dict.fromkeys(caveats)),
                            reply.follow_up[:3], self.codec.encode(state))


def _validity_caveats(ctx: DocContext, as_of: date) -> list[str]:
    meta = ctx.doc.document
    out = []
    if meta.status == "draft":
        out.append("本文件为征求意见稿，请以正式印发文件为准")
    if meta.status in ("superseded", "repealed"):
        out.append("本文件已被取代或废止，请以现行文件为准")
    if meta.valid_until:
        if as_of > meta.valid_until:
            out.append(f"措施有效期至{A.cn_date(meta.valid_until)}，截至{as_of.isoformat()}已过期")
        else:
            out.append(f"措施有效期至{A.cn_date(meta.valid_until)}，截至{as_of.isoformat()}仍在有效期内")
    return out


_COUNT = re.compile(r"(多少家|几家|目标)")


def _unquoted(text: str) -> str:
    return re.sub(r"[“”\"‘’']", "", normalize_text(text))


def _core(name: str) -> str:
    """A name without quotes and its generic tail: 专精特新中小企业 → 专精特新."""
    return re.sub(r"(中小企业|企业|公司)$", "", _unquoted(name))


_NEGATION = re.compile(r"(不是|还不是|并非|没有|没|未|非|不属于)$")


def _negated(text: str, sel: Selection) -> bool:
    """Whether every mention of the selection is negated (我们还不是专精特新企业)."""
    spans = [m.start() for name in sel.names[1:] if name for m in re.finditer(re.escape(name), text)]
    return bool(spans) and all(_NEGATION.search(text[max(0, i - 3) : i]) for i in spans)


def _status_first(ctx: DocContext, as_of: date) -> tuple[str, list[str]]:
    """The sentence an amount answer opens with when its text is not (or not yet) in force,
    and the caveats it already says."""
    meta = ctx.doc.document
    said = _validity_caveats(ctx, as_of)
    draft = "本文件为征求意见稿，" if meta.status == "draft" else "本文件"
    if meta.status in ("superseded", "repealed"):
        return "本文件已被取代或废止，请以现行文件为准", said
    if meta.valid_until and as_of > meta.valid_until:
        return f"{draft}有效期至{A.cn_date(meta.valid_until)}，截至{as_of.isoformat()}已过期", said
    if meta.status == "draft":
        until = f"，有效期至{A.cn_date(meta.valid_until)}，截至{as_of.isoformat()}仍在有效期内" if meta.valid_until else ""
        return f"本文件为征求意见稿（请以正式印发文件为准）{until}", said
    return "", []


def status_tag(ctx: DocContext, as_of: date) -> str:
    """A short tag for the amount box: the same status the answer's first sentence gives."""
    meta = ctx.doc.document
    if meta.status in ("superseded", "repealed"):
        return "已被取代 · 按原文测算"
    if meta.valid_until and as_of > meta.valid_until:
        return "已过期 · 按原文测算"
    return "征求意见稿 · 按原文测算" if meta.status == "draft" else ""


def _display_strings(calc: dict[str, Any], provs: dict[str, Provision], tag: str) -> dict[str, Any]:
    """Display strings next to the numbers, so no client formats money or measure labels again."""
    total, rng = calc.get("total_yuan"), calc.get("range_yuan")
    if total is not None:
        calc["amount_text"] = format_yuan(total)
    elif rng:
        calc["amount_text"] = f"{format_yuan(rng[0])}—{format_yuan(rng[1])}"
    else:
        calc["amount_text"] = ""
    calc["status_tag"] = tag
    for item in calc.get("items", []):
        p = provs.get(item.get("measure", ""))
        item["measure_label"] = p.display if p is not None else item.get("measure", "")
        amount = item.get("amount_yuan")
        item["amount_text"] = format_yuan(amount) if amount is not None else ""
    return calc


def _tier_facts(sel: Selection) -> dict[str, object]:
    """Naming a tier asserts its own conditions (我们是小巨人 → recognised as 小巨人)."""
    if sel.tier is None:
        return {}
    return {c.fact: c.expected for c in sel.tier.conditions if c.op == "eq"}


def _names_topic(text: str, rule: Rule) -> bool:
    return any(a in text for a in (*rule.aliases, *[a for t in rule.tiers for a in t.aliases]))


def _dedupe(cited: list[tuple[Provision, str]]) -> list[tuple[Provision, str]]:
    seen: set[str] = set()
    out = []
    for p, q in cited:
        if p.measure not in seen:
            seen.add(p.measure)
            out.append((p, q))
    return out
