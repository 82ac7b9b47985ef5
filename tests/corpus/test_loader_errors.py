"""Files the loader must refuse, with the file and the reason named."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import load_document
from assistant.corpus.loader import decode_bytes
from assistant.errors import CorpusError

SAMPLE = "关于印发某市支持措施的通知\n一、总体要求\n1.奖励。对企业给予10万元奖励。(市工信局负责)\n"


def test_gb18030_and_bom_decode_alike(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SAMPLE.encode("gb18030"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    a, b = load_document(tmp_path / "a.txt"), load_document(tmp_path / "b.txt")
    assert [p.text for p in a.provisions] == [p.text for p in b.provisions]
    assert a.get("1").departments == ("市工信局",)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "文件为空"),
        (b"   \n\n", "文件为空"),
        (b"\xff\xfe\x00\xd8\x00\x00\xff", "无法识别文件编码"),
    ],
)
def test_bad_files_name_the_file_and_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as err:
        load_document(path)
    assert reason in err.value.message
    assert "bad" in err.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="不存在"):
        load_document(tmp_path / "nope.txt")


def test_decode_refuses_binary_noise() -> None:
    with pytest.raises(CorpusError):
        decode_bytes(bytes(range(128, 256)) * 3, "x.bin")


def test_text_without_numbering_is_cut_into_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "flat.txt"
    path.write_text("只是一段没有编号的文字，没有任何条款。\n第二段也没有编号。\n", encoding="utf-8")
    doc = load_document(path)
    assert [(p.measure, p.label, p.kind) for p in doc.provisions] == [("p1", "第1段", "paragraph"),
                                                                       ("p2", "第2段", "paragraph")]
    assert any("无编号" in o for o in doc.oddities)


@pytest.mark.parametrize("junk", ["第\n条\n", "（\n）\n附件\n附件\n", "一、\n一、\n1.\n1.\n", "①\nA.\n第零条\n"])
def test_odd_fragments_never_raise_anything_but_corpus_errors(tmp_path: Path, junk: str) -> None:
    path = tmp_path / "junk.txt"
    path.write_text(junk, encoding="utf-8")
    try:
        doc = load_document(path)
    except CorpusError as exc:
        assert "junk" in exc.message
    else:
        assert len(doc.measure_ids) == len(set(doc.measure_ids))
