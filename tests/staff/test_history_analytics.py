"""Call history (linked by the conversation id in the state token) and the callers' reports."""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from assistant.dialogue.state import peek_conversation
from assistant.dialogue.types import ChatResponse
from assistant.staff.analytics import DAILY_COLUMNS, MEASURE_COLUMNS, Analytics, to_csv
from assistant.staff.history import History, record_turn
from assistant.storage import Store

BEIJING = timezone(timedelta(hours=8))
FULL_WIDTH = str.maketrans("0123456789*", "".join(chr(0xFF10 + i) for i in range(10)) + chr(0xFF0A))


@dataclass(frozen=True)
class Scored(ChatResponse):
    confidence: float | None = None


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "app.db")


def test_the_state_token_carries_one_conversation_id_across_turns(bot) -> None:  # type: ignore[no-untyped-def]
    first = bot.ask("小巨人奖励多少")
    second = bot.ask("这个找哪个部门", state=first.state)
    other = bot.ask("小巨人奖励多少")
    cid = peek_conversation(first.state)
    assert cid and cid == peek_conversation(second.state) == bot.codec.decode(second.state).conversation
    assert peek_conversation(other.state) != cid
    assert peek_conversation("garbage") == "" and peek_conversation(None) == ""


def test_turns_link_up_and_are_found_by_every_filter(bot, store: Store) -> None:  # type: ignore[no-untyped-def]
    yesterday = datetime.now(BEIJING) - timedelta(days=1)
    first = bot.ask("我电话13812345678，小巨人奖励多少")
    record_turn(store, message="我电话13812345678，小巨人奖励多少", response=first, at=yesterday.timestamp())
    second = bot.ask("这个找哪个部门", state=first.state)
    record_turn(store, message="这个找哪个部门", response=second, request_state=first.state,
                at=yesterday.timestamp() + 60)
    store.add_feedback(rating=-1, message="这个找哪个部门", answer=second.answer, comment="不清楚", state=second.state)
    today = bot.ask("你们管不管养老保险")
    record_turn(store, message="你们管不管养老保险", response=today, channel="console", officer="zhangsan")

    history = History(store)
    day = yesterday.date()
    found = history.search(date_from=day, date_to=day)
    assert len(found) == 1
    summary = found[0]
    assert summary.turns == 2 and summary.thumbs_down == 1 and "2" in summary.measures
    assert "13812345678" not in summary.first_message and "138****5678" in summary.first_message
    assert [s.conversation for s in history.search(text="小巨人")] == [summary.conversation]
    wide = "138****5678".translate(FULL_WIDTH)
    assert [s.conversation for s in history.search(text=wide)] == [summary.conversation]  # width-insensitive
    assert [s.conversation for s in history.search(measure="2", intent="department")] == [summary.conversation]
    assert [s.conversation for s in history.search(feedback="down")] == [summary.conversation]
    assert [s.officers for s in history.search(feedback="none")] == [["zhangsan"]]
    assert [s.channel for s in history.search(channel="console")] == ["console"]
    assert history.search(date_from=day + timedelta(days=1), intent="amount") == []
    assert history.search(text="13812345678")  # a search for the number finds the masked call

    conv = history.conversation(summary.conversation)
    assert conv is not None and [t.message for t in conv.turns][1] == "这个找哪个部门"
    turn = conv.turns[0]
    assert turn.citations[0]["measure"] == "2" and turn.citations[0]["quote"] and turn.total_yuan == 1000000
    assert "13812345678" not in turn.message
    assert conv.turns[1].feedback[0]["rating"] == -1 and conv.turns[1].feedback[0]["comment"] == "不清楚"
    assert history.turn(turn.id) == turn and history.conversation("nope") is None


def test_reports_by_measure_not_covered_confidence_thumbs_down_and_day(bot, store: Store) -> None:  # type: ignore[no-untyped-def]
    now = time.time()
    for i, q in enumerate(["小巨人奖励多少", "小巨人能拿多少钱", "专利交易费120万元能补多少"]):
        clear = Scored(**{**bot.ask(q).__dict__, "confidence": 0.9})  # the engine's own figure is not the point here
        record_turn(store, message=q, response=clear, at=now - 86400 + i)
    for q in ["你们管不管养老保险", "你们管不管 养老保险"]:
        record_turn(store, message=q, response=bot.ask(q), at=now)
    base = bot.ask("小巨人奖励多少")
    record_turn(store, message="小巨人?", response=Scored(**{**base.__dict__, "confidence": 0.2}), at=now)
    store.add_feedback(rating=-1, message="小巨人?", answer="…", comment="=HYPERLINK(\"x\")", state=None, at=now)
    store.add_feedback(rating=1, message="q", answer="a", comment=None, state=None, at=now)

    analytics = Analytics(store, low_confidence_below=0.5)
    top = analytics.top_measures()
    assert (top[0]["measure"], top[0]["asked"]) == ("2", 3) and top[0]["title"]
    not_covered = analytics.not_covered()
    assert len(not_covered) == 1 and not_covered[0]["asked"] == 2  # same question, spaced differently
    low = analytics.low_confidence()
    assert [r["question"] for r in low] == ["小巨人?"] and low[0]["confidence"] == 0.2
    assert [r["comment"] for r in analytics.thumbs_down()] == ['=HYPERLINK("x")']
    days = analytics.by_day()
    assert sum(d["questions"] for d in days) == 6 and sum(d["thumbs_down"] for d in days) == 1
    assert sum(d["not_covered"] for d in days) == 2 and sum(d["low_confidence"] for d in days) == 1
    today = datetime.now(BEIJING).date()
    assert [d["day"] for d in analytics.by_day(date_from=today, date_to=today)] == [today.isoformat()]
    assert analytics.top_measures(date_from=today)[0]["asked"] == 1
    assert set(analytics.summary()) == {"measures", "not_covered", "low_confidence", "thumbs_down", "daily"}

    text = to_csv(analytics.by_day(), DAILY_COLUMNS)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == list(DAILY_COLUMNS) and len(rows) == len(days) + 1
    measures = list(csv.DictReader(io.StringIO(to_csv(top, MEASURE_COLUMNS).lstrip("\ufeff"))))
    assert measures[0]["measure"] == "2" and len(measures[0]["last_at"]) == 19
    bad = to_csv(analytics.thumbs_down(), ("comment",))
    assert "'=HYPERLINK" in bad  # no formula injection into a spreadsheet


def test_date_filters_count_days_in_beijing_time(store: Store) -> None:
    history = History(store, utc_offset_hours=8)
    start, end = history.day_bounds(date(2026, 11, 30))
    assert datetime.fromtimestamp(start, BEIJING).hour == 0 and end - start == 86400
    late = datetime(2026, 11, 30, 23, 30, tzinfo=BEIJING).timestamp()  # 15:30 UTC, still the 30th in Beijing
    store.add_transcript(state=None, message="深夜来电", intent="greeting", answer="您好", citations=[],
                         total_yuan=None, conversation="c-late", at=late)
    assert [s.conversation for s in history.search(date_from=date(2026, 11, 30), date_to=date(2026, 11, 30))] == ["c-late"]
    assert history.search(date_from=date(2026, 12, 1)) == []
