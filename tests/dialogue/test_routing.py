"""Stage *route*: with several documents indexed, the document asked about is chosen by content."""

from __future__ import annotations

import pytest

from assistant.dialogue.resolve import route
from assistant.dialogue.state import ConversationState


@pytest.fixture(scope="module")
def multi_bot(multi_index, tmp_path_factory):  # type: ignore[no-untyped-def]
    from assistant import Assistant, Settings

    return Assistant(multi_index, Settings(data_dir=tmp_path_factory.mktemp("multi-bot")))


@pytest.mark.parametrize(("question", "doc_prefix"), [
    ("柳河县初次认定为国家高新技术企业奖励多少", "01_liuhe"),
    ("港澳青年在天河创业有租金补贴吗", "02_tianhe"),
    ("小巨人能拿多少", "baotou"),
])
def test_the_document_is_chosen_by_content(multi_bot, question: str, doc_prefix: str) -> None:  # type: ignore[no-untyped-def]
    engine = multi_bot.engine
    ctx, _ = route(engine.index, engine.contexts, question, ConversationState(), engine.default_doc)
    assert ctx.doc.doc_id.startswith(doc_prefix)


def test_the_llm_tools_use_the_same_resolver(multi_bot) -> None:  # type: ignore[no-untyped-def]
    found = multi_bot.engine.lookup("柳河县初次认定为国家高新技术企业奖励多少")
    assert found and found[0][0].startswith("01_liuhe")
