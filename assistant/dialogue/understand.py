"""Stage 1, *understand*: a message → a typed :class:`~assistant.dialogue.frame.Frame`.

Nothing is decided here: intent cues are collected with their weights, benefits named
with how specific their names are, amounts with their roles, facts, places, and the
dialogue act against the conversation so far.
"""

from __future__ import annotations

import re

from assistant.dialogue.acts import dialogue_act
from assistant.dialogue.amounts import find_amounts
from assistant.dialogue.context import DocContext, core, quoted_terms, unquoted
from assistant.dialogue.cues import cues
from assistant.dialogue.frame import Frame, Mention
from assistant.dialogue.readings import base_refs, challenged, fills_focus
from assistant.dialogue.slots import fact_matches, mentions_origin, places_in
from assistant.dialogue.state import ConversationState
from assistant.dialogue.titles import titled_measures
from assistant.index import PolicyIndex
from assistant.rules.rulebase import Selection

_MARKUP = re.compile(r"<[^>]{0,200}>|&[a-z#0-9]{1,10};", re.IGNORECASE)
_MEASURE_REF = re.compile(r"第\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*(条|项|款)")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_DATE = re.compile(r"(\d{4}年(\d{1,2}月)?(\d{1,2}日)?|今年|明年|后年|去年|下个月|上个月|年底|月底)")


def clean(message: str) -> str:
    return _MARKUP.sub(" ", message)


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


def specificity(ctx: DocContext, name: str) -> float:
    """How much a name says about which measure is meant: found in few provisions → near 1."""
    n = ctx.spread(core(name)) if len(core(name)) >= 2 else len(ctx.unquoted_texts)
    if n <= 2:
        return 1.0
    if n <= 5:
        return 0.7
    return 0.3 if n <= 10 else 0.1


def mentions(ctx: DocContext, text: str) -> list[Mention]:
    """Benefits of the rule base the message names (a second try without 的)."""
    if ctx.rules is None:
        return []
    best: list[Mention] = []
    for variant in (text, text.replace("的", "")):
        found = [_mention(ctx, variant, s) for s in ctx.rules.match(variant)]
        if sum(len(m.name) for m in found) > sum(len(m.name) for m in best):
            best = found  # the reading with the longer names: 自治区级的专精特新 → 自治区级专精特新
    return best




def quoted_tiers(ctx: DocContext, text: str, found: list[Mention]) -> list[Mention]:
    """Tiers named by the quoted name in their title (自治区“专精特新”中小企业 → 专精特新) right
    after a word of recognition (同一年又评上了专精特新): a name too common in the document to
    name a tier on its own does when the message says the enterprise was recognised as it."""
    if ctx.rules is None:
        return []
    have = {(m.selection.rule.id, m.selection.tier.id) for m in found
            if m.selection.tier is not None and m.specificity >= 0.5}
    # a word of recognition right before the name (评上了专精特新, 又认定了专精特新中小企业)
    recognised = re.compile(f"(?:{cues().acts['recognised'].pattern})(了|为|成|的)?\\s*$")
    out: list[Mention] = []
    for rule in ctx.rules.rules:
        names = {t.id: quoted_terms(t.name) for t in rule.tiers}
        for tier in rule.tiers:
            for q in names[tier.id]:
                if any(q in o and q != o for other in rule.tiers if other is not tier for o in names[other.id]):
                    continue
                for m in re.finditer(re.escape(q), text):
                    if (rule.id, tier.id) not in have and recognised.search(text[max(0, m.start() - 6): m.start()]):
                        out.append(Mention(Selection(rule, tier), q, m.start(), m.end(), 1.0))
                        have.add((rule.id, tier.id))
    return out


def _mention(ctx: DocContext, text: str, sel: Selection) -> Mention:
    used = [n for n in sel.names[1:] if n and n in text] or [sel.label]
    name = max(used, key=len)
    start = max(text.find(name), 0)
    spec = max(specificity(ctx, n) for n in used)
    return Mention(sel, name, start, start + len(name), spec, _negated(text, sel))


def _negated(text: str, sel: Selection) -> bool:
    """Whether every mention of the selection is negated (我们还不是专精特新企业)."""
    spans = [m.start() for name in sel.names[1:] if name for m in re.finditer(re.escape(name), text)]
    return bool(spans) and all(cues().negation.search(text[max(0, i - 4): i]) for i in spans)


def understand(message: str, ctx: DocContext, state: ConversationState, index: PolicyIndex,
               own_places: set[str]) -> Frame:
    raw = clean(message)
    text = index.correct(raw)
    c = cues()
    frame = Frame(raw=raw, text=text, intents=intent_cues(text))
    frame.amounts = find_amounts(text)
    frame.mentions = mentions(ctx, text)
    if named := quoted_tiers(ctx, text, frame.mentions):  # they replace the same tiers' weak mentions
        tiers = {(m.selection.rule.id, m.selection.tier.id) for m in named if m.selection.tier is not None}
        frame.mentions = [m for m in frame.mentions if m.selection.tier is None
                          or (m.selection.rule.id, m.selection.tier.id) not in tiers] + named
    known = set(ctx.rules.facts()) if ctx.rules else None
    stated = fact_matches(text, known, places=index.places_of(ctx.doc.doc_id), extra=ctx.vocabulary.facts)
    frame.facts = {key: value for key, value, _ in stated}
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
        unquoted(m.group("name")) not in ctx.unquoted_text for m in c.other_programme.finditer(text))
    frame.act, frame.follows = dialogue_act(frame, state)
    if frame.act == "correction" or (frame.follows and c.acts["additive"].search(text)):
        # 我是说国家级的 names a tier instead of the earlier one; 同一年又评上了专精特新呢 one more
        frame.mentions += corrected_tiers(frame, ctx, state)
    if frame.act == "challenge":
        frame.amounts = challenged(frame, ctx)
    if frame.act == "new" and fills_focus(frame, ctx, state):
        frame.act, frame.follows = "fill_slot", True
    return frame


def corrected_tiers(frame: Frame, ctx: DocContext, state: ConversationState) -> list[Mention]:
    """A correction (我是说国家级的 / 不对，应该是200万那档) of the measure in focus: the tier
    it names — by the qualifier that sets the tier apart from its siblings (国家级 vs 自治区级),
    or by its amount — re-resolved against the focused measure, so it replaces the earlier
    tier instead of the state keeping it. Nothing when the message names a tier already or
    another measure."""
    focus = state.focus_measure()
    if ctx.rules is None or focus is None or focus[0] != ctx.doc.doc_id:
        return []
    named = [m for m in frame.mentions if not m.negated]
    if any(m.selection.tier is not None or m.measure != focus[1] for m in named):
        return []
    text = frame.text
    found: list[tuple[int, Mention]] = []
    values = {a.yuan for a in frame.amounts if a.yuan is not None and a.role in ("base", "asserted")}
    for rule in ctx.rules.rules_for(focus[1]):
        if len(rule.tiers) < 2:
            continue
        for tier in rule.tiers:
            sel = Selection(rule, tier)
            # a tier's own quoted name (自治区“专精特新”中小企业 → 专精特新), then what sets it apart
            for q in [*quoted_terms(tier.name), *_qualifiers(tier.name, [t.name for t in rule.tiers if t is not tier])]:
                i = text.find(q)
                if i >= 0:
                    found.append((len(q), Mention(sel, q, i, i + len(q), 1.0)))
                    break
            else:
                if tier.amount in values:
                    found.append((0, Mention(sel, tier.name, 0, 0, 1.0)))
    if not found:
        return []
    best = max(n for n, _ in found)
    picked = [m for n, m in found if n == best]
    return picked if len(picked) == 1 else []


def _qualifiers(name: str, others: list[str]) -> list[str]:
    """What sets a tier's name apart from its siblings': the name without the prefix and
    suffix it shares with them (国家级产业技术创新战略联盟 vs 自治区级产业技术创新战略联盟 → 国家)."""
    if not others:
        return []
    head = min(_shared(name, o) for o in others)
    tail = min(_shared(name[::-1], o[::-1]) for o in others)
    core_ = name[head: len(name) - tail] if len(name) - tail > head else ""
    out = [core_, core_.rstrip("级")] if core_ else []
    # the core's first two characters when no sibling starts with them (国家专精特新“小巨人”
    # vs 自治区…: 国家, as in 我是说国家级的)
    lead = core_[:2]
    if len(lead) == 2 and not any(o[head:].startswith(lead) for o in others):
        out.append(lead)
    return [q for q in dict.fromkeys(out) if len(q) >= 2]


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


def _shared(a: str, b: str) -> int:
    """The length of the prefix ``a`` and ``b`` share."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
