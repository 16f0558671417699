"""Per-turn latency of a scripted conversation, next to the raw llama.cpp speeds of the same model
measured in the same run, so shopcli's overhead is a ratio (not a timed test).

    .venv/bin/python benchmarks/bench_turns.py [--model qwen2.5-coder-1.5b] [--threads N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shopcli import advisor  # noqa: E402
from shopcli.intent import Intent  # noqa: E402
from shopcli.llm import grammar, prompts  # noqa: E402
from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams  # noqa: E402
from shopcli.llm.models import resolve  # noqa: E402
from shopcli.money import Rates  # noqa: E402
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
        advisor.reply_sentences(text, result.products, intent.language, backend, rates=Rates.of())
    )
    s = backend.stats
    first_token_ms = first_product_ms + s.first_token_s * 1000
    row = (text[:28], rules_ms, model_ms, query_ms, first_product_ms, first_token_ms, s.generated_tokens,
           s.gen_tps, s.evaluated_tokens, s.cached_tokens, sum(not x.ok for x in sentences))  # fmt: skip
    return row, (intent, result.products)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="qwen2.5-coder-1.5b")
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    started = time.perf_counter()
    backend = LlamaCppBackend(
        LoadParams(resolve(args.model, REPO / "models"), n_ctx=2048, n_threads=args.threads)
    )
    print(f"model {args.model}: loaded in {time.perf_counter() - started:.2f} s")
    prompt_tps, gen_tps = raw_speeds(backend)
    print(f"raw llama.cpp: prompt {prompt_tps:.0f} tok/s, generation {gen_tps:.1f} tok/s\n")
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
