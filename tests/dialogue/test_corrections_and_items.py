"""Three amount mechanisms: a correction of a tier replaces it; amounts listed as separate
items of one percentage rule are a claim each; a question naming the exception a rule's
note states (一事一议) gets no figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.calc import Calculator, Claim
from assistant.dialogue.amounts import find_amounts, separate_bases
from assistant.dialogue.compose.common import named_exception
from assistant.dialogue.mentions import qualifiers as _qualifiers
from assistant.dialogue.state import ConversationState
from assistant.rules import load_rulebase_for

AS_OF = "2025-06-01"
W = 10_000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rules(baotou_doc):  # type: ignore[no-untyped-def]
    return load_rulebase_for(baotou_doc, ROOT / "corpus" / "rules")


# -- 1. a correction re-resolves the tier against the measure in focus ----------------------

def test_a_tiers_qualifier_is_what_sets_it_apart_from_its_siblings() -> None:
    assert _qualifiers("国家级产业技术创新战略联盟", ["自治区级产业技术创新战略联盟"]) == ["国家"]
    assert _qualifiers("甲类", []) == []


def test_a_correction_replaces_the_tier_in_the_state() -> None:
    state = ConversationState()
    state.add_tier("r", "low")
    state.add_tier("other", "x")
    state.add_tier("r", "high", replace=True)
    assert state.tiers == [["other", "x"], ["r", "high"]]


@pytest.mark.parametrize("correction", ["我说错了，是国家级的", "不对，应该是国家级"])
def test_a_corrected_tier_is_priced_and_kept(bot, correction: str) -> None:  # type: ignore[no-untyped-def]
    first = bot.ask("自治区级产业技术创新战略联盟的牵头单位能拿多少？", as_of=AS_OF)
    assert first.calculation["total_yuan"] == 50 * W
    fixed = bot.ask(correction, state=first.state, as_of=AS_OF)
    assert fixed.calculation["total_yuan"] == 200 * W
    assert [c.measure for c in fixed.citations] == ["4"]
    later = bot.ask("那能拿多少？", state=fixed.state, as_of=AS_OF)
    assert later.calculation["total_yuan"] == 200 * W  # the corrected tier, not the first one


def test_a_correction_by_value_picks_the_tier_with_that_amount(bot) -> None:  # type: ignore[no-untyped-def]
    first = bot.ask("自治区级产业技术创新战略联盟的牵头单位能拿多少？", as_of=AS_OF)
    fixed = bot.ask("不对，应该是200万那一档", state=first.state, as_of=AS_OF)
    assert fixed.calculation["total_yuan"] == 200 * W


# -- 2. separate items of one percentage rule ------------------------------------------------

@pytest.mark.parametrize(("text", "bases"), [
    ("两项专利的交易费分别为300万元、60万元", [300 * W, 60 * W]),
    ("两个项目，一个协议1000万，另一个500万", [1000 * W, 500 * W]),
    ("协议金额3000万，补充协议500万", []),  # the parts of one base
    ("专利费120万、技术服务费80万", []),
])
def test_separate_items_are_told_from_the_parts_of_one_base(text: str, bases: list[int]) -> None:
    assert separate_bases(text, find_amounts(text)) == bases


def test_two_claims_of_one_rule_with_different_bases_both_count(rules) -> None:  # type: ignore[no-untyped-def]
    calc = Calculator(rules).calculate([Claim("6", base="500万元"), Claim("6", base="80万元")])
    assert [i.amount_yuan for i in calc.items] == [200 * W, 40 * W]  # the cap applies per item
    assert calc.total_yuan == 240 * W


def test_separate_fees_are_priced_per_item_and_summed(bot) -> None:  # type: ignore[no-untyped-def]
    r = bot.ask("我们引进两项专利，专利及技术交易费分别是500万元和60万元，能拿多少？", as_of=AS_OF)
    assert r.calculation["total_yuan"] == 230 * W  # 200万 (capped) + 30万, not 50% of 560万


def test_parts_of_one_base_still_add_up(bot) -> None:  # type: ignore[no-untyped-def]
    r = bot.ask("揭榜挂帅协议金额2000万，补充协议300万，能资助多少？", as_of=AS_OF)
    assert r.calculation["total_yuan"] == 690 * W


# -- 3. the exception a rule's note states ----------------------------------------------------

def test_the_exception_is_read_from_the_rules_note(rules) -> None:  # type: ignore[no-untyped-def]
    [rule] = [r for r in rules.rules_for("5") if r.notes]
    assert "一事一议" in (named_exception("这是特殊项目，能拿多少", rule) or "")
    assert named_exception("协议金额2000万，能拿多少", rule) is None


def test_a_question_naming_the_exception_gets_no_total(bot) -> None:  # type: ignore[no-untyped-def]
    r = bot.ask("我们的揭榜挂帅属于特殊项目，协议2000万，资助多少？", as_of=AS_OF)
    assert (r.calculation or {}).get("total_yuan") is None and "一事一议" in r.answer
