"""Slots: what a message says about the enterprise and about places.

* facts — statements about the enterprise that rule conditions test (证书过期 →
  ``high_tech_certificate_valid: False``), from general cues (``facts.yaml``) and the
  document's own (``corpus/<doc_id>.vocab.yaml``);
* places — Chinese place names, to tell a question about another city from one about
  the policy's own region.

Amounts are read by :mod:`assistant.dialogue.amounts` (re-exported here for callers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.dialogue.amounts import Amount, find_amounts
from assistant.dialogue.cues import cues as dialogue_cues

__all__ = ["NEWLY_RECOGNISED", "Amount", "asks_policy_of", "fact_matches", "find_amounts", "find_facts", "mentions_origin", "places_in"]

FactCues = Mapping[str, Sequence[tuple[str, Any]]]

#: words between a place and an organisation that make it a policy's place (北京的政策支持的机构)
_POLICY_WORD = re.compile(r"政策|规定|文件|办法|措施")
#: words that make what follows a partner of the enterprise (和…合作, 引进…)
_PARTNER_BEFORE = re.compile(r"(和|与|跟|同|联合|携手|对接|引进了?|邀请了?|引入了?)$")


@lru_cache(maxsize=1)
def general_fact_cues() -> dict[str, tuple[tuple[str, Any], ...]]:
    data = yaml.safe_load(Path(__file__).with_name("facts.yaml").read_text(encoding="utf-8")) or {}
    return {str(k): tuple((str(p), v) for p, v in cues) for k, cues in data.items()}


def find_facts(text: str, known_facts: set[str] | None = None, places: list[str] | None = None,
               extra: FactCues | None = None) -> dict[str, object]:
    """Facts the message states, limited to ``known_facts`` (the rule base's keys) when given.

    ``places`` are the document's own place names (包头, 包头市): cues such as 就在{place}
    are read against them. ``extra``: the document's own fact cues, tried first.
    """
    return {key: value for key, value, _ in fact_matches(text, known_facts, places, extra)}


def fact_matches(text: str, known_facts: set[str] | None = None, places: list[str] | None = None,
                 extra: FactCues | None = None) -> list[tuple[str, object, tuple[int, int]]]:
    """``(fact, value, span)`` of every fact the message states (see :func:`find_facts`):
    the span tells a place inside a statement about the enterprise (北京牵头的联盟) from a
    place whose policy is asked about."""
    place = "|".join(re.escape(p) for p in sorted(places or [], key=len, reverse=True)) or "本市"
    out: list[tuple[str, object, tuple[int, int]]] = []
    for key, cues in {**general_fact_cues(), **(extra or {})}.items():
        if known_facts is not None and key not in known_facts:
            continue
        found: tuple[str, object, tuple[int, int]] | None = None
        for pattern, value in cues:
            if (m := re.search(pattern.replace("{place}", f"(?:{place})"), text)) is not None:
                negated = bool(dialogue_cues().negation.search(text[max(0, m.start() - 4): m.start()]))
                if negated and value is not True and value is not False:
                    continue  # 没评上自治区级: not that value (and no other said)
                if value is True and negated:
                    value = False  # 今年没有新入选: the cue negated
                if found is None:
                    found = (key, value, m.span())
                    if value is not False or not _DATED.search(m.group(0)):
                        break  # only a dated "no" (前年评上的) can be followed by news (今年又新认定)
                elif value is True and _later_news(text, found[2][1], m.start()):
                    found = (key, value, m.span())  # 前年评上专精特新…今年又新认定为小巨人: the later, new one
                    break
        if found is not None:
            out.append(found)
    return out


_DATED = re.compile(r"\d{4}年|[前去]年|以前|之前|早|几年")


#: the fact a recognition's year or a supposed recognition settles (facts.yaml)
NEWLY_RECOGNISED = "newly_recognised"


def _later_news(text: str, earlier_end: int, start: int) -> bool:
    """Whether a statement at ``start`` is news after an earlier one: in a later clause that
    says so (今年, 又, 后来, 刚) — not the same event told in one clause (只把一条生产线搬到包头)."""
    if start < earlier_end or not re.search(r"[，,。；;！!]", text[earlier_end:start]):
        return False
    clause = re.split(r"[，,。；;！!？?]", text[start:])[0]
    head = text[max(0, start - 8): start]
    return bool(re.search(r"今年|又|后来|现在|刚|再", head + clause))


# Provinces and prominent cities (general knowledge, no document's places): enough to notice
# "this asks about another place"; the indexed documents add their own (:func:`places_in`).
_PLACES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 "
    "云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 呼和浩特 鄂尔多斯 赤峰 通辽 乌海 呼伦贝尔 巴彦淖尔 "
    "乌兰察布 锡林郭勒 兴安盟 阿拉善 呼市 鄂市 包头 深圳 广州 杭州 南京 苏州 武汉 成都 西安 长沙 郑州 济南 青岛 合肥 福州 厦门 "
    "沈阳 大连 长春 哈尔滨 石家庄 太原 南昌 南宁 昆明 贵阳 兰州 西宁 银川 乌鲁木齐 拉萨 海口 三亚 宁波 无锡 东莞 "
    "佛山 珠海 温州 绍兴 嘉兴 常州 徐州 烟台 潍坊 洛阳 宜昌 襄阳 株洲 湘潭 三明 泉州 漳州 中山 惠州"
).split()


def places_in(text: str, known: Iterable[str] = ()) -> list[str]:
    """Place names the text mentions, longest first, without overlaps: provinces and large
    cities, and the ``known`` places of the indexed documents (a county or district that
    only its own document names)."""
    found: list[str] = []
    for place in _longest_first(frozenset(known)):
        if place in text and not any(place in f for f in found):
            found.append(place)
    return found


@lru_cache(maxsize=8)
def _longest_first(known: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted({*_PLACES, *known}, key=len, reverse=True))


def asks_policy_of(text: str, place: str) -> bool:
    """Whether the text asks about ``place``'s own support (鄂尔多斯对…, 呼和浩特市的政策)."""
    return re.search(rf"(?<!从){re.escape(place)}(市|区|县|旗|盟)?(对|给予?|政府|的政策|出台|当地|有没有|有什么|有啥|也有|有类似)",
                     text) is not None


def mentions_origin(text: str, place: str) -> bool:
    """Whether ``place`` is where the enterprise comes from (从深圳搬来) or where an organisation
    it deals with is (跟上海的一所大学合作), not whose policy is asked about."""
    p = re.escape(place)
    if asks_policy_of(text, place):
        return False  # 鄂尔多斯对整体迁入的高企补多少: that place's own support is asked
    if re.search(rf"(从|在|(?<![你您它])是){p}|{p}[^，。]{{0,6}}(搬|迁|过来|来的|的企业|的公司|的高企)", text):
        return True
    # a partner: the place qualifies an organisation the enterprise works with (跟上海的一所大学,
    # 引进深圳一家研究院) — not a place whose support for such organisations is asked (北京对研发机构…)
    for m in re.finditer(p, text):
        if not _PARTNER_BEFORE.search(text[max(0, m.start() - 4): m.start()]):
            continue
        after = re.split(r"[，,。？?！!；;]", text[m.end(): m.end() + 10])[0]
        org = dialogue_cues().organisation.search(after)
        if org is not None and not _POLICY_WORD.search(after[: org.start()]) and after[: org.start()].count("的") <= 1:
            return True
    return False
