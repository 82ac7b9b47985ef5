"""One formatter: the command line, the console and the API show a calculation with the
same strings — the amount, the measure label, every trace line — all made by
:mod:`assistant.calc.display`, none by the face itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.calc.display import CalculationView, amount_text, display_strings, range_text
from assistant.cli import main
from assistant.console import handlers as h
from assistant.settings import Settings, get_settings
from assistant.storage import Store

ROOT = Path(__file__).resolve().parents[2]
DOC = "baotou-zjtx-2023"
DAY = "2025-06-30"

#: (measure, tier, base): a percentage with a cap, one tier of a tiered benefit, a range.
CASES = [("6", None, "120万元"), ("2", "国家专精特新“小巨人”企业", None), ("14", None, None)]


@pytest.fixture(scope="module")
def api(bot: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=bot.settings.data_dir, console_password="s3cret-test")
    app = create_app(settings, bot=bot, store=Store(tmp_path_factory.mktemp("app") / "app.db"), console=False)
    with TestClient(app) as client:
        yield client


@pytest.fixture()
def cli_env(bot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(ROOT / "corpus"))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(bot.settings.data_dir))
    monkeypatch.delenv("ASSISTANT_AS_OF", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _strings(calc: dict[str, Any]) -> list[str]:
    """What every face must show of a calculation: the headline, each item's amount and label, each step."""
    items = calc["items"]
    return [calc["headline"], *(i["measure_label"] for i in items), *(i["amount_text"] for i in items if i["amount_text"]),
            *calc["trace"]]


@pytest.mark.parametrize(("measure", "tier", "base"), CASES)
def test_calc_is_shown_alike_by_cli_console_and_api(api: TestClient, cli_env: None, capsys: pytest.CaptureFixture[str],
                                                    bot: Any, measure: str, tier: str | None, base: str | None) -> None:
    body = {"measure": measure, "doc_id": DOC, "as_of": DAY, **({"tier": tier} if tier else {}),
            **({"base": base} if base else {})}
    calc = api.post("/api/calc", json=body).json()
    assert calc["amount_text"] and calc["headline"] and calc["trace"]
    assert all(i["measure_label"] == f"第{measure}条" for i in calc["items"])
    argv = ["calc", "--measure", measure, "--doc", DOC, "--as-of", DAY, *(["--tier", tier] if tier else []),
            *(["--base", base] if base else [])]
    cli = _cli(capsys, *argv)
    console = h.calculate(bot, DOC, measure, tier or "", base or "", DAY)
    for text in _strings(calc):
        assert text in cli, (text, cli)
        assert h.md(text) in console, (text, console)
    assert cli.splitlines()[0] == calc["headline"]
    assert console.splitlines()[0] == f"### {h.md(calc['headline'])}"


def test_a_range_reads_the_same_everywhere(api: TestClient, cli_env: None, capsys: pytest.CaptureFixture[str],
                                           bot: Any) -> None:
    # Before: the CLI said 具体金额按规定确定, the console 具体金额按规定评审确定, the widget 经评审确定.
    calc = api.post("/api/calc", json={"measure": "14", "doc_id": DOC, "as_of": DAY}).json()
    assert calc["headline"] == "金额区间：100万元—2000万元（具体金额按规定确定）"
    assert calc["amount_note"] == "具体金额按规定确定" and calc["total_yuan"] is None
    assert _cli(capsys, "calc", "--measure", "14", "--as-of", DAY).startswith(calc["headline"])
    assert h.calculate(bot, DOC, "14", "", "", DAY).startswith(f"### {calc['headline']}")


def test_an_answer_is_shown_alike_by_cli_console_and_api(api: TestClient, cli_env: None,
                                                         capsys: pytest.CaptureFixture[str], bot: Any) -> None:
    question = "我们刚评上小巨人，能拿多少？"
    data = api.post("/api/chat", json={"message": question, "as_of": DAY}).json()
    calc = data["calculation"]
    assert calc["headline"] == "合计：100万元（1000000元）" and calc["amount_text"] == "100万元"
    assert calc["status_tag"] == "征求意见稿 · 按原文测算"
    cli = _cli(capsys, "ask", question, "--as-of", DAY)
    evidence = h.consult_turn(bot, question, [], "", DAY).evidence
    for text in _strings(calc):
        assert text in cli, (text, cli)
        assert h.md(text) in evidence, (text, evidence)
    # the answer's calculation and the calculator's own endpoint say the same
    direct = api.post("/api/calc", json={"measure": "2", "tier": "小巨人", "doc_id": DOC, "as_of": DAY}).json()
    for key in ("amount_text", "amount_note", "headline", "status_tag", "trace"):
        assert direct[key] == calc[key], key
    assert [(i["measure_label"], i["amount_text"]) for i in direct["items"]] == \
        [(i["measure_label"], i["amount_text"]) for i in calc["items"]]
    # citations are named as everywhere else (〔第2条 …〕), not by their id (〔2〕)
    label = data["citations"][0]["label"]
    assert label == "第2条" and f"依据：〔{label} {data['citations'][0]['title']}〕" in cli


def test_display_strings_are_made_from_the_numbers_alone() -> None:
    assert amount_text(1_300_000, None) == "130万元"
    assert amount_text(None, [50_000, 200_000]) == "5万元—20万元"
    assert range_text(0, 3_000_000) == "最高300万元"  # an upper bound, not "0元—300万元"
    assert range_text(200_000, 200_000) == "20万元"
    total = display_strings({"total_yuan": 600_000, "range_yuan": None,
                             "items": [{"measure": "6", "label": "x", "amount_yuan": 600_000, "formula": "f"}]})
    assert (total["headline"], total["amount_note"]) == ("合计：60万元（600000元）", "600000元")
    assert total["items"][0] == {"measure": "6", "label": "x", "amount_yuan": 600_000, "formula": "f",
                                 "measure_label": "第6条", "amount_text": "60万元"}
    assert display_strings(total) == total  # idempotent
    labelled = display_strings(total, {"6": "第六条"}, "已过期 · 按原文测算")
    assert labelled["items"][0]["measure_label"] == "第六条" and labelled["status_tag"] == "已过期 · 按原文测算"
    assert total["items"][0]["measure_label"] == "第6条"  # a copy: the input is left as it was
    options = display_strings({"total_yuan": None, "range_yuan": None, "items": [], "alternatives": [[{}], [{}]]})
    assert options["headline"] == "不同情形、不合计，请说明适用哪一项" and options["amount_text"] == ""
    nothing = CalculationView.of({"total_yuan": None, "range_yuan": None, "items": []})
    assert nothing.headline == "无可计算的金额" and nothing.lines() == ["无可计算的金额"]


def test_the_widget_formats_no_money_of_its_own() -> None:
    widget = (ROOT / "assistant" / "web" / "widget.js").read_text(encoding="utf-8")
    for formatter in ("function formatYuan", "function formatRange", "function fullYuan", "function measureLabel",
                      "'万元'", "'第' +"):
        assert formatter not in widget, formatter
    for shown in ("calc.amount_text", "calc.amount_note", "it.measure_label", "it.amount_text", "calc.trace"):
        assert shown in widget, shown
