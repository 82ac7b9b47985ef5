"""The staff pages of the console in a real browser (Debian chromium + Playwright) against the whole
app served by uvicorn: 通话记录, 纠错 (flag → review → served), 热点问题 (charts, CSV) and 账号管理.

Each officer logs in through the staff login page in a browser context of their own. Every action
goes through Gradio's queue and must finish within ``ANSWER_S`` seconds (a hung queue fails with a
message that says so). Screenshots of each step go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from assistant.api import create_app
from assistant.settings import Settings
from assistant.staff.history import record_turn
from assistant.storage import Store
from tests.support.server import Server
from tests.web.conftest import CONSOLE_PASSWORD, CONSOLE_USER
from tests.web.test_console_browser import ANSWER_S

Q_AMOUNT = "我们刚评上小巨人，能拿多少？"
OFFICER, REVIEWER, PASSWORD = "zhangsan", "lisi", "officer-pass-1"
CORRECTED = "国家专精特新“小巨人”企业可获一次性奖励100万元（第2条），须为新认定企业；申报以市工信局当年通知为准。"
WAIT = ANSWER_S * 1000
SLOW = ("控制台在 {s} 秒内没有完成“{what}”（页面上没有出现预期内容）。若一直显示“queue: 1/1”，是 Gradio 的队列"
        "没有处理请求（控制台须在应用创建时挂载）；否则见下方实际内容")


def within(locator: Any, what: str) -> Any:
    """``expect(locator)`` with a message that names the step that did not finish in time."""
    return expect(locator, SLOW.format(s=ANSWER_S, what=what))


@pytest.fixture(scope="module")
def staff_server(baotou_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app as ``serve`` builds it (the assistant opened in the lifespan), with an officer and a
    reviewer besides the first admin; ``.staff`` is its StaffServices."""
    settings = Settings(data_dir=baotou_data_dir, as_of=None, cors_origins=[], console_user=CONSOLE_USER,
                        console_password=CONSOLE_PASSWORD)
    app = create_app(settings, store=Store(tmp_path_factory.mktemp("staff-app") / "app.db"))
    staff = app.state.staff
    staff.accounts.add(OFFICER, PASSWORD, role="officer", display_name="张三", created_by=CONSOLE_USER)
    staff.accounts.add(REVIEWER, PASSWORD, role="reviewer", display_name="李四", created_by=CONSOLE_USER)
    with Server(app) as srv:
        srv.staff = staff  # type: ignore[attr-defined]
        yield srv


def officer_page(context_factory: Any, server: Any, user: str, password: str = PASSWORD) -> Any:
    """A fresh browser context (its own cookies) logged in as ``user``."""
    page = context_factory(viewport={"width": 1360, "height": 900}).new_page()
    page.goto(server.url + "/console/")
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("tab", name="咨询台")).to_be_visible()
    within(page.locator("#pa-header"), "载入政策文件").to_contain_text("已载入：《包头市", timeout=WAIT)
    within(page.locator("#pa-whoami"), "识别坐席").to_contain_text(f"（{user}）", timeout=WAIT)
    return page


def ask(page: Any, question: str, expected: str) -> None:
    box = page.get_by_label("来电人问题")
    box.fill(question)
    box.press("Enter")
    within(page.locator("[data-testid=user]").last, f"发送问题 {question}").to_contain_text(question, timeout=WAIT)
    within(page.locator("[data-testid=bot]").last, f"回答 {question}").to_contain_text(expected, timeout=WAIT)


def tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def local_day(server: Any, days_ago: int = 0) -> datetime:
    return datetime.now(server.staff.history.tz) - timedelta(days=days_ago)


# ---------------------------------------------------------------------------------------------------


def test_an_officer_answers_a_caller_and_finds_yesterdays_call(bot: Any, context_factory: Any, staff_server: Any,
                                                               shot: Any) -> None:
    yesterday = local_day(staff_server, 1).replace(hour=10, minute=30)
    said = "我公司电话13812345678，评上小巨人有多少奖励"
    record_turn(staff_server.staff.store, message=said, response=bot.ask(said), channel="widget",
                at=yesterday.timestamp())
    page = officer_page(context_factory, staff_server, OFFICER)
    ask(page, Q_AMOUNT, "100万元")
    shot(page, "1-answered")

    tab(page, "通话记录")
    day = yesterday.date().isoformat()
    page.locator("#pa-calls-from input, #pa-calls-from textarea").first.fill(day)
    page.locator("#pa-calls-to input, #pa-calls-to textarea").first.fill(day)
    page.locator("#pa-calls-text input, #pa-calls-text textarea").first.fill("小巨人")
    page.locator("#pa-calls-search").click()
    note = page.locator("#pa-calls-note")
    within(note, "查询通话记录").to_contain_text("共 1 通会话", timeout=WAIT)
    table = page.locator("#pa-calls-table")
    expect(table).to_contain_text("138****5678")  # masked PII stays masked
    expect(table).not_to_contain_text("13812345678")
    expect(table).to_contain_text("网页")
    table.get_by_role("gridcell", name=re.compile("138\\*\\*\\*\\*5678")).first.click()
    detail = page.locator("#pa-call-detail")
    within(detail, "打开会话").to_contain_text("第 1 轮", timeout=WAIT)
    expect(detail).to_contain_text(yesterday.strftime("%Y-%m-%d 10:30"))
    expect(detail).to_contain_text("第2条")  # the citation, with its quote
    expect(detail).to_contain_text("一次性奖励")
    assert "13812345678" not in detail.inner_text()
    shot(page, "2-yesterdays-call")

    # today's console call is on record too, with the officer who took it
    today = local_day(staff_server).date().isoformat()
    page.locator("#pa-calls-from input, #pa-calls-from textarea").first.fill(today)
    page.locator("#pa-calls-to input, #pa-calls-to textarea").first.fill(today)
    page.locator("#pa-calls-text input, #pa-calls-text textarea").first.fill(Q_AMOUNT)
    page.locator("#pa-calls-search").click()
    within(note, "查询今天的通话").to_contain_text("共 1 通会话", timeout=WAIT)
    expect(table).to_contain_text(OFFICER)
    expect(table).to_contain_text("热线")
    shot(page, "3-todays-call")


def test_a_flagged_and_approved_correction_is_served_to_the_next_caller(context_factory: Any, staff_server: Any,
                                                                       shot: Any) -> None:
    page = officer_page(context_factory, staff_server, OFFICER)
    ask(page, Q_AMOUNT, "100万元")
    page.get_by_text("答复有误？标记并更正").click()
    question = page.get_by_label("被更正的问题")
    expect(question).to_have_value(Q_AMOUNT)  # the caller's question, from the answer being flagged
    expect(page.locator("#pa-fix-measure input")).to_have_value(re.compile("第2条"))  # its cited measure
    answer = page.get_by_label("更正后的口径")
    answer.fill("国家专精特新“小巨人”企业可获一次性奖励500万元。")  # an amount the clause does not state
    page.locator("#pa-fix-submit").click()
    result = page.locator("#pa-fix-result")
    within(result, "校验更正").to_contain_text("既未写在所引条款", timeout=WAIT)
    shot(page, "1-refused-amount")
    answer.fill(CORRECTED)
    page.locator("#pa-fix-submit").click()
    within(result, "提交更正").to_contain_text("已提交更正 #", timeout=WAIT)
    number = int(re.search(r"#(\d+)", result.inner_text()).group(1))  # type: ignore[union-attr]
    shot(page, "2-submitted")

    # the author is an officer: the review is refused, in Chinese
    tab(page, "纠错")
    fixes = page.locator("#pa-fix-table")
    within(fixes, "列出待审核更正").to_contain_text(CORRECTED[:12], timeout=WAIT)
    fixes.get_by_role("gridcell", name=re.compile(re.escape(CORRECTED[:12]))).first.click()
    within(page.locator("#pa-fix-detail"), "打开更正").to_contain_text(f"更正 #{number}", timeout=WAIT)
    page.locator("#pa-fix-approve").click()
    within(page.locator("#pa-fix-outcome"), "拒绝坐席审核").to_contain_text("只有审核员或管理员", timeout=WAIT)

    # a second officer, a reviewer, approves it in a browser of their own
    reviewer = officer_page(context_factory, staff_server, REVIEWER)
    tab(reviewer, "纠错")
    table = reviewer.locator("#pa-fix-table")
    within(table, "审核员列出待审核更正").to_contain_text(CORRECTED[:12], timeout=WAIT)
    table.get_by_role("gridcell", name=re.compile(re.escape(CORRECTED[:12]))).first.click()
    detail = reviewer.locator("#pa-fix-detail")
    within(detail, "审核员打开更正").to_contain_text(f"{OFFICER} · 提交", timeout=WAIT)
    expect(detail).to_contain_text("第2条")
    reviewer.get_by_label("审核意见（可选）").fill("已核对第2条原文")
    reviewer.locator("#pa-fix-approve").click()
    within(reviewer.locator("#pa-fix-outcome"), "批准更正").to_contain_text("已批准", timeout=WAIT)
    within(detail, "记录批准").to_contain_text(f"{REVIEWER} · 批准：已核对第2条原文", timeout=WAIT)
    shot(reviewer, "3-approved")

    # the next caller, asking the same question spaced differently, gets the corrected answer and its citation
    reply = httpx.post(staff_server.url + "/api/chat", json={"message": "我们刚评上 小巨人 ， 能拿多少?"}, timeout=30)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["answer"] == CORRECTED
    assert [(c["doc_id"], c["measure"]) for c in body["citations"]] == [("baotou-zjtx-2023", "2")]
    assert "100万元" in body["citations"][0]["quote"]
    events = staff_server.staff.corrections.events(number)
    assert [(e["action"], e["actor"]) for e in events] == [("created", OFFICER), ("approved", REVIEWER)]

    # withdrawn, it is no longer served
    reviewer.locator("#pa-fix-withdraw").click()
    within(reviewer.locator("#pa-fix-outcome"), "撤回更正").to_contain_text("已撤回", timeout=WAIT)
    within(detail, "记录撤回").to_contain_text(f"{REVIEWER} · 撤回", timeout=WAIT)
    again = httpx.post(staff_server.url + "/api/chat", json={"message": Q_AMOUNT}, timeout=30).json()
    assert again["answer"] != CORRECTED


def test_what_callers_ask_shows_charts_and_downloads_each_list(context_factory: Any, staff_server: Any,
                                                              shot: Any) -> None:
    for message in (Q_AMOUNT, "专利引进交易费120万能补多少", "今天天气怎么样"):
        assert httpx.post(staff_server.url + "/api/chat", json={"message": message}, timeout=30).status_code == 200
    page = officer_page(context_factory, staff_server, OFFICER)
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((staff_server.url, "data:", "blob:")) else outside.append(r.url))
    tab(page, "热点问题")
    within(page.locator("#pa-asks-summary"), "统计来电").to_contain_text("个问题", timeout=WAIT)
    measures = page.locator("#pa-table-measures")
    within(measures, "列出最常被问的措施").to_contain_text("第2条", timeout=WAIT)
    within(page.locator("#pa-chart-measures").locator("canvas, svg").first, "绘制柱状图").to_be_visible(timeout=WAIT)
    within(page.locator("#pa-chart-daily").locator("canvas, svg").first, "绘制按日折线图").to_be_visible(timeout=WAIT)
    expect(page.locator("#pa-table-not_covered")).to_contain_text("今天天气怎么样")
    shot(page, "1-charts")
    for name, header in (("measures", "doc_id,measure,title,asked,last_at"), ("not_covered", "question,asked"),
                         ("daily", "day,questions")):
        with page.expect_download(timeout=WAIT) as download:
            page.locator(f"#pa-csv-{name}").click()
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert text.startswith("\ufeff" + header), (name, text[:80])
        if name == "measures":
            assert "baotou-zjtx-2023,2," in text
    assert outside == []  # charts drawn offline


def test_only_an_admin_manages_accounts(context_factory: Any, staff_server: Any, shot: Any) -> None:
    admin = officer_page(context_factory, staff_server, CONSOLE_USER, CONSOLE_PASSWORD)
    tab(admin, "账号管理")
    accounts = admin.locator("#pa-accounts-table")
    within(accounts, "列出账户").to_contain_text(REVIEWER, timeout=WAIT)
    admin.get_by_label("用户名", exact=True).fill("wangwu")
    admin.get_by_label("姓名").fill("王五")
    admin.get_by_label("初始密码（留空自动生成）").fill("wangwu-pass-1")
    admin.locator("#pa-new-create").click()
    outcome = admin.locator("#pa-accounts-outcome")
    within(outcome, "创建账户").to_contain_text("已创建坐席账户 王五（wangwu）", timeout=WAIT)
    expect(accounts).to_contain_text("wangwu")
    admin.locator("#pa-new-create").click()  # the same name again: refused in Chinese
    within(outcome, "拒绝重名").to_contain_text("已存在", timeout=WAIT)
    target = admin.get_by_label("用户名（点选表格行填入）")
    target.fill("wangwu")
    admin.locator("#pa-acct-disable").click()
    within(outcome, "停用账户").to_contain_text("已停用", timeout=WAIT)
    assert staff_server.staff.accounts.get("wangwu").disabled
    admin.locator("#pa-acct-enable").click()
    within(outcome, "启用账户").to_contain_text("已启用", timeout=WAIT)
    admin.locator("#pa-acct-unlock").click()
    within(outcome, "解除锁定").to_contain_text("已解除登录锁定", timeout=WAIT)
    admin.locator("#pa-acct-reset").click()
    within(outcome, "重置密码").to_contain_text("新密码：", timeout=WAIT)
    shot(admin, "1-admin")

    for user in (OFFICER, REVIEWER):
        page = officer_page(context_factory, staff_server, user)
        expect(page.get_by_role("tab", name="通话记录")).to_be_visible()
        expect(page.get_by_role("tab", name="账号管理")).to_be_hidden()
        expect(page.locator("#pa-accounts-table")).to_be_hidden()
        expect(page.locator("#pa-new-create")).to_be_hidden()
        shot(page, f"2-{user}-no-accounts-tab")
    assert staff_server.staff.accounts.get("wangwu") is not None
