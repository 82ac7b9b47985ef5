"""Answers about the document itself: validity at the as-of date (of the document and of a
measure's own deadline), the contact and feedback channels."""

from __future__ import annotations

import re
from datetime import date

from assistant.corpus.models import CLOSING_ID, COVER_ID, Provision
from assistant.dialogue import answers as A
from assistant.dialogue.compose.common import names_topic
from assistant.dialogue.context import Reply, Turn
from assistant.dialogue.cues import cues
from assistant.rules.schema import Rule


def validity(turn: Turn) -> Reply:
    doc = turn.ctx.doc
    meta = doc.document
    provs = turn.ctx.provisions()
    closing = provs.get(CLOSING_ID) or next((p for p in doc.provisions if "有效期" in p.text), None)
    lines: list[str] = []
    status = "征求意见稿（草案）" if meta.status == "draft" else {"superseded": "已被新文件取代", "repealed": "已废止"}.get(
        meta.status, "")
    head = f"《{meta.title}》" + (f"是{status}" if status else "")
    if meta.valid_until:
        state = "仍在有效期内" if turn.as_of <= meta.valid_until else "已过期"
        lines.append(f"{head}，有效期至{A.cn_date(meta.valid_until)}；截至{turn.as_of.isoformat()}，{state}。")
        if turn.as_of > meta.valid_until and turn.frame.has("status"):  # 今年还能报吗, after the date
            lines.append("已过有效期，现在不能再按本文件申报；如有修订后的新文件，以新文件为准。")
    else:
        lines.append(f"{head}。文件未写明具体有效期" + (f"（{meta.validity_note}）" if meta.validity_note else "") + "。")
    if meta.valid_until and (year := asked_year(turn)) is not None and year != turn.as_of.year:
        lines.append(_year_line(year, meta.valid_until))
    if meta.status == "draft":
        lines.append("征求意见稿不是正式印发的文件，实际执行请以正式印发的文件为准。")
    cited: list[tuple[Provision, str]] = []
    specific = _measure_with_deadline(turn)
    if specific is not None:
        rule, p = specific
        assert rule.deadline is not None
        running = "仍在执行期内" if turn.as_of <= rule.deadline else "已结束"
        lines.insert(0, f"{A.cite(p)}{rule.title}的执行期{rule.deadline_text or '至' + A.cn_date(rule.deadline)}，"
                        f"截至{turn.as_of.isoformat()}{running}。")
        cited.append((p, rule.quote))
    elif (named := _named_measure(turn)) is not None:
        rule, p = named
        lines.insert(0, f"{A.cite(p)}{rule.title}未单独规定执行期限，适用文件的有效期。")
        cited.append((p, rule.quote))
    if closing is not None:
        lines.append(f"原文：“{closing.text.strip()}”")
        cited.append((closing, A.sentence_with(closing.text, ["有效期"])))
    return Reply("\n".join(lines), "validity", cited, follow_up=["联系人是谁？", "我们企业能享受哪些政策？"])


_RELATIVE_YEARS = {"去年": -1, "今年": 0, "明年": 1, "后年": 2}


def asked_year(turn: Turn) -> int | None:
    """The year a validity question asks about (明年还能申请吗 → the as-of year + 1), if any."""
    for said in turn.frame.dates:
        if re.search(rf"(至|到|延长|延期|改为|改成)\s*{re.escape(said)}", turn.text):
            continue  # 有效期已延长至2030年: a date the message asserts, not one it asks about
        if said in _RELATIVE_YEARS:
            return turn.as_of.year + _RELATIVE_YEARS[said]
        if (m := re.match(r"(\d{4})年", said)) is not None:
            return int(m.group(1))
    return None


def _year_line(year: int, until: date) -> str:
    """The asked year judged against the validity date."""
    if until < date(year, 1, 1):
        return f"您问的{year}年已超出有效期（至{A.cn_date(until)}），届时不能再按本文件申请，除非文件修订延期。"
    if until >= date(year, 12, 31):
        return f"您问的{year}年全年在有效期内。"
    return f"您问的{year}年内，仅{A.cn_date(until)}前在有效期内。"


def _measure_with_deadline(turn: Turn) -> tuple[Rule, Provision] | None:
    if turn.ctx.rules is None:
        return None
    provs = turn.ctx.provisions()
    named = [s.rule for s in turn.selections]
    focus = turn.state.focus_measure()
    if turn.anaphoric and focus:  # 这个现在还有效吗: the measure in focus, not whatever retrieval found
        named = list(turn.ctx.rules.rules_for(focus[1])) + named
    for rule in named:
        if rule.deadline is not None:
            return rule, provs[rule.measure]
    for rule in (r for h in turn.hits[:2] for r in turn.ctx.rules.rules_for(h.measure)):
        if rule.deadline is not None and (names_topic(turn.text, rule) or any(t in turn.text for t in turn.frame.doc_terms)):
            return rule, provs[rule.measure]
    return None


def _named_measure(turn: Turn) -> tuple[Rule, Provision] | None:
    """The benefit a validity question names specifically (今年申请揭榜挂帅资助，还在有效期内吗)."""
    specific = turn.frame.specific
    if not specific:
        return None
    sel = specific[0].selection
    return sel.rule, turn.ctx.provisions()[sel.rule.measure]


def contact(turn: Turn) -> Reply:
    doc = turn.ctx.doc
    meta = doc.document
    cover = doc.get(COVER_ID)
    c = meta.contact
    lines = []
    absent = [w for w in dict.fromkeys(cues().channel.findall(turn.text)) if w not in doc.text]
    if absent:  # 申报系统的网址是多少: the document gives none, said before where to ask
        lines.append(f"文件中没有写明{'、'.join(absent)}，请以主管部门发布的申报通知为准，或向以下联系人咨询。")
    if meta.issuer:
        lines.append(f"本文件由{meta.issuer}发布" + (f"（{A.cn_date(meta.issued)}）" if meta.issued else "") + "。")
    if c.name or c.phone:
        lines.append(f"本政策的联系人：{c.name or '（未写明）'}，联系电话{c.phone or '（未写明）'}。")
    if c.email:
        lines.append(f"电子邮件：{c.email}。")
    if c.address:
        lines.append(f"书面意见可寄（送）至{c.address}。")
    if meta.feedback_deadline:
        passed = "已截止" if turn.as_of > meta.feedback_deadline else "尚未截止"
        lines.append(f"征求意见截止日期为{A.cn_date(meta.feedback_deadline)}（{passed}）。")
    if not lines:
        lines.append(f"文件未写明联系人。{A.contact_line(doc)}")
    cited = [(cover, A.sentence_with(cover.text, [c.email or c.phone or "联系"]))] if cover else []
    return Reply("\n".join(lines), "contact", cited, follow_up=["这个政策现在还有效吗？", "我们企业能享受哪些政策？"])
