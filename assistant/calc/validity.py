"""Dates: is the document in force on the as-of date, and has a rule's own deadline passed."""

from __future__ import annotations

from datetime import date

from assistant.calc.benefits import cite
from assistant.calc.result import Validity, ValidityStatus
from assistant.corpus.models import PolicyDocument
from assistant.rules.schema import FixedBenefit, PercentBenefit, RangeBenefit, Rule


def document_validity(doc: PolicyDocument | None, as_of: date) -> Validity:
    """The document's status on ``as_of`` (in force, expired, not yet in force), with messages."""
    if doc is None:
        return Validity(as_of=as_of, status="unknown")
    messages: list[str] = []
    if doc.status == "draft":
        messages.append("本文件为征求意见稿，请以正式印发文件为准")
    status: ValidityStatus = "valid" if doc.valid_until or doc.effective_from else "unknown"
    if doc.effective_from and as_of < doc.effective_from:
        status = "not_yet_effective"
        messages.append(f"措施自{cn_date(doc.effective_from)}起施行，截至{as_of.isoformat()}尚未生效")
    elif doc.valid_until and as_of > doc.valid_until:
        status = "expired"
        messages.append(f"措施有效期至{cn_date(doc.valid_until)}，截至{as_of.isoformat()}已过期")
    elif doc.valid_until:
        messages.append(f"措施有效期至{cn_date(doc.valid_until)}")
    return Validity(
        as_of=as_of,
        status=status,
        valid_until=doc.valid_until,
        document_status=doc.status,
        messages=tuple(messages),
    )


def rule_notes(rule: Rule, as_of: date) -> list[str]:
    """A rule's own caveats, and its deadline relative to ``as_of``."""
    where = cite(rule.measure)
    notes = [f"{note}{where}" for note in rule.notes]
    if rule.deadline is not None:
        when = f"{rule.deadline_text or '至' + cn_date(rule.deadline)}（{rule.deadline.isoformat()}）"
        if as_of > rule.deadline:
            money = isinstance(rule.benefit, FixedBenefit | PercentBenefit | RangeBenefit)
            result = "，以上金额仅为按条文计算的结果" if money else ""
            notes.append(f"{rule.title}的执行期{when}，截至{as_of.isoformat()}已结束{result}{where}")
        else:
            notes.append(f"{rule.title}的执行期{when}{where}")
    return notes


def cn_date(day: date) -> str:
    """``2025年12月31日``."""
    return f"{day.year}年{day.month}月{day.day}日"
