"""The mechanisms behind understanding new phrasings, stage by stage: typo correction,
headings named, question-word-only follow-ups, contact vs department, aspects of a benefit
that ask no figure, topical coverage without place names, personal affairs, challenged
figures, facts that fill the measure in focus."""

from __future__ import annotations

import pytest

from assistant.dialogue.acts import only_cues
from assistant.dialogue.decide import decide
from assistant.dialogue.intent import asks_aspect, base_intent
from assistant.dialogue.resolve import resolve
from assistant.dialogue.state import ConversationState
from assistant.dialogue.understand import understand
from assistant.text.lexicon import TypoCorrector

DOC = "baotou-zjtx-2023"


def focus_on(measure: str, last_intent: str = "amount") -> ConversationState:
    return ConversationState(focus=[[DOC, measure]], last_intent=last_intent)


@pytest.fixture(scope="module")
def parts(bot):  # type: ignore[no-untyped-def]
    return bot.contexts[DOC], bot.index, bot.engine._own_places


def frame(parts, text: str, state: ConversationState | None = None):  # type: ignore[no-untyped-def]
    ctx, index, places = parts
    return understand(text, ctx, state or ConversationState(), index, places)


def decision(parts, text: str, state: ConversationState | None = None):  # type: ignore[no-untyped-def]
    ctx, index, _ = parts
    st = state or ConversationState()
    f = frame(parts, text, st)
    hits = index.search(f.text, k=5, doc_ids=[DOC])
    res = resolve(f, ctx, st, hits, "policy_info")
    return decide(f, ctx, st, hits, res, False)


# -- normalise: typo correction ---------------------------------------------------------

def test_a_function_character_is_never_a_typo() -> None:
    fix = TypoCorrector(["人才支持", "专精特新"])
    assert fix("企业或个人有支持吗") == "企业或个人有支持吗"  # 有 is grammar, not a typo of 才
    assert fix("专精特心企业") == "专精特新企业"


# -- understand ------------------------------------------------------------------------

def test_a_measure_named_by_its_heading(parts) -> None:  # type: ignore[no-untyped-def]
    assert frame(parts, "用地保障措施由哪个部门负责？").titles == {"17": 1.0}
    assert "2" not in frame(parts, "专精特新企业上市奖励多少").titles  # a word of every provision names none


def test_question_words_only_ask_about_the_focus(parts) -> None:  # type: ignore[no-untyped-def]
    assert only_cues("需要满足什么条件？") and not only_cues("用地保障由谁负责")
    assert frame(parts, "需要满足什么条件？", focus_on("3")).act == "follow_up"
    # 这个措施 with a topic of its own is a new question, not the measure in focus
    assert frame(parts, "我们企业招工特别难，这个措施能帮上什么？", focus_on("17")).act == "new"


def test_a_place_name_is_no_topic_of_the_question(parts) -> None:  # type: ignore[no-untyped-def]
    f = frame(parts, "内蒙古的草原生态保护补助奖励怎么申请？")
    assert "内蒙古" not in f.doc_terms and f.coverage < 0.5


def test_personal_affairs_are_marked(parts) -> None:  # type: ignore[no-untyped-def]
    assert frame(parts, "我失业了，失业金去哪里领、能领多少？").personal
    assert frame(parts, "那我家自建房能不能加盖一层？", focus_on("17")).personal
    assert not frame(parts, "我们企业招工特别难，有什么支持？").personal


def test_figures_said_back_in_a_challenge_are_no_base(parts) -> None:  # type: ignore[no-untyped-def]
    f = frame(parts, "怎么才900万？不是应该1000万吗", focus_on("5"))
    assert f.act == "challenge" and f.base_yuan is None and f.asserted_yuan == [9_000_000, 10_000_000]


def test_stated_facts_fill_the_measure_in_focus(parts) -> None:  # type: ignore[no-untyped-def]
    f = frame(parts, "我们是污水处理厂，执行两部制电价", focus_on("18", "eligibility"))
    assert (f.act, f.follows) == ("fill_slot", True)
    assert frame(parts, "我们是污水处理厂，执行两部制电价", focus_on("2")).act == "new"  # not what 第2条 tests


# -- decide ----------------------------------------------------------------------------

def test_whom_to_call_without_a_measure_is_the_contact(parts) -> None:  # type: ignore[no-untyped-def]
    assert base_intent(frame(parts, "有问题找谁？联系电话多少？")) == "contact"
    assert base_intent(frame(parts, "这个找谁？联系电话多少？", focus_on("2"))) == "department"


@pytest.mark.parametrize(("text", "aspect"), [
    ("国家小巨人那100万奖励，申报流程是怎样的、需要交哪些材料？", True),
    ("小巨人100万奖励去哪申报？", True),
    ("是每年都给吗？", True),
    ("小巨人奖励是一次性的还是每年都有", True),
    ("能领那笔一次性奖励吗", False),               # names the benefit, asks nothing about its pay-out
    ("高企整体迁入那个30万是一次性的还是分年给？", True),  # the figure names the benefit; its pay-out is asked
    ("迁入那个30万是先拨钱还是事后补？", True),
    ("小巨人奖励是不是按年给，每年100万？", False),  # a figure claimed (是不是…100万) is checked
    ("小巨人那笔奖励是每年都给100万，还是只给一回？", False),
    ("揭榜挂帅协议2000万，怎么申请，能拿多少？", False),   # a figure is asked too
])
def test_aspects_that_ask_no_figure(parts, text: str, aspect: bool) -> None:  # type: ignore[no-untyped-def]
    assert asks_aspect(frame(parts, text)) is aspect


def test_a_stated_base_is_not_a_question_for_a_figure(parts) -> None:  # type: ignore[no-untyped-def]
    f = frame(parts, "我们的协议金额是2000万，怎么申请揭榜挂帅？")
    assert not f.has("how_much") and asks_aspect(f)


def test_refusals_with_judgement(parts) -> None:  # type: ignore[no-untyped-def]
    off = decision(parts, "内蒙古的草原生态保护补助奖励怎么申请？")
    assert off.action == "refuse"
    own = decision(parts, "那我家自建房能不能加盖一层？", focus_on("17"))
    assert (own.action, own.related) == ("refuse", "17")  # the closest measure, named
    kept = decision(parts, "我们企业招工特别难，这个措施能帮上什么？")
    assert kept.action == "answer" and kept.measures[0] == "16"


def test_the_heading_outvotes_a_generic_word_in_retrieval(parts) -> None:  # type: ignore[no-untyped-def]
    d = decision(parts, "用地保障措施由哪个部门负责？")
    assert (d.intent, d.measures[0]) == ("department", "17")


def test_a_heading_without_text_names_its_items(parts) -> None:  # type: ignore[no-untyped-def]
    from assistant.dialogue.titles import titled_measures

    ctx, _, _ = parts
    assert set(titled_measures(ctx, "企业分级培育有哪些做法")) == {"1", "2", "3"}  # 三、(一) is a heading only


def test_a_term_is_explained_where_the_text_spells_it_out() -> None:
    from assistant.dialogue.compose.define import spelled_out

    text = "推动中小企业聚焦专业化、精细化、特色化、新颖化,助力发展"
    assert spelled_out("专精特新", text) == "专业化、精细化、特色化、新颖化"
    assert spelled_out("揭榜挂帅", text) is None


@pytest.mark.parametrize("text", ["谢了", "ok thanks", "好嘞，谢谢", "thank you"])
def test_courtesy_closes(parts, text: str) -> None:  # type: ignore[no-untyped-def]
    assert frame(parts, text, focus_on("2")).act == "closing"


def test_payment_questions_ask_no_figure(parts) -> None:  # type: ignore[no-untyped-def]
    assert asks_aspect(frame(parts, "小巨人一百万是税前还是税后？"))
    assert asks_aspect(frame(parts, "小巨人奖励什么时候发放？"))
    assert not frame(parts, "这个措施什么时候到期？").has("payment")  # 到期 is validity


@pytest.mark.parametrize("text", ["这个文件是正式的吗", "明年还能申请小巨人奖励吗？", "这文件还管用不"])
def test_colloquial_status_questions(parts, text: str) -> None:  # type: ignore[no-untyped-def]
    assert base_intent(frame(parts, text)) == "validity"


def test_listings(parts) -> None:  # type: ignore[no-untyped-def]
    everything = decision(parts, "有哪些支持措施？")
    assert everything.listing == "catalog" and {"2", "3", "5", "18"} <= set(everything.measures)
    more = decision(parts, "还有别的吗？", focus_on("3", "match"))
    assert more.listing == "more" and "3" not in more.measures and len(more.measures) == 3
    topical = decision(parts, "数字化方面有哪些支持措施？")
    assert not topical.listing


def test_facts_said_to_the_focus_are_checked_as_conditions(parts) -> None:  # type: ignore[no-untyped-def]
    d = decision(parts, "我们不是牵头单位，只是参与", focus_on("4"))
    assert (d.intent, d.measures) == ("eligibility", ["4"])


def test_a_base_or_rate_names_its_percentage(parts) -> None:  # type: ignore[no-untyped-def]
    assert frame(parts, "协议2000万").base_refs == ["5"]  # the words of 第5条's base, as it writes them
    assert frame(parts, "30%是什么的30%").base_refs == ["5"]
    assert frame(parts, "贷款2000万").base_refs == ["12"]
    assert frame(parts, "营业收入2000万").base_refs == []


def test_a_place_inside_a_fact_is_not_another_place(parts) -> None:  # type: ignore[no-untyped-def]
    assert frame(parts, "北京牵头的联盟我们参与了能拿钱吗").other_place is None
    assert frame(parts, "北京的揭榜挂帅项目资助多少").other_place == "北京"


def test_a_figure_put_as_a_question_is_the_callers(parts) -> None:  # type: ignore[no-untyped-def]
    f = frame(parts, "揭榜挂帅协议5000万，能补2500万吗？")
    assert f.base_yuan == 50_000_000 and f.asserted_yuan == [25_000_000]
    assert base_intent(f) == "amount"
