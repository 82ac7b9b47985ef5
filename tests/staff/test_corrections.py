"""Corrections: citation and amount checks, review by another person, serving, withdrawal, audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.errors import InputError, PolicyAssistantError
from assistant.staff.accounts import Accounts, Officer
from assistant.staff.corrections import Corrections, question_key
from assistant.storage import Store
from assistant.text.normalize import contains_verbatim

DOC = "baotou-zjtx-2023"
FIXED = "国家专精特新“小巨人”企业可获一次性奖励100万元〔第2条〕，请向市工信局申报。"


@pytest.fixture()
def setup(tmp_path: Path) -> tuple[Corrections, Officer, Officer, Officer]:
    store = Store(tmp_path / "app.db")
    accounts = Accounts(store)
    officer = accounts.add("zhangsan", "long enough", role="officer", display_name="张三")
    reviewer = accounts.add("lisi", "long enough", role="reviewer", display_name="李四")
    admin = accounts.add("boss", "long enough", role="admin")
    return Corrections(store), officer, reviewer, admin


def test_the_same_question_whatever_its_spacing_width_or_script() -> None:
    key = question_key("小巨人奖励多少？")
    assert key == question_key(" 小巨人  奖励多少?") == question_key("小巨人獎勵多少") == question_key("小巨人奖励多少")
    assert question_key("ＡＢＣ小巨人") == question_key("abc小巨人")
    assert key != question_key("小巨人奖励多少钱")


def test_an_invented_amount_is_refused(bot, setup) -> None:  # type: ignore[no-untyped-def]
    corrections, officer, _, _ = setup
    with pytest.raises(InputError) as err:
        corrections.create(bot, officer, question="小巨人奖励多少", answer="小巨人企业可获一次性奖励120万元。", measure="2")
    assert err.value.code == "amount_not_supported"
    assert "120万元" in err.value.message and "条款" in err.value.message and "计算器" in err.value.message
    with pytest.raises(InputError, match="计算器"):  # a figure of another measure is not this measure's
        corrections.create(bot, officer, question="小巨人奖励多少", answer="可获200万元。", measure="2")


def test_amounts_from_the_clause_or_the_calculator_are_accepted(bot, setup) -> None:  # type: ignore[no-untyped-def]
    corrections, officer, _, _ = setup
    c = corrections.create(bot, officer, question="小巨人奖励多少", answer=FIXED, measure="第2条")
    assert (c.doc_id, c.measure, c.status, c.author) == (DOC, "2", "pending", "zhangsan")
    assert contains_verbatim(bot.index.provision(DOC, "2").text, c.quote)
    calc = corrections.create(bot, officer, question="专利交易费120万元能补多少",
                              answer="按专利及技术交易费120万元的50%计，可获60万元资金支持（不高于200万元）。", measure="6")
    assert calc.measure == "6"  # 60万 from the calculator, 120万 its base, 200万 the clause's cap
    with pytest.raises(InputError, match="计算器"):
        corrections.create(bot, officer, question="专利交易费120万元能补多少", answer="可获70万元。", measure="6")


@pytest.mark.parametrize(("measure", "quote", "code"), [
    ("99", None, "bad_citation"), ("2", "这句话不在原文里", "bad_citation"), ("", None, "bad_correction")])
def test_a_correction_must_cite_a_real_clause_verbatim(bot, setup, measure, quote, code) -> None:  # type: ignore[no-untyped-def]
    corrections, officer, _, _ = setup
    with pytest.raises(InputError) as err:
        corrections.create(bot, officer, question="小巨人奖励多少", answer="见原文。", measure=measure, quote=quote)
    assert err.value.code == code


def test_review_by_another_person_then_served_then_withdrawn(bot, setup) -> None:  # type: ignore[no-untyped-def]
    corrections, officer, reviewer, admin = setup
    c = corrections.create(bot, officer, question="小巨人奖励多少", answer=FIXED, measure="2")
    hook = corrections.hook(bot)
    day = date(2026, 11, 26)
    assert hook("小巨人奖励多少", bot.ask("小巨人奖励多少"), day) is None  # pending is not served
    with pytest.raises(PolicyAssistantError) as err:
        corrections.approve(c.id, officer)
    assert err.value.status == 403
    own = corrections.create(bot, reviewer, question="小巨人奖励多少", answer=FIXED, measure="2")
    with pytest.raises(PolicyAssistantError) as err:
        corrections.approve(own.id, reviewer)
    assert err.value.code == "self_approval" and "自己" in err.value.message
    approved = corrections.approve(c.id, reviewer, note="核对原文无误")
    assert approved.status == "approved" and approved.reviewer == "lisi" and approved.reviewed_at
    with pytest.raises(PolicyAssistantError):
        corrections.approve(c.id, admin)  # no longer pending

    served = bot.ask(" 小巨人 奖励多少？", corrections=hook, as_of=day)
    assert served.answer == FIXED and served.citations[0].measure == "2"
    assert getattr(served, "correction_id", None) == c.id
    assert any("征求意见稿" in x for x in served.caveats)
    assert bot.codec.decode(served.state).focus[0] == [DOC, "2"]
    assert bot.ask("这个找哪个部门", state=served.state).intent == "department"  # follow-ups keep working
    assert bot.ask("专利交易费120万元能补多少", corrections=hook).answer != FIXED

    corrections.withdraw(c.id, officer, note="政策已更新")
    assert bot.ask("小巨人奖励多少", corrections=hook).answer != FIXED
    actions = [(e["action"], e["actor"]) for e in corrections.events(c.id)]
    assert actions == [("created", "zhangsan"), ("approved", "lisi"), ("withdrawn", "zhangsan")]
    final = corrections.require(c.id)
    assert final.withdrawn_by == "zhangsan" and final.withdrawn_at and final.status == "withdrawn"


def test_a_newer_approval_supersedes_the_older(bot, setup) -> None:  # type: ignore[no-untyped-def]
    corrections, officer, reviewer, admin = setup
    first = corrections.create(bot, officer, question="小巨人奖励多少", answer=FIXED, measure="2")
    corrections.approve(first.id, reviewer)
    second = corrections.create(bot, officer, question="小巨人奖励多少？", answer="小巨人企业一次性奖励100万元。", measure="2")
    corrections.approve(second.id, admin)
    assert corrections.require(first.id).status == "superseded"
    assert corrections.approved_for("小巨人奖励多少") == corrections.require(second.id)
    with pytest.raises(PolicyAssistantError) as err:
        corrections.withdraw(second.id, Officer("wangwu", "officer"))  # neither author nor reviewer
    assert err.value.status == 403
