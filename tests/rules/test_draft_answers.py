"""Answers on a document without a hand-reviewed rule file: the amount comes from the
rules drafted from its text, and the answer says so in one short caveat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.calc.result import DRAFTED_CAVEAT

EXTERNAL = Path(__file__).resolve().parents[3] / "shared" / "external"
DOCS = ["01_liuhe_2023_zhongdian_chanye_shishi_yijian.txt", "02_tianhe_2023_gangao_qingnian_chuangxin_chuangye_banfa.txt"]

pytestmark = pytest.mark.skipif(not all((EXTERNAL / d).is_file() for d in DOCS), reason="../shared/external absent")


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from assistant import Assistant, Settings
    from assistant.runtime import run_ingest

    data = tmp_path_factory.mktemp("data-drafted")
    empty = tmp_path_factory.mktemp("no-rules")  # no corpus/rules: every rule base is drafted
    run_ingest(Settings(data_dir=data), [EXTERNAL / d for d in DOCS])
    return Assistant.from_settings(Settings(data_dir=data, corpus_dir=empty))


@pytest.mark.parametrize(
    ("question", "yuan"),
    [
        ("柳河县初次认定为国家高新技术企业奖励多少", 200_000),
        ("柳河新列入省级专精特新中小企业奖励多少", 100_000),
        ("柳河在主板上市奖励多少", 3_000_000),
        ("天河港澳青年企业租金补贴，每年租金20万，能补多少", 50_000),  # 50% of 20万 = 10万, capped at 5万 a year
    ],
)
def test_amount_from_drafted_rules(bot: Any, question: str, yuan: int) -> None:
    r = bot.ask(question, as_of="2024-01-01")
    assert r.calculation is not None and r.calculation["total_yuan"] == yuan, r.answer
    assert r.calculation.get("drafted") is True
    assert r.caveats.count(DRAFTED_CAVEAT) == 1
