"""Per-turn latency of a scripted conversation, next to the raw llama.cpp speeds of the same model
measured in the same run, so shopcli's overhead is a ratio (not a timed test). Then one-shot
`shop ask` as whole processes: first-token time without and with the saved prefix state.

    .venv/bin/python benchmarks/bench_turns.py [--model qwen2.5-coder-1.5b] [--threads N]
        [--gpu-layers N] [--oneshot-runs 5]

One-shot rows (medians of --oneshot-runs processes, times from `shop ask --stats`, which counts
from the CLI module's import; the wall column is the whole process, interpreter start included):
  no saved state   the data dir cannot hold a state: the prefix is evaluated every time (as before)
  first run        an empty data dir: the prefix is evaluated, then saved (once per model)
  saved state      the prefix's KV cells are read back from the data dir
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shopcli import advisor  # noqa: E402
from shopcli.intent import Intent  # noqa: E402
from shopcli.llm import grammar, prompts  # noqa: E402
from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams  # noqa: E402
from shopcli.llm.models import resolve  # noqa: E402
from shopcli.schema import Product  # noqa: E402
from shopcli.store.catalog import Catalog  # noqa: E402
from shopcli.understand import hybrid  # noqa: E402
from shopcli.understand.followup import refine  # noqa: E402
from shopcli.understand.rules import parse  # noqa: E402

TURNS = (
    "red dress under 80",
    "in blue",
    "cheaper",
    "something to keep me warm while jogging",
    "我想买一款适合运动的蓝牙耳机，预算300元以内",
    "再便宜一点",
)


def raw_speeds(backend: LlamaCppBackend) -> tuple[float, float]:
    """llama.cpp alone: prompt tokens/s over a 400-token prompt, generated tokens/s over 64 tokens."""
    llama = backend.llama
    tokens = llama.tokenize(("The quick brown fox jumps over the lazy dog. " * 40).encode())[:400]
    llama.reset()
    started = time.perf_counter()
    llama.eval(tokens)
    prompt_tps = len(tokens) / (time.perf_counter() - started)
    llama.reset()
    short = llama.tokenize(b"Write a long story about a shop.")  # ~8 prompt tokens: timing is generation
    started, n = time.perf_counter(), 0
    for _tok in llama.generate(short, temp=0.0):
        n += 1
        if n >= 64:
            break
    gen_tps = n / (time.perf_counter() - started)
    llama.reset()
    return prompt_tps, gen_tps


def turn(cat: Catalog, backend: LlamaCppBackend, state: tuple[Intent | None, tuple[Product, ...]], text: str):  # type: ignore[no-untyped-def]
    vocab = cat.vocabulary()
    t0 = time.perf_counter()
    intent = parse(text, vocab)
    rules_ms = (time.perf_counter() - t0) * 1000
    model_ms = 0.0
    if hybrid.needs_model(intent, text):
        t = time.perf_counter()
        raw = backend.complete_json(
            prompts.intent_messages(text), grammar.open_fields_schema(vocab), max_tokens=96
        )
        intent = hybrid.merge(intent, raw, text, vocab)
        model_ms = (time.perf_counter() - t) * 1000
    intent = refine(state[0], intent, text, state[1])
    t = time.perf_counter()
    result = cat.search(intent, limit=8)
    query_ms = (time.perf_counter() - t) * 1000
    first_product_ms = (time.perf_counter() - t0) * 1000
    sentences = list(
        advisor.reply_sentences(text, result.products, intent.language, backend, cny_per_usd=7.2)
    )
    s = backend.stats
    first_token_ms = first_product_ms + s.first_token_s * 1000
    row = (text[:28], rules_ms, model_ms, query_ms, first_product_ms, first_token_ms, s.generated_tokens,
           s.gen_tps, s.evaluated_tokens, s.cached_tokens, sum(not x.ok for x in sentences))  # fmt: skip
    return row, (intent, result.products)


ONESHOT_QUERY = "wireless earbuds for running under $100"


def oneshot(model: str, home: Path, extra: list[str]) -> tuple[dict, float]:  # type: ignore[type-arg]
    """`shop ask --json --stats` as a new process: its stats, and its whole wall time."""
    cmd = [sys.executable, "-m", "shopcli", "ask", "--json", "--stats", "--model", model, *extra,
           ONESHOT_QUERY]  # fmt: skip
    env = {**os.environ, "SHOPCLI_HOME": str(home), "SHOPCLI_BACKEND": "local"}
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, cwd=REPO, check=False)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"shop ask failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return json.loads(proc.stdout)["stats"], wall


def oneshot_table(model: str, runs: int, extra: list[str], raw_gen: Callable[[], float]) -> None:
    """Rows interleaved, so a busy spell on a shared machine hits each alike; raw llama.cpp
    generation is re-measured in this process after every round, and its median is the yardstick."""
    rows = {"no saved state": [], "first run": [], "saved state": []}  # type: dict[str, list]
    raw = []
    for _ in range(runs):
        blocked = Path(tempfile.mkdtemp(prefix="bench-turns-"))
        (blocked / "kv").write_text("a file where the state folder would be")
        rows["no saved state"].append(oneshot(model, blocked, extra))
        fresh = Path(tempfile.mkdtemp(prefix="bench-turns-"))
        rows["first run"].append(oneshot(model, fresh, extra))
        rows["saved state"].append(oneshot(model, fresh, extra))
        raw.append(raw_gen())
    raw_gen_tps = statistics.median(raw)
    print(f"\nraw llama.cpp generation during the one-shot runs: median {raw_gen_tps:.2f} tok/s")
    head = ("one-shot shop ask", "prefix", "load s", "prefix s", "1st token s", "wall s", "gen tok/s",
            "vs raw")  # fmt: skip
    print(f"\n{head[0]:<20}{head[1]:>22}" + "".join(f"{h:>12}" for h in head[2:]))
    for name, results in rows.items():
        med = {k: statistics.median(float(r[0][k]) for r in results)
               for k in ("load_s", "prefix_s", "first_token_since_start_s", "gen_tps")}  # fmt: skip
        wall = statistics.median(r[1] for r in results)
        cells = (med["load_s"], med["prefix_s"], med["first_token_since_start_s"], wall, med["gen_tps"],
                 med["gen_tps"] / raw_gen_tps)  # fmt: skip
        print(f"{name:<20}{results[-1][0]['prefix']:>22}" + "".join(f"{c:>12.2f}" for c in cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="qwen2.5-coder-1.5b")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--gpu-layers", type=int, default=0)
    ap.add_argument("--oneshot-runs", type=int, default=5, help="`shop ask` processes per row (0: skip)")
    ap.add_argument("--oneshot-only", action="store_true", help="skip the conversation table")
    args = ap.parse_args()
    started = time.perf_counter()
    params = LoadParams(resolve(args.model, REPO / "models"), n_ctx=2048, n_gpu_layers=args.gpu_layers,
                        n_threads=args.threads)  # fmt: skip
    backend = LlamaCppBackend(params)
    print(f"model {args.model}: loaded in {time.perf_counter() - started:.2f} s")
    prompt_tps, gen_tps = raw_speeds(backend)
    print(f"raw llama.cpp: prompt {prompt_tps:.0f} tok/s, generation {gen_tps:.1f} tok/s\n")
    if not args.oneshot_only:
        conversation(backend, gen_tps)
    if args.oneshot_runs:
        if args.threads:
            os.environ["SHOPCLI_THREADS"] = str(args.threads)
        extra = ["--gpu-layers", str(args.gpu_layers)]
        oneshot_table(args.model, args.oneshot_runs, extra, lambda: raw_speeds(backend)[1])


def conversation(backend: LlamaCppBackend, gen_tps: float) -> None:
    head = ("turn", "rules ms", "model ms", "query ms", "1st product ms", "1st token ms", "reply tokens",
            "reply tok/s", "prompt eval", "reused", "withheld")  # fmt: skip
    print(f"{head[0]:<30}" + "".join(f"{h:>14}" for h in head[1:]))
    state: tuple[Intent | None, tuple[Product, ...]] = (None, ())
    rows = []
    with Catalog.open(REPO / "catalog.parquet") as cat:
        for text in TURNS:
            row, state = turn(cat, backend, state, text)
            rows.append(row)
            cells = (f"{v:>14.1f}" if isinstance(v, float) else f"{v:>14}" for v in row[1:])
            print(f"{row[0]:<30}" + "".join(cells), flush=True)
    later = [r for r in rows[1:]]
    mean_gen = sum(r[6] for r in rows) / sum(r[6] / r[7] for r in rows if r[7])  # tokens / seconds
    print(f"\nreply generation: {mean_gen:.1f} tok/s through shopcli vs {gen_tps:.1f} raw "
          f"(ratio {mean_gen / gen_tps:.2f}); prompt tokens evaluated: first turn {rows[0][8]}, "
          f"later turns median {sorted(r[8] for r in later)[len(later) // 2]}")  # fmt: skip


if __name__ == "__main__":
    main()
