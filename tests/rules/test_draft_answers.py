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


@pytest.mark.parametrize(
    ("question", "yuan", "shown"),
    [
        # a bracket by the fixed-asset investment, the rate on the local fiscal contribution
        ("柳河县特色农业项目，固定资产投资正好5000万元，年度地方财政贡献100万元，奖励多少？", 700_000, "× 70%"),
        ("柳河县医药企业新建GAP中药材种植基地300亩，能拿多少种植基地奖励？", 30_000, "100元/亩"),  # per unit in a bracket
        ("柳河县新建重点产业项目第4年地方财政贡献2000万元，绩效奖励是多少？", 10_000_000, "× 50%"),  # 后3年
        ("天河区港澳青年企业在孵化载体年租金24万元，三年租金补贴最多一共多少？", 150_000, "× 3年"),  # capped per year
        ("天河区港澳青年在基地企业连续就业满1年、没住人才公寓，住房补贴最多能领多少？", 36_000, "× 24个月"),
    ],
)
def test_a_computed_figure_shows_how_and_the_sentence_it_was_read_from(bot: Any, question: str, yuan: int,
                                                                       shown: str) -> None:
    r = bot.ask(question, as_of="2024-01-01")
    assert r.calculation is not None and r.calculation["total_yuan"] == yuan, r.answer
    assert "计算：" in r.answer and shown in r.answer, r.answer
    assert "原文：“" in r.answer, r.answer


def test_tiers_named_by_quotes_are_priced(bot: Any) -> None:
    r = bot.ask("天河区港澳青年企业实现“股上市”，奖励多少？", as_of="2024-01-01")
    assert r.calculation is not None and r.calculation["total_yuan"] == 500_000, r.answer
