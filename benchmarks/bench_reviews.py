"""Time review insights and the review import.

    python benchmarks/bench_reviews.py [--rows 100000] [--repeat 20]

Prints a table: the time from a question to the first review fact on the demo catalog (opening the
catalog is not counted: a chat holds it open), median of --repeat products; and the time to import
--rows generated reviews (the demo generator's wording, product ids of the demo catalog).
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
    seconds, mentions = time_import(args.rows)
    print("| measure | value | budget |\n|---|---|---|")
    print(f"| review summary, median of {args.repeat} (max) | {median:.1f} ms ({worst:.1f}) | ≤ 100 ms |")
    print(f"| import {args.rows:,} reviews ({mentions:,} aspect mentions) | {seconds:.1f} s | ≤ 60 s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
