"""Benefits a message names (part of stage 1, *understand*): the rule base's names found in
it with how specific each is in the document, tiers named by their quoted name after a word
of recognition, two names sharing a head (国家级和自治区级…联盟), the one benefit a message
points at (这一项), and the tier a correction names (我是说国家级的)."""

from __future__ import annotations

import dataclasses
import re

from assistant.dialogue.acts import only_cues
from assistant.dialogue.context import DocContext, core, quoted_terms
from assistant.dialogue.cues import cues
from assistant.dialogue.frame import Frame, Mention
from assistant.dialogue.state import ConversationState
from assistant.rules.rulebase import Selection


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
    if (spelled := _coordinated(ctx, text, best)) is not None:
        best = spelled
    return _compared(text, [_other_level(text, m) for m in best])


_LOWER_LEVEL = re.compile(r"(市|区|县|旗)级|(市|区|县|旗)里(认定|评)的")


def _other_level(text: str, m: Mention) -> Mention:
    """区里认定的市级专精特新企业: a tier named with a level below its own is not that tier."""
    name = m.selection.tier.name if m.selection.tier is not None else m.selection.rule.title
    if _LOWER_LEVEL.search(text[max(0, m.start - 8): m.start]) and not _LOWER_LEVEL.search(name):
        return dataclasses.replace(m, negated=True)
    return m


def _compared(text: str, found: list[Mention]) -> list[Mention]:
    """自治区的专精特新是不是也奖100万？跟小巨人一样？: the benefit compared with (跟…一样) is a
    reference, not what is asked — unless both are asked (跟…一样都是30万吗)."""
    kept = [m for m in found if not re.search(rf"(跟|和|与|像|同){re.escape(m.name)}[^，。？?]{{0,2}}一样(?!都)", text)]
    return kept if kept and len(kept) < len(found) else found


_COORDINATOR = re.compile(r"([\u4e00-\u9fff]{1,6})(和|与|及|以及|或|、)$")


def _tiers(found: list[Mention]) -> set[tuple[str, str]]:
    return {(m.selection.rule.id, m.selection.tier.id) for m in found if m.selection.tier is not None}


def _coordinated(ctx: DocContext, text: str, found: list[Mention]) -> list[Mention] | None:
    """Two names sharing their head (国家级和自治区级产业技术创新战略联盟): read as both names
    spelled out, when the first one spelled out names one more benefit of the rule base."""
    assert ctx.rules is not None
    for m in found:
        before = _COORDINATOR.search(text[max(0, m.start - 9): m.start])
        if before is None:
            continue
        modifier, joint = before.group(1), before.group(2)
        at = m.start - len(before.group(0))
        for k in range(1, min(5, len(m.name) - 1)):  # the head: the name without its first k characters
            spelled = f"{text[:at]}{modifier}{m.name[k:]}{joint}{text[m.start:]}"
            more = [_mention(ctx, spelled, s) for s in ctx.rules.match(spelled)]
            if len(_tiers(more)) > len(_tiers(found)):
                return more
    return None




def quoted_tiers(ctx: DocContext, text: str, found: list[Mention]) -> list[Mention]:
    """Tiers named by the quoted name in their title (自治区“专精特新”中小企业 → 专精特新) right
    after a word of recognition (同一年又评上了专精特新), or right before the words of the title
    that precede the quote (专精特新自治区级的: 自治区): a name too common in the document to
    name a tier on its own does when the message says the enterprise was recognised as it, or
    gives the tier's level with it."""
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
            lead = tier.name.split("“")[0].rstrip("级") if "“" in tier.name else ""
            tail = tier.name.split("”")[-1] if "”" in tier.name else ""
            for q in names[tier.id]:
                if any(q in o and q != o for other in rule.tiers if other is not tier for o in names[other.id]):
                    continue
                for m in re.finditer(re.escape(q), text):
                    after = text[m.end():]
                    with_tail = bool(tail) and after.startswith(tail)
                    after = after[len(tail):] if with_tail else after  # 专精特新中小企业（自治区的）
                    level_after = len(lead) >= 2 and lead in after[: len(lead) + 2]
                    # 专精特新中小企业认定后 / 创新型和专精特新都认定了: the word of recognition after the name
                    recognised_after = bool(_RECOGNISED_AFTER.match(after))
                    # 专精特新奖多少: the quoted name is all the message names
                    alone = only_cues(re.sub(r"\d[\d.,]*\s*(亿元|万元|亿|万|元|[wWkK])?", " ",
                                             text.replace(q + (tail if with_tail else ""), " ")))
                    if (rule.id, tier.id) not in have and (level_after or recognised_after or alone
                                                            or recognised.search(text[max(0, m.start() - 6): m.start()])):
                        out.append(Mention(Selection(rule, tier), q, m.start(), m.end(), 1.0))
                        have.add((rule.id, tier.id))
    return out


_RECOGNISED_AFTER = re.compile(r"[，,]?(?:(?!没|未|不|非)[^，。？?]){0,4}(认定|评上|评定|获评)")


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


def pointed_at(found: list[Mention], at: int) -> list[Mention]:
    """The benefits named before "这一项" at ``at`` narrowed to the measure named last: the
    rest of the message is context (从天津整体搬来…今年刚评上小巨人，这一项奖励多少)."""
    before = [m for m in found if m.end <= at and not m.negated]
    if not before or len({m.measure for m in found}) < 2:
        return found
    last = max(before, key=lambda m: m.start).measure
    return [m for m in found if m.measure == last]


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
            for q in [*quoted_terms(tier.name), *qualifiers(tier.name, [t.name for t in rule.tiers if t is not tier])]:
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


def qualifiers(name: str, others: list[str]) -> list[str]:
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


def _shared(a: str, b: str) -> int:
    """The length of the prefix ``a`` and ``b`` share."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
