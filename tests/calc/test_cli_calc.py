"""``policy-assistant calc`` through the real dispatcher, ``assistant.cli.main(argv)``."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from assistant.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _corpus(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(CORPUS))
    monkeypatch.delenv("ASSISTANT_AS_OF", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["calc", *argv, "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


@pytest.mark.parametrize(
    ("argv", "total"),
    [
        (["--measure", "6", "--base", "1200000"], 600_000),
        (["--measure", "6", "--base", "6000000"], 2_000_000),
        (["--measure", "5", "--base", "20000000"], 6_000_000),
        (["--measure", "5", "--base", "50000000"], 10_000_000),
        (["--measure", "12", "--base", "50000000"], 1_000_000),
        (["--measure", "2", "--tier", "小巨人"], 1_000_000),
        (["--measure", "3"], 300_000),
        (["--measure", "第6条", "--base", "一百二十万元"], 600_000),
        (["--measure", "4", "--tier", "国家级联盟"], 2_000_000),
    ],
)
def test_issue_examples(capsys: pytest.CaptureFixture[str], argv: list[str], total: int) -> None:
    assert _json(capsys, *argv)["total_yuan"] == total


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "--measure", "6", "--base", "1200000", "--as-of", "2024-06-01")
    assert data == {
        "total_yuan": 600_000,
        "range_yuan": None,
        "items": [
            {
                "measure": "6",
                "label": "引进专利转化资金支持",
                "amount_yuan": 600_000,
                "formula": "专利及技术交易费 120万元 × 50%，上限200万元",
            }
        ],
        "notes": ["原文未写明200万元上限按每次引进还是按每家企业累计计算，本计算按单次引进〔第6条〕"],
        "trace": ["120万元 × 50% = 60万元，未超过上限200万元 → 60万元〔第6条〕"],
        "validity": {
            "as_of": "2024-06-01",
            "status": "valid",
            "valid_until": "2025-12-31",
            "document_status": "draft",
            "messages": ["本文件为征求意见稿，请以正式印发文件为准", "措施有效期至2025年12月31日"],
        },
    }


def test_measure_12_notes_the_end_of_the_incentive(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "--measure", "12", "--base", "50000000")
    assert any("2023-06-30" in n and "已结束" in n for n in data["notes"])


def test_as_of_from_settings(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_AS_OF", "2026-11-26")
    get_settings.cache_clear()
    data = _json(capsys, "--measure", "3")
    assert data["validity"]["status"] == "expired"
    assert "措施有效期至2025年12月31日，截至2026-11-26已过期" in data["validity"]["messages"]


def test_range_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "--measure", "14")
    assert data["total_yuan"] is None and data["range_yuan"] == [1_000_000, 20_000_000]


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "--measure", "2", "--tier", "小巨人", "--as-of", "2024-06-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("合计：100万元（1000000元）")
    assert "国家专精特新“小巨人”企业：一次性奖励 100万元〔第2条〕" in out
    assert "本文件为征求意见稿" in out


def test_text_output_for_a_range(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "--measure", "15"]) == 0
    assert capsys.readouterr().out.startswith("金额区间：5万元—20万元")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--measure", "6", "--base", "-1200000"], "金额必须大于0"),
        (["--measure", "6", "--base", "0"], "金额必须大于0"),
        (["--measure", "6", "--base", "100000000000000000000"], "金额过大"),
        (["--measure", "6", "--base", "abc"], "无法识别的金额"),
        (["--measure", "99"], "没有“99”"),
        (["--measure", "2", "--tier", "大巨人"], "没有“大巨人”"),
        (["--measure", "2"], "请指定档次"),
        (["--measure", "6"], "请提供计算基数"),
        (["--measure", "3", "--as-of", "2024-13-01"], "日期格式"),
        (["--measure", "3", "--doc", "nope"], "没有找到文档"),
    ],
)
def test_bad_input_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["calc", *argv, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("错误：") and message in captured.err
    assert "Traceback" not in captured.err


def test_several_rule_files_need_doc(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "rules").mkdir(parents=True)
    for name in ("baotou-zjtx-2023.txt", "baotou-zjtx-2023.yaml", "rules/baotou-zjtx-2023.yaml"):
        shutil.copy(CORPUS / name, corpus / name)
    (corpus / "rules" / "other-doc.yaml").write_text("doc_id: other-doc\n", encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    get_settings.cache_clear()
    assert main(["calc", "--measure", "3"]) == 2
    assert "--doc" in capsys.readouterr().err
    assert _json(capsys, "--measure", "3", "--doc", "baotou-zjtx-2023")["total_yuan"] == 300_000


def test_no_rule_files(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path))
    get_settings.cache_clear()
    assert main(["calc", "--measure", "3"]) == 2
    assert "没有规则库" in capsys.readouterr().err
