"""Slots: what a message says about money, the enterprise, and places.

* amounts — every sum of money written with a unit (``400万``, ``1,200,000元``, ``三百万``);
* facts — statements about the enterprise that rule conditions test (证书过期 →
  ``high_tech_certificate_valid: False``), from general cue patterns;
* places — Chinese place names, to tell a question about another city from one about
  the policy's own region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from assistant.calc import parse_amount, to_yuan
from assistant.errors import CalculationInputError

_NUM = r"(?:\d[\d,，]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+)"
_MONEY = re.compile(rf"({_NUM}\s*(?:亿元|万元|亿|万|千元|元|块钱|块)(?:\s*[零〇一二两三四五六七八九十百千\d]+万?元?)?)")


@dataclass(frozen=True)
class Amount:
    text: str
    yuan: int
    start: int


def find_amounts(text: str) -> list[Amount]:
    """Sums of money in ``text``, in order; spans that do not parse are skipped."""
    out: list[Amount] = []
    for m in _MONEY.finditer(text):
        span = m.group(1)
        try:
            value = parse_amount(span)
        except CalculationInputError:
            continue
        if value > Decimal(0):
            out.append(Amount(span, to_yuan(value), m.start()))
    return out


# fact key → [(pattern, value)], first match wins per key. Negations come first.
_FACT_CUES: dict[str, list[tuple[str, object]]] = {
    "high_tech_certificate_valid": [
        (r"(还有[^，。,]{0,4}(才|就)?到期|未到期|没到期|才到期|没有过期|没过期|未过期)", True),
        (r"(证书|资格|资质|认定|高企)[^，。,]{0,8}(过期|到期|失效|过了有效期|不在有效期|已满|作废|被取消)", False),
        (r"(证书|资格|资质|认定|高企)[^，。,]{0,8}(有效期内|还在有效期|没过期|未过期|有效|还有效)", True),
        (r"(有效期内|没过期|未过期)", True),
    ],
    "located_outside_city": [
        (r"(本地|本市|市内|就在{place}|一直在{place})", False),
        (r"(外地|外市|市外|外省|异地|从[\u4e00-\u9fa5]{2,6}(搬|迁)|[\u4e00-\u9fa5]{2,4}(市|省)的企业)", True),
    ],
    "relocated_whole_to_city": [
        (r"(一条生产线|生产线|分公司|分支机构|子公司|部分业务|部分搬|总部还在|总部不搬|办事处)", False),
        (r"(整体(搬|迁)|全部(搬|迁)|整个公司(搬|迁)|整体迁入|搬过来|迁过来|搬来|迁来|搬到|迁到|迁入|落户)", True),
    ],
    "high_tech_enterprise": [
        (r"(不是高企|不是高新技术企业|没有高企|没评上高企)", False),
        (r"(高企|高新技术企业)", True),
    ],
    "newly_recognised": [
        (r"(\d{4}年就|早就|以前就|之前就|前年|多年前|好几年|已经是[^，。]{0,6}了|\d{4}年就已经)", False),
        (r"(刚评上|刚认定|新认定|刚被认定|刚刚|刚拿到|今年评上|今年认定|今年被认定|新评上|刚入选|刚获得|新获得|刚获评|首次|第一次被)", True),
    ],
    "alliance_led_by_baotou": [
        (r"({place}牵头|我们牵头|牵头共建|牵头组建)", True),
    ],
    "is_alliance_lead_unit": [
        (r"(参与单位|成员单位|不是牵头)", False),
        (r"(牵头单位|我们牵头|牵头共建|牵头组建|牵头成立|牵头建|由我们[^，。]{0,4}牵头|作为牵头)", True),
    ],
    "alliance_level": [
        (r"(国家级[^，。]{0,10}联盟|联盟[^。]{0,12}国家级)", "national"),
        (r"((自治区级|自治区|省级)[^，。]{0,10}联盟|联盟[^。]{0,12}(自治区级|省级))", "regional"),
    ],
    "patent_introduced": [
        (r"(引进[^，。]{0,4}专利|买[^，。]{0,4}专利|专利[^，。]{0,4}(交易|转让)|技术交易)", True),
    ],
    "patent_transformed_effectively": [
        (r"(没有转化|还没转化|未转化|没见效|没有成效)", False),
        (r"(转化|见效|取得成效|产业化)", True),
    ],
    "talent_project_newly_selected": [
        (r"(早就入选|早已入选|之前入选|以前入选|已经入选多年)", False),
        (r"(新入选|刚入选|刚刚入选|今年入选|首次入选)", True),
    ],
    "two_part_tariff": [
        (r"(不是两部制|单一制电价)", False),
        (r"两部制", True),
    ],
    "facility_type": [
        (r"污水处理", "污水处理企业"),
        (r"(充电站|充换电|换电站|充电桩)", "电动汽车集中式充换电设施"),
    ],
}


def find_facts(text: str, known_facts: set[str] | None = None, places: list[str] | None = None) -> dict[str, object]:
    """Facts the message states, limited to ``known_facts`` (the rule base's keys) when given.

    ``places`` are the document's own place names (包头, 包头市): cues such as 就在{place}
    and {place}牵头 are read against them, so no document's name is written into the cues.
    """
    place = "|".join(re.escape(p) for p in sorted(places or [], key=len, reverse=True)) or "本市"
    facts: dict[str, object] = {}
    for key, cues in _FACT_CUES.items():
        if known_facts is not None and key not in known_facts:
            continue
        for pattern, value in cues:
            if re.search(pattern.replace("{place}", f"(?:{place})"), text):
                facts[key] = value
                break
    return facts


# Provinces and prominent cities: enough to notice "this asks about another place".
_PLACES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 "
    "云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 呼和浩特 鄂尔多斯 赤峰 通辽 乌海 呼伦贝尔 巴彦淖尔 "
    "乌兰察布 锡林郭勒 兴安盟 阿拉善 包头 深圳 广州 杭州 南京 苏州 武汉 成都 西安 长沙 郑州 济南 青岛 合肥 福州 厦门 "
    "沈阳 大连 长春 哈尔滨 石家庄 太原 南昌 南宁 昆明 贵阳 兰州 西宁 银川 乌鲁木齐 拉萨 海口 三亚 宁波 无锡 东莞 "
    "佛山 珠海 温州 绍兴 嘉兴 常州 徐州 烟台 潍坊 洛阳 宜昌 襄阳 株洲 湘潭 三明 柳河 天河 泉州 漳州 中山 惠州"
).split()


def places_in(text: str) -> list[str]:
    """Place names the text mentions, longest first, without overlaps."""
    found: list[str] = []
    for place in sorted(_PLACES, key=len, reverse=True):
        if place in text and not any(place in f for f in found):
            found.append(place)
    return found


def mentions_origin(text: str, place: str) -> bool:
    """Whether ``place`` is where the enterprise comes from (从深圳搬来), not what is asked about."""
    return bool(re.search(rf"(从|在|是){place}|{place}[^，。]{{0,6}}(搬|迁|过来|来的|的企业|的公司|的高企)", text))
