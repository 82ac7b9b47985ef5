"""Replies that are not about a measure: greeting, thanks, a clarifying question, a refusal."""

from __future__ import annotations

from assistant.dialogue import answers as A
from assistant.dialogue.context import DocContext, Reply, Turn


def starters(ctx: DocContext) -> list[str]:
    if ctx.rules and ctx.rules.rules:
        first = ctx.rules.rules[0]
        name = first.tiers[-1].aliases[0] if first.tiers and first.tiers[-1].aliases else first.title
        return [f"{name}能拿多少？", "这个政策现在还有效吗？", "联系人是谁？"]
    return ["这个政策现在还有效吗？", "有哪些支持措施？"]


def greeting(turn: Turn, titles: list[str]) -> Reply:
    return Reply(A.greeting(titles), "greeting", follow_up=starters(turn.ctx))


def closing(turn: Turn) -> Reply:
    return Reply("不客气！如还有其他关于本政策的问题，随时可以问我。", "greeting", follow_up=starters(turn.ctx))


def clarify(turn: Turn, first: str, second: str) -> Reply:
    """Two measures fit equally: ask, citing both, with both as follow-up buttons."""
    provs = turn.ctx.provisions()
    a, b = provs[first], provs[second]
    name_a, name_b = a.title or a.display, b.title or b.display
    return Reply(f"您问的是{a.display}的“{name_a}”，还是{b.display}的“{name_b}”？请选择一项，我再详细说明。",
                 "policy_info", [(a, A.excerpt(a, 80)), (b, A.excerpt(b, 80))],
                 follow_up=[f"{a.display}{name_a}是什么内容？", f"{b.display}{name_b}是什么内容？"])


def clarify_documents(turn: Turn, titles: tuple[str, str]) -> Reply:
    return Reply(f"有两份文件都涉及这个问题：《{titles[0]}》和《{titles[1]}》。您问的是哪一份？", "policy_info",
                 follow_up=[f"《{titles[0]}》", f"《{titles[1]}》"])


def out_of_scope(turn: Turn, place: str | None, related: str | None = None) -> Reply:
    doc = turn.ctx.doc
    meta = doc.document
    if place:
        where = f"是{meta.region}的政策" if meta.region else "只适用于其发文地区"
        lines = [f"本文件不涉及{place}的政策：《{meta.title}》{where}，{place}的规定我无法给出可靠答复。",
                 f"建议咨询{place}当地的工业和信息化主管部门，或拨打12345政务服务热线。"]
    elif related and related in turn.ctx.provisions():
        p = turn.ctx.provisions()[related]
        lines = [f"本文件不涉及这个问题。《{meta.title}》中与之最接近的是{p.display}“{p.title}”，"
                 "但它针对的是企业的支持措施，不能回答您问的情况。",
                 "建议咨询相关主管部门或拨打12345政务服务热线。"]
    else:
        lines = [f"抱歉，这个问题不在《{meta.title}》的范围内，本文件不涉及，我无法给出可靠答复。",
                 "建议咨询相关主管部门或拨打12345政务服务热线。"]
    lines.append(f"如需咨询本政策，{A.contact_line(doc)}")
    return Reply("\n".join(lines), "out_of_scope", follow_up=starters(turn.ctx))


def missing_measure(turn: Turn, number: str) -> Reply:
    """A measure number the document does not have (第25条 of a text with 21 items)."""
    doc = turn.ctx.doc
    numbered = [p for p in doc.provisions if p.measure.isdigit()]
    span = f"，文件的编号条目为第1条至第{max(int(p.measure) for p in numbered)}条" if numbered else ""
    return Reply(f"《{doc.document.title}》中没有第{number}条{span}。请告诉我您想了解的内容，我帮您找到对应条款。",
                 "out_of_scope", follow_up=starters(turn.ctx))  # nothing in the document to cite
