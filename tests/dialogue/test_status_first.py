"""An answer resting on a text no longer in force says so in its first sentence, once."""

from __future__ import annotations

import re


def _first_sentence(text: str) -> str:
    return re.split(r"[。\n]", text, maxsplit=1)[0]


def test_expired_draft_amount_opens_with_the_status(bot) -> None:
    r = bot.ask("我们刚评上小巨人，能拿多少？", as_of="2026-12-01")
    first = _first_sentence(r.answer)
    assert "已过期" in first and "2025年12月31日" in first and "征求意见稿" in first
    assert first.index("已过期") < first.index("100万元"), "the status comes before the amount"
    seen = r.answer + "".join(r.caveats)
    assert seen.count("已过期") == 1, "the expiry is said once, not again in the caveats"
    assert seen.count("征求意见稿") == 1
    assert r.calculation["status_tag"] == "已过期 · 按原文测算"
    assert r.calculation["amount_text"] == "100万元"
    assert r.citations[0].label == "第2条"


def test_in_force_draft_says_draft_but_not_expired(bot) -> None:
    r = bot.ask("我们刚评上小巨人，能拿多少？", as_of="2025-06-01")
    first = _first_sentence(r.answer)
    assert "征求意见稿" in first and "过期" not in r.answer + "".join(r.caveats)
    assert r.calculation["status_tag"] == "征求意见稿 · 按原文测算"


def test_no_internal_words_reach_the_user(bot) -> None:
    for question in ("联系人是谁", "这个政策现在还有效吗", "小巨人和专精特新的奖励能一起拿吗", "上市有什么奖励"):
        r = bot.ask(question, as_of="2026-12-01")
        seen = r.answer + "".join(r.caveats) + "".join(c.label for c in r.citations)
        for word in ("cover", "closing", "preamble", "排他组", "规则库", "予以给予"):
            assert word not in seen, f"{word!r} in the answer to {question!r}"
