"""The staff workflow through a real server: an officer answers a caller, finds yesterday's
call, flags an answer and corrects it; another person approves; the next caller asking the
same question gets the correction with its citation; withdrawn, it is no longer served."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.api import create_app
from assistant.api.schemas import ChatResponseOut
from assistant.settings import Settings
from assistant.staff.history import record_turn
from assistant.storage import Store
from assistant.text.normalize import contains_verbatim
from tests.staff.support import add_staff, login

BEIJING = timezone(timedelta(hours=8))
QUESTION = "我们评上了小巨人，奖励多少？"
CORRECTED = "国家专精特新“小巨人”企业可获一次性奖励100万元〔第2条〕；申报以市工信局当年通知为准。"


@pytest.fixture(scope="module")
def srv(bot, baotou_data_dir: Path, tmp_path_factory, server_class) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=baotou_data_dir, console_password="hotline-secret", rate_limit_per_ip=10_000)
    app = create_app(settings, bot=bot, store=Store(tmp_path_factory.mktemp("staff-flow") / "app.db"), console=False)
    add_staff(app, ("zhangsan", "officer", "张三"), ("lisi", "reviewer", "李四"))
    with server_class(app) as server:
        server.app = app
        yield server


def test_an_officer_answers_a_caller_and_finds_yesterdays_call(srv, bot) -> None:  # type: ignore[no-untyped-def]
    store = srv.app.state.store
    yesterday = datetime.now(BEIJING) - timedelta(days=1)
    first = bot.ask("我手机13912345678，专利交易费120万元能补多少")
    record_turn(store, message="我手机13912345678，专利交易费120万元能补多少", response=first, at=yesterday.timestamp())
    follow = bot.ask("这个找哪个部门", state=first.state)
    record_turn(store, message="这个找哪个部门", response=follow, request_state=first.state,
                at=yesterday.timestamp() + 30)

    with login(srv.url, "zhangsan") as officer:
        answered = officer.post("/api/staff/ask", json={"message": "小巨人奖励多少"})
        assert answered.status_code == 200
        ChatResponseOut.model_validate(answered.json())
        day = yesterday.date().isoformat()
        found = officer.get("/api/staff/history", params={"q": "专利", "date_from": day, "date_to": day}).json()
        assert len(found) == 1 and found[0]["turns"] == 2 and "6" in found[0]["measures"]
        assert "13912345678" not in found[0]["first_message"] and "139****5678" in found[0]["first_message"]
        conv = officer.get(f"/api/staff/history/{found[0]['conversation']}").json()
        assert [t["message"] for t in conv["turns"]][1] == "这个找哪个部门"
        cited = conv["turns"][0]["citations"][0]
        assert cited["measure"] == "6" and contains_verbatim(bot.index.provision(cited["doc_id"], "6").text, cited["quote"])
        mine = officer.get("/api/staff/history", params={"channel": "console"}).json()
        assert mine[0]["officers"] == ["zhangsan"]
        assert officer.get("/api/staff/history/unknown").status_code == 404
        bad = officer.get("/api/staff/history", params={"date_from": "yesterday"})
        assert bad.status_code == 422 and set(bad.json()) == {"code", "message"}


def test_flag_correct_approve_serve_withdraw(srv, bot) -> None:  # type: ignore[no-untyped-def]
    caller = httpx.Client(base_url=srv.url, timeout=30)
    original = caller.post("/api/chat", json={"message": QUESTION}).json()
    assert original["answer"] != CORRECTED
    with login(srv.url, "zhangsan") as officer, login(srv.url, "lisi") as reviewer:
        conv = officer.get("/api/staff/history", params={"q": "评上了小巨人"}).json()[0]
        turn = officer.get(f"/api/staff/history/{conv['conversation']}").json()["turns"][0]

        invented = officer.post("/api/staff/corrections", json={
            "question": QUESTION, "answer": "小巨人企业可获一次性奖励150万元。", "measure": "2", "turn_id": turn["id"]})
        assert invented.status_code == 422 and invented.json()["code"] == "amount_not_supported"
        assert "150万元" in invented.json()["message"]

        made = officer.post("/api/staff/corrections", json={
            "question": QUESTION, "answer": CORRECTED, "measure": "第2条", "turn_id": turn["id"]})
        assert made.status_code == 200, made.text
        correction = made.json()
        assert correction["author"] == "zhangsan" and correction["status"] == "pending"
        assert correction["intent"] == original["intent"]
        cid = correction["id"]

        self_approval = officer.post(f"/api/staff/corrections/{cid}/approve")
        assert self_approval.status_code == 403  # an officer cannot approve, least of all their own
        own = reviewer.post("/api/staff/corrections", json={"question": "小巨人？", "answer": "见第2条。", "measure": "2"})
        refused = reviewer.post(f"/api/staff/corrections/{own.json()['id']}/approve")
        assert refused.status_code == 403 and refused.json()["code"] == "self_approval"

        approved = reviewer.post(f"/api/staff/corrections/{cid}/approve", json={"note": "已核对原文"})
        assert approved.status_code == 200
        assert approved.json()["reviewer"] == "lisi" and approved.json()["status"] == "approved"

        # the next caller, spacing and width of their own
        for variant in ("我们评上了 小巨人，奖励多少?", "我们评上了小巨人奖励多少", "我们评上了小巨人，奖励多少？ "):
            served = httpx.post(f"{srv.url}/api/chat", json={"message": variant}, timeout=30).json()
            ChatResponseOut.model_validate(served)
            assert served["answer"] == CORRECTED
            assert [c["measure"] for c in served["citations"]] == ["2"]
            quote = served["citations"][0]["quote"]
            assert quote and contains_verbatim(bot.index.provision(served["citations"][0]["doc_id"], "2").text, quote)
            follow = httpx.post(f"{srv.url}/api/chat", json={"message": "这个找哪个部门", "state": served["state"]},
                                timeout=30).json()
            assert follow["intent"] == "department" and "市工信局" in follow["answer"]
        console = officer.post("/api/staff/ask", json={"message": QUESTION}).json()
        assert console["answer"] == CORRECTED
        served_turns = [r for r in srv.app.state.store.rows("transcript") if r["correction_id"] == cid]
        assert len(served_turns) == 4 and {r["channel"] for r in served_turns} == {"widget", "console"}

        withdrawn = officer.post(f"/api/staff/corrections/{cid}/withdraw", json={"note": "口径调整"})
        assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_by"] == "zhangsan"
        again = caller.post("/api/chat", json={"message": QUESTION}).json()
        assert again["answer"] != CORRECTED and again["answer"] == original["answer"]
        trail = [(e["action"], e["actor"]) for e in officer.get(f"/api/staff/corrections/{cid}").json()["events"]]
        assert trail == [("created", "zhangsan"), ("approved", "lisi"), ("withdrawn", "zhangsan")]
        assert all(e["at"] for e in withdrawn.json()["events"])
        listed = officer.get("/api/staff/corrections", params={"status": "withdrawn"}).json()
        assert [c["id"] for c in listed] == [cid]
        assert officer.post(f"/api/staff/corrections/{cid}/approve").status_code == 403
        assert reviewer.post(f"/api/staff/corrections/{cid}/approve").json()["code"] == "bad_status"
        assert officer.get("/api/staff/corrections/99999").status_code == 404
    caller.close()


def test_what_callers_ask_as_json_and_csv(srv) -> None:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=srv.url, timeout=30) as caller:
        for q in ("你们管不管养老保险", "你们管不管 养老保险", "小巨人奖励多少"):
            r = caller.post("/api/chat", json={"message": q}).json()
        caller.post("/api/feedback", json={"rating": -1, "message": "小巨人奖励多少", "answer": r["answer"],
                                           "comment": "想知道怎么申报", "state": r["state"]})
    with login(srv.url, "zhangsan") as officer:
        summary = officer.get("/api/staff/analytics").json()
        assert any(m["measure"] == "2" for m in summary["measures"])
        assert any(q["question"].startswith("你们管不管") and q["asked"] >= 2 for q in summary["not_covered"])
        assert summary["thumbs_down"][0]["comment"] == "想知道怎么申报"
        today = datetime.now(BEIJING).date().isoformat()
        assert summary["daily"][-1]["day"] == today and summary["daily"][-1]["thumbs_down"] >= 1
        downs = officer.get("/api/staff/history", params={"feedback": "down"}).json()
        assert downs and downs[0]["thumbs_down"] == 1

        exported = officer.get("/api/staff/analytics/not_covered.csv", params={"date_from": today, "date_to": today})
        assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
        assert "attachment" in exported.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert rows and rows[0]["question"].startswith("你们管不管") and int(rows[0]["asked"]) >= 2
        daily = officer.get("/api/staff/analytics/daily.csv").content.decode("utf-8-sig").splitlines()
        assert daily[0] == "day,questions,conversations,not_covered,low_confidence,thumbs_up,thumbs_down"
        assert officer.get("/api/staff/analytics/secrets.csv").status_code == 422
    assert httpx.get(f"{srv.url}/api/staff/analytics/daily.csv", timeout=30).status_code == 401
