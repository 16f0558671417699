"""Grounding on real model replies: the scripted conversations are replayed (acts by the rules, so every
run shows the same products) and every turn with a model answer (search, refine, details, compare, and
questions the rows could not answer) is phrased by the default model and checked by shopcli.

Printed: kept sentences an INDEPENDENT checker (below; it shares no code with shopcli.llm) flags as
contradicting the rows, withheld sentences by kind, and first-token latency, prompt tokens evaluated and
reused per act (details and compare must reuse the shared prefix). Every reply goes to --out (JSONL), so
flagged sentences can be read one by one.

    .venv/bin/python benchmarks/bench_grounding.py [--model qwen2.5-coder-1.5b] [--replies 110] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shopcli import advisor  # noqa: E402
from shopcli.chat import ChatSession  # noqa: E402
from shopcli.dialogue import evaluate, replies  # noqa: E402
from shopcli.dialogue.turn import Turn  # noqa: E402
from shopcli.llm import prompts  # noqa: E402
from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams  # noqa: E402
from shopcli.llm.models import resolve  # noqa: E402
from shopcli.money import Rates  # noqa: E402
from shopcli.schema import PALETTE, Product  # noqa: E402
from shopcli.store.catalog import Catalog  # noqa: E402

RATE = 7.2
SUITES = tuple(REPO / "tests/data" / f"conversations{s}.jsonl" for s in ("", "_heldout", "_freeform"))

# --- the independent checker: numbers, tags, colours and "cheaper than", read its own way ---------------
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?![\w.]*\])")
_ZH_TAGS = {
    "防水": "waterproof", "降噪": "noise cancelling", "无线": "wireless", "蓝牙": "bluetooth",
    "轻便": "lightweight", "透气": "breathable", "快充": "fast charging", "触摸屏": "touchscreen",
}  # fmt: skip
_ZH_COLORS = {
    "黑色": "black", "白色": "white", "红色": "red", "蓝色": "blue", "灰色": "grey", "绿色": "green",
    "粉色": "pink", "银色": "silver", "金色": "gold", "黄色": "yellow", "紫色": "purple",
}  # fmt: skip


def independent_flags(sentence: str, rows: dict[int, Product], question: str, tags: set[str]) -> list[str]:
    """Reasons a kept sentence contradicts the rows it cites (all rows when it cites none)."""
    cited = [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]
    pool = [rows[n] for n in cited if n in rows] or list(rows.values())
    text = re.sub(r"\[\d+\]", " ", sentence)
    for p in rows.values():
        text = re.sub(re.escape(p.name), " ", text, flags=re.I)
    named = {n for p in rows.values() for n in _numbers(p.name)}  # "Pegasus 41" written without its colour
    said = set(_numbers(question)) | named
    flags = [f"number {n:g}" for n in _numbers(text) if n not in said and not _fits(n, pool)]
    low = text.lower()
    if re.search(r"\bboth\b|都|两款", low) and len(pool) > 1:
        flags += [
            f"not all rated {r}" for r in _numbers(text) if 1 <= r <= 5 and any(p.rating != r for p in pool)
        ]
    for tag in [t for t in tags if re.search(rf"(?<!not )\b{re.escape(t)}\b", low)] + [
        t for zh, t in _ZH_TAGS.items() if zh in text and not re.search(f"[不没无]{zh}", text)
    ]:
        if not any(tag in p.tags or tag in f"{p.name} {p.description}".lower() for p in pool):
            flags.append(f"tag {tag}")
    for color in [c for c in PALETTE if re.search(rf"\b{c}\b", low)] + [
        c for z, c in _ZH_COLORS.items() if z in text
    ]:
        if not any(p.color == color or color in p.name.lower() for p in pool):
            flags.append(f"colour {color}")
    if len(cited) >= 2 and re.search(r"cheaper than|less expensive than", low):
        a, b = rows.get(cited[0]), rows.get(cited[1])
        if a and b and not a.price < b.price:
            flags.append("cheaper than")
    return flags


def _numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in _NUMBER.findall(text)]


def _fits(n: float, pool: list[Product]) -> bool:
    """Whether `n` is a field of some row: exactly (to the cent or tenth), or in yuan to 2%."""
    for p in pool:
        exact = [p.price, p.original_price, p.rating, p.review_count, p.stock]
        if p.size and re.fullmatch(r"\d+(\.\d+)?", p.size):
            exact.append(float(p.size))
        if any(v is not None and abs(n - v) <= 0.051 for v in exact):
            return True
        if any(v and abs(n - v * RATE) <= max(0.6, 0.02 * v * RATE) for v in (p.price, p.original_price)):
            return True
    return False


# --- the run --------------------------------------------------------------------------------------------
def replay(cat: Catalog, backend: LlamaCppBackend, conversations, limit: int, out) -> list[dict]:  # type: ignore[no-untyped-def]
    vocab = cat.vocabulary()
    terms = advisor.fact_terms(vocab)
    records: list[dict] = []
    rates = Rates.of({"CNY": RATE})
    for conv in conversations:
        session = ChatSession(cat, understand=lambda q: advisor.understand(q, vocab, rates=rates))
        for step in conv.steps:
            turn = session.submit(step.say)
            if not isinstance(turn, Turn):
                continue
            model = replies.model_sentences(turn, backend, cny_per_usd=RATE, terms=terms)
            if model is None:
                continue
            started = time.perf_counter()
            checked = list(model)
            record = _record(conv.id, turn, checked, backend, time.perf_counter() - started, set(vocab.tags))
            records.append(record)
            print(json.dumps(record, ensure_ascii=False), file=out, flush=True)
            print(
                f"{len(records):>4} {turn.act:<9} {record['first_token_s']:>6.2f} s  {turn.input}", flush=True
            )
            if len(records) >= limit:
                return records
    return records


def _record(conv: str, turn: Turn, checked, backend, seconds: float, tags: set[str]) -> dict:  # type: ignore[no-untyped-def]
    rows = dict(zip(turn.numbers, turn.products, strict=True))
    if turn.act in ("search", "refine"):
        rows = dict(enumerate(turn.products[: prompts.MAX_PRODUCTS_IN_PROMPT], 1))
    s = backend.stats
    kept = [
        {"text": c.text, "flags": independent_flags(c.text, rows, turn.input, tags)} for c in checked if c.ok
    ]
    withheld = [
        {"text": c.text, "kinds": list(c.kinds), "problems": list(c.problems)} for c in checked if not c.ok
    ]
    return {
        "conversation": conv, "input": turn.input, "act": turn.act, "language": turn.language,
        "first_token_s": round(s.first_token_s, 3), "evaluated": s.evaluated_tokens,
        "cached": s.cached_tokens, "generated": s.generated_tokens, "seconds": round(seconds, 2),
        "kept": kept, "withheld": withheld,
    }  # fmt: skip


def prefix_tokens(backend: LlamaCppBackend) -> int:
    """Tokens every prompt shares (system text and worked example), as the model's template renders them."""
    a, _ = backend.prompt_tokens(prompts.intent_messages("a"))
    b, _ = backend.prompt_tokens(prompts.act_messages("b", []))
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def report(records: list[dict], prefix: int) -> None:
    kept = [k for r in records for k in r["kept"]]
    flagged = [
        (r["conversation"], r["input"], k["text"], k["flags"])
        for r in records
        for k in r["kept"]
        if k["flags"]
    ]
    kinds = Counter(kind for r in records for w in r["withheld"] for kind in set(w["kinds"]))
    withheld = sum(len(r["withheld"]) for r in records)
    print(f"{len(records)} model replies, {len(kept)} sentences kept, {withheld} withheld")
    print(f"kept sentences the independent checker flags: {len(flagged)}")
    for conv, line, text, flags in flagged:
        print(f"  {conv} {line!r}: {text!r} -> {flags}")
    print("\nwithheld by kind:" + "".join(f"\n  {k:<12}{n:>5}" for k, n in kinds.most_common()))
    print(
        f"\nshared prefix: {prefix} tokens; the first reply of the process evaluates it, later ones reuse it"
    )
    head = ("act", "replies", "1st token s", "p90 s", "evaluated", "reused", "prefix kept")
    print(f"{head[0]:<10}" + "".join(f"{h:>13}" for h in head[1:]))
    for act in ("search", "refine", "details", "compare", "question"):
        rs = [r for r in records[1:] if r["act"] == act]
        if not rs:
            continue
        first = sorted(r["first_token_s"] for r in rs)
        cells = (len(rs), statistics.median(first), first[int(0.9 * (len(first) - 1))],
                 statistics.median(r["evaluated"] for r in rs), statistics.median(r["cached"] for r in rs),
                 f"{sum(r['cached'] >= prefix for r in rs)}/{len(rs)}")  # fmt: skip
        print(f"{act:<10}" + "".join(f"{c:>13.2f}" if isinstance(c, float) else f"{c:>13}" for c in cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="qwen2.5-coder-1.5b")
    ap.add_argument("--replies", type=int, default=110, help="stop after this many model replies")
    ap.add_argument("--out", type=Path, default=Path("bench_grounding.jsonl"))
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--from-file", type=Path, help="report on a previous --out file instead of running")
    args = ap.parse_args()
    if args.from_file:  # e.g. a run stopped once it had enough replies; the model only counts the prefix
        records = [json.loads(line) for line in args.from_file.read_text(encoding="utf-8").splitlines()]
        report(records, prefix_tokens(LlamaCppBackend(LoadParams(resolve(args.model, REPO / "models")))))
        return
    backend = LlamaCppBackend(
        LoadParams(resolve(args.model, REPO / "models"), n_ctx=2048, n_threads=args.threads)
    )
    conversations = [c for path in SUITES for c in evaluate.load(path)]
    with Catalog.open(REPO / "catalog.parquet") as cat, args.out.open("w", encoding="utf-8") as out:
        records = replay(cat, backend, conversations, args.replies, out)
    print(f"model {args.model}; replies in {args.out}\n")
    report(records, prefix_tokens(backend))


if __name__ == "__main__":
    main()
