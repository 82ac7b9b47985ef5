"""The one place that imports jieba: a private tokenizer with the domain's words.

jieba splits policy terms badly without help (应纳税所得额 → 年应/纳税/所得额), so the
tokenizer is given words drawn from the corpus — quoted terms (“小巨人”, “揭榜挂帅”),
book titles, department names, provision titles — and a base lexicon of policy terms.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tempfile
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.text.normalize import normalize_text

if TYPE_CHECKING:
    from assistant.index.prefix_dict import PrefixDict

_BASE_WORDS = Path(__file__).with_name("policy_words.txt")
_TOKEN = re.compile(r"[\u4e00-\u9fa5]+|[a-z0-9]+(?:\.[0-9]+)?", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"《]([^”\"》]{2,12})[”\"》]")
STOPWORDS = frozenset(
    "的 了 和 与 及 或 对 在 是 为 有 我 我们 你 你们 他们 企业 公司 这个 那个 什么 怎么 怎样 如何 吗 呢 吧 啊 呀 "
    "哪些 哪个 能 能不能 可以 可不可以 多少 多少钱 一下 请问 请 想 要 给 被 把 就 都 也 还 又 等 按 按照 "
    "其 该 之 以 于 并 将 由 从 到 中 上 下 个 些 一 不 没有 没 有没有 是否 政策 支持 相关".split()
)


#: Load jieba's whole dictionary when a tokenizer is made (:func:`load_whole_dictionary`).
_WHOLE_DICTIONARY = False


def load_whole_dictionary() -> None:
    """From now on, tokenizers load jieba's whole dictionary at once: for a process that will
    cut many texts (a server), rather than look words up one by one and load it later."""
    global _WHOLE_DICTIONARY
    _WHOLE_DICTIONARY = True


class Tokenizer:
    """Tokens for BM25: jieba's search-mode words, lower-cased, without stopwords.

    jieba's prefix dictionary (about 500,000 words and prefixes) is not loaded at start —
    unmarshalling it took most of a second of every command. It is read from a SQLite copy
    in ``cache_dir`` (:class:`~assistant.index.prefix_dict.PrefixDict`), one look-up per
    substring jieba asks about, and loaded whole once many texts are cut (an ingest) or at
    once in a serving process (:func:`load_whole_dictionary`). The tokens are the same either way.

    Example:
        >>> tok = Tokenizer(["小巨人"])
        >>> "小巨人" in tok.tokens("刚评上小巨人能奖多少钱")
        True
    """

    def __init__(self, words: Iterable[str] = (), cache_dir: Path | None = None) -> None:
        jieba = _import_jieba()

        self._lock = threading.Lock()
        self._jieba = jieba.Tokenizer()
        cache = cache_dir or Path(tempfile.gettempdir())
        cache.mkdir(parents=True, exist_ok=True)
        self._jieba.tmp_dir = str(cache)
        self._jieba.cache_file = "jieba.policy-assistant.cache"
        jieba.setLogLevel(60)
        self.dictionary_stamp = ""
        self.words = sorted({w for w in {*base_words(), *words} if 2 <= len(w) <= 12})
        with self._lock:
            self._prefixes = self._open_prefix_dict(jieba, cache)
            if self._prefixes is not None and _WHOLE_DICTIONARY:
                self._adopt(self._prefixes.load_all())
            if self._prefixes is not None:
                self._prefixes.prefetch(w[:i] for w in self.words for i in range(1, len(w) + 1))
            for word in self.words:
                self._jieba.add_word(word, freq=50_000)

    def _open_prefix_dict(self, jieba: Any, cache: Path) -> PrefixDict | None:
        """jieba's default dictionary from the SQLite copy in ``cache`` (made from jieba's own
        prefix dictionary the first time); None when that cannot be used."""
        from assistant.index.prefix_dict import PrefixDict, build_prefix_dict

        dict_file = Path(jieba.__file__).with_name("dict.txt")
        try:
            st = dict_file.stat()
        except OSError:
            return None
        stamp = self.dictionary_stamp = hashlib.sha256(
            f"{jieba.__version__}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()[:16]
        path = cache / f"jieba-prefix-{stamp}.sqlite"
        found = PrefixDict.open(path)
        if found is None:  # first use of this cache dir: jieba loads its dictionary as it always did,
            self._jieba.initialize()  # and the copy is written for the next process
            build_prefix_dict(path, self._jieba.FREQ, self._jieba.total)
            return None
        self._jieba.FREQ, self._jieba.total = found, found.total
        self._jieba.initialized = True
        return found

    @property
    def signature(self) -> str:
        """What the tokens depend on besides the code: jieba's dictionary and the added words."""
        h = hashlib.sha256(f"{self.dictionary_stamp}\0{len(self.words)}".encode())
        for word in self.words:
            h.update(word.encode() + b"\0")
        return h.hexdigest()

    def load_dictionary(self) -> None:
        """Load jieba's whole prefix dictionary now: many texts are about to be cut."""
        if self._prefixes is not None:
            with self._lock:
                self._adopt(self._prefixes.load_all())

    def _adopt(self, complete: dict[str, int]) -> None:
        """Give jieba the plain dict once the prefix dictionary is complete (faster look-ups)."""
        self._jieba.FREQ = complete
        self._prefixes = None

    def is_word(self, text: str, min_freq: int = 1) -> bool:
        """Whether jieba's dictionary knows ``text`` as a word (seen at least ``min_freq`` times)."""
        return (self._jieba.FREQ.get(text) or 0) >= min_freq

    def tokens(self, text: str) -> list[str]:
        text = normalize_text(text).lower()
        out: list[str] = []
        for run in _TOKEN.findall(text):
            if run.isascii():
                out.append(run)
                continue
            with self._lock:
                words = self._jieba.lcut_for_search(run, HMM=True)
                if self._prefixes is not None and self._prefixes.wants_full_load:
                    self._adopt(self._prefixes.load_all())
            out.extend(w for w in words if w not in STOPWORDS and (len(w) > 1 or w in "奖补税费电地人"))
        return out


def _import_jieba() -> Any:
    """``import jieba`` without ``pkg_resources``: jieba 0.42 imports it only to open its own
    dictionary files and falls back to plain ``open`` without it; importing it costs ~0.3 s
    of every command's start-up (and a deprecation warning)."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    return jieba


@lru_cache(maxsize=1)
def base_words() -> tuple[str, ...]:
    lines = _BASE_WORDS.read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def domain_words(texts: Iterable[str]) -> set[str]:
    """Words a corpus teaches: quoted and book-title terms, departments, short titles."""
    words: set[str] = set()
    for text in texts:
        norm = normalize_text(text)
        words.update(m.strip() for m in _QUOTED.findall(norm))
        words.update(re.findall(r"[市省区县][\u4e00-\u9fa5]{1,6}(?:局|委|办|厅)", norm))
    return {w for w in words if re.fullmatch(r"[\u4e00-\u9fa5A-Za-z0-9+]{2,12}", w)}
