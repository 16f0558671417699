"""Load test: N concurrent `shop ask --json` processes against one OpenAI-compatible server, on loopback.

    .venv/bin/python benchmarks/bench_serve.py [--model smollm2-135m] [--clients 1 4 8]
        [--requests 8] [--max-seconds 300] [--base-url http://127.0.0.1:PORT/v1]

Starts llama-cpp-python's own server (`python -m llama_cpp.server`) on a free 127.0.0.1 port with the
model, unless --base-url names a server already running on this machine (loopback addresses only).
For each N, runs --requests whole `shop ask --json` processes, N at a time, over a fixed mix of
English and Chinese requests; stops starting new ones after --max-seconds. Prints requests/s, p50 and
p95 latency, failures, and garbled replies: a stdout that is not one JSON object, a citation outside
the reply's own products, or another request's product named in the answer.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from llama_server import launch, wait_ready  # noqa: E402

from shopcli.llm.models import resolve  # noqa: E402

QUERIES = (
    "red dress under $80",
    "wireless earbuds for running under $100",
    "我想买一款适合运动的蓝牙耳机，预算300元以内",
    "something to keep me warm while jogging",
    "cheapest sony headphones",
    "给我推荐一双200元以内的跑鞋",
    "best rated laptop over $2000",
    "black backpack for school",
)


@dataclass(frozen=True)
class Result:
    seconds: float
    ok: bool
    garbled: str  # why the reply is garbled, or ""
    data: dict  # type: ignore[type-arg]


def ask(url: str, query: str, env: dict[str, str], timeout: float) -> Result:
    cmd = [sys.executable, "-m", "shopcli", "ask", "--json", "--limit", "5", "--backend", "openai",
           "--base-url", url, query]  # fmt: skip
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, env=env, cwd=REPO, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Result(time.perf_counter() - started, False, "", {})
    took = time.perf_counter() - started
    if proc.returncode != 0:
        return Result(took, False, "", {"error": proc.stderr.decode("utf-8", "replace").strip()[-300:]})
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        return Result(took, True, "stdout is not one JSON object", {})
    n = len(data.get("products", []))
    bad = [c for c in data.get("citations", []) if not 1 <= c <= n]
    return Result(took, True, f"cites {bad} of {n} products" if bad else "", data)


def crossed(results: list[Result]) -> int:
    """Replies whose answer names a product that only another request's table showed."""
    names = {p["name"] for r in results for p in r.data.get("products", [])}
    count = 0
    for r in results:
        own = {p["name"] for p in r.data.get("products", [])}
        answer = r.data.get("answer", "")
        count += any(name in answer for name in names - own if len(name) > 12)
    return count


def level(url: str, clients: int, requests: int, max_s: float, env: dict[str, str]) -> tuple[float, ...]:
    deadline = time.perf_counter() + max_s
    queries = [QUERIES[i % len(QUERIES)] for i in range(requests)]
    started = time.perf_counter()

    def one(query: str) -> Result | None:
        left = deadline - time.perf_counter()
        return ask(url, query, env, timeout=max(left, 1) + 60) if left > 0 else None

    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = [r for r in pool.map(one, queries) if r is not None]
    wall = time.perf_counter() - started
    done = [r for r in results if r.ok]
    lat = sorted(r.seconds for r in done) or [0.0]
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
    garbled = sum(bool(r.garbled) for r in done) + crossed(done)
    for r in results:
        if not r.ok or r.garbled:
            print(f"  ! {r.garbled or r.data.get('error', 'timed out')}", file=sys.stderr)
    failures = len(results) - len(done)
    return (clients, len(results), len(done) / wall, statistics.median(lat), p95, failures, garbled, wall)


def loopback(url: str) -> str:
    host = urlsplit(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise SystemExit(f"bench_serve.py talks to loopback servers only, not {host!r}")
    return url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="smollm2-135m")
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    ap.add_argument("--requests", type=int, default=8, help="requests per level (at least N)")
    ap.add_argument("--max-seconds", type=float, default=300, help="per level: start no request after this")
    ap.add_argument("--base-url", help="an already running server on this machine")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    env = {**os.environ, "SHOPCLI_HOME": str(home), "COLUMNS": "160"}
    server = None
    if args.base_url:
        url = loopback(args.base_url)
    else:
        server = launch(resolve(args.model, REPO / "models"), home / "server.log", alias=args.model)
        if problem := wait_ready(server):
            raise SystemExit(problem)
        url = server.url
    try:
        print(f"server {url} ({args.model}); each request is a whole `shop ask --json` process\n")
        head = ("clients", "requests", "req/s", "p50 s", "p95 s", "failures", "garbled", "wall s")
        print("".join(f"{h:>10}" for h in head))
        for n in args.clients:
            row = level(url, n, max(args.requests, n), args.max_seconds, env)
            print("".join(f"{v:>10.2f}" if isinstance(v, float) else f"{v:>10}" for v in row), flush=True)
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main()
