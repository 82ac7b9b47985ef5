"""What a measure says, and who is responsible for it."""

from __future__ import annotations

from assistant.corpus.models import Provision
from assistant.dialogue import answers as A
from assistant.dialogue.context import Reply, Turn


def _tokens(turn: Turn, expand: bool = False) -> list[str]:
    assert turn.index is not None
    words = [turn.text, *turn.index.lexicon.expand(turn.text)] if expand else [turn.text]
    return turn.index.tokenizer.tokens(" ".join(words))


def policy_info(turn: Turn, p: Provision, intent: str = "policy_info") -> Reply:
    lines = [f"根据{A.cite(p)}：{A.relevant(p, _tokens(turn, expand=True))}"]
    rules = turn.ctx.rules.rules_for(p.measure) if turn.ctx.rules else ()
    for rule in rules[:3]:
        lines.append(f"· {rule.title}：{A.benefit_phrase(rule)}。")
    if p.departments:
        lines.append(A.departments_line(p))
    quote = rules[0].quote if rules else A.excerpt(p, 120)
    return Reply("\n".join(lines), intent, [(p, quote)],  # type: ignore[arg-type]
                 follow_up=["这项措施由哪个部门负责？", "这个政策现在还有效吗？"])


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
