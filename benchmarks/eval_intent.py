"""Rules-only vs hybrid vs model-only understanding on the labelled set (not a test: it takes minutes).

Per-field accuracy as in tests/understand/test_rules_accuracy.py, plus the hallucinated-field rate: the
share of (query, field) pairs where a mode set a brand, colour, price, category, feature, size or rating
that the labelled expectation leaves empty, i.e. that the shopper's words do not support.

    .venv/bin/python benchmarks/eval_intent.py --model qwen2.5-coder-1.5b --every 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shopcli import advisor  # noqa: E402
from shopcli.intent import Intent  # noqa: E402
from shopcli.llm import prompts  # noqa: E402
from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams  # noqa: E402
from shopcli.llm.grammar import intent_schema  # noqa: E402
from shopcli.llm.models import resolve  # noqa: E402
from shopcli.money import Rates  # noqa: E402
from shopcli.schema import Vocabulary  # noqa: E402
from shopcli.store.catalog import Catalog  # noqa: E402
from shopcli.understand import evaluate  # noqa: E402

CHECKED = ("categories", "brands", "colors", "size", "min_price", "max_price", "min_rating", "features")


def model_only(backend: LlamaCppBackend, vocab: Vocabulary) -> Callable[[str], Intent]:
    schema = intent_schema(vocab)

    def understand(query: str) -> Intent:
        raw: dict[str, Any] = backend.complete_json(prompts.intent_messages(query), schema, max_tokens=160)
        lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in query) else "en"
        return Intent(
            categories=tuple(dict.fromkeys(raw.get("categories", []))),
            brands=tuple(dict.fromkeys(raw.get("brands", []))),
            colors=tuple(dict.fromkeys(raw.get("colors", []))),
            features=tuple(dict.fromkeys(raw.get("features", []))),
            keywords=tuple(raw.get("keywords", [])),
            min_price=raw.get("min_price"),
            max_price=raw.get("max_price"),
            sort=raw.get("sort", "relevance"),
            language=lang,  # type: ignore[arg-type]
        )

    return understand


def hallucinated(expected: Intent, predicted: Intent) -> int:
    return sum(1 for f in CHECKED if evaluate.is_set(predicted, f) and not evaluate.is_set(expected, f))


def run(name: str, items: list[evaluate.Labelled], understand: Callable[[str], Intent]) -> dict[str, Any]:
    pairs, times, bad = [], [], 0
    for item in items:
        started = time.perf_counter()
        predicted = understand(item.query)
        times.append(time.perf_counter() - started)
        pairs.append((item.expected, predicted))
        bad += hallucinated(item.expected, predicted)
    acc = evaluate.field_accuracy(pairs)
    checked = len(items) * len(CHECKED)
    print(f"{name}: median {statistics.median(times) * 1000:.0f} ms/query, max {max(times):.1f} s, "
          f"hallucinated fields {bad}/{checked} ({100 * bad / checked:.2f}%)", flush=True)  # fmt: skip
    return {"acc": acc, "bad": bad}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="qwen2.5-coder-1.5b")
    ap.add_argument("--every", type=int, default=5, help="use every Nth labelled query (model-only is slow)")
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    items = evaluate.load_labelled(REPO / "tests" / "data" / "labelled_queries.jsonl")[:: args.every]
    with Catalog.open(REPO / "catalog.parquet") as cat:
        vocab = cat.vocabulary()
    backend = LlamaCppBackend(
        LoadParams(resolve(args.model, REPO / "models"), n_ctx=2048, n_threads=args.threads)
    )
    chinese = sum(any("\u4e00" <= c <= "\u9fff" for c in i.query) for i in items)
    print(f"{len(items)} queries ({chinese} Chinese), model {args.model}")
    calls = [0]

    def hybrid(q: str) -> Intent:
        before = backend.stats
        out = advisor.understand(q, vocab, rates=Rates.of(), backend=backend)
        calls[0] += backend.stats is not before
        return out

    results = {
        "rules": run("rules-only", items, lambda q: advisor.understand(q, vocab, rates=Rates.of())),
        "hybrid": run("hybrid", items, hybrid),
        "model": run("model-only", items, model_only(backend, vocab)),
    }
    print(f"hybrid asked the model for {calls[0]} of {len(items)} queries\n")
    print(f"{'field':<16}" + "".join(f"{k:>16}" for k in results))
    for field in (*evaluate.FIELDS, "all"):
        cells = []
        for r in results.values():
            ok, total = r["acc"].get(field, (0, 0))
            cells.append(f"{ok}/{total} {100 * ok / total:.0f}%" if total else "-")
        print(f"{field:<16}" + "".join(f"{c:>16}" for c in cells))


if __name__ == "__main__":
    main()
