"""The console's staff pages as plain functions over real staff services (a temp ``app.db``) and the
real assistant: 通话记录, 纠错, 热点问题, 账号管理 and the 咨询台's ask through StaffServices."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from assistant.console import admin, asks, calls, fixes
from assistant.console import handlers as h
from assistant.console.session import require, whoami
from assistant.errors import PolicyAssistantError
from assistant.settings import Settings
from assistant.staff.history import record_turn
from assistant.staff.services import StaffServices
from assistant.staff.throttle import user_key
from assistant.storage import Store

DOC = "baotou-zjtx-2023"
Q = "我们刚评上小巨人，能拿多少？"
FIXED = "国家专精特新“小巨人”企业可获一次性奖励100万元（第2条），须为新认定企业。"


@pytest.fixture()
def staff(tmp_path: Path) -> StaffServices:
    services = StaffServices.build(Settings(data_dir=tmp_path, console_password="admin-pass-1"),
                                   Store(tmp_path / "app.db"))
    services.bootstrap()
    services.accounts.add("zhangsan", "officer-pass-1", role="officer", display_name="张三")
    services.accounts.add("lisi", "officer-pass-1", role="reviewer", display_name="李四")
    return services


def officer(staff: StaffServices, name: str) -> Any:
    return staff.accounts.require(name)


def console_ask(bot: Any, staff: StaffServices, who: str, message: str) -> h.Turn:
    me = officer(staff, who)
    return h.consult_turn(bot, message, [], "", "", ask=lambda m, s, d: staff.ask(bot, m, s, d, officer=me))


# -- 咨询台 through the staff services ---------------------------------------------------------


def test_the_console_ask_is_recorded_with_the_officer(bot: Any, staff: StaffServices) -> None:
    turn = console_ask(bot, staff, "zhangsan", Q)
    assert "100万元" in turn.history[-1]["content"] and turn.response is not None
    [found] = staff.history.search(text="小巨人")
    assert found.officers == ["zhangsan"] and found.channel == "console"


# -- 通话记录 -------------------------------------------------------------------------------


def test_call_history_finds_yesterdays_call_masked_and_opens_it(bot: Any, staff: StaffServices) -> None:
    yesterday = datetime.now(staff.history.tz) - timedelta(days=1)
    said = "电话13812345678，小巨人能拿多少"
    record_turn(staff.store, message=said, response=bot.ask(said), channel="widget", at=yesterday.timestamp())
    console_ask(bot, staff, "zhangsan", Q)
    day = yesterday.date().isoformat()
    rows, note = calls.search_calls(staff, text="小巨人", date_from=day, date_to=day)
    assert len(rows) == 1 and "共 1 通会话" in note
    row = dict(zip(calls.CALL_COLUMNS, rows[0], strict=True))
    assert row["渠道"] == "网页" and "138****5678" in row["首个问题"] and "13812345678" not in str(rows)
    assert row["引用条款"] == "2" and row["意图"] == "金额"
    detail = calls.conversation_markdown(staff, row["会话"])
    assert "第 1 轮" in detail and "第2条" in detail and "一次性奖励" in detail and "13812345678" not in detail
    assert len(calls.search_calls(staff, text="小巨人")[0]) == 2
    assert len(calls.search_calls(staff, measure=h.measure_key(DOC, "2"))[0]) == 2
    assert len(calls.search_calls(staff, measure="第2条", intent="amount", feedback="none")[0]) == 2
    assert calls.search_calls(staff, feedback="down")[0] == []


def test_call_history_refuses_a_bad_date_in_chinese(staff: StaffServices) -> None:
    with pytest.raises(PolicyAssistantError, match="开始日期“昨天”无法识别"):
        calls.search_calls(staff, date_from="昨天")
    assert "请在上方表格中点选" in calls.conversation_markdown(staff, "")
    assert "没有这条通话记录" in calls.conversation_markdown(staff, "nope")


# -- 纠错 ----------------------------------------------------------------------------------


def test_flag_review_and_serve_a_correction(bot: Any, staff: StaffServices) -> None:
    turn = console_ask(bot, staff, "zhangsan", Q)
    key = h.measure_key(DOC, "2")
    refused = fixes.flag(bot, staff, officer(staff, "zhangsan"), question=Q, answer="可获500万元。", measure=key)
    assert refused.startswith("⚠️") and "既未写在所引条款" in refused
    assert fixes.flag(bot, staff, officer(staff, "zhangsan"), question=Q, answer=FIXED, measure="") \
        == "⚠️ 请选择更正所引的条款。"
    done = fixes.flag(bot, staff, officer(staff, "zhangsan"), question=Q, answer=FIXED, measure=key,
                      turn_id=None, note=turn.standard[:20])
    assert done.startswith("✓ 已提交更正 #1") and "第2条" in done
    [row] = fixes.correction_rows(bot, staff, "pending")
    assert row[:2] == [1, "待审核"] and row[4] == "第2条" and row[5] == "zhangsan"
    assert "只有审核员或管理员" in fixes.review(staff, officer(staff, "zhangsan"), 1, "approve")
    assert "已批准" in fixes.review(staff, officer(staff, "lisi"), "1", "approve", "核对无误")
    detail = fixes.correction_detail(bot, staff, 1)
    assert "zhangsan · 提交" in detail and "lisi · 批准：核对无误" in detail and "已生效" in detail
    served = staff.ask(bot, "我们刚评上 小巨人 ， 能拿多少?", channel="widget")
    assert served.answer == FIXED and served.citations[0].measure == "2"
    assert "已撤回" in fixes.review(staff, officer(staff, "zhangsan"), 1, "withdraw")
    assert staff.ask(bot, Q, channel="widget").answer != FIXED
    assert "不能撤回" in fixes.review(staff, officer(staff, "lisi"), 1, "withdraw")
    assert "请先在列表中点选" in fixes.review(staff, officer(staff, "lisi"), None, "approve")
    assert "没有编号为 9 的更正" in fixes.correction_detail(bot, staff, 9)


# -- 热点问题 -------------------------------------------------------------------------------


def test_analytics_page_tables_charts_and_csv(bot: Any, staff: StaffServices) -> None:
    for message in (Q, Q, "专利引进交易费120万能补多少", "今天天气怎么样"):
        console_ask(bot, staff, "zhangsan", message)
    page = asks.analytics_page(staff)
    assert "共 4 个问题" in page.summary and "问得最多的是第2条（2 次）" in page.summary
    assert page.tables["measures"][0][:3] == ["第2条", "引导“专精特新”发展", 2]
    assert page.tables["not_covered"][0][0] == "今天天气怎么样"
    assert list(page.measures_chart.columns) == ["条款", "被问次数"] and page.measures_chart["被问次数"].iloc[0] == 2
    assert set(page.daily_chart["指标"]) == set(asks.SERIES.values())
    assert page.daily_chart["日期"].nunique() == 7  # a week at least, quiet days as 0
    for name, path in page.csv.items():
        text = Path(path).read_text(encoding="utf-8")
        assert text.startswith("\ufeff" + ",".join(asks.REPORTS[name])), name
    empty = asks.analytics_page(staff, "2020-01-01", "2020-01-02")
    assert empty.summary.endswith("暂无来电记录。") and empty.tables["measures"] == []
    with pytest.raises(PolicyAssistantError, match="结束日期"):
        asks.analytics_page(staff, "", "12/01")


# -- 账号管理 -------------------------------------------------------------------------------


def test_only_an_admin_manages_accounts(staff: StaffServices) -> None:
    boss, clerk = officer(staff, "hotline"), officer(staff, "zhangsan")
    assert admin.create_account(staff, clerk, "wangwu", "王五", "officer", "wangwu-pass-1") == admin.REFUSED
    assert admin.account_rows(staff, clerk) == []
    assert admin.account_action(staff, clerk, "lisi", "disable") == admin.REFUSED
    assert admin.reset_password(staff, officer(staff, "lisi"), "zhangsan", "") == admin.REFUSED
    made = admin.create_account(staff, boss, "wangwu", "王五", "reviewer", "")
    assert made.startswith("✓ 已创建审核员账户 王五（wangwu）") and "初始密码：" in made
    assert "已存在" in admin.create_account(staff, boss, "wangwu", "", "officer", "wangwu-pass-1")
    assert "密码至少 8 位" in admin.create_account(staff, boss, "zhaoliu", "", "officer", "short")
    assert "已停用" in admin.account_action(staff, boss, "wangwu", "disable")
    assert staff.accounts.require("wangwu").disabled
    assert "已启用" in admin.account_action(staff, boss, "wangwu", "enable")
    assert "不能停用自己" in admin.account_action(staff, boss, "hotline", "disable")
    for _ in range(staff.settings.login_lockout_after):
        staff.throttle.failed([user_key("wangwu")])
    assert any(r[0] == "wangwu" and r[4].startswith("锁定至") for r in admin.account_rows(staff, boss))
    assert "已解除登录锁定" in admin.account_action(staff, boss, "wangwu", "unlock")
    assert staff.throttle.check([user_key("wangwu")]) is None
    assert "新密码：" in admin.reset_password(staff, boss, "wangwu", "")
    assert "已重置" in admin.reset_password(staff, boss, "wangwu", "wangwu-pass-2")
    assert staff.accounts.verify("wangwu", "wangwu-pass-2") is not None
    assert "没有用户" in admin.account_action(staff, boss, "nobody", "unlock")


def test_session_helpers(staff: StaffServices) -> None:
    with pytest.raises(PolicyAssistantError, match="坐席账户服务未启用"):
        require(None)
    assert whoami(None) == "未识别当前坐席。"
    assert whoami(officer(staff, "lisi")).startswith("当前坐席：李四（lisi） · 审核员")
