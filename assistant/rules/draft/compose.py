"""A draft → a rule of the rule file: ids, titles and names unique in the measure, the
condition as written, the deadline, aliases users type."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from assistant.corpus.models import Provision
from assistant.rules.draft.common import Draft
from assistant.rules.names import alias_key

_DEADLINE = re.compile(r"^[^，。；]{0,4}至(\d{4})年(?:(\d{1,2})月)?(底|末|(\d{1,2})日)?")
_CN = "〇一二三四五六七八九"


def rule_id(measure: str, n: int, used: set[str]) -> str:
    """A slug unique in the file: ``m2-1`` for the first rule of 第2条, ``m4-1-1`` for 四(一)."""
    slug = "".join(
        str(_CN.index(ch)) if ch in _CN else ("-" if ch in "(（" else (ch.lower() if ch.isascii() and ch.isalnum() else ""))
        for ch in measure.replace("十", "1")
    ).strip("-") or "x"
    out = f"m{slug}-{n}"
    while out in used:
        out += "x"
    used.add(out)
    return out


def rule_dict(p: Provision, d: Draft, rule_id: str, taken: set[str], *, alone: bool = False) -> dict[str, Any]:
    benefit = dict(d.benefit)
    kind = benefit.get("kind", "资金支持")
    name = d.name or p.title or p.measure
    several = len(benefit.get("tiers") or benefit.get("brackets") or ()) > 1
    headed = bool(p.title) and "…" not in p.title and p.kind not in ("preamble", "cover", "closing") and len(p.title) <= 16
    label = p.title if headed and (several or alone) else name
    title = _unique(label if label.endswith(kind) or (headed and alone) else f"{label}{kind}", taken)
    if benefit["type"] == "fixed":
        tiers = []
        for i, t in enumerate(benefit["tiers"], start=1):
            tname = _unique(t["name"] or name, taken)
            tier = t | {"id": f"{rule_id}-t{i}", "name": tname}  # unique in the measure, not just the rule
            aliases = _aliases(tname, taken)
            if aliases:
                tier["aliases"] = aliases
            tiers.append(tier)
        benefit["tiers"] = tiers
    if benefit["type"] == "threshold":
        benefit["brackets"] = [{k: v for k, v in b.items() if k != "unit"} for b in benefit["brackets"]]
    rule: dict[str, Any] = {
        "id": rule_id, "measure": p.measure, "title": title, "beneficiary": d.condition or name,
        "benefit": benefit, "quote": d.clause.text,
    }  # fmt: skip
    own = _KIND_VERB.sub("", kind)
    if (_OWN_KIND.fullmatch(own) and not _GENERIC_KIND.match(own) and own in d.clause.text
            and alias_key(own) not in taken and own != title):
        # 住房补贴 / 交通补贴 / 实习补贴: what users call the benefit, when no other rule of the measure has it
        taken.add(alias_key(own))
        rule["aliases"] = [own]
    if d.condition:
        fact = re.sub(r"[^a-z0-9]+", "_", f"draft_{rule_id}")
        statement = re.sub(r"\s+", "", d.condition)
        rule["conditions"] = [{"fact": fact, "expected": True, "statement": statement, "quote": d.condition}]
    if not d.once:
        rule["once"] = False
    if benefit["type"] == "fixed" and len(benefit["tiers"]) > 1:
        # 国家级、省级…分别给予: alternatives (one applies) unless the text says they add up
        benefit["tiers_add_up"] = bool(_TIERS_ADD_UP.search(_with_next_sentence(p.text, d.clause.start, d.clause.end)))
    if d.stacks or _STACKS.search(d.clause.text):
        rule["stacks"] = True  # 另给予 / 在…基础上: on top of the measure's other benefits
    deadline = _deadline(d.clause.sentence)
    if deadline:
        rule["deadline"], rule["deadline_text"] = deadline
    if d.notes:
        rule["notes"] = list(dict.fromkeys(d.notes))
    return rule


#: Tiers that accumulate (不同级别叠加配套支持, 可叠加享受); a negation (不叠加, 不可叠加) never matches.
_TIERS_ADD_UP = re.compile(r"(?<![不非])(?:可|予以|给予)?叠加(?:配套|享受|支持|奖励|计算)")
#: A benefit granted on top of the others (另给予50万元, 在…基础上再给予).
_STACKS = re.compile(r"另(?:行)?给予|在[^，。；]{1,20}基础上[^，。；]{0,6}(?:再|另|追加)?给予")
#: A kind of money specific enough to name a benefit (住房补贴, 租金补贴), not a generic word (奖励, 补贴).
_OWN_KIND = re.compile(r"[\u4e00-\u9fff]{2,6}(?:补贴|补助|奖励|资助|奖补|贴息|扶持|开办费|奖金)")
_KIND_VERB = re.compile(r"^(?:按|标准|原则|予以|给予|进行|核拨|一次性)+")
_GENERIC_KIND = re.compile(r"^(?:资金|财政|企业|配套|一定|相关|专项|给予|奖励)")
_ROLE_HEAD = re.compile(r"^(?:在|对|被|经|凡|新(?=认定|列入|获|评|取得)|初次|首次)+")


_GENERIC_TAIL = re.compile(r"(?:企业|单位|项目|的)$")


_WIDER_TAIL = re.compile(r"(?:中小企业|中小|企业|单位|项目|的)+$")
_LISTED_TAIL = re.compile(r"(上市|挂牌|认定|备案)$")
_ABBREVIATIONS = (("规模以上", "规上"), ("限额以上", "限上"))


def _aliases(name: str, taken: set[str]) -> list[str]:
    """What users type for a drafted name: without a leading 在/对 and a generic tail
    (``在主板上市企业`` → ``主板上市``; ``国家级“专精特新”中小企业`` → ``国家级专精特新``), the words
    after the last 的 (``新增并纳入统计口径的规模以上服务业企业`` → ``规模以上服务业``, ``规上服务业``),
    and each item of an enumerated name (``在中小板、创业板、科创板上市企业`` → ``创业板上市``,
    ``创业板``); only names no other tier or rule of the measure has."""
    plain = _ROLE_HEAD.sub("", re.sub(r"[“”\"\s]", "", name))
    candidates = [_GENERIC_TAIL.sub("", plain), _WIDER_TAIL.sub("", plain)]
    if "的" in plain:
        candidates.append(_WIDER_TAIL.sub("", plain.rsplit("的", 1)[1]))
    core = _WIDER_TAIL.sub("", plain)
    tail = m.group(1) if (m := _LISTED_TAIL.search(core)) else ""
    items = core.removesuffix(tail).split("、")
    if len(items) > 1 and all(1 < len(i) <= 8 for i in items):
        for item in items:
            candidates += [f"{item}{tail}", item] if tail else [item]
    for long, short in _ABBREVIATIONS:
        candidates += [c.replace(long, short) for c in candidates if long in c]
    out: list[str] = []
    for short in dict.fromkeys(candidates):
        if len(short) < 2 or alias_key(short) == alias_key(name) or alias_key(short) in taken:
            continue
        taken.add(alias_key(short))
        out.append(short)
    return out


def _with_next_sentence(text: str, start: int, end: int) -> str:
    """The clause and the rest of its sentence, plus the sentence after it (``…分别给予每家80万元、
    30万元、20万元…。同一级别只配套支持一次，不同级别叠加配套支持。``)."""
    stop = end
    for _ in range(2):
        nxt = text.find("。", stop)
        if nxt < 0:
            return text[start:]
        stop = nxt + 1
    return text[start:stop]


def _unique(name: str, taken: set[str]) -> str:
    out, n = name, 2
    while alias_key(out) in taken:
        out = f"{name}（{n}）"
        n += 1
    taken.add(alias_key(out))
    return out


def _deadline(sentence: str) -> tuple[date, str] | None:
    m = _DEADLINE.search(sentence)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2) or 12)
    try:
        day = date(year, month, int(m.group(4)) if m.group(4) else calendar.monthrange(year, month)[1])
    except ValueError:
        return None
    return day, m.group(0).lstrip("，, ")
