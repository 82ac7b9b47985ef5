"""Reading policy files: decoding, metadata, parsing, coverage.

    >>> doc = load_document(Path("corpus/baotou-zjtx-2023.txt"))
    >>> doc.get("2").departments[:2]
    ('市工信局', '市财政局')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from assistant.corpus.layout import unwrap_head
from assistant.corpus.metadata import infer_document, load_metadata
from assistant.corpus.models import ParsedDocument, PolicyDocument
from assistant.corpus.parser import parse_provisions
from assistant.errors import CorpusError

MAX_FILE_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt",)


def decode_bytes(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{name}：无法识别文件编码（支持 UTF-8、GB18030/GBK）") from exc
    if not re.search(r"[\u4e00-\u9fa5]", text):
        raise CorpusError(f"{name}：无法识别文件编码（支持 UTF-8、GB18030/GBK）")
    return text


def doc_id_for(path: Path) -> str:
    """The document id of a file: its name without suffix, lower-case, safe characters only."""
    stem = re.sub(r"[^0-9A-Za-z_\-]+", "-", path.stem).strip("-").lower()
    if not stem:
        raise CorpusError(f"{path.name}：文件名无法生成文档编号，请使用字母、数字、短横线命名")
    return stem


def read_text(path: Path) -> str:
    if not path.exists():
        raise CorpusError(f"{path}：文件不存在")
    if not path.is_file():
        raise CorpusError(f"{path}：不是文件")
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise CorpusError(f"{path.name}：文件过大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB）")
    text = decode_bytes(data, path.name)
    if not text.strip():
        raise CorpusError(f"{path.name}：文件为空")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_document(text: str, doc_id: str, *, meta_path: Path | None = None, source: str = "",
                   path: str = "") -> ParsedDocument:
    """Parse ``text`` into provisions; metadata from ``meta_path`` when given, else inferred."""
    lines = unwrap_head(text.split("\n"))
    provisional = PolicyDocument(doc_id=doc_id, title="", source=source)
    parsed = parse_provisions(provisional, lines)
    if not parsed.provisions:
        raise CorpusError(f"{source or doc_id}：未找到正文（既没有条款，也没有段落）")
    seg = parsed.segments
    cover = lines[seg.cover[0] : seg.cover[1]] if seg.cover else []
    document = infer_document(doc_id, text, lines[seg.title[0] : seg.title[1]], lines[seg.top : seg.body_start],
                              source, cover_lines=cover, restated=lines[seg.restated[0] : seg.restated[1]])
    if meta_path is not None and meta_path.exists():
        document = load_metadata(meta_path, document)
    return ParsedDocument(document, text, tuple(parsed.provisions), tuple(parsed.title_lines),
                          tuple(parsed.dropped), path, tuple(parsed.oddities), parsed.unplaced)


def load_document(path: Path) -> ParsedDocument:
    """Read, decode and parse one policy file; ``<stem>.yaml`` beside it is its metadata."""
    text = read_text(path)
    meta = path.with_suffix(".yaml")
    return parse_document(text, doc_id_for(path), meta_path=meta if meta.exists() else None, source=str(path),
                          path=str(path))


def discover(paths: Iterable[Path]) -> list[Path]:
    """Policy text files named by ``paths`` (files, or directories searched one level deep)."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise CorpusError(f"{path}：路径不存在")
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix in TEXT_SUFFIXES))
        else:
            found.append(path)
    if not found:
        raise CorpusError("没有找到政策文本文件（.txt）")
    return found
