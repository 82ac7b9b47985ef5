"""Follow-up suggestions come from the answer's own measures, and asked back they stay there.

A suggestion the assistant itself offers must not lead somewhere else: after an answer
citing 第2条 and 第3条, "这些支持分别找哪个部门？" answers for those two and nothing else.
"""

from __future__ import annotations

import pytest

AS_OF = "2026-12-01"
DOCUMENT_LEVEL = {"cover", "closing", "preamble"}  # validity/contact of the measure live here

SEEDS = [
    "我们刚评上小巨人，能拿多少？",
    "揭榜挂帅项目投入1200万能补多少",
    "我们是新认定的小巨人，又是从外地整体迁来的高新技术企业，证书有效，一共能拿多少",
    "充电站免需量电费找哪个部门",
    "外地高企迁入需要什么条件",
    "引进专利交易费600万，能补多少",
    "企业上云有什么支持",
    "我们牵头组建了国家级创新联盟，有奖励吗",
]


@pytest.mark.parametrize("question", SEEDS)
def test_each_suggested_follow_up_stays_on_the_answers_measures(bot, question: str) -> None:
    first = bot.ask(question, as_of=AS_OF)
    own = {c.measure for c in first.citations} - DOCUMENT_LEVEL
    assert own, f"seed {question!r} should cite a measure"
    assert first.follow_up, "a substantive answer offers follow-ups"
    for follow_up in first.follow_up:
        again = bot.ask(follow_up, state=first.state, as_of=AS_OF)
        cited = {c.measure for c in again.citations}
        assert cited, f"{follow_up!r} after {question!r} cites nothing"
        assert cited - DOCUMENT_LEVEL <= own, (
            f"{follow_up!r} after {question!r} cited {sorted(cited)}, the answer had {sorted(own)}")


@pytest.mark.parametrize("question", ["这个政策现在还有效吗", "联系人是谁", "你好"])
def test_starters_after_document_level_answers_are_answered(bot, question: str) -> None:
    first = bot.ask(question, as_of=AS_OF)
    for follow_up in first.follow_up:
        again = bot.ask(follow_up, state=first.state, as_of=AS_OF)
        assert again.intent != "out_of_scope", f"the suggested {follow_up!r} was refused"


def test_plural_follow_up_answers_every_measure_of_the_answer(bot) -> None:
    first = bot.ask(SEEDS[2], as_of=AS_OF)
    assert {"2", "3"} <= {c.measure for c in first.citations}
    again = bot.ask("这些支持分别找哪个部门？", state=first.state, as_of=AS_OF)
    assert again.intent == "department"
    assert {c.measure for c in again.citations} == {"2", "3"}
    assert "市工信局" in again.answer
