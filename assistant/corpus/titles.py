"""A document's title and issuer, from its own text (never from the file name).

Title, in order: the 《…》 a covering notice names (``关于印发《X》的通知``, or the first
《X》 of the notice's body, ``《X》已经…同意``); the policy's title re-stated after the
notice; a bare ``关于印发X的通知`` heading → X; else the heading lines, with the issuing
organ in front of 关于 taken off (``北京市人民政府办公厅关于…`` → ``关于…``). A text with
no heading has the title "".
"""

from __future__ import annotations

import re

from assistant.text.normalize import normalize_text

ORGAN = r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管委会|局|委|厅|办|政府|部)"
ORGAN_END = re.compile(rf"{ORGAN}$")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,12}[〔\[(（﹝]\d{4}[〕\])）﹞]\s*\d{1,4}\s*号")
_POLICY_END = r"(?:措施|办法|意见|细则|规定|方案|政策|规划|通知|条例|标准|指引|指南|(?:\((?:试行|暂行|征求意见稿)\))|(?:（(?:试行|暂行|征求意见稿)）))"
_QUOTED = re.compile(rf"[《<]([^《》<>]{{4,120}}?{_POLICY_END})[》>]")
_ISSUED_NOTICE = re.compile(r"^(?:.*?)关于(?:印发|实施|转发|下发|颁布|公布|发布)《?(.+?)》?的通知$")
_DATE_ONLY = re.compile(r"^[(（]?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[)）]?$")
_MADE_BY = re.compile(rf"([\u4e00-\u9fa5]{{4,40}}?{ORGAN})(?:[(（]以下简称[^)）]{{1,20}}[)）])?(?:研究)?(?:特)?制定")
_INTERPRETS = re.compile(rf"(?:由|解释权归属?)([\u4e00-\u9fa5]{{2,40}}?{ORGAN})(?:负责解释|所有|[。，,；;]|$)")


def _n(lines: list[str]) -> list[str]:
    return [normalize_text(x).strip() for x in lines if x.strip()]


def is_date(line: str) -> bool:
    return bool(_DATE_ONLY.match(line.strip()))


def organ_lines(lines: list[str]) -> list[str]:
    return [t for t in _n(lines) if ORGAN_END.search(t.replace(" ", "")) and "关于" not in t and len(t) <= 80]


def quoted_title(text: str) -> str:
    """The first 《…》 naming a policy (joined across line breaks)."""
    m = _QUOTED.search(re.sub(r"\s*\n\s*", "", normalize_text(text)))
    return m.group(1).strip() if m else ""


def strip_issuer(title: str) -> str:
    """``北京市人民政府办公厅关于…`` → ``关于…``; other titles unchanged."""
    head, sep, rest = title.partition("关于")
    if sep and head and ORGAN_END.search(head.replace(" ", "")):
        return sep + rest
    return title


def choose_title(title_lines: list[str], cover_lines: list[str], restated: list[str]) -> str:
    """The document's title (see the module docstring)."""
    again = _join_title(restated)
    if cover_lines:
        heading = _notice_heading(cover_lines)
        named = [m.group(1).strip() for m in _QUOTED.finditer(heading)]
        if named:
            return again if again in named else named[0]
        if again:
            return again
        if m := _ISSUED_NOTICE.match(heading):
            return m.group(1).strip("《》")
        if quoted := quoted_title("\n".join(cover_lines[:8])):
            return quoted
    if again:
        return again
    lines = [t for t in _n(title_lines) if not DOC_NUMBER.fullmatch(t) and not is_date(t)]
    organs = set(organ_lines(title_lines))
    text = "".join(t for t in lines if t not in organs)
    if m := _ISSUED_NOTICE.match(text):
        return m.group(1).strip("《》")
    return _clean(strip_issuer(text))


def _notice_heading(cover_lines: list[str]) -> str:
    """The notice's heading (关于…的通知 / …的函), joined across line breaks."""
    joined = ""
    for line in _n(cover_lines[:6]):
        if DOC_NUMBER.fullmatch(line) or (not joined and "关于" not in line):
            continue
        joined += line
        if re.search(r"(的通知|的函|的公告)$", joined):
            return joined
    return ""


def _join_title(lines: list[str]) -> str:
    parts = [t for t in _n(lines) if not DOC_NUMBER.fullmatch(t) and not is_date(t)]
    return _clean("".join(parts))


def _clean(title: str) -> str:
    title = re.sub(r"[(（]\d{4}年\d{1,2}月\d{1,2}日[)）]$", "", title.strip())
    first = title.split(" ")[0]
    if " " in title and re.search(rf"{_POLICY_END}$|的函$|稿\)$", first):
        return first
    return title


def issuer_from_text(head: str, text: str) -> str:
    """The organ that made the policy, when no heading or signature names it:
    ``…管理委员会（以下简称…）制定…`` in the head, or ``由…负责解释`` / ``解释权归…`` anywhere."""
    for pattern, where in ((_MADE_BY, head), (_INTERPRETS, text)):
        if m := pattern.search(normalize_text(where)):
            name = re.split(r"[，,。；;：:、\s]", m.group(1))[-1]
            if len(name) >= 4:
                return name
    return ""
