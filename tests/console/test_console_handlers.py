"""Console handlers as plain functions over the real assistant (Baotou index), and the
Gradio console built and served without touching the network."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.console import handlers as h
from assistant.console.eval_job import EvalJob
from assistant.console.markup import md
from assistant.settings import Settings

DOC = "baotou-zjtx-2023"
XIAO_JU_REN = "我们刚评上小巨人，能拿多少？"


@pytest.fixture(scope="module")
def first_turn(bot: Any) -> tuple[h.History, str, str, str]:
    return h.consult(bot, XIAO_JU_REN, [], "", "")


# -- 咨询台 ---------------------------------------------------------------------------------


def test_consult_answers_and_shows_the_verbatim_clause_and_departments(bot: Any, first_turn: Any) -> None:
    history, state, evidence, _ = first_turn
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert history[0]["content"] == XIAO_JU_REN
    assert "100万元" in history[1]["content"]
    assert state
    clause = bot.index.provision(DOC, "2")
    for line in clause.text.splitlines():
        assert h.md(line) in evidence
    assert "分别给予20万元、50万元、100万元一次性奖励" in evidence
    for department in clause.departments:
        assert department in evidence
    assert "三、重点工作" in evidence  # the clause's place in the document
    assert "计算过程" in evidence and "一次性奖励 100万元" in evidence  # the calculation trace
    assert "征求意见稿" in evidence


def test_standard_answer_is_short_amount_first_then_basis_then_one_caveat(bot: Any, first_turn: Any) -> None:
    _, _, _, standard = first_turn
    response = bot.ask(XIAO_JU_REN)
    title = bot.index.document(DOC).document.title
    lines = standard.splitlines()
    assert len(lines) == 3, standard
    # the amount sentence leads: no status clause, no citation label
    assert lines[0] == "国家专精特新“小巨人”企业可获一次性奖励100万元。", standard
    assert lines[1] == f"依据：《{title}》第2条（引导“专精特新”发展）。"
    # the status, taken off the first line, is the one caveat
    day = bot.settings.today()
    if day > date(2025, 12, 31):
        assert lines[2] == f"提示：本文件为征求意见稿，已于2025年12月31日到期（截至{day.isoformat()}）。"
    assert lines[2].startswith("提示：本文件为征求意见稿")
    assert standard.count("到期") + standard.count("过期") <= 1  # the status once
    assert response.citations[0].quote not in standard  # the clause is in the evidence panel, not here
    assert "<" not in standard and "**" not in standard  # plain text, ready to paste
    assert len(standard) < 240


@pytest.mark.parametrize(("answer", "status", "rest"), [
    ("本文件为征求意见稿，有效期至2025年12月31日，截至2026-12-01已过期；按原文，某企业可获100万元。",
     "本文件为征求意见稿，已于2025年12月31日到期（截至2026-12-01）", "某企业可获100万元。"),
    ("该措施已于2025年12月31日到期；按原文，可获60万元。", "该措施已于2025年12月31日到期", "可获60万元。"),
    ("本文件为征求意见稿；可获20万元。", "本文件为征求意见稿", "可获20万元。"),
    ("国家级企业可获100万元；责任单位市工信局。", "", "国家级企业可获100万元；责任单位市工信局。"),
    ("本文件为征求意见稿。", "", "本文件为征求意见稿。"),
])
def test_the_status_clause_is_split_off_the_headline(answer: str, status: str, rest: str) -> None:
    from assistant.console.standard import split_status

    assert split_status(answer) == (status, rest)


def test_the_standard_answer_of_an_expired_draft_leads_with_the_amount(bot: Any) -> None:
    from assistant.console.standard import standard_answer

    answer = ("本文件为征求意见稿，有效期至2025年12月31日，截至2026-12-01已过期；按原文，"
              "国家专精特新“小巨人”企业可获一次性奖励100万元〔第2条 引导“专精特新”发展〕。\n责任单位：市工信局。")
    response = _response(answer, ["本文件为征求意见稿，请以正式印发文件为准"], {"total_yuan": 1000000})
    assert standard_answer(bot, response).splitlines() == [
        "国家专精特新“小巨人”企业可获一次性奖励100万元。",
        "提示：本文件为征求意见稿，已于2025年12月31日到期（截至2026-12-01）。"]


def test_standard_answer_of_a_clause_answer_names_the_clause_once(bot: Any) -> None:
    standard = h.consult(bot, "充电站电费有什么优惠", [], "", "")[3]
    assert not standard.startswith("根据") and "第18条" in standard.splitlines()[1]
    assert standard.count("第18条") == 1


def test_the_turn_carries_the_follow_ups_and_the_evidence_does_not_repeat_them(bot: Any) -> None:
    turn = h.consult_turn(bot, XIAO_JU_REN, [], "", "")
    assert turn.follow_up == bot.ask(XIAO_JU_REN).follow_up and turn.follow_up
    assert "来电人可能追问" not in turn.evidence


def _response(answer: str, caveats: list[str], calculation: Any = None) -> Any:
    from assistant.dialogue.types import ChatResponse

    return ChatResponse(answer=answer, intent="amount", caveats=caveats, calculation=calculation)


def test_the_headline_leads_with_the_calculated_amount() -> None:
    from assistant.console.standard import headline

    calc = {"total_yuan": 600000, "range_yuan": None}
    assert headline(_response("按交易费的50%计〔第6条 引进专利〕。责任单位：市科技局。", [], calc)) \
        == "金额：60万元。按交易费的50%计。"
    assert headline(_response("可获60万元〔第6条〕。其余略。", [], calc)) == "可获60万元。"
    span = {"total_yuan": None, "range_yuan": [1000000, 20000000]}
    assert headline(_response("按评审确定。", [], span)).startswith("金额：100万元—2000万元。")


@pytest.mark.parametrize(("caveats", "headline", "expected"), [
    (["本文件为征求意见稿，请以正式印发文件为准", "措施有效期至2025年12月31日，截至2026-11-26已过期"], "", 1),
    (["本文件为征求意见稿，请以正式印发文件为准", "措施有效期至2025年12月31日，截至2026-11-26已过期"],
     "该措施已于2025年12月31日到期；按原文，可获100万元。", 0),  # expiry already said: the draft is next
    (["措施有效期至2025年12月31日，截至2024-05-01仍在有效期内"], "", 0),
    (["需经评审"], "", 0),
    ([], "", None),
])
def test_the_one_caveat_that_matters(caveats: list[str], headline: str, expected: int | None) -> None:
    from assistant.console.standard import main_caveat

    assert main_caveat(caveats, headline) == ("" if expected is None else caveats[expected])


def test_a_follow_up_uses_the_state(bot: Any, first_turn: Any) -> None:
    history, state, _, _ = first_turn
    history2, state2, evidence2, standard2 = h.consult(bot, "这项支持由哪个部门负责？", history, state, "")
    assert len(history2) == 4 and history2[:2] == history
    assert state2 and state2 != state
    assert "市工信局" in history2[3]["content"]
    assert "第2条" in evidence2 and "第2条" in standard2
    # The same words without the conversation are not about measure 2 at all.
    _, _, alone, _ = h.consult(bot, "这项支持由哪个部门负责？", [], "", "")
    assert "第2条" not in alone


def test_the_as_of_date_changes_the_validity_caveat(bot: Any) -> None:
    _, _, evidence, standard = h.consult(bot, XIAO_JU_REN, [], "", "2024-05-01")
    assert "截至2024-05-01仍在有效期内" in evidence + standard
    assert "已过期" not in evidence and "已过期" not in standard
    assert "征求意见稿" in standard.replace("(征求意见稿)》", "")  # still valid then: the draft status matters


@pytest.mark.parametrize(("message", "as_of", "expected"), [
    ("小巨人能拿多少", "2024-13-01", "日期“2024-13-01”无法识别"),
    ("小巨人能拿多少", "明天", "YYYY-MM-DD"),
    ("小" * 501, "", "问题过长"),
])
def test_bad_input_is_a_chinese_message_in_the_chat(bot: Any, message: str, as_of: str, expected: str) -> None:
    history, state, evidence, standard = h.consult(bot, message, [], "keep-me", as_of)
    assert history[-1]["role"] == "assistant" and expected in history[-1]["content"]
    assert history[-1]["content"].startswith("⚠️")
    assert expected in evidence and standard == ""
    assert state == "keep-me"


def test_an_empty_message_changes_nothing(bot: Any) -> None:
    before = [{"role": "user", "content": "你好"}]
    history, state, evidence, standard = h.consult(bot, "   ", before, "token", "")
    assert history == before and state == "token" and standard == ""
    assert "请先输入" in evidence


def test_a_tampered_state_is_reported_and_dropped(bot: Any) -> None:
    history, state, evidence, _ = h.consult(bot, "小巨人能拿多少", [], "not-a-real-token", "")
    assert "会话状态" in history[-1]["content"] and "会话状态" in evidence
    assert state == ""
    history, state, _, _ = h.consult(bot, "小巨人能拿多少", history, state, "")
    assert "100万元" in history[-1]["content"] and state


def test_a_callers_html_is_echoed_as_text(bot: Any) -> None:
    message = "<img src=x onerror=alert(1)><script>alert(2)</script> 小巨人能拿多少"
    history, _, evidence, _ = h.consult(bot, message, [], "", "")
    shown = history[0]["content"]
    assert "<" not in shown and ">" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert "<img" not in evidence and "<script" not in evidence


def test_md_neutralises_markup() -> None:
    assert h.md("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert h.md("[点我](javascript:alert(1))") == "\\[点我\\](javascript:alert(1))"
    assert h.md("# 标题\n- 列表\n2. 列表") == "\\# 标题\n\\- 列表\n2\\. 列表"
    assert h.md("2.引导“专精特新”发展") == "2.引导“专精特新”发展"  # clause text stays verbatim


# -- 措施浏览 -------------------------------------------------------------------------------


def test_measure_rows_list_every_numbered_measure_with_amounts_departments_and_deadlines(bot: Any) -> None:
    rows = h.measure_rows(bot, "")
    assert all(len(r) == len(h.MEASURE_COLUMNS) for r in rows)
    by_id = {r[0]: r for r in rows}
    assert {str(n) for n in range(1, 22)} <= set(by_id)
    assert "四(一)" in by_id  # the no-double-reward clause is browsable too
    assert by_id["2"][1] == "引导“专精特新”发展"
    assert "国家专精特新“小巨人”企业100万元" in by_id["2"][2]
    assert "50%" in by_id["6"][2] and "200万元" in by_id["6"][2]
    assert by_id["2"][3].startswith("市工信局、市财政局")
    assert "2023-06-30" in by_id["12"][4] and "2025-12-31" in by_id["18"][4]
    assert by_id["7"][2] == ""  # no rule: no amount invented
    assert {r[5] for r in rows} == {DOC}


def test_measure_rows_filter_by_keyword(bot: Any) -> None:
    assert [r[0] for r in h.measure_rows(bot, "电费")] == ["18"]
    assert [r[0] for r in h.measure_rows(bot, "市科技局 200万元")] == ["4", "6"]  # every word must match
    giants = [r[0] for r in h.measure_rows(bot, "小巨人")]
    assert "2" in giants and "18" not in giants


def test_a_search_without_literal_match_falls_back_to_retrieval_and_says_so(bot: Any) -> None:
    rows, note = h.measure_table(bot, "充电桩 优惠")
    assert "没有条款直接包含" in note
    assert rows and rows[0][0] == "18"
    _, note = h.measure_table(bot, "<b>x</b>")
    assert "<b>" not in note


def test_measure_detail_shows_the_full_text_and_the_rules(bot: Any) -> None:
    detail = h.measure_detail(bot, DOC, "6")
    assert "企业引进专利并转化取得成效的,经评估,按专利及技术交易费的50%给予引进方不高于200万元的资金支持。" in detail
    assert "市市场监管局、市科技局、市财政局" in detail
    assert "引进专利转化资金支持" in detail and "申报主体" in detail
    assert "没有第 99 条" in h.measure_detail(bot, DOC, "99")
    assert "请在表格中点选" in h.measure_detail(bot, "", "")


def test_measure_detail_shows_each_rule_with_its_quote_and_where_it_comes_from(bot: Any, multi_index: Any,
                                                                              tmp_path: Any) -> None:
    from assistant.facade import Assistant
    from assistant.settings import Settings

    curated = h.measure_detail(bot, DOC, "2")
    assert "原文：“" in curated and "人工审核的规则文件" in curated and "自动解析" not in curated
    assert "100万元" in curated
    multi = Assistant(multi_index, Settings(data_dir=tmp_path))
    shown = 0
    for doc in multi.documents():
        if doc.doc_id == DOC:
            continue
        for v in multi.rules_for(doc.doc_id)[:3]:
            detail = h.measure_detail(multi, doc.doc_id, v.measure)
            # the drafted rule is marked as such, with the sentence it was read from
            assert "自动解析自原文" in detail and "人工审核的规则文件" not in detail, detail
            assert f"原文：“{md(v.quote)}”" in detail
            shown += 1
    assert shown >= 5


def test_measure_choices_name_measures_as_citations_do(bot: Any) -> None:
    choices = dict(h.measure_choices(bot))
    assert choices["第2条 引导“专精特新”发展"] == h.measure_key(DOC, "2")
    assert h.split_key(choices["四、(一) 强化组织领导"]) == (DOC, "四(一)")
    calculable = [h.split_key(k)[1] for _, k in h.measure_choices(bot, calculable=True)]
    assert calculable == ["2", "3", "4", "5", "6", "8", "12", "14", "15", "17", "18"]


# -- 计算器 ---------------------------------------------------------------------------------


def test_calculate_measure_6_on_120_wan(bot: Any) -> None:
    out = h.calculate(bot, DOC, "6", "", "120万元", "")
    assert out.startswith("### 合计：60万元（600000元）")
    assert "120万元 × 50%" in out and "计算过程" in out
    assert "征求意见稿" in out


@pytest.mark.parametrize(("base", "expected"), [
    ("-5", "金额必须大于0"),
    ("1" + "0" * 20, "金额过大"),
    ("abc", "无法识别"),
])
def test_calculate_rejects_bad_amounts_in_chinese(bot: Any, base: str, expected: str) -> None:
    out = h.calculate(bot, DOC, "6", "", base, "")
    assert out.startswith("⚠️") and expected in out


def test_calculate_explains_what_is_missing(bot: Any) -> None:
    assert "请指定档次" in h.calculate(bot, DOC, "2", "", "", "")
    assert "请提供计算基数" in h.calculate(bot, DOC, "6", "引进专利转化资金支持", "", "")
    assert "日期" in h.calculate(bot, DOC, "6", "", "120万元", "2024/01/01")
    assert "请先选择条款" in h.calculate(bot, DOC, "", "", "", "")
    assert "没有可计算的金额条款" in h.calculate(bot, "no-such-doc", "2", "", "", "")


def test_every_offered_tier_calculates(bot: Any) -> None:
    tiers = h.tiers_for(bot, DOC, "2")
    assert tiers == ["自治区创新型中小企业", "自治区“专精特新”中小企业", "国家专精特新“小巨人”企业"]
    amounts = [h.calculate(bot, DOC, "2", t, "", "2024-01-01").splitlines()[0] for t in tiers]
    assert amounts == ["### 合计：20万元（200000元）", "### 合计：50万元（500000元）", "### 合计：100万元（1000000元）"]
    assert "区间：100万元—2000万元" in h.calculate(bot, DOC, "14", h.tiers_for(bot, DOC, "14")[0], "", "")
    assert h.tiers_for(bot, DOC, "7") == []


# -- 评测报告 -------------------------------------------------------------------------------


def test_latest_report_without_a_report(tmp_path: Path) -> None:
    text, charts = h.latest_report(tmp_path / "missing")
    assert "尚无评测报告" in text and charts == []


def test_latest_report_escapes_quoted_questions_and_lists_charts(tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text("# 政策助手评测报告\n\n- 问：<img src=x onerror=alert(1)>\n", encoding="utf-8")
    (tmp_path / "latency.png").write_bytes(b"png")
    text, charts = h.latest_report(tmp_path)
    assert text.startswith("# 政策助手评测报告") and "<img" not in text and "&lt;img" in text
    assert charts == [str(tmp_path / "latency.png")]


def test_eval_job_runs_in_the_background_one_at_a_time(tmp_path: Path) -> None:
    ticked, release = threading.Event(), threading.Event()

    def runner(settings: Settings, out_dir: Path, progress: Any) -> list[str]:
        tick = progress("对话 dialogue_baotou.yaml", 2)
        tick()
        ticked.set()
        release.wait(10)
        (out_dir / "report.md").write_text("# 报告\n", encoding="utf-8")
        return ["holdout.pass_rate = 0.5，低于阈值 0.9"]

    job = EvalJob(Settings(data_dir=tmp_path), tmp_path / "report", runner)
    assert job.status() == "尚未在本次服务中运行评测。"
    assert job.start() is True
    assert job.start() is False  # already running
    assert ticked.wait(10)
    assert "评测进行中" in job.status() and "dialogue_baotou.yaml 1/2" in job.status()
    release.set()
    assert job.wait(10)
    assert job.status().startswith("评测完成") and "1 项阈值未通过" in job.status()
    assert h.latest_report(tmp_path / "report")[0] == "# 报告\n"


def test_eval_job_reports_a_failure(tmp_path: Path) -> None:
    def runner(settings: Settings, out_dir: Path, progress: Any) -> list[str]:
        raise RuntimeError("disk full")

    job = EvalJob(Settings(data_dir=tmp_path), tmp_path, runner)
    job.start()
    assert job.wait(10)
    assert job.status() == "评测失败：RuntimeError: disk full"


# -- the Gradio console ----------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Fail any connection that is not to this machine."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
            attempts.append(address)
            raise OSError(f"network access attempted: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts
    assert attempts == []


def test_build_console_makes_blocks_without_network(bot: Any, no_network: list[Any], tmp_path: Path) -> None:
    import gradio as gr

    from assistant.console.ui import build_console

    demo = build_console(bot, bot.settings, tmp_path)
    assert isinstance(demo, gr.Blocks)
    labels = {b.label for b in demo.blocks.values() if isinstance(b, gr.Tab)}
    assert labels == {"咨询台", "通话记录", "纠错", "热点问题", "措施浏览", "计算器", "评测报告", "账号管理"}


def test_mounted_console_serves_only_local_assets(bot: Any, no_network: list[Any], tmp_path: Path) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from assistant.console.ui import mount_console

    app = mount_console(FastAPI(), bot, bot.settings, report_dir=tmp_path)
    with TestClient(app) as client:
        page = client.get("/console/")
        theme = client.get("/console/theme.css")
    assert page.status_code == 200 and "政策助手 · 热线坐席控制台" in page.text
    assert theme.status_code == 200 and "Noto Sans CJK SC" in theme.text
    for text in (page.text, theme.text):
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    assert "@import url(http" not in theme.text


def test_the_console_mounts_before_the_assistant_exists_and_takes_any_gate(bot: Any, tmp_path: Path) -> None:
    """Mounted at app creation (so Gradio's queue starts with the app), with an assistant that is
    still opening and a gate of the caller's own (``auth_dependency``)."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from assistant.console.locale import SCRIPT
    from assistant.console.tabs import guarded
    from assistant.console.ui import mount_console
    from assistant.errors import IndexUnavailableError

    ready: list[Any] = []

    def resolve() -> Any:
        if not ready:
            raise IndexUnavailableError("服务正在启动，请稍后再试")
        return ready[0]

    def gate(request: Any) -> str | None:
        return "officer-7" if request.headers.get("x-officer") == "7" else None

    app = mount_console(FastAPI(), resolve, bot.settings, auth_dependency=gate, report_dir=tmp_path)
    assert "服务正在启动" in guarded(resolve, lambda b: "ready")
    ready.append(bot)
    assert guarded(resolve, lambda b: "ready") == "ready"
    with TestClient(app) as client:
        assert client.get("/console/config").status_code == 401
        config = client.get("/console/config", headers={"x-officer": "7"})
        assert config.status_code == 200 and "咨询台" in config.text
        page = client.get("/console/", headers={"x-officer": "7"})
        assert page.status_code == 200 and '<html lang="zh-CN"' in page.text.replace("\n\t", " ")
        assert page.text.find("<script") == page.text.find(SCRIPT.decode()) > 0  # before any of Gradio's
