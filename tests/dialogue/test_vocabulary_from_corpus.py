"""A document's own words live next to it (corpus/<doc_id>.vocab.yaml), not in assistant/."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
VOCAB = ROOT / "corpus" / "baotou-zjtx-2023.vocab.yaml"
#: Package data the dialogue pipeline, the lexicon and the tokenizer read.
DATA = [*(ROOT / "assistant" / "dialogue").glob("*.yaml"), ROOT / "assistant" / "text" / "lexicon.yaml",
        ROOT / "assistant" / "index" / "policy_words.txt"]
CODE = [*(ROOT / "assistant" / "dialogue").rglob("*.py")]


def _document_words() -> set[str]:
    data = yaml.safe_load(VOCAB.read_text(encoding="utf-8"))
    values = {str(v) for cues in data["facts"].values() for _, v in cues if isinstance(v, str) and not v.isascii()}
    return set(data["lexicon"]) | values


def test_the_documents_words_are_not_package_data() -> None:
    words = _document_words()
    for path in DATA:
        text = path.read_text(encoding="utf-8")
        assert not [w for w in words if w in text], path


def test_no_fact_of_one_document_is_written_into_the_code() -> None:
    data = yaml.safe_load(VOCAB.read_text(encoding="utf-8"))
    for path in CODE:
        text = path.read_text(encoding="utf-8")
        assert not [k for k in data["facts"] if k in text], path


def test_the_index_reads_the_documents_vocabulary(bot) -> None:  # type: ignore[no-untyped-def]
    assert "需量电费" in bot.index.lexicon.expand("充电站的容量电费")
    assert bot.index.tokenizer.is_word("先建后验")
