"""The dialogue act of a message: what it does in the conversation so far.

``closing`` (谢谢/好的/再见), ``greeting``, ``correction`` (不对/说错了/我是说…),
``challenge`` (the caller repeats a different figure back), ``more`` (还有别的吗),
``fill_slot`` (a bare amount, tier or fact for the measure in focus), ``follow_up``
(another aspect of the measure in focus), ``new`` (a question of its own; a topic switch
when something was in focus).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.dialogue.cues import cues
from assistant.index.policy_index import FILLER

if TYPE_CHECKING:
    from assistant.dialogue.frame import Frame
    from assistant.dialogue.state import ConversationState

_CLAUSES = re.compile(r"[。！!？?；;]")


def last_clause(text: str) -> str:
    parts = [p.strip() for p in _CLAUSES.split(text) if p.strip()]
    return parts[-1] if parts else text.strip()


def only_cues(text: str) -> bool:
    """Whether the message is made of question words only (需要满足什么条件？ 找哪个部门？):
    with every intent cue and filler word taken out, no content of its own is left, so it
    asks about whatever is in focus."""
    c = cues()
    keep = [True] * len(text)  # every cue is found in the message as written (多少条措施, not 多少 then 条措施)
    for cue in c.intents:
        if cue.name not in ("task", "greeting"):
            for m in cue.pattern.finditer(text):
                keep[m.start(): m.end()] = [False] * (m.end() - m.start())
    rest = "".join(ch if k else " " for ch, k in zip(text, keep, strict=True))
    for word in sorted(FILLER, key=len, reverse=True):
        rest = rest.replace(word, " ")
    rest = c.loose_filler.sub(" ", c.plain.sub(" ", rest))
    rest = re.sub(r"[我你您他她]们?|想|要|[这那]个|这份|这项|(文件|政策)[里中]?|总共|一共|合计|都|哪一?天|几号|什么时候", " ", rest)
    return len(re.findall(r"[\u4e00-\u9fa5A-Za-z]", rest)) < 2


def dialogue_act(frame: Frame, state: ConversationState) -> tuple[str, bool]:
    """(act, whether the message continues the measure in focus)."""
    acts = cues().acts
    text = frame.text.strip()
    if acts["closing"].match(text):
        return "closing", False
    if frame.has("greeting"):
        return "greeting", False
    if not state.focus:
        return "new", False
    clause = last_clause(text)
    # 这个措施 in the middle (我想问下这个补贴要什么条件) refers back when nothing else is asked about
    ref = acts["reference"].search(text)
    anaphoric = bool(acts["anaphora"].search(text) or acts["anaphora"].search(clause)
                     or (ref and only_cues(text[: ref.start()] + text[ref.end():])))
    own_topic = bool(frame.specific)
    if acts["more"].search(text):
        return "more", False
    if acts["correction"].search(text):
        return "correction", True
    if (frame.asserted_yuan or acts["challenge"].search(text)) and not frame.specific and (
            frame.asserted_yuan or "多少" not in text):
        return "challenge", True
    if frame.amounts and not own_topic and not (set(frame.intents) - {"amount", "how_much", "total"}):
        return "fill_slot", True
    if anaphoric or (not frame.mentions and (frame.content == 0 or len(text) <= 8 or only_cues(text))):
        return "follow_up", True
    if acts["injection"].search(text) and anaphoric:
        return "follow_up", True
    return "new", False
