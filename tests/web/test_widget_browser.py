"""The 政策助手 widget in a real browser: Debian chromium, driven by Playwright, against a real server.

The demo page (``/``) embeds ``/widget.js`` under deliberately aggressive host CSS. The widget's shadow
root is open, so Playwright's CSS locators reach inside it. Screenshots of each important step go to
``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import expect

Q_AMOUNT = "我们刚评上小巨人，能拿多少？"
Q_DEPARTMENT = "这个找哪个部门"
XSS = '<img src=x onerror="window.__pwned=1">小巨人奖励多少'
UNREACHABLE = "暂时无法连接政策助手服务，请检查网络后重试。"

ANSWERS = "[data-testid=message][data-role=assistant]"
USERS = "[data-testid=message][data-role=user]"


def load_demo(page: Any, server: Any) -> None:
    page.goto(server.url + "/")
    expect(page.locator("[data-testid=host]")).to_have_count(1)
    expect(page.locator("[data-testid=launcher]")).to_be_visible()


def open_panel(page: Any) -> None:
    page.locator("[data-testid=launcher]").click()
    expect(page.locator("[data-testid=panel]")).to_be_visible()


def ask(page: Any, question: str) -> Any:
    """Type a question, press Enter, wait for the new answer (or error) and return the last answer."""
    answers = page.locator(ANSWERS)
    errors = page.locator("[data-testid=error]")
    before, errors_before = answers.count(), errors.count()
    page.locator("[data-testid=input]").fill(question)
    page.locator("[data-testid=input]").press("Enter")
    expect(page.locator(f"{ANSWERS}, [data-testid=error]")).to_have_count(before + errors_before + 1)
    expect(page.locator("[data-testid=typing]")).to_have_count(0)
    return answers.last


def focused_testid(page: Any) -> str | None:
    """data-testid of the focused element inside the widget's shadow root (None when focus is outside)."""
    return page.evaluate("""() => {
        const host = document.querySelector('[data-testid=host]');
        if (document.activeElement !== host) return null;
        const el = host.shadowRoot.activeElement;
        return el ? el.getAttribute('data-testid') : null;
    }""")


def chat_bodies(page: Any) -> list[dict[str, Any]]:
    """Start recording the JSON bodies of every POST /api/chat the page sends."""
    bodies: list[dict[str, Any]] = []

    def on_request(request: Any) -> None:
        if request.method == "POST" and request.url.endswith("/api/chat"):
            bodies.append(json.loads(request.post_data or "null"))

    page.on("request", on_request)
    return bodies


# ---------------------------------------------------------------------------------------------------


def test_demo_page_loads_and_launcher_opens_and_escape_closes(page: Any, web_server: Any, shot: Any) -> None:
    load_demo(page, web_server)
    assert "政策助手" in page.title() and "包头市工业和信息化局" in page.title()
    launcher = page.locator("[data-testid=launcher]")
    panel = page.locator("[data-testid=panel]")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(panel).to_be_hidden()
    shot(page, "1-closed")

    launcher.click()
    # Visible although the host page says [role=dialog] {display:none !important}: the shadow root isolates it.
    expect(panel).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-testid=greeting]")).to_be_visible()
    assert focused_testid(page) == "input"
    shot(page, "2-open")

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert focused_testid(page) == "launcher"


def test_answer_with_amount_citation_chip_and_trace(page: Any, web_server: Any, shot: Any) -> None:
    load_demo(page, web_server)
    open_panel(page)
    answer = ask(page, Q_AMOUNT)
    expect(page.locator(USERS).last).to_contain_text(Q_AMOUNT)
    text = answer.locator("[data-testid=answer-text]")
    expect(text).to_contain_text("100万元")
    # Amounts stand out: wrapped in <strong class=amount>.
    expect(text.locator("strong.amount", has_text="100万元").first).to_be_visible()
    expect(answer.locator("[data-testid=calc-total]")).to_have_text("100万元")

    chip = answer.locator("[data-testid=citation-chip][data-measure='2']")
    expect(chip).to_have_count(1)
    expect(chip).to_have_attribute("aria-expanded", "false")
    expect(chip).to_contain_text("第2条")
    quote = answer.locator("#" + chip.get_attribute("aria-controls"))
    expect(quote).to_have_attribute("data-testid", "citation-quote")
    expect(quote).to_be_hidden()
    shot(page, "1-answer")

    chip.click()
    expect(chip).to_have_attribute("aria-expanded", "true")
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("100万元一次性奖励")

    toggle = answer.locator("[data-testid=trace-toggle]")
    trace = answer.locator("[data-testid=trace]")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(trace).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(trace).to_be_visible()
    expect(trace.locator("li").first).to_be_visible()
    expect(trace).to_contain_text("100万元")
    shot(page, "2-chip-and-trace-expanded")

    chip.press("Enter")  # keyboard collapses it again
    expect(chip).to_have_attribute("aria-expanded", "false")
    expect(quote).to_be_hidden()


def test_follow_up_sends_the_state_and_uses_it(page: Any, web_server: Any, shot: Any) -> None:
    bodies = chat_bodies(page)
    load_demo(page, web_server)
    open_panel(page)
    with page.expect_response("**/api/chat") as first_info:
        ask(page, Q_AMOUNT)
    first = first_info.value.json()
    assert isinstance(first["state"], str) and first["state"]

    answer = ask(page, Q_DEPARTMENT)
    expect(answer.locator("[data-testid=answer-text]")).to_contain_text("市工信局")
    expect(answer.locator("[data-testid=answer-text]")).to_contain_text("市财政局")
    expect(answer).to_have_attribute("data-intent", "department")
    shot(page, "follow-up")

    assert [b["message"] for b in bodies] == [Q_AMOUNT, Q_DEPARTMENT]
    assert bodies[0]["state"] is None
    assert bodies[1]["state"] == first["state"]


def test_thumbs_up_stores_feedback(page: Any, web_server: Any, web_store: Any, shot: Any) -> None:
    load_demo(page, web_server)
    open_panel(page)
    answer = ask(page, Q_AMOUNT)
    before = {r["id"] for r in web_store.rows("feedback")}

    up = answer.locator("[data-testid=feedback-up]")
    with page.expect_response("**/api/feedback") as info:
        up.click()
    assert info.value.status == 200
    row_id = info.value.json()["id"]

    expect(up).to_have_attribute("aria-pressed", "true")
    expect(up).to_be_disabled()
    expect(answer.locator("[data-testid=feedback-down]")).to_be_disabled()
    expect(answer).to_contain_text("感谢您的反馈")
    shot(page, "thumbs-up")

    new = [r for r in web_store.rows("feedback") if r["id"] not in before]
    assert [r["id"] for r in new] == [row_id]
    assert new[0]["rating"] == 1
    assert new[0]["message"] == Q_AMOUNT
    assert "100万元" in new[0]["answer"]


def test_html_in_a_question_runs_nothing(context_factory: Any, web_server: Any, shot: Any) -> None:
    # The server's CSP (script-src 'self') would block an inline onerror on its own; bypass it so the
    # test checks the widget's rendering, not the header.
    page = context_factory(viewport={"width": 1280, "height": 860}, bypass_csp=True).new_page()
    paths: list[str] = []
    page.on("request", lambda r: paths.append(r.url.split("?")[0]))
    load_demo(page, web_server)
    open_panel(page)
    ask(page, XSS)
    page.wait_for_timeout(300)  # an image error handler would have fired by now

    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.evaluate("""() => document.querySelector('[data-testid=host]')
        .shadowRoot.querySelectorAll('img').length""") == 0
    assert not [p for p in paths if p.endswith("/x")], "the browser tried to load the injected <img>"
    user = page.locator(USERS).last
    expect(user).to_contain_text(XSS)  # shown literally, as text
    user.scroll_into_view_if_needed()
    assert page.evaluate("""() => document.querySelector('[data-testid=host]').shadowRoot
        .querySelectorAll('[data-testid=message][data-role=user]')[0].textContent""").endswith(XSS)
    shot(page, "literal-text")

    # Control: in this context the same markup inserted as HTML does run, so the checks above can fail.
    page.evaluate("""() => document.body.insertAdjacentHTML('beforeend',
        '<img src=x onerror="window.__control=1">')""")
    page.wait_for_function("() => window.__control === 1")


def test_layout_holds_on_a_375px_phone(context_factory: Any, web_server: Any, shot: Any) -> None:
    width, height = 375, 740
    page = context_factory(viewport={"width": width, "height": height}, has_touch=True, is_mobile=True,
                           device_scale_factor=2).new_page()
    load_demo(page, web_server)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    shot(page, "1-page")
    open_panel(page)
    answer = ask(page, Q_AMOUNT)
    answer.locator("[data-testid=citation-chip]").first.click()
    answer.locator("[data-testid=trace-toggle]").click()
    expect(answer.locator("[data-testid=trace]")).to_be_visible()

    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    box = page.locator("[data-testid=panel]").bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5, box
    # Nothing inside the conversation is wider than it (its overflow-x is hidden, so it would be cut off).
    assert page.evaluate("""() => { const log = document.querySelector('[data-testid=host]')
        .shadowRoot.querySelector('[data-testid=log]'); return log.scrollWidth - log.clientWidth; }""") <= 0
    for testid in ("input", "send", "close"):
        b = page.locator(f"[data-testid={testid}]").bounding_box()
        assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width + 0.5, (testid, b)
    shot(page, "2-answer")


def test_no_request_leaves_the_host(context_factory: Any, web_server: Any, shot: Any) -> None:
    # The server's CSP (default-src 'self') would stop a stray request before it is sent, and a host
    # site embedding the widget may have no CSP: bypass it, so the widget and page must not try at all.
    page = context_factory(viewport={"width": 1280, "height": 860}, bypass_csp=True).new_page()
    urls: list[str] = []
    page.context.on("request", lambda r: urls.append(r.url))
    load_demo(page, web_server)
    open_panel(page)
    page.locator("[data-testid=suggestion]").first.click()
    expect(page.locator(ANSWERS)).to_have_count(1)
    expect(page.locator("[data-testid=typing]")).to_have_count(0)
    first = page.locator(ANSWERS).first
    first.locator("[data-testid=citation-chip]").first.click()
    follow_up = first.locator("[data-testid=follow-up]")
    if follow_up.count():
        follow_up.first.click()
        expect(page.locator(ANSWERS)).to_have_count(2)
    answer = ask(page, Q_DEPARTMENT)
    answer.locator("[data-testid=feedback-down]").click()
    with page.expect_response("**/api/feedback"):
        answer.locator("[data-testid=feedback-skip]").click()
    first.locator("[data-testid=copy]").click()
    page.locator("[data-testid=new-chat]").click()
    page.wait_for_load_state("networkidle")
    shot(page, "conversation")

    origin = web_server.url + "/"
    paths = {u[len(origin) - 1:] for u in urls if u.startswith(origin)}
    assert {"/", "/widget.js", "/demo.js", "/api/chat", "/api/feedback"} <= paths, urls
    assert [u for u in urls if not (u.startswith(origin) or u.startswith("data:"))] == []


def test_unreachable_server_shows_error_and_retry(page: Any, web_server: Any, shot: Any) -> None:
    load_demo(page, web_server)
    page.route("**/api/chat", lambda route: route.abort())
    open_panel(page)
    ask(page, Q_AMOUNT)
    error = page.locator("[data-testid=error]")
    expect(error).to_have_count(1)
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text(UNREACHABLE)
    retry = error.locator("[data-testid=retry]")
    expect(retry).to_be_visible()
    expect(page.locator(ANSWERS)).to_have_count(0)
    shot(page, "1-error")

    page.unroute("**/api/chat")  # the server is back: 重试 asks the same question again
    retry.click()
    expect(page.locator(ANSWERS)).to_have_count(1)
    expect(page.locator("[data-testid=error]")).to_have_count(0)
    expect(page.locator(USERS)).to_have_count(1)
    expect(page.locator(ANSWERS).first.locator("[data-testid=answer-text]")).to_contain_text("100万元")
    shot(page, "2-retried")
