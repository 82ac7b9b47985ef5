"""What a measure says, and who is responsible for it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.corpus.models import Provision
from assistant.dialogue import answers as A
from assistant.dialogue.compose.common import state_selections
from assistant.dialogue.context import Reply, Turn
from assistant.rules.rulebase import Selection
from assistant.rules.schema import Rule


def _tokens(turn: Turn, expand: bool = False) -> list[str]:
    assert turn.index is not None
    words = [turn.text, *turn.index.lexicon.expand(turn.text)] if expand else [turn.text]
    return turn.index.tokenizer.tokens(" ".join(words))


def policy_info(turn: Turn, p: Provision, intent: str = "policy_info") -> Reply:
    lines = [f"根据{A.cite(p)}：{A.relevant(p, _tokens(turn, expand=True))}"]
    rules = turn.ctx.rules.rules_for(p.measure) if turn.ctx.rules else ()
    if turn.frame.has("period") and (paid := _pay_out(turn, p, rules)):
        lines.insert(0, paid)
    for rule in rules[:3]:
        lines.append(f"· {rule.title}：{A.benefit_phrase(rule)}。")
    if intent == "amount" and not rules:  # 直接给多少钱: the measure states no figure, said so
        lines.insert(0, f"{A.cite(p)}没有规定具体的资金数额，以下是原文的支持方式。")
    if turn.frame.has("procedure") and not _PROCEDURE.search(p.text):
        lines.append("本条未写明申报流程和所需材料，具体以责任单位发布的申报通知为准。")
    if turn.frame.has("payment") and not _PAYMENT.search(p.text):
        lines.append("本条未写明资金的拨付时间和税务处理，请以责任单位的解释为准。")
    if p.departments:
        lines.append(A.departments_line(p))
    quote = rules[0].quote if rules else A.excerpt(p, 120)
    return Reply("\n".join(lines), intent, [(p, quote)],  # type: ignore[arg-type]
                 follow_up=["这项措施由哪个部门负责？", "这个政策现在还有效吗？"])


_PROCEDURE = re.compile(r"(申报|申请)(流程|程序|材料|指南|通知)|提交|报送|受理")
_PAYMENT = re.compile(r"税前|税后|拨付|到账|纳税")
_ONCE = re.compile(r"一次性")
_YEARLY = re.compile(r"每年|按年|逐年|连续\d+年|分年|分期")


def _pay_out(turn: Turn, p: Provision, rules: tuple[Rule, ...]) -> str | None:
    """Whether the benefit asked about (named, or in focus) is paid once or by the year, as
    its own text says: 是每年都给吗 → 一次性."""
    named = [s for s in [*turn.selections, *state_selections(turn)] if s.rule.measure == p.measure]
    if not named and len(rules) != 1:
        return None
    sel = named[0] if named else Selection(rules[0])
    text = f"{sel.rule.benefit.kind}{sel.rule.quote}"
    phrase = A.benefit_phrase(sel.rule, [sel.tier.name] if sel.tier is not None else [])
    what = f"{A.cite(p)}{phrase if sel.tier is not None else sel.label + '：' + phrase}"
    if _ONCE.search(text):
        return f"{what}，按原文是一次性给予，不是每年发放。"
    if m := _YEARLY.search(text):
        return f"{what}，原文写明“{m.group(0)}”。"
    return f"{what}；原文未写明是一次性还是每年发放。"


def department(turn: Turn, p: Provision) -> Reply:
    if not p.departments:
        excerpt = A.relevant(p, _tokens(turn), limit=1)
        return Reply(f"根据{A.cite(p)}：{excerpt}\n该条未单独列出责任单位。{A.contact_line(turn.ctx.doc)}",
                     "department", [(p, excerpt)])
    quote = p.text[p.text.rfind("(") if "(" in p.text else max(0, p.text.rfind("（")):].strip()
    answer = (f"{A.cite(p)}由{'、'.join(p.departments)}按职责分工负责。"
              f"\n具体申报可先咨询{p.departments[0]}。")
    return Reply(answer, "department", [(p, quote)], follow_up=["能拿多少？", "这项支持需要满足哪些条件？"])


def departments(turn: Turn, ps: list[Provision]) -> Reply:
    """Who is responsible for each of several measures (这些支持分别找哪个部门)."""
    lines, cited = [], []
    for p in ps:
        if p.departments:
            lines.append(f"{A.cite(p)}：{'、'.join(p.departments)}。")
            cited.append((p, p.text[max(p.text.rfind("("), p.text.rfind("（"), 0):].strip()))
        else:
            lines.append(f"{A.cite(p)}：该条未单独列出责任单位。")
            cited.append((p, A.excerpt(p, 80)))
    return Reply("\n".join(lines), "department", cited, follow_up=["这些支持需要满足哪些条件？"])


def listing(turn: Turn, ps: list[Provision]) -> Reply:
    """还有别的吗 (the other measures) or 有哪些支持措施 (all of them): the measures that grant
    something, each with what it gives (its rules' own figures, no calculation) and for whom."""
    assert turn.ctx.rules is not None
    head = "除刚才说的以外，本文件中还有这些支持措施：" if turn.listing == "more" else "本文件中有具体支持内容的措施有："
    if turn.listing != "more" and (counted := _numbered(turn.ctx.doc.provisions)):
        head = f"本文件共{counted}条措施，{head}"  # 一共有多少条措施
    lines = [head]
    cited = []
    for p in ps:
        rules = turn.ctx.rules.rules_for(p.measure)[:2]
        gives = "；".join(f"{r.title}（{r.beneficiary}）：{A.benefit_phrase(r)}" for r in rules)
        lines.append(f"· {A.cite(p)}{gives}。")
        cited.append((p, rules[0].quote if rules else A.excerpt(p, 80)))
    lines.append("如需核对是否符合条件或测算金额，请告诉我企业的具体情况。")
    return Reply("\n".join(lines), "match", cited, follow_up=["这些支持分别找哪个部门？", "这个政策现在还有效吗？"])


def _numbered(provisions: Sequence[Provision]) -> int:
    """How many numbered measures the document has: its articles or its items, whichever it
    numbers more of (0 when it numbers neither)."""
    counts = [sum(p.kind == kind for p in provisions) for kind in ("article", "item")]
    return max(counts)


def overview(turn: Turn, ps: list[Provision], intent: str = "policy_info") -> Reply:
    """Several measures that fit the question, each with its most relevant sentences. After the
    first, only measures that hold one of the question's document phrases or answer one of its
    clauses (``turn.topics``)."""
    terms = turn.frame.doc_terms
    chosen = [ps[0], *[p for p in ps[1:] if p.measure in turn.topics or any(t in p.text for t in terms)]]
    if len(chosen) == 1:
        return policy_info(turn, chosen[0], intent)
    tokens = _tokens(turn, expand=True)
    lines = ["与您的情况相关的措施有："]
    cited = []
    for p in chosen:
        lines.append(f"· {A.cite(p)}{A.relevant(p, tokens, limit=1)}")
        cited.append((p, A.excerpt(p, 120)))
    return Reply("\n".join(lines), intent, cited,  # type: ignore[arg-type]
                 follow_up=["这些支持分别找哪个部门？", "这个政策现在还有效吗？"])
