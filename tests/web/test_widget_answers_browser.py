"""How answers read in the widget, in a real browser: status first, each thing once, no internal ids,
suggested follow-ups that stay on the answer's measures, and 👎 with an optional comment."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.web.test_widget_browser import ANSWERS, ask, load_demo, open_panel

Q_TWO_MEASURES = "我们是新认定的小巨人，又是从外地整体迁来的高新技术企业，证书有效，一共能拿多少"


def test_expired_amount_says_so_first_and_once(page: Any, web_server: Any, shot: Any) -> None:
    load_demo(page, web_server)
    open_panel(page)
    answer = ask(page, "我们刚评上小巨人，能拿多少？")
    first_line = answer.locator("[data-testid=answer-text] p").first.inner_text()
    assert "已过期" in first_line and first_line.index("已过期") < first_line.index("100万元"), first_line
    expect(answer.locator("[data-testid=calc-status]")).to_have_text("已过期 · 按原文测算")
    expect(answer.locator("[data-testid=calc-total]")).to_have_text("100万元")
    caveats = answer.locator("[data-testid=caveats]")
    if caveats.count():
        assert "过期" not in caveats.inner_text(), "the expiry is not repeated in the notice box"
    assert answer.locator("[data-testid=answer-text]").inner_text().count("已过期") == 1
    shot(page, "expired-status-first")


def test_trace_lists_each_step_once(page: Any, web_server: Any) -> None:
    load_demo(page, web_server)
    open_panel(page)
    answer = ask(page, "揭榜挂帅项目协议金额1200万，能补多少")
    answer.locator("[data-testid=trace-toggle]").click()
    steps = [s.strip() for s in answer.locator("[data-testid=trace] li").all_inner_texts()]
    assert steps and len(steps) == len(set(steps)), steps
    assert sum("360万元" in s for s in steps) == 1, steps


def test_chips_show_labels_not_internal_ids(page: Any, web_server: Any) -> None:
    load_demo(page, web_server)
    open_panel(page)
    for question in ("这个政策现在还有效吗", "联系人是谁"):
        answer = ask(page, question)
        chips = " ".join(answer.locator("[data-testid=citation-chip]").all_inner_texts())
        assert chips, question
        for word in ("closing", "cover", "preamble"):
            assert word not in chips, (question, chips)


def test_suggested_follow_up_stays_on_the_answers_measures(page: Any, web_server: Any, shot: Any) -> None:
    load_demo(page, web_server)
    open_panel(page)
    first = ask(page, Q_TWO_MEASURES)
    own = {c.get_attribute("data-measure") for c in first.locator("[data-testid=citation-chip]").all()}
    assert {"2", "3"} <= own
    button = first.locator("[data-testid=follow-up]", has_text="部门")
    button.first.click()
    expect(page.locator(ANSWERS)).to_have_count(2)
    expect(page.locator("[data-testid=typing]")).to_have_count(0)
    second = page.locator(ANSWERS).last
    cited = {c.get_attribute("data-measure") for c in second.locator("[data-testid=citation-chip]").all()}
    assert cited and cited <= own, (cited, own)
    expect(second.locator("[data-testid=answer-text]")).to_contain_text("市工信局")
    shot(page, "follow-up-stays")


def test_thumbs_down_sends_an_optional_comment(page: Any, web_server: Any, web_store: Any, shot: Any) -> None:
    load_demo(page, web_server)
    open_panel(page)
    answer = ask(page, "我们刚评上小巨人，能拿多少？")
    before = {r["id"] for r in web_store.rows("feedback")}
    answer.locator("[data-testid=feedback-down]").click()
    comment = answer.locator("[data-testid=feedback-comment]")
    expect(comment).to_be_visible()
    comment.fill("没说清楚去哪里申报")
    shot(page, "thumbs-down-comment")
    with page.expect_response("**/api/feedback") as info:
        answer.locator("[data-testid=feedback-submit]").click()
    assert info.value.status == 200
    expect(answer).to_contain_text("感谢您的反馈")
    expect(answer.locator("[data-testid=feedback-form]")).to_have_count(0)
    new = [r for r in web_store.rows("feedback") if r["id"] not in before]
    assert len(new) == 1 and new[0]["rating"] == -1 and new[0]["comment"] == "没说清楚去哪里申报"
