"""Time review insights and the review import.

    python benchmarks/bench_reviews.py [--rows 100000] [--repeat 20]

Prints a table: the time from a question to the first review fact on the demo catalog (opening the
catalog is not counted: a chat holds it open), median of --repeat products; the same for a whole
chat turn ("what do people say about #3?" after a search: act, reference, summary, text; rules
only, the model phrases nothing here); and the time to import --rows generated reviews (the demo
generator's wording, product ids of the demo catalog).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_reviews import generate  # noqa: E402

from shopcli import advisor  # noqa: E402
from shopcli.chat import ChatSession  # noqa: E402
from shopcli.money import Rates  # noqa: E402
from shopcli.reviews.importer import import_reviews  # noqa: E402
from shopcli.reviews.summary import summary  # noqa: E402
from shopcli.store.catalog import Catalog  # noqa: E402


def time_summaries(repeat: int) -> tuple[float, float]:
    """Median and max milliseconds for summary() of `repeat` products, EN and ZH alternating."""
    times = []
    with Catalog.open(ROOT / "catalog.parquet") as cat:
        summary(cat, "P000001", "en")  # the first query pays for DuckDB's parquet metadata cache
        for i in range(repeat):
            started = time.perf_counter()
            summary(cat, f"P{1 + i * 170:06d}", "zh" if i % 2 else "en")
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def time_chat_turns(repeat: int) -> tuple[float, float]:
    """Median and max milliseconds from a review question in chat to its turn, facts and text made."""
    searches = ("Sony headphones", "running shoes", "索尼耳机", "咖啡机")
    asks = (
        "what do people say about #{}?",
        "what do people say about #{}?",
        "第{}个评价怎么样",
        "第{}个评价怎么样",
    )
    times = []
    with Catalog.open(ROOT / "catalog.parquet") as cat:
        vocab = cat.vocabulary()
        session = ChatSession(cat, understand=lambda q: advisor.understand(q, vocab, rates=Rates.of()))
        session.submit("Sony headphones")
        session.submit("what do people say about #2?")  # warm: parquet metadata, the rules' caches
        for i in range(repeat):
            session.submit(searches[i % 4])
            started = time.perf_counter()
            turn = session.submit(asks[i % 4].format(1 + i % 8 // 2))
            times.append((time.perf_counter() - started) * 1000)
            assert getattr(turn, "act", None) == "reviews", turn
    return statistics.median(times), max(times)


def time_import(rows: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog.parquet"
        shutil.copy(ROOT / "catalog.parquet", catalog)
        reviews = generate(catalog)
        source = Path(tmp) / "reviews.jsonl"
        with source.open("w", encoding="utf-8") as fh:
            for i in range(rows):
                row = dict(reviews[i % len(reviews)], review_id=f"B{i:07d}")
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        started = time.perf_counter()
        report = import_reviews(source, catalog)
        return time.perf_counter() - started, report.aspect_mentions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    median, worst = time_summaries(args.repeat)
    turn_median, turn_worst = time_chat_turns(args.repeat)
    seconds, mentions = time_import(args.rows)
    print("| measure | value | budget |\n|---|---|---|")
    print(f"| review summary, median of {args.repeat} (max) | {median:.1f} ms ({worst:.1f}) | ≤ 100 ms |")
    row = f"{turn_median:.1f} ms ({turn_worst:.1f})"
    print(f"| chat review turn, median of {args.repeat} (max) | {row} | ≤ 100 ms |")
    print(f"| import {args.rows:,} reviews ({mentions:,} aspect mentions) | {seconds:.1f} s | ≤ 60 s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
