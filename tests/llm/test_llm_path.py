"""The optional LLM path through the real LangChain client against a local fake
OpenAI-compatible server, scripted per test: good, wrong amount, wrong citation, tool
calls, slow, error. Only a grounded answer is ever served."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from assistant import Assistant, Settings
from tests.support.server import Server

SCRIPT: list[dict[str, Any]] = []  # what the fake model does next, one entry per call
SEEN: list[dict[str, Any]] = []


def _completion(message: dict[str, Any]) -> dict[str, Any]:
    return {"id": "x", "object": "chat.completion", "created": int(time.time()), "model": "fake",
            "choices": [{"index": 0, "message": {"role": "assistant", **message},
                         "finish_reason": "tool_calls" if message.get("tool_calls") else "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


fake = FastAPI()


@fake.post("/v1/chat/completions")
async def completions(request: Request) -> JSONResponse:
    body = await request.json()
    SEEN.append(body)
    step = SCRIPT.pop(0) if SCRIPT else {"content": "（脚本已用完）"}
    if step.get("sleep"):
        await asyncio.sleep(step["sleep"])
    if step.get("status"):
        return JSONResponse({"error": {"message": "boom"}}, status_code=step["status"])
    return JSONResponse(_completion({k: v for k, v in step.items() if k in ("content", "tool_calls")}))


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    with Server(fake) as srv:
        yield f"{srv.url}/v1"


@pytest.fixture(scope="module")
def llm_bot(baotou_data_dir: Path, llm_url: str) -> Assistant:
    return Assistant.from_settings(Settings(data_dir=baotou_data_dir, llm_base_url=llm_url, llm_model="fake",
                                            llm_api_key="sk-test-secret", llm_timeout_s=2.0,
                                            state_secret="do-not-send-this-state-secret"))


@pytest.fixture(autouse=True)
def _reset() -> None:
    SCRIPT.clear()
    SEEN.clear()


Q = "我们刚评上小巨人，能拿多少？"


def test_grounded_answer_is_served(llm_bot: Assistant) -> None:
    SCRIPT.append({"content": "恭喜！新认定的国家专精特新“小巨人”企业可获一次性奖励100万元〔第2条〕。"})
    r = llm_bot.ask(Q, as_of="2026-11-26")
    assert r.answer.startswith("恭喜") and r.calculation["total_yuan"] == 1_000_000
    sent = json.dumps(SEEN, ensure_ascii=False)
    assert "do-not-send-this-state-secret" not in sent and r.state not in sent  # no secrets to the LLM


def test_wrong_amount_falls_back(llm_bot: Assistant) -> None:
    SCRIPT.append({"content": "新认定的小巨人企业可获一次性奖励500万元〔第2条〕。"})
    r = llm_bot.ask(Q, as_of="2026-11-26")
    assert "500万" not in r.answer and "100万元" in r.answer


def test_wrong_citation_falls_back(llm_bot: Assistant) -> None:
    SCRIPT.append({"content": "可获一次性奖励100万元〔第9条〕。"})
    r = llm_bot.ask(Q, as_of="2026-11-26")
    assert "第9条" not in r.answer and "〔第2条" in r.answer


def test_tool_calls_are_run_and_their_results_are_evidence(llm_bot: Assistant) -> None:
    SCRIPT.append({"content": None, "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "calculate_benefit",
                                                      "arguments": json.dumps({"measure": "6", "base": "120万元"})}}]})
    SCRIPT.append({"content": "按第6条，交易费120万元可获60万元资金支持〔第6条〕。"})
    r = llm_bot.ask("引进专利交易费120万能补多少", as_of="2026-11-26")
    assert r.answer.startswith("按第6条") and r.calculation["total_yuan"] == 600_000
    tool_messages = [m for m in SEEN[-1]["messages"] if m["role"] == "tool"]
    assert tool_messages and "600000" in tool_messages[0]["content"]


def test_slow_model_times_out_to_the_deterministic_answer(llm_bot: Assistant) -> None:
    SCRIPT.append({"sleep": 5, "content": "太慢了"})
    started = time.perf_counter()
    r = llm_bot.ask(Q, as_of="2026-11-26")
    assert time.perf_counter() - started < 4.5
    assert r.answer == deterministic(llm_bot)


def test_model_error_falls_back(llm_bot: Assistant) -> None:
    SCRIPT.append({"status": 500})
    r = llm_bot.ask(Q, as_of="2026-11-26")
    assert "100万元" in r.answer and r.citations[0].measure == "2"


def test_out_of_scope_never_reaches_the_model(llm_bot: Assistant) -> None:
    r = llm_bot.ask("帮我写一首诗")
    assert r.intent == "out_of_scope" and SEEN == []


def test_unplaced_follow_up_is_rewritten_then_answered_by_the_engine(llm_bot: Assistant) -> None:
    first = llm_bot.ask("自治区级的专精特新奖励是多少", as_of="2026-11-26")
    assert first.citations[0].measure == "2"
    SEEN.clear()
    SCRIPT.append({"content": "新认定的自治区“专精特新”中小企业能拿多少奖励？"})  # the rewrite
    SCRIPT.append({"content": "不对的金额999万元〔第2条〕"})                        # phrasing: rejected
    r = llm_bot.ask("俺们厂去年底那个区里头的牌子刚下来咧", state=first.state, as_of="2026-11-26")
    assert r.intent == "amount" and r.calculation["total_yuan"] == 500_000
    assert "999" not in r.answer and "50万元" in r.answer
    assert "第2条" in json.dumps(SEEN[0], ensure_ascii=False) and first.state not in json.dumps(SEEN, ensure_ascii=False)


def deterministic(bot: Assistant, question: str = Q) -> str:
    """The engine's own answer, without the LLM: what every rejected phrasing must give way to."""
    return bot.engine.respond(question, None, date(2026, 11, 26)).answer


def test_a_grounded_answer_in_chinese_numerals_is_served(llm_bot: Assistant) -> None:
    # 一百万元 is the calculator's 100万元, 第二条 is 第2条: the same facts, spelled another way
    SCRIPT.append({"content": "恭喜！小巨人企业可获一次性奖励一百万元〔第二条〕。"})
    r = llm_bot.ask(Q, as_of="2026-11-26")
    assert r.answer.startswith("恭喜") and "一百万元" in r.answer


@pytest.mark.parametrize("reply", [
    "小巨人企业可获一次性奖励一百万元，另加五十万元配套奖励〔第二条〕。",  # 150万 in words: no such total
    "小巨人企业可获一次性奖励一百万元，另加三十万〔第2条〕。",            # 三十万 is in no evidence
    "小巨人企业可获一次性奖励１００万元，最高可达壹佰伍拾万元〔第2条〕。",  # full-width, 大写 numerals
    "小巨人企业可获一次性奖励100万元，再给二百万元〔第2条〕。",
    "小巨人企业可获一次性奖励100万元，补贴比例为百分之八十〔第2条〕。",
    "小巨人企业可获一次性奖励1,500,000元〔第2条〕。",
])
def test_an_ungrounded_figure_in_any_spelling_falls_back(llm_bot: Assistant, reply: str) -> None:
    SCRIPT.append({"content": reply})
    r = llm_bot.ask(Q, as_of="2026-11-26")
    assert r.answer == deterministic(llm_bot), r.answer


@pytest.mark.parametrize("citation", ["〔四、(一)〕", "〔第5条(二)〕", "〔附件1 二〕", "〔第3段〕", "〔p3〕", "（详见来函）",
                                      "〔第二条、四（一）〕", "〔有关规定〕"])
def test_a_citation_that_was_not_retrieved_falls_back(llm_bot: Assistant, citation: str) -> None:
    # 四(一) is a measure of this very document, but the answer did not retrieve it
    SCRIPT.append({"content": f"小巨人企业可获一次性奖励100万元〔第2条〕，另见{citation}。"})
    r = llm_bot.ask(Q, as_of="2026-11-26")
    assert r.answer == deterministic(llm_bot), r.answer
    assert [c.measure for c in r.citations][:1] == ["2"]
