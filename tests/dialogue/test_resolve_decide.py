"""Stages *resolve* and *decide*: the scored choice of measure, and the one place the intent is decided."""

from __future__ import annotations

import pytest

from assistant.dialogue.decide import decide
from assistant.dialogue.resolve import resolve
from assistant.dialogue.state import ConversationState
from assistant.dialogue.understand import understand


@pytest.fixture(scope="module")
def run(bot):  # type: ignore[no-untyped-def]
    ctx = bot.contexts["baotou-zjtx-2023"]

    def go(text: str, state: ConversationState | None = None):  # type: ignore[no-untyped-def]
        st = state or ConversationState()
        f = understand(text, ctx, st, bot.index, bot.engine._own_places)
        hits = bot.index.search(f.text, k=5, doc_ids=[ctx.doc.doc_id])
        res = resolve(f, ctx, st, hits, "policy_info")
        own = any(p in f.text for p in bot.index.places_of(ctx.doc.doc_id))
        return res, decide(f, ctx, st, hits, res, own)

    return go


def test_a_generic_name_does_not_outvote_the_topic(run) -> None:  # type: ignore[no-untyped-def]
    _, d = run("专精特新企业上市的话，市里奖励多少？")
    assert d.measures[0] == "12"


def test_a_document_phrase_pulls_its_measure(run) -> None:  # type: ignore[no-untyped-def]
    _, d = run("我们刚进了市里的专精特新培育库，入库有奖金吗")
    assert d.measures[0] == "1"


def test_a_specific_name_outranks_retrieval(run) -> None:  # type: ignore[no-untyped-def]
    res, d = run("揭榜挂帅这事是谁在牵头负责？")
    assert (d.intent, d.measures[0]) == ("department", "5")
    assert res.confidence > 0


def test_two_named_benefits_are_both_kept_for_a_total(run) -> None:  # type: ignore[no-untyped-def]
    _, d = run("新认定小巨人，还在包头牵头共建了国家级产业技术创新战略联盟，加起来多少钱")
    assert d.intent == "amount" and d.measures[:2] == ["2", "4"]


@pytest.mark.parametrize(("text", "intent"), [
    ("我们下个月评上小巨人的话，还能按这个文件申请奖励吗", "validity"),
    ("我们2021年就已经是小巨人了，现在还能申请这个奖励吗", "eligibility"),
    ("这个文件是哪个单位起草的", "contact"),
    ("我们的产品没有经过哪个部门认定，能拿首台套奖励吗", "eligibility"),
    ("我们是新认定的小巨人", "amount"),
])
def test_one_place_decides_the_intent(run, text: str, intent: str) -> None:  # type: ignore[no-untyped-def]
    assert run(text)[1].intent == intent


@pytest.mark.parametrize("text", ["我想在包头买套二手房，小区容积率2.0算高吗", "国家高新技术企业认定对研发费用占比有什么要求？",
                                  "我的驾驶证过期了怎么换证"])
def test_other_subjects_sharing_a_word_are_refused(run, text: str) -> None:  # type: ignore[no-untyped-def]
    assert run(text)[1].action == "refuse"


def test_a_phrase_of_the_document_is_never_not_covered(run) -> None:  # type: ignore[no-untyped-def]
    assert run("能进专精特新培育库吗")[1].action == "answer"


def test_more_excludes_the_measures_in_focus(run) -> None:  # type: ignore[no-untyped-def]
    state = ConversationState(focus=[["baotou-zjtx-2023", "3"]], last_intent="amount")
    _, d = run("还有别的吗？比如搬过来之后厂房用地方面", state)
    assert d.intent == "match" and "3" in d.exclude
