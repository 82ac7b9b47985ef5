"""Stage *route* over several documents of one place: a document that states no title or
region belongs to the place its own text names; a title is named without its quote marks;
the words that name a document do not choose its measure; two documents that fit equally
are asked about. The documents are written here (invented places), not taken from a corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.dialogue.resolve import phrases, route
from assistant.dialogue.routing import named_by_title
from assistant.dialogue.state import ConversationState

DOCS = {
    "qh_chanye": """青禾县关于支持重点产业加快发展的若干措施
第1条 对首次认定为国家高新技术企业的，给予企业20万元奖励。
第2条 对新建工业项目，固定资产投资1000万元以上的，按固定资产投资额的5%给予企业奖励，最高不超过200万元。
第3条 对新列入省级“专精特新”名单的中小企业，给予企业10万元奖励。
第4条 对企业在主板上市的，给予企业300万元奖励。
第5条 本措施自发布之日起施行，有效期三年。
""",
    # no title, no issuer: only its body says where it applies (我县, 在青禾新建…)
    "qh_untitled": """为把乡村旅游培育成为我县新的支柱产业，结合我县实际，制定本意见。
一、景区和服务设施建设
1.景区创建。
对新评定为国家4A级的旅游景区，一次性给予50万元奖励。
2.民宿建设。
在青禾新建标准化民宿的，每间奖励2000元。
3.旅行社组团。
对组织游客来青禾旅游景区人数达到1万人次以上的旅行社，每满一万人奖励一万元。
4.宾馆评星。
对新评为三星级、四星级、五星级的宾馆，分别一次性奖励10万元、30万元、60万元。
5.农家乐评星。
对新评为国家2—5星级的农家乐示范户，分别一次性奖励1万元、2万元、3万元、5万元。
二、附则
6.本意见由县旅游产业发展领导小组负责解释，自2020年1月1日起执行。
""",
    "bs_minsu": """白石市关于促进民宿和乡村旅游发展的若干措施
第一条 对新建标准化民宿的，每间奖励3000元。
第二条 对新评定为国家5A级的旅游景区，一次性给予200万元奖励。
第三条 本措施自印发之日起施行。
""",
    "dw_shuangchuang": """东湾地区新一轮“双创”产业配套政策
东湾地区管理委员会
第一条 支持融资担保
对为区内企业提供融资担保的担保机构，按年度担保额的1%给予补贴。
第二条 支持产业集聚
对数字制造、生物医药等重点产业项目，按投资额的10%给予扶持，最高500万元。
第三条 本政策由东湾地区管理委员会负责解释。
""",
    "dw_shuzi": """关于建设数字制造中心的若干配套政策
东湾地区管理委员会
第一条 支持数字制造企业融资担保
对为数字制造企业提供融资担保的担保机构，按年度担保额的1.5%给予补贴，最高100万元。
第二条 支持数字制造平台建设
对数字制造功能平台，按平台投资额的20%给予扶持，最高1000万元。
第三条 本政策由东湾地区管理委员会负责解释。
""",
    "dw_zufang": """东湾地区人才租房补贴实施细则
东湾地区管理委员会
一、经费
1、东湾地区人才租房补贴经费从人才发展专项资金列支，人才租房补贴每年核定一次，一年内按月发放。
二、补贴标准
（一）A类人才，每人每月1500元；
（二）B类人才，每人每月1000元。
三、其他
本细则由东湾地区管理委员会负责解释。
""",
}
# the same measures under two titles of one place: nothing in the text tells them apart
SAME = "第一条 对首次认定的科技型企业，给予一次性奖励10万元。\n第二条 对企业新建研发中心的，给予一次性奖励50万元。\n"
DOCS["nl_keji"] = "南岭市科技型企业认定奖励办法\n" + SAME
DOCS["nl_chuangxin"] = "南岭市创新主体培育扶持办法\n" + SAME


@pytest.fixture(scope="module")
def town(tmp_path_factory):  # type: ignore[no-untyped-def]
    from assistant import Assistant, Settings
    from assistant.index import PolicyIndex
    from assistant.runtime import run_ingest

    corpus = tmp_path_factory.mktemp("town-corpus")
    for name, text in DOCS.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    data = tmp_path_factory.mktemp("town-data")
    run_ingest(Settings(data_dir=data), [Path(corpus)])
    return Assistant(PolicyIndex.open(data), Settings(data_dir=data))


def _route(bot, question: str):  # type: ignore[no-untyped-def]
    engine = bot.engine
    return route(engine.index, engine.contexts, engine.index.correct(question), ConversationState(),
                 engine.default_doc)


def test_an_untitled_document_is_of_the_place_its_text_names(town) -> None:  # type: ignore[no-untyped-def]
    index = town.index
    assert index.document("qh_untitled").document.region == ""  # the text states none
    assert set(index.region_names["青禾"]) == {"qh_chanye", "qh_untitled"}
    assert set(index.documents_named_in("青禾县的民宿有补贴吗")) == {"qh_chanye", "qh_untitled"}
    assert "qh_untitled" not in index.region_names["白石"]


def test_a_place_ending_in_diqu_is_named_by_its_short_form(town) -> None:  # type: ignore[no-untyped-def]
    assert {"dw_shuangchuang", "dw_shuzi", "dw_zufang"} <= set(town.index.documents_named_in("东湾有什么政策"))


@pytest.mark.parametrize(("question", "doc_id"), [
    ("青禾县旅行社一年组织游客35000人次来景区，奖励多少？", "qh_untitled"),
    ("青禾县景区新评定为国家4A级，奖励多少？", "qh_untitled"),
    ("青禾县首次认定为国家高新技术企业奖励多少", "qh_chanye"),
])
def test_the_documents_of_the_named_place_are_compared_by_content(town, question: str, doc_id: str) -> None:  # type: ignore[no-untyped-def]
    ctx, tie = _route(town, question)
    assert ctx.doc.doc_id == doc_id and tie is None


def test_a_title_is_named_without_its_quote_marks(town) -> None:  # type: ignore[no-untyped-def]
    # 数字制造 is in both texts, so it names neither; 双创 is only in one title
    ctx, tie = _route(town, "东湾双创政策，担保机构一年为数字制造企业担保额1亿元，补贴多少？")
    assert ctx.doc.doc_id == "dw_shuangchuang" and tie is None
    ctx, _ = _route(town, "东湾数字制造中心配套政策，功能平台投资2000万元扶持多少？")
    assert ctx.doc.doc_id == "dw_shuzi"


def test_a_stretch_shared_with_another_candidate_names_neither(town) -> None:  # type: ignore[no-untyped-def]
    contexts = town.engine.contexts
    both = ["dw_shuangchuang", "dw_shuzi"]
    assert named_by_title(contexts, both, "数字制造企业担保补贴多少") == {}
    assert named_by_title(contexts, both, "双创政策的担保补贴", town.index.region_names) == {"dw_shuangchuang": "双创"}


def test_the_words_naming_the_document_do_not_choose_its_measure(town) -> None:  # type: ignore[no-untyped-def]
    # 经费 repeats the title (人才租房补贴 twice); the question only names the document with it
    engine = town.engine
    for question in ("东湾人才租房补贴，A类人才一年能拿多少？", "东湾地区人才租房补贴实施细则里A类人才能拿多少"):
        found: list = []  # type: ignore[type-arg]
        ctx, _ = route(engine.index, engine.contexts, engine.index.correct(question), ConversationState(),
                       engine.default_doc, found)
        assert ctx.doc.doc_id == "dw_zufang"
        assert [h.measure for h in found if h.doc_id == "dw_zufang"][:1] == ["二(一)"]
    answer = town.ask("东湾人才租房补贴，A类人才一年能拿多少？", as_of="2020-06-01")
    assert [(c.doc_id, c.measure) for c in answer.citations][:1] == [("dw_zufang", "二(一)")]
    assert answer.calculation is not None and answer.calculation.get("total_yuan") == 18000


def test_a_phrase_found_in_one_provision_outweighs_a_tier_word_found_in_two(town) -> None:  # type: ignore[no-untyped-def]
    ctx = town.engine.contexts["qh_untitled"]
    assert "农家乐示范户" in phrases(ctx, "农家乐示范户新评为国家四星级，奖励多少？")
    answer = town.ask("青禾县农家乐示范户新评为国家四星级，奖励多少？", as_of="2020-06-01")
    assert answer.citations and answer.citations[0].measure == "5"
    assert "30万元" not in answer.answer  # the 宾馆 tier of the same name


def test_a_phrase_is_no_piece_of_a_figure_and_no_place_name(town) -> None:  # type: ignore[no-untyped-def]
    ctx = town.engine.contexts["qh_untitled"]
    # 人次 follows the figure; 青禾 names the document's place, not a measure
    assert phrases(ctx, "组织游客35000人次来青禾旅游景区", places=["青禾"]) == ["组织游客", "旅游景区"]
    assert phrases(ctx, "来青禾旅游景区人数", places=["青禾"]) == ["旅游景区人数"]


def test_two_documents_that_fit_equally_are_asked_about(town) -> None:  # type: ignore[no-untyped-def]
    _, tie = _route(town, "南岭市新建研发中心的企业能拿多少？")
    assert tie is not None and set(tie) == {"nl_keji", "nl_chuangxin"}
    answer = town.ask("南岭市新建研发中心的企业能拿多少？", as_of="2020-06-01")
    assert "南岭市科技型企业认定奖励办法" in answer.answer and "南岭市创新主体培育扶持办法" in answer.answer
    assert answer.calculation is None
