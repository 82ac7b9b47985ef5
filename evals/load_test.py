"""Bounded load test on 127.0.0.1: N concurrent clients for at most D seconds.

    python evals/load_test.py --clients 32 --seconds 30

Starts `policy-assistant serve` on a free local port (rate limits raised for the test),
sends a rotating mix of real questions (some with follow-up state), and reports
throughput, latency p50/p95/max, errors, and the server's memory before and after.
Only loopback is ever contacted; the loop stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

QUESTIONS = ["我们刚评上小巨人，能拿多少？", "外地高企搬到包头有补贴吗", "专利交易费400万能补多少", "充电站电费有什么优惠",
             "揭榜挂帅协议2000万资助多少", "这个政策现在还有效吗", "联系人是谁", "招不到工人怎么办", "今天天气怎么样",
             "我们是新认定的小巨人，又是从外地整体迁来的高企，证书有效，一共能拿多少"]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def client(url: str, deadline: float, latencies: list[float], errors: list[str], n: int) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        i, state = n, None
        while time.monotonic() < deadline:
            question = QUESTIONS[i % len(QUESTIONS)]
            started = time.perf_counter()
            try:
                r = await http.post("/api/chat", json={"message": question, "state": state if i % 3 else None})
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {r.text[:80]}")
                else:
                    state = r.json()["state"]
            except httpx.HTTPError as exc:
                errors.append(repr(exc))
            latencies.append((time.perf_counter() - started) * 1000)
            i += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30, help="at most 60")
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    args = parser.parse_args()
    seconds = min(args.seconds, 60)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(args.data_dir), "ASSISTANT_RATE_LIMIT_PER_IP": "10000000",
           "ASSISTANT_RATE_LIMIT_PER_CONVERSATION": "10000000"}
    server = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        httpx.post(f"{url}/api/chat", json={"message": "预热"}, timeout=30)
        before = rss_mb(server.pid)
        latencies: list[float] = []
        errors: list[str] = []
        deadline = time.monotonic() + seconds
        started = time.monotonic()

        async def run() -> None:
            await asyncio.gather(*(client(url, deadline, latencies, errors, n) for n in range(args.clients)))

        asyncio.run(run())
        elapsed = time.monotonic() - started
        after = rss_mb(server.pid)
        ordered = sorted(latencies)
        p = lambda q: ordered[max(0, int(q * len(ordered)) - 1)]  # noqa: E731
        print(f"clients {args.clients}, {elapsed:.1f} s, requests {len(latencies)}, errors {len(errors)}")
        print(f"throughput {len(latencies) / elapsed:.1f} req/s; latency p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, "
              f"max {ordered[-1]:.1f} ms, mean {statistics.mean(ordered):.1f} ms")
        print(f"server RSS {before:.0f} MB → {after:.0f} MB")
        for e in errors[:5]:
            print("  error:", e)
        return 1 if errors else 0
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
