"""The hotline console in a real browser: Debian chromium, driven by Playwright, against the whole app
served by uvicorn as ``policy-assistant serve`` builds it (``console_server``).

Every action goes through the real UI and Gradio's queue, and must finish within ``ANSWER_S``
seconds: a console whose queue never started (it once spun at "queue: 1/1" forever) fails here
with a message that says so. Screenshots of each step go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.web.conftest import CONSOLE_PASSWORD, CONSOLE_USER

Q_AMOUNT = "我们刚评上小巨人，能拿多少？"
ANSWER_S = 20  # seconds an action may take; a warm answer takes well under one
HUNG = ("控制台在 {s} 秒内没有完成“{what}”：Gradio 的队列没有处理请求（queue 未启动？"
        "控制台须在应用创建时挂载，而不是在 lifespan 中）")


def within(locator: Any, what: str) -> Any:
    """``expect(locator)`` with the bounded wait and the message of a hung console."""
    return expect(locator, HUNG.format(s=ANSWER_S, what=what))


def log_in(page: Any, server: Any) -> None:
    page.goto(server.url + "/console/")
    page.get_by_label("用户名").fill(CONSOLE_USER)
    page.get_by_label("密码").fill(CONSOLE_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("tab", name="咨询台")).to_be_visible()
    within(page.locator("#pa-header"), "载入政策文件").to_contain_text("已载入：《包头市", timeout=ANSWER_S * 1000)


def ask(page: Any, question: str) -> None:
    box = page.get_by_label("来电人问题")
    box.fill(question)
    box.press("Enter")
    within(page.locator("[data-testid=user]").last, f"发送问题 {question}").to_contain_text(
        question, timeout=ANSWER_S * 1000)


def bot_messages(page: Any) -> Any:
    return page.locator("[data-testid=bot]")


def tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def off_host(page: Any, server: Any) -> list[str]:
    """Start recording every request the page makes to anywhere but the server."""
    seen: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((server.url, "data:", "blob:")) else seen.append(r.url))
    return seen


# ---------------------------------------------------------------------------------------------------


def test_console_redirects_and_the_login_page_is_chinese_in_any_browser(context_factory: Any, console_server: Any,
                                                                         shot: Any) -> None:
    assert httpx.get(console_server.url + "/console").status_code == 307
    page = context_factory(locale="en-US", viewport={"width": 1280, "height": 860}).new_page()
    page.goto(console_server.url + "/console")
    assert page.url.startswith(console_server.url + "/console/")  # the console, or its login page
    expect(page.get_by_label("用户名")).to_be_visible()
    expect(page.get_by_label("密码")).to_be_visible()
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.get_by_text("政策助手 · 热线坐席登录")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "Username" not in page.locator("body").inner_text()
    shot(page, "1-login")
    page.get_by_label("用户名").fill(CONSOLE_USER)
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("tab", name="咨询台")).to_have_count(0)
    expect(page.get_by_label("密码")).to_be_visible()
    shot(page, "2-wrong-password")


def test_asking_shows_the_answer_the_evidence_and_a_short_copyable_standard_answer(
        context_factory: Any, console_server: Any, shot: Any) -> None:
    ctx = context_factory(viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    outside = off_host(page, console_server)
    log_in(page, console_server)
    shot(page, "1-logged-in")
    ask(page, Q_AMOUNT)
    within(bot_messages(page).last, "回答问题").to_contain_text("100万元", timeout=ANSWER_S * 1000)
    evidence = page.locator("#pa-evidence")
    expect(evidence).to_contain_text("第2条 引导“专精特新”发展")
    expect(evidence).to_contain_text("分别给予20万元、50万元、100万元一次性奖励")  # the clause verbatim
    expect(evidence).to_contain_text("市工信局")
    expect(evidence).to_contain_text("计算过程")
    standard = page.locator("#pa-standard textarea")
    expect(standard).to_have_value(re.compile("100万元"))
    text = standard.input_value()
    lines = text.splitlines()
    assert len(lines) <= 3 and "100万元" in lines[0] and lines[1].startswith("依据：《") and "第2条" in lines[1]
    shot(page, "2-answered")
    page.locator("#pa-copy").click()
    expect(page.locator("#pa-copy")).to_have_attribute("data-copied", "1")
    assert page.evaluate("() => navigator.clipboard.readText()") == text
    assert outside == []


def test_a_follow_up_chip_asks_its_question(page: Any, console_server: Any, shot: Any) -> None:
    log_in(page, console_server)
    ask(page, Q_AMOUNT)
    within(bot_messages(page).last, "回答问题").to_contain_text("100万元", timeout=ANSWER_S * 1000)
    chip = page.locator("#pa-follow-up-0")
    expect(chip).to_be_visible()
    follow_up = chip.inner_text().strip()
    assert follow_up
    shot(page, "1-chips")
    chip.click()
    within(page.locator("[data-testid=user]"), f"追问 {follow_up}").to_have_count(2, timeout=ANSWER_S * 1000)
    expect(page.locator("[data-testid=user]").last).to_contain_text(follow_up)
    within(bot_messages(page), "回答追问").to_have_count(2, timeout=ANSWER_S * 1000)
    expect(page.locator("#pa-standard textarea")).not_to_have_value("")
    if "部门" in follow_up:
        expect(bot_messages(page).last).to_contain_text("市工信局")
    shot(page, "2-follow-up-answered")


def test_browsing_and_searching_measures(page: Any, console_server: Any, shot: Any) -> None:
    log_in(page, console_server)
    tab(page, "措施浏览")
    note = page.locator("#pa-measure-count")
    within(note, "载入条款").to_contain_text(re.compile(r"共 \d+ 条"), timeout=ANSWER_S * 1000)
    expect(page.get_by_role("gridcell", name="引导“专精特新”发展", exact=True)).to_be_visible()
    shot(page, "1-all-measures")
    search = page.get_by_label("搜索条款")
    search.fill("电费")
    search.press("Enter")
    within(note, "搜索条款").to_contain_text("含“电费”的条款：1 条", timeout=ANSWER_S * 1000)
    cell = page.get_by_role("gridcell", name="18", exact=True)
    expect(cell).to_be_visible()
    cell.click()
    within(page.locator("#pa-measure-detail"), "查看条款").to_contain_text("电费", timeout=ANSWER_S * 1000)
    expect(page.locator("#pa-measure-detail")).to_contain_text("责任单位")
    shot(page, "2-searched-and-opened")


def test_the_calculator(page: Any, console_server: Any, shot: Any) -> None:
    log_in(page, console_server)
    tab(page, "计算器")
    measure = page.get_by_label("条款", exact=True)
    within(measure, "载入可计算的条款").to_have_value(re.compile("第2条"), timeout=ANSWER_S * 1000)
    measure.click()
    page.get_by_role("option", name=re.compile("^第6条")).click()
    within(page.locator("#pa-calc-hint"), "切换条款").to_contain_text("50%", timeout=ANSWER_S * 1000)
    page.get_by_label("计算基数").fill("120万元")
    page.get_by_role("button", name="计算", exact=True).click()
    result = page.locator("#pa-calc-result")
    within(result, "计算").to_contain_text("合计：60万元（600000元）", timeout=ANSWER_S * 1000)
    expect(result).to_contain_text("120万元 × 50%")
    shot(page, "1-calculated")


def test_the_eval_report_tab(page: Any, console_server: Any, shot: Any) -> None:
    log_in(page, console_server)
    tab(page, "评测报告")
    report = page.locator("#pa-eval-report")
    within(report, "载入评测报告").to_contain_text("政策助手评测报告", timeout=ANSWER_S * 1000)
    expect(report.get_by_role("cell", name="100%")).to_be_visible()
    expect(page.get_by_text("回答延迟分布")).to_be_visible()  # the chart, with its caption
    expect(page.locator("#pa-eval-status")).to_contain_text("尚未在本次服务中运行评测")
    expect(page.locator("#pa-eval-status .pending")).to_have_count(0)
    shot(page, "1-report")
    page.get_by_role("button", name="刷新报告").click()
    within(report, "刷新报告").to_contain_text("金额", timeout=ANSWER_S * 1000)
    expect(page.get_by_role("button", name="运行评测（约 1 分钟）")).to_be_enabled()
