"""In-process search latency through the public API (`shopcli.Advisor`), on a catalog you already have.

bench_search.py writes its own catalogs; this one times an existing one, such as an import of
gen_big_catalog.py's 10M-row export, as a script using `import shopcli` would see it: the first search
includes opening the catalog (attaching its index), the rest are medians.

    python benchmarks/bench_api.py /tmp/shopcli-14b/products_10000000.catalog.parquet --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import shopcli

QUERIES = {
    "structured": "headphones under 50",
    "keyword": "stapler",
    "common keyword": "wireless",
    "sorted": "cheapest camping",
    "mixed": "waterproof camping under 100",
    "chinese": "保温杯",
}


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("catalog", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="searches per query (the first is shown apart)")
    args = parser.parse_args()
    with shopcli.Advisor(args.catalog, backend="none") as shop:
        started = time.perf_counter()
        shop.search("warm up")
        print(f"open + first search: {1000 * (time.perf_counter() - started):.0f} ms")
        print("| search | query | first (ms) | median (ms) | matches |")
        print("|---|---|---:|---:|---:|")
        for name, query in QUERIES.items():
            times = []
            for _ in range(max(args.runs, 2)):
                started = time.perf_counter()
                found = shop.search(query)
                times.append(1000 * (time.perf_counter() - started))
            median = statistics.median(times[1:])
            print(f"| {name} | {query} | {times[0]:.0f} | {median:.0f} | {found.result.total:,} |")


if __name__ == "__main__":
    main()
