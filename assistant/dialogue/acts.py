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

if TYPE_CHECKING:
    from assistant.dialogue.frame import Frame
    from assistant.dialogue.state import ConversationState

_CLAUSES = re.compile(r"[。！!？?；;]")


def last_clause(text: str) -> str:
    parts = [p.strip() for p in _CLAUSES.split(text) if p.strip()]
    return parts[-1] if parts else text.strip()


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
    anaphoric = bool(acts["anaphora"].search(text) or acts["anaphora"].search(clause))
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
    if anaphoric or (not frame.mentions and (frame.content == 0 or len(text) <= 8)):
        return "follow_up", True
    if acts["injection"].search(text) and anaphoric:
        return "follow_up", True
    return "new", False
