"""``policy-assistant rules draft`` / ``rules check`` through ``main(argv)``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from assistant.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_rules_draft_writes_reviewable_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "draft.yaml"
    assert main(["rules", "draft", "baotou-zjtx-2023", "--dir", str(ROOT / "corpus"), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["doc_id"] == "baotou-zjtx-2023" and len(data["rules"]) >= 10
    assert "# 原文：对新认定的自治区创新型中小企业" in text  # each rule with its source sentence
    assert "条规则" in capsys.readouterr().err


def test_rules_draft_to_stdout_from_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "draft", str(ROOT / "corpus" / "baotou-zjtx-2023.txt")]) == 0
    assert "schema_version: 1" in capsys.readouterr().out


def test_rules_draft_unknown_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "draft", "no-such-doc", "--dir", str(ROOT / "corpus")]) == 2
    assert "没有找到文档" in capsys.readouterr().err


def test_rules_check_reports_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check", "--dir", str(ROOT / "corpus")]) == 0
    assert "✓ baotou-zjtx-2023.yaml" in capsys.readouterr().out
    corpus = tmp_path / "corpus"
    (corpus / "rules").mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "baotou-zjtx-2023.txt", corpus)
    good = (ROOT / "corpus" / "rules" / "baotou-zjtx-2023.yaml").read_text(encoding="utf-8")
    (corpus / "rules" / "baotou-zjtx-2023.yaml").write_text(good.replace("amount: 100万元", "amount: 110万元"),
                                                            encoding="utf-8")
    assert main(["rules", "check", "--dir", str(corpus)]) == 1
    out = capsys.readouterr().out
    assert "✗ baotou-zjtx-2023.yaml" in out and "未出现在引文中" in out and "1 个未通过" in out


def test_a_saved_draft_passes_rules_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "rules").mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "baotou-zjtx-2023.txt", corpus)
    out = corpus / "rules" / "baotou-zjtx-2023.yaml"
    assert main(["rules", "draft", "baotou-zjtx-2023", "--dir", str(corpus), "--out", str(out)]) == 0
    assert main(["rules", "check", "--dir", str(corpus)]) == 0
    assert "✓ baotou-zjtx-2023.yaml" in capsys.readouterr().out
