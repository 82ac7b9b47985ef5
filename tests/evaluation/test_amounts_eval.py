"""The amount-question evaluator: what it counts as right, wrong and invented."""

from __future__ import annotations

from assistant.dialogue.types import ChatResponse, Citation
from assistant.evaluation.amounts import AmountCase, check, figures

CLAUSE = "对新列入国家级和省级的，分别给予企业30万元和10万元奖励。"


def _case(total: int | None = 300000, rng: tuple[int, int] | None = None) -> AmountCase:
    return AmountCase("x", "doc", "国家级能拿多少", "分别给予企业30万元和10万元奖励", "tiers", total, rng)


def _answer(text: str, total: int | None, measure: str = "9") -> ChatResponse:
    calc = {"total_yuan": total, "range_yuan": None, "items": [], "trace": []} if total is not None else None
    return ChatResponse(text, "amount", [Citation("doc", "t", measure, "", CLAUSE)], calc)


def provision(doc: str, measure: str) -> str:
    return CLAUSE if (doc, measure) == ("doc", "9") else "其他条款"


def test_figures_read_every_spelling() -> None:
    assert figures("30万元、1.5万元、3000元和2亿元") == {300000, 15000, 3000, 200000000}


def test_right_total_from_the_cited_clause_passes() -> None:
    problems, wrong, invented = check(_case(), _answer("可获30万元。", 300000), provision)
    assert (problems, wrong, invented) == ([], False, [])


def test_a_different_total_is_wrong_and_an_unbacked_figure_is_invented() -> None:
    problems, wrong, invented = check(_case(), _answer("可获40万元。", 400000), provision)
    assert wrong and invented == [] and problems  # 40万元 came from the calculator: wrong, not invented
    problems, wrong, invented = check(_case(), _answer("可获30万元，另加25万元。", 300000), provision)
    assert not wrong and invented == [250000]


def test_a_total_where_the_text_has_none_is_wrong_and_the_citation_must_hold_the_quote() -> None:
    _, wrong, _ = check(_case(total=None), _answer("可获30万元。", 300000), provision)
    assert wrong
    problems, _, _ = check(_case(), _answer("可获30万元。", 300000, measure="3"), provision)
    assert any("does not cite" in p for p in problems)
