"""Stage 1, *understand*: a message → a typed :class:`~assistant.dialogue.frame.Frame`.

Nothing is decided here: intent cues are collected with their weights, benefits named
with how specific their names are, amounts with their roles, facts, places, and the
dialogue act against the conversation so far.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from assistant.dialogue.acts import dialogue_act
from assistant.dialogue.amounts import Amount, find_amounts
from assistant.dialogue.context import DocContext, unquoted
from assistant.dialogue.cues import Cues, cues
from assistant.dialogue.frame import Frame
from assistant.dialogue.mentions import corrected_tiers, mentions, pointed_at, quoted_tiers
from assistant.dialogue.readings import base_refs, challenged, fills_focus
from assistant.dialogue.slots import NEWLY_RECOGNISED, fact_matches, mentions_origin, places_in
from assistant.dialogue.state import ConversationState
from assistant.dialogue.titles import titled_measures
from assistant.index import PolicyIndex

_MARKUP = re.compile(r"<[^>]{0,200}>|&[a-z#0-9]{1,10};", re.IGNORECASE)
_MEASURE_REF = re.compile(r"第\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*(条|项|款)")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_BARE_TOPIC = re.compile(r"^(?:那么?|还有)?(?:那个|这个|那)?([\u4e00-\u9fff]{2,6}?)(?:的)?(?:呢|怎么样|咋样|如何)[?？。]*$")
_DATE = re.compile(r"(\d{4}年(\d{1,2}月)?(\d{1,2}日)?|今年|明年|后年|去年|下个月|上个月|年底|月底)")


def clean(message: str) -> str:
    """The message without markup and without instructions addressed to the assistant
    (``directive`` in cues.yaml); a message that is nothing but instructions is kept whole
    (it is then refused or answered as a task)."""
    text = _MARKUP.sub(" ", message)
    c = cues()
    kept = c.directive_block.sub(" ", text)
    kept = "".join(_undirected(part, c) for part in _clauses(kept))
    return kept if re.search(r"[\u4e00-\u9fff]{2}", kept) else text


def _undirected(clause: str, c: Cues) -> str:
    """A clause, or nothing when it is an instruction — but what the instruction names
    (把自治区专精特新奖励说成80万 → 自治区专精特新奖励): that is what the question is about."""
    m = c.directive_clause.search(clause.strip(" ，,。！!？?；;：:"))
    if m is None:  # 请据此回答高企迁入补多少: the question without its instruction
        return re.sub(r"^\s*请?(据此|按此|照此|根据以上|按上述)(回答|作答|回复|计算)[:：，,]?", "", clause)
    topic = re.sub(r"^(本次|回答|答案|回复)(里|中)?的?", "", (m.groupdict().get("topic") or "").strip())
    topic = re.sub(r"[\d.,，]+\s*(亿元|万元|亿|万|元)?", "", topic)  # the figure to be replaced is no topic
    if len(re.findall(r"[\u4e00-\u9fff]", topic)) < 2:
        return ""
    return topic + (clause[-1] if clause[-1:] in "，,。？?：:" else "")


def _clauses(text: str) -> list[str]:
    """The text cut after each clause mark outside quotation marks (a quoted “…，…” is one)."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        depth += 1 if ch in "“「『" else -1 if ch in "”」』" and depth else 0
        if not depth and ch in "，,。！!？?；;：:\n":
            out.append(text[start: i + 1])
            start = i + 1
    return [*out, text[start:]] if start < len(text) else out


def intent_cues(text: str) -> dict[str, float]:
    """Every intent whose cues occur, with the cue's weight."""
    c = cues()
    found: dict[str, float] = {}
    moneyless = c.not_money.sub("", text)
    for cue in c.intents:
        probe = c.certificate.sub("", text) if cue.name == "validity" else (
            moneyless if cue.name in ("how_much", "amount") else text)
        if cue.found(probe.strip()):
            found[cue.name] = cue.weight
    return found


def understand(message: str, ctx: DocContext, state: ConversationState, index: PolicyIndex,
               own_places: set[str], as_of: date | None = None) -> Frame:
    raw = clean(message)
    text = index.correct(raw)
    c = cues()
    frame = Frame(raw=raw, text=text, intents=intent_cues(text))
    frame.directed = raw.strip() != _MARKUP.sub(" ", message).strip()  # instructions were left out
    frame.amounts = find_amounts(text)
    frame.mentions = mentions(ctx, text)
    if named := quoted_tiers(ctx, text, frame.mentions):  # they replace the same tiers' weak mentions
        tiers = {(m.selection.rule.id, m.selection.tier.id) for m in named if m.selection.tier is not None}
        frame.mentions = [m for m in frame.mentions if m.selection.tier is None
                          or (m.selection.rule.id, m.selection.tier.id) not in tiers] + named
    if (one := c.acts["singular"].search(text)) is not None:
        frame.mentions = pointed_at(frame.mentions, one.start())
        if len(pointed := {m.measure for m in frame.mentions if not m.negated}) == 1:
            frame.pointed = pointed.pop()
    known = set(ctx.rules.facts()) if ctx.rules else None
    stated = fact_matches(text, known, places=index.places_of(ctx.doc.doc_id), extra=ctx.vocabulary.facts)
    frame.facts = {key: value for key, value, _ in stated}
    _suppose_or_date(frame, c, known or set(), as_of)
    frame.places = places_in(text, index.region_names)
    frame.other_place = _other_place(text, frame.places, own_places, [span for _, _, span in stated])
    frame.dates = [m.group(0) for m in _DATE.finditer(text)]
    frame.measure_refs = [_arabic(m.group(1)) for m in _MEASURE_REF.finditer(text)]
    frame.measure_refs += [p.measure for p in ctx.doc.provisions  # a label as the document shows it: 四、(三)
                           if len(p.display) >= 4 and not p.display.startswith("第") and p.display in text]
    topical = _topical_text(text, frame.places)
    frame.content, frame.coverage = index.topical_coverage(topical)
    frame.doc_terms = _doc_terms(ctx, index, topical)
    frame.titles = titled_measures(ctx, text)
    frame.lexicon_terms = [t for t in index.lexicon.expand(topical) if 1 <= ctx.spread(t) <= 3]
    frame.base_refs = base_refs(ctx, text, frame.amounts)
    frame.personal = any(m.group(0) not in ctx.doc.text for m in c.personal.finditer(text))
    frame.other_level = bool(c.other_level.search(text)) or any(
        unquoted(m.group("name")) not in ctx.unquoted_text for m in c.other_programme.finditer(text)) or any(
        m.group("org")[-3:] not in ctx.bodies for m in c.other_body.finditer(text)) or _asks_criteria(frame, ctx, c)
    frame.act, frame.follows = dialogue_act(frame, state)
    if frame.act == "correction" or (frame.follows and c.acts["additive"].search(text)):
        # 我是说国家级的 names a tier instead of the earlier one; 同一年又评上了专精特新呢 one more
        frame.mentions += corrected_tiers(frame, ctx, state)
    if frame.act == "challenge":
        frame.amounts = challenged(frame, ctx)
    if frame.act == "new" and fills_focus(frame, ctx, state):
        frame.act, frame.follows = "fill_slot", True
    if frame.follows and (bare := _BARE_TOPIC.match(text)) and not frame.mentions:
        # 那个联盟的呢: a follow-up that is only a word found in one provision names that provision
        frame.switch_terms = [t for t in index.tokenizer.tokens(bare.group(1)) if len(t) >= 2 and ctx.spread(t) == 1]
    if frame.follows and state.base_yuan and frame.base_yuan and c.acts["instalment"].search(text):
        frame.amounts = _with_earlier_base(frame.amounts, state.base_yuan)
    return frame


def _with_earlier_base(amounts: list[Amount], earlier: int) -> list[Amount]:
    """第二期还有400万，是同一个项目 after 第一期600万: one base of both instalments (1000万)."""
    bases = [a for a in amounts if a.role == "base" and a.yuan is not None]
    total = earlier + sum(a.yuan for a in bases if a.yuan is not None)
    merged = Amount(f"{earlier}元+" + "+".join(a.text for a in bases), total, bases[0].start, bases[-1].end)
    return [a for a in amounts if a not in bases] + [merged]


_RECOGNISED_IN = re.compile(r"(\d{4})年[^，。？?]{0,3}(认定|评上|评为|入选|获评|获批)")


def _asks_criteria(frame: Frame, ctx: DocContext, c: Cues) -> bool:
    """高新技术企业认定需要什么条件 / 小巨人的评定标准: the criteria of a title or status the
    document rewards (a tier) or requires (a condition's words) — set by another level."""
    if ctx.rules is None:
        return False
    # a tier is a title granted elsewhere (小巨人); a whole benefit (揭榜挂帅项目) is the document's own
    names = {m.name for m in frame.mentions if m.selection.tier is not None and len(m.selection.rule.tiers) > 1}
    names |= {w for w in ctx.condition_words if w.endswith("企业")}  # a status the enterprise holds (高新技术企业)
    return any(frame.text[:m.start()].endswith(n) for m in c.criteria.finditer(frame.text) for n in names
               if len(n) >= 3)


def _suppose_or_date(frame: Frame, c: Cues, known: set[str], as_of: date | None) -> None:
    """A recognition supposed (现在还不是小巨人…如果明年评上的话能拿多少) names its tier as newly
    recognised; one dated two or more years before the as-of date (2019年认定的) is not new."""
    text = frame.text
    hyp = c.acts["hypothetical"].search(text)
    if hyp is not None and c.acts["recognised"].search(text, hyp.end()):
        frame.mentions = [dataclasses.replace(m, negated=False) if m.negated else m for m in frame.mentions]
        if frame.facts.get(NEWLY_RECOGNISED) is False:
            del frame.facts[NEWLY_RECOGNISED]
        return
    if as_of is not None and NEWLY_RECOGNISED in known and NEWLY_RECOGNISED not in frame.facts:
        years = [int(m.group(1)) for m in _RECOGNISED_IN.finditer(text)]
        if years and max(years) <= as_of.year - 2:
            frame.facts[NEWLY_RECOGNISED] = False


def _other_place(text: str, places: list[str], own: set[str], facts: list[tuple[int, int]]) -> str | None:
    """A place the question asks about that no indexed document covers — not the place an
    enterprise comes from, nor one inside a statement of fact (北京牵头的联盟)."""
    for place in places:
        if any(place in o or o in place for o in own):
            continue
        inside = any(a <= i < b for a, b in facts for i in (m.start() for m in re.finditer(re.escape(place), text)))
        if not mentions_origin(text, place) and not inside:
            return place
    return None


def _topical_text(text: str, places: list[str]) -> str:
    """The question without place names and words that name no topic (特别, 帮上), for
    counting its content words: 内蒙古的草原生态保护补助 asks about 草原生态保护."""
    for place in places:
        text = text.replace(place, " ")
    return cues().plain.sub(" ", text)


def _doc_terms(ctx: DocContext, index: PolicyIndex, text: str) -> list[str]:
    """Content words of the question that occur in only a few provisions of the document:
    a phrase the document itself uses (培育库, 先建后验) is never "not covered"."""
    out = []
    for token in index.tokenizer.tokens(text):
        if len(token) >= 3 and not token[0].isdigit() and 1 <= ctx.spread(token) <= 3:
            out.append(token)
    return list(dict.fromkeys(out))


def _arabic(number: str) -> str:
    """第十二条 → "12" (the measure ids of articles and items are Arabic numerals)."""
    if number.isdigit():
        return str(int(number))
    if number == "十":
        return "10"
    if "十" in number:
        tens, _, ones = number.partition("十")
        return str((_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0))
    return str(_CN_DIGITS.get(number, 0))

