"""How a rule's benefit is said in words: the rate as the text states it, the verb once."""

from __future__ import annotations

from assistant.dialogue.answers import benefit_phrase
from assistant.rules.schema import Rule


def _rule(benefit: dict) -> Rule:  # type: ignore[type-arg]
    return Rule.model_validate({"id": "r1", "measure": "4", "title": "扶持", "beneficiary": "企业",
                                "benefit": benefit, "quote": "按投资额给予10%—30%扶持"})


def test_a_rate_range_is_said_as_a_range_and_the_verb_once() -> None:
    said = benefit_phrase(_rule({"type": "percent", "kind": "给予扶持", "rate": "30%", "rate_min": "10%",
                                 "base": "投资额", "cap": "1000万元"}))
    assert "10%—30%" in said and "给予给予" not in said and said.count("给予") == 1


def test_an_upper_bound_rate_says_最高() -> None:
    said = benefit_phrase(_rule({"type": "percent", "rate": "50%", "upper_bound": True, "base": "贷款利息"}))
    assert "最高50%" in said and "给予资金支持" in said
