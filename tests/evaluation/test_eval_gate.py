"""The eval gate: thresholds decide the exit status; a missed one is named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.cli import main
from assistant.evaluation.runner import gate, load_thresholds
from assistant.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]


def _small_datasets(tmp: Path) -> Path:
    """A few cases of each kind, so the real runner finishes in seconds."""
    out = tmp / "datasets"
    out.mkdir()
    retrieval = yaml.safe_load((ROOT / "evals/datasets/retrieval_baotou.yaml").read_text(encoding="utf-8"))
    retrieval["cases"] = retrieval["cases"][:6]
    (out / "retrieval_baotou.yaml").write_text(yaml.safe_dump(retrieval, allow_unicode=True), encoding="utf-8")
    dialogue = yaml.safe_load((ROOT / "evals/datasets/dialogue_baotou.yaml").read_text(encoding="utf-8"))
    dialogue["cases"] = dialogue["cases"][:5]
    (out / "dialogue_baotou.yaml").write_text(yaml.safe_dump(dialogue, allow_unicode=True), encoding="utf-8")
    return out


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_cli_gate_passes_then_fails_on_an_impossible_threshold(env, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    datasets = _small_datasets(tmp_path)
    out = tmp_path / "report"
    lenient = tmp_path / "lenient.yaml"
    lenient.write_text("version: 1\ndialogue:\n  pass_rate: 0.5\n", encoding="utf-8")
    assert main(["eval", "--datasets", str(datasets), "--thresholds", str(lenient), "--out", str(out)]) == 0
    assert (out / "report.md").exists() and (out / "report.json").exists()
    assert list(out.glob("*.png")), "charts are written"
    impossible = tmp_path / "impossible.yaml"
    impossible.write_text("version: 1\ndialogue:\n  latency_p95_ms: 0.001\nretrieval:\n  hybrid_hit@1: 1.01\n",
                          encoding="utf-8")
    assert main(["eval", "--datasets", str(datasets), "--thresholds", str(impossible), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "latency" in printed and "hybrid hit@1" in printed


def test_gate_names_each_missed_threshold() -> None:
    report = {
        "dialogue": {"pass_rate": 0.9, "by_category": {"amount": {"rate": 0.95}}, "amount_exact": 0.97,
                     "citation_support": 1.0, "latency_ms": {"p95": 30.0}},
        "retrieval": {"methods": [{"mode": "bm25", "hit@1": 0.9}, {"mode": "dense", "hit@1": 0.8},
                                  {"mode": "hybrid", "hit@1": 0.85}]},
    }
    missed = gate(report, load_thresholds())
    text = "\n".join(missed)
    assert "dialogue.pass_rate" in text and "dialogue.amount" in text and "amount_exact" in text
    assert "hybrid hit@1 0.85 < bm25 0.9" in text
    assert not any("citation_support" in m for m in missed)
