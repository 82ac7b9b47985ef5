"""Names of tiers and rules, read from the words before (or after) the amounts.

``对新认定的A、B和C，分别给予…`` → ``[A, B, C]``; ``国家级和省级企业技术中心`` → the level
words take the shared head: ``[国家级企业技术中心, 省级企业技术中心]``;
``三星级、四星级、五星级的酒店`` → ``[三星级酒店, 四星级酒店, 五星级酒店]``.

Example:
    >>> enumeration("对初次认定为国家级和省级企业技术(研发)中心的", 2)
    ['国家级企业技术(研发)中心', '省级企业技术(研发)中心']
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"、|和|及|与|或")
_LEAD = re.compile(r"认定为|评定为|评为|列入|通过|获得|新获批|获批|入选|新获|实现|制定并|对|被|凡|为|的")
_LEVEL = re.compile(
    r"^(?:国家级|国家|省级|省|市级|市|县级|县|区级|自治区级|自治区|国际|行业|全国|地方|"
    r"[一二三四五六七八九十\d]+[星A]?级?|[\dA-Z]+A?级?|高级|中级|初级)"
)
_LEVEL_END = re.compile(r"(?:国家级|国家|省级|市级|县级|区级|自治区级|国际|行业|全国|高级|中级|初级)$")
_TRAILING = re.compile(r"(?:的|，|,|\s|一次性|当年|分别)+$")
_QUOTED = re.compile(r"[“\"]([^”\"]{1,12})[”\"]")
_FIRST_ROLE = re.compile(r"^(?:对(?!其)|凡|在|被)")
_SPAN = re.compile(r"(\d)\s*[—–\-~至]\s*(\d)\s*(星级|A级|级)")


def clean(text: str) -> str:
    """A phrase without surrounding punctuation, white space or a trailing 的."""
    text = re.sub(r"\s+", "", text)
    text = _TRAILING.sub("", text)
    return text.strip("，,、：:；;（(）) ")


def enumeration(before: str, count: int) -> list[str] | None:
    """``count`` names listed in ``before`` (the words before the amounts), or None.

    ``count=0``: as many as are listed (at least two).
    """
    text = clean(before)
    chunks = [clean(c) for c in re.split(r"[，：:]", text)]
    quoted = [c for c in chunks if len(_QUOTED.findall(c)) > 1 and len(_QUOTED.findall(c)) == (count or 2)]
    if quoted:  # 对实现“小升规”“规改股”“股上市”三个梯度发展目标的: the names are the quoted ones
        return _QUOTED.findall(quoted[-1])
    # the listing nearest the amounts when several parts list as much
    chunk = max(reversed(chunks), key=lambda c: len(_SEPARATORS.findall(c)))
    found = _listed(chunk, count)
    if found is None and "的" in chunk:  # 国际、国家和行业标准的企业、机构: the list before 的
        found = _listed(chunk.rsplit("的", 1)[0], count)
    return found


def _listed(chunk: str, count: int) -> list[str] | None:
    span = _SPAN.search(chunk)
    if span and count and int(span.group(2)) - int(span.group(1)) + 1 == count:
        return [f"{n}{span.group(3)}" for n in range(int(span.group(1)), int(span.group(2)) + 1)]
    quoted = _QUOTED.findall(chunk)
    if len(quoted) > 1 and len(quoted) == (count or len(quoted)):
        return quoted
    starts = [0] + [m.end() for m in _LEAD.finditer(chunk)]
    for start in reversed(starts):
        items = [clean(i) for i in _split(chunk[start:])]
        if len(items) == (count or max(len(items), 2)) and all(items):
            return _distribute(items)
    return None


def _split(chunk: str) -> list[str]:
    """Split at the separators that are not inside quotes or parentheses."""
    out: list[str] = []
    depth = 0
    pos = 0
    for i, ch in enumerate(chunk):
        if ch in "“(（《":
            depth += 1
        elif ch in "”)）》" and depth:
            depth -= 1
        elif depth == 0 and _SEPARATORS.fullmatch(ch):
            out.append(chunk[pos:i])
            pos = i + 1
    out.append(chunk[pos:])
    return [i for i in out if i]


def _distribute(items: list[str]) -> list[str]:
    """Level words alone (``国家级``) take the head noun of the last item."""
    last = items[-1]
    if "的" in last and all(len(i) <= 6 and "的" not in i for i in items[:-1]):
        own, head = last.split("的", 1)
        if _LEVEL.fullmatch(own) or len(own) <= 4:  # 三星级、四星级、五星级的酒店
            return [f"{i}{head}" for i in items[:-1]] + [f"{own}{head}"]
        # 国家级、省级、市级港澳青年…孵化载体的天河区…载体: the levels take the noun before 的
    level = _LEVEL.match(last)
    if level and not _LEVEL.fullmatch(items[0]) and all(_LEVEL.fullmatch(i) for i in items[1:-1]):
        ending = _LEVEL_END.search(items[0])  # 主导制订智能制造国际、国家和行业标准: the first level ends a phrase
        if ending:
            items = [ending.group(0), *items[1:]]
    if not level or not all(_LEVEL.fullmatch(i) for i in items[:-1]):
        return items
    head = last[level.end() :].lstrip("的")
    head = head.split("的")[0] if "的" in head else head
    if not head:
        return items
    return [f"{i}{head}" for i in items[:-1]] + [f"{last[: level.end()]}{head}"]


_NOT_SUBJECT = re.compile(r"^(?:按|参照|经|并|给予|根据|从|由|在[^，]{0,6}(?:期间|基础上)|至\d|每[人月年户家](?:每[月年])?$)")


def condition_parts(before: str) -> list[str]:
    """The comma parts of the words before a benefit that state who qualifies."""
    parts = [clean(p) for p in re.split(r"[，,]", clean(before))]
    parts = [p for p in parts if p and not _NOT_SUBJECT.match(p)]
    roles = [i for i, p in enumerate(parts) if _FIRST_ROLE.match(p)]
    if roles:
        return parts[roles[-1] :]
    # 重点支持…的企业，对其设备投资给予30%: 对其 names the object, the subject comes before it
    return parts if parts and parts[-1].startswith("对其") else parts[-2:]


def subject(before: str) -> str:
    """Who or what a single benefit is for: the words before the verb, without 对/的.

    ``对初次认定为国家高新技术企业的，`` → ``初次认定为国家高新技术企业``.
    """
    parts = condition_parts(before)
    if not parts:
        return ""
    with_role = [p for p in parts if _FIRST_ROLE.match(p)]
    if not with_role and len(parts) > 1 and parts[-1].startswith("对其"):
        return clean(parts[0])[:40]  # the subject, not what of it is paid for
    phrase = clean(_FIRST_ROLE.sub("", (with_role or parts)[-1]))
    return phrase[:40]


def short(name: str, limit: int = 24) -> str:
    """A name short enough for a title: the part after the last 为/的, else cut."""
    for marker in ("认定为", "评定为", "评为", "列入"):
        if marker in name:
            name = name.split(marker)[-1]
    return name if len(name) <= limit else name[-limit:].lstrip("，,、)）]〕 ")
