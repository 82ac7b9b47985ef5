"""Which intent a message's cues say (part of stage 3, *decide*), and whether it asks a figure.

:func:`base_intent` reads the frame's intent cues, most specific first (``cues.yaml``);
:func:`asks_aspect` and :func:`asks_figure` say whether an answer may carry a calculation.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.dialogue.acts import only_cues
from assistant.dialogue.cues import cues

if TYPE_CHECKING:
    from assistant.dialogue.frame import Frame
    from assistant.dialogue.state import ConversationState
    from assistant.dialogue.types import Intent


def asks_aspect(frame: Frame) -> bool:
    """The question asks how a benefit is applied for (流程/材料), paid out (一次性还是每年,
    税前还是税后) or what a term means, not what it is worth: no figure is asked (多少 …),
    and for the pay-out period none is claimed either (小巨人的100万是每年都给吗 names the
    benefit by its figure; 是不是按年给，每年100万？ claims one, which is checked)."""
    if frame.has("how_much"):
        return False
    claimed = bool(frame.asserted_yuan) or bool(frame.amounts and cues().acts["confirm"].search(frame.text))
    return frame.has("procedure") or frame.has("payment") or frame.has("define") or frame.has("beneficiary") or (
        frame.has("period") and not claimed)


def asks_figure(frame: Frame, state: ConversationState) -> bool:
    """The question asks for a figure (能拿多少, 有补助吗), states one to be checked (能拿30万吗),
    or follows one that did (如果证书有效呢). Only then does an answer carry a calculation
    that the question did not otherwise ask for."""
    if frame.has("how_much") or frame.has("exists") or frame.asserted_yuan:
        return True
    return frame.follows and state.asked_figure and not any(frame.has(c) for c in _ASPECTS)


#: cues of a follow-up that asks another aspect of the measure than its figure (个人能申请吗 is a yes/no)
_ASPECTS = ("conditions", "department", "contact", "status", "validity", "procedure", "payment", "define", "period",
            "can_i", "beneficiary")
#: a status question that names the document itself (还能按这个文件申请吗): about the document, whatever else is said
_ABOUT_DOCUMENT = re.compile(r"(按|用)(这个|本|该)(文件|政策|措施)|(这个|本)?(文件|政策)[^，。？?]{0,4}(还|现在)"
                             r"|(今天|明天|后天|这个月|下个月|月底|年底)[^，。？?]{0,4}还(能|可以)")
#: the enterprise speaking of itself
_SELF = re.compile(r"我们|我司|本公司|公司|厂里|我厂|咱们")


def base_intent(frame: Frame) -> Intent:
    """The intent the cues say, most specific cue first (see ``cues.yaml``)."""
    has, t = frame.has, frame.text
    if has("targets") and re.search(r"(目标|家|比例)", t) and not re.search(r"(奖|补|钱)", t):
        return "policy_info"
    if has("status") and has("match") and not frame.facts and not re.search(r"哪些|什么|啥", t):
        return "validity"  # 今年还能享受吗: whether the text still applies, not what applies
    if has("match") or (has("total") and not frame.mentions and not frame.amounts):
        return "match"
    if has("catalog") and _SELF.search(t) and not has("how_much") and not only_cues(t):
        return "match"  # 我们想扩建厂房，还缺工人，有哪些支持: what applies to the enterprise described
    # 找谁 is both a contact and a department cue: a measure named or in focus makes it the
    # measure's department, otherwise it asks whom to contact about the document.
    names_measure = bool(frame.mentions or frame.measure_refs or frame.follows or frame.titles)
    if has("contact") and (not names_measure or not cues().intent("department").found(t.replace("找谁咨询", ""))):
        return "contact"
    if has("doc_meta"):
        return "contact"
    if has("status") and (not frame.facts or _ABOUT_DOCUMENT.search(t) or (
            not _SELF.search(t) and all(v is True for v in frame.facts.values()))):
        return "validity"  # 现在还能申请吗 / 刚评上小巨人，现在还能按这个文件申请吗: the document's status
    if has("department") and not has("how_much"):
        return "department"  # 小巨人奖多少，找哪个部门: the amount answer names the departments too
    if asks_aspect(frame):
        return "policy_info"
    if has("total") and has("how_much") and frame.mentions:
        return "amount"  # 两个都能拿吗？一共多少钱: the sum, with the no-double-reward clause applied
    # (facts other than "yes, we are / did" — 我们不是高企, 联盟只是市级的 — make it an eligibility question)
    if frame.asserted_yuan and not has("conditions") and (cues().acts["confirm"].search(t) or (
            (has("can_i") or has("eligibility")) and all(v is True for v in frame.facts.values())
            and not any(m.negated for m in frame.mentions))):
        return "amount"  # 小巨人能拿150万吗 / 牵头单位给300万对吧: the caller's figure, checked by the calculator
    if has("how_much") and (has("eligibility") or has("can_i")) and not has("conditions"):
        return "amount"  # 交易费12k也能申请吗，给多少: the figure, with the conditions it states
    if has("eligibility") or (has("can_i") and not has("how_much")):
        return "eligibility"
    if has("yes_no") and _SELF.search(t) and not has("amount") and not has("how_much") and not frame.amounts:
        return "eligibility"  # 我们有个零增地技改项目，能不能先建后验？ — a yes/no about what the enterprise may do
    if has("validity"):
        return "validity"
    if has("amount") or has("total") or has("how_much"):
        return "amount"  # 激励资金按什么标准给: a figure asked, even without a money word
    return "policy_info"
