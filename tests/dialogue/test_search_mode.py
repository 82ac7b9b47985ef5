"""The question is embedded only when its wording needs the dense ranking; a validity
follow-up judges the measure in focus, not whatever retrieval found."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.dialogue.retrieval import _decisive
from assistant.index import Hit

AS_OF = "2025-06-01"


@pytest.fixture
def modes(bot: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    search = bot.engine.index.search

    def spy(query: str, k: int = 5, doc_ids: Any = None, mode: str = "hybrid", **kw: Any) -> Any:
        seen.append(mode)
        return search(query, k, doc_ids, mode, **kw)

    monkeypatch.setattr(bot.engine.index, "search", spy)
    return seen


def test_a_measure_named_in_the_documents_words_is_found_lexically(bot: Any, modes: list[str]) -> None:
    r = bot.ask("小巨人奖励多少", as_of=AS_OF)
    assert r.calculation is not None and r.calculation["total_yuan"] == 1_000_000
    assert modes == ["bm25"]


def test_a_measure_number_is_found_lexically(bot: Any, modes: list[str]) -> None:
    bot.ask("第17条讲的什么", as_of=AS_OF)
    assert modes == ["bm25"]


def test_wording_the_document_does_not_use_is_embedded(bot: Any, modes: list[str]) -> None:
    r = bot.ask("我们把整个厂子从外省挪过来了，有啥说法没有", as_of=AS_OF)
    assert modes == ["bm25", "hybrid"]  # the lexical ranking did not decide
    assert r.citations


def test_a_lexical_ranking_decides_only_when_one_measure_is_far_ahead() -> None:
    def hit(measure: str, bm25: float) -> Hit:
        return Hit("d", measure, 0.0, f"c{measure}", "", bm25=bm25)

    assert _decisive([hit("3", 9.0), hit("5", 2.0)])
    assert not _decisive([hit("3", 9.0), hit("5", 5.0)])  # close: the dense ranking is asked
    assert not _decisive([hit("3", 2.0)])  # weak: too few of the question's words
    assert not _decisive([])


def test_a_validity_follow_up_judges_the_measure_in_focus(bot: Any) -> None:
    first = bot.ask("揭榜挂帅协议600万能资助多少", as_of=AS_OF)
    later = bot.ask("这个现在还能用吗", state=first.state, as_of=AS_OF)
    assert later.intent == "validity"
    cited = [c.measure for c in later.citations]
    assert "closing" in cited and set(cited) <= {"5", "closing"}  # no other measure's own deadline
