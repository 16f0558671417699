"""Timings for collaborative filtering: `also`/`foryou` lookups, and neighbours for a 1M-event log.

    python benchmarks/bench_cf.py                       # lookups on the demo catalog + 1M demo-style events
    python benchmarks/bench_cf.py --uci /work/data/interactions/uci_online_retail/full.csv
                                                        # ... and the real UCI purchases, repeated to 1M

Lookups are timed inside one process after the catalog is open (median of --runs), next to a plain
`Catalog.get` of one id as the reference, and end to end as `shop also ID --json` subprocesses (process
start and imports included). The 1M log is either the demo generator's shoppers, drawn until there are
a million events, or the real UCI Online Retail purchases repeated with renamed customers: both are
deterministic. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from shopcli.personal import profile as pr
from shopcli.personal import similarity
from shopcli.personal.interactions import import_interactions
from shopcli.personal.recommend import also, for_you
from shopcli.store.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "catalog.parquet"
sys.path.insert(0, str(ROOT / "scripts"))
import make_interactions  # noqa: E402  (scripts/ is not a package)


def median_ms(call: Callable[[], object], runs: int) -> float:
    call()  # warm: the first call reads the Parquet footers
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def lookups(runs: int) -> list[tuple[str, float]]:
    started = time.perf_counter()
    with Catalog.open(DEMO) as cat:
        opened = (time.perf_counter() - started) * 1000
        liked = pr.Profile(sizes=(("", "9"),))
        for pid in ("P001272", "P001309"):
            liked = pr.add_mark(liked, "like", pid, pid, cat.path)
        rows = [
            ("Catalog.open (demo, once per command)", opened),
            ("Catalog.get one id (reference)", median_ms(lambda: cat.get(["P001272"]), runs)),
            ("also(P001272)", median_ms(lambda: also(cat, "P001272"), runs)),
            ("for_you, two likes + size", median_ms(lambda: for_you(cat, liked), runs)),
            ("for_you, no history (popular)", median_ms(lambda: for_you(cat, pr.Profile()), runs)),
        ]
    commands = {
        "`shop also P001272 --json` (process)": ["also", "P001272", "--json"],
        "`shop search --json --no-llm boots` (process, reference)": ["search", "--json", "--no-llm", "boots"],
    }
    for label, args in commands.items():
        rows.append((label, median_ms(lambda a=args: run_shop(a), max(3, runs // 3))))
    return rows


def run_shop(args: list[str]) -> None:
    # an empty user dir: the benchmark must not read (or depend on) the real profile
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "SHOPCLI_HOME": home}
        subprocess.run([sys.executable, "-m", "shopcli", *args], check=True, capture_output=True, env=env)


def demo_million(folder: Path, events: int) -> Path:
    """Demo-style shoppers over the demo catalog until `events` events, as CSV."""
    items = make_interactions.load_items(DEMO)
    rng_seed = 7
    rows: list[make_interactions.Row] = []
    batch = 0
    while len(rows) < events:
        rows += [(f"b{batch}-{r[0]}", *r[1:]) for r in make_interactions.generate(items, rng_seed + batch)]
        batch += 1
    path = folder / "million.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(("user_id", "product_id", "event", "value", "ts"))
        writer.writerows(rows[:events])
    return path


def uci_million(uci: Path, folder: Path, events: int) -> tuple[Path, Path]:
    """UCI purchases repeated with renamed customers to `events` rows, and a catalog of its codes."""
    log, catalog = folder / "uci_million.csv", folder / "uci.catalog.parquet"
    with duckdb.connect() as con:
        con.execute(
            "CREATE TABLE p AS SELECT CustomerID AS user_id, StockCode AS product_id, 'purchase' AS event,"
            " Quantity AS value, InvoiceDate AS ts FROM read_csv(?, all_varchar = true)"
            " WHERE CustomerID <> ''"
            " AND NOT starts_with(InvoiceNo, 'C') AND TRY_CAST(Quantity AS INTEGER) > 0",
            [str(uci)],
        )
        n = con.execute("SELECT count(*) FROM p").fetchone()[0]  # type: ignore[index]
        copies = -(-events // n)
        con.execute(
            f"COPY (SELECT c || '-' || user_id AS user_id, product_id, event, value, ts FROM p,"
            f" range({copies}) AS r(c) LIMIT {events}) TO '{log}' (HEADER)"
        )
        con.execute(
            f"COPY (SELECT DISTINCT product_id AS id, 'item ' || product_id AS name, 1.0 AS price FROM p)"
            f" TO '{catalog}' (FORMAT parquet)"
        )
    return log, catalog


def similarity_timing(log: Path, catalog: Path) -> tuple[float, float, int]:
    """(seconds for the neighbours alone, seconds for the whole import, events imported)."""
    started = time.perf_counter()
    report = import_interactions(log, catalog)
    whole = time.perf_counter() - started
    with duckdb.connect() as con:
        con.execute("SET TimeZone = 'UTC'")
        con.execute(f"CREATE TABLE interactions AS SELECT * FROM read_parquet('{report.files[0]}')")
        started = time.perf_counter()
        similarity.compute(con)
        alone = time.perf_counter() - started
    return alone, whole, report.rows_imported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--uci", type=Path, help="UCI Online Retail CSV to repeat to --events rows")
    parser.add_argument("--skip-million", action="store_true")
    args = parser.parse_args(argv)
    print("| lookup on the demo catalog | median ms |\n|---|---:|")
    for label, ms in lookups(args.runs):
        print(f"| {label} | {ms:.1f} |")
    if args.skip_million:
        return 0
    print(f"\n| log ({args.events:,} events) | neighbours alone, s | whole import, s | imported |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        catalog = folder / "demo.parquet"
        shutil.copy(DEMO, catalog)
        sources = [("demo-style shoppers", demo_million(folder, args.events), catalog)]
        if args.uci:
            sources.append(("UCI purchases, repeated", *uci_million(args.uci, folder, args.events)))
        for label, log, cat in sources:
            alone, whole, imported = similarity_timing(log, cat)
            print(f"| {label} | {alone:.1f} | {whole:.1f} | {imported:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
