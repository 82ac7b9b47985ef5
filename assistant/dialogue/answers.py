"""Answer text: how a competent policy officer would phrase each kind of reply.

Every figure here comes from a :class:`~assistant.calc.Calculation` or is quoted from a
verified rule; templates only arrange them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.calc import Calculation, format_yuan
from assistant.corpus.models import ParsedDocument, Provision
from assistant.rules.conditions import ConditionCheck
from assistant.rules.schema import (
    FixedBenefit,
    NonMonetaryBenefit,
    OtherPolicyBenefit,
    PercentBenefit,
    RangeBenefit,
    Rule,
)
from assistant.rules.view import benefit_text
from assistant.text.money import format_rate
from assistant.text.normalize import normalize_text

MARKS = {"met": "✔", "unmet": "✘", "unknown": "?"}


def cite(p: Provision) -> str:
    """``〔第2条 引导“专精特新”发展〕``."""
    return f"〔{p.display} {p.title}〕" if p.title and p.title != p.display else f"〔{p.display}〕"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def sentence_with(text: str, needles: Sequence[str]) -> str:
    """The first sentence of ``text`` that contains every needle (or the first needle)."""
    sentences = [s.strip() for s in re.split(r"(?<=[。；;])", text.replace("\n", "")) if s.strip()]
    for group in (needles, needles[:1]):
        for s in sentences:
            if all(normalize_text(n) in normalize_text(s) for n in group if n):
                return s
    return sentences[0] if sentences else text


_DEPARTMENTS_TAIL = re.compile(r"[(（][^()（）]*(负责|责任单位|牵头单位)[^()（）]*[)）][。.]?\s*$")


def _sentences(p: Provision) -> list[str]:
    """The provision's sentences, verbatim, without the trailing department parenthesis."""
    body = _DEPARTMENTS_TAIL.sub("", p.body or p.text).strip()
    return [s for s in re.split(r"(?<=[。；;])", body.replace("\n", "")) if s.strip()]


def excerpt(p: Provision, limit: int = 120) -> str:
    """Whole sentences from the start of the provision, verbatim: what a citation quotes."""
    out = ""
    for sentence in _sentences(p):
        if out and len(out) + len(sentence) > limit:
            break
        out += sentence
    return out.strip() or p.text.strip()


def relevant(p: Provision, tokens: Sequence[str], limit: int = 2) -> str:
    """The sentences of a provision that share the most words with the question, in order."""
    sentences = [s.strip() for s in _sentences(p)]
    if len(sentences) <= limit:
        return "".join(sentences)
    wanted = set(tokens)
    scored = sorted(range(len(sentences)), key=lambda i: (-sum(t in sentences[i] for t in wanted), i))
    chosen = sorted(scored[:limit]) if any(t in sentences[scored[0]] for t in wanted) else list(range(limit))
    text = "".join(sentences[i] for i in chosen)
    return text if len(text) <= 220 else text[:219] + "…"


def benefit_phrase(rule: Rule, tier_names: Sequence[str] = ()) -> str:
    """What a rule grants, in words, with the figures of the rule itself (only the
    named tiers when ``tier_names`` is given)."""
    b = rule.benefit
    if isinstance(b, FixedBenefit):
        if len(b.tiers) == 1:
            return f"{b.kind}{format_yuan(b.tiers[0].amount)}"
        tiers = [t for t in b.tiers if t.name in tier_names] or list(b.tiers)
        return "；".join(f"{t.name}{format_yuan(t.amount)}" for t in tiers) + f"（{b.kind}）"
    if isinstance(b, PercentBenefit):
        cap = f"，最高不超过{format_yuan(b.cap)}" if b.cap is not None else ""
        scope = f"（{b.cap_scope}）" if b.cap_scope and cap else ""
        rate = format_rate(b.rate)
        if b.rate_min is not None:
            rate = f"{format_rate(b.rate_min)}—{rate}"
        elif b.upper_bound:
            rate = f"最高{rate}"
        return f"按{b.base}的{rate}{_grant(b.kind)}{cap}{scope}"
    if isinstance(b, RangeBenefit):
        how = f"{b.decided_by}，" if b.decided_by else ""
        return f"{how}{_grant('')}{format_yuan(b.min)}—{format_yuan(b.max)}{b.kind.removeprefix('给予')}"
    if isinstance(b, OtherPolicyBenefit):
        grant = "" if re.search(r"(予以|给予)$", b.reference) else "给予"
        return f"{b.reference}{grant}{b.kind}（本措施未规定具体金额）"
    if isinstance(b, NonMonetaryBenefit):
        return "；".join(f"{t.name}：{t.value}" for t in b.terms)
    return benefit_text(rule, tier_names)  # per unit, brackets, up to: the rule base's own wording


def base_prompt(base: str) -> str:
    """What to ask for to price a percentage of ``base``: ``协议金额`` is an amount already
    (not 协议金额的金额), ``专利及技术交易费`` gets 的金额."""
    return base if re.search(r"(金额|额|数额|总额)$", base) else f"{base}的金额"


def _grant(kind: str) -> str:
    """``给予资金支持``: a drafted ``kind`` may already start with the verb (给予扶持, 予以奖励)."""
    return kind if re.match(r"(给予|予以)", kind) else f"给予{kind}"


def calculation_lines(calc: Calculation, provisions: dict[str, Provision]) -> list[str]:
    """The result as sentences: one per item, then the total."""
    lines: list[str] = []
    for item in calc.items:
        where = cite(provisions[item.measure]) if item.measure in provisions else ""
        if item.amount_yuan is not None:
            lines.append(f"{item.label}：{format_yuan(item.amount_yuan)}（{item.formula}）{where}")
        elif item.range_yuan is not None:
            lo, hi = item.range_yuan
            lines.append(f"{item.label}：{format_yuan(lo)}—{format_yuan(hi)}（{item.formula}）{where}")
        else:
            lines.append(f"{item.label}：{item.formula}{where}")
    return lines


def conditions_block(checks: Sequence[ConditionCheck]) -> str:
    return "\n".join(f"{MARKS[c.status]} {c.condition.statement}" for c in checks)


def departments_line(p: Provision) -> str:
    return f"责任单位：{'、'.join(p.departments)}。" if p.departments else ""


def contact_line(doc: ParsedDocument) -> str:
    c = doc.document.contact
    parts = []
    if c.name:
        parts.append(f"联系人{c.name}")
    if c.phone:
        parts.append(f"电话{c.phone}")
    if c.email:
        parts.append(f"电子邮件{c.email}")
    who = doc.document.issuer
    if not parts:
        return f"可向{who}咨询。" if who else "可向当地工业和信息化主管部门或12345政务服务热线咨询。"
    return f"可咨询{who}（{'，'.join(parts)}）。" if who else f"可咨询{'，'.join(parts)}。"


def greeting(doc_titles: Sequence[str]) -> str:
    title = doc_titles[0] if len(doc_titles) == 1 else f"{len(doc_titles)}份惠企政策文件"
    return (f"您好！我是政策助手，可以解答《{title}》的相关问题：能拿多少奖励、需要什么条件、"
            "由哪个部门负责、政策是否仍然有效等。请直接描述您的问题或企业情况。")
