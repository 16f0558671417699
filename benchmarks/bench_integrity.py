"""What checking a catalog costs at open: the checksum of every row, the value rules, duplicate ids.

Writes a contract catalog of N rows (default 1M; names, descriptions and tags like an import's) with
its checksum, and the same rows without one, then times in this process, medians of --repeat runs:
  unchecked load  the open before checks: one CREATE TABLE of the normalised columns, no hash, no rules
  open, verified  Catalog.open on the file with a checksum: hash, rules, compare (no duplicate scan)
  open, no sum    Catalog.open on the file without: hash, rules, and the duplicate-id scan
Ratios to the unchecked load are what to compare across machines.

    python benchmarks/bench_integrity.py --rows 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from shopcli.integrity import checksum_query, format_checksum, kv_metadata
from shopcli.schema import COLUMNS
from shopcli.store.catalog import Catalog
from shopcli.store.load import normalised, restrict

ROWS_SQL = """
SELECT 'P' || lpad(i::VARCHAR, 8, '0') AS id,
       'Product ' || i || ' ' || ['earbuds', 'cast iron pan', 'jigsaw', 'trail shoes'][1 + i % 4] AS name,
       ['Acme', 'Sony', 'Lodge', NULL][1 + i % 4] AS brand,
       ['headphones', 'kitchen', 'toys', 'shoes'][1 + i % 4] AS category,
       NULL::VARCHAR AS subcategory, ['black', 'red', 'blue', NULL][1 + (i // 4) % 4] AS color,
       NULL::VARCHAR AS size, NULL::VARCHAR AS material,
       round(5 + (hash(i) % 50000) / 100.0, 2) AS price, NULL::DOUBLE AS original_price, 'USD' AS currency,
       round(1 + (hash(i, 'r') % 400) / 100.0, 1) AS rating, (hash(i, 'n') % 5000)::INTEGER AS review_count,
       (hash(i, 's') % 50)::INTEGER AS stock,
       'A dependable everyday item, number ' || i || ', with a sturdy build and a long, plain description '
           || 'of the kind shop exports carry for every product they list.' AS description,
       ['gift', 'sale'] AS tags
FROM range(?) AS t(i)
"""


def write(folder: Path, rows: int) -> tuple[Path, Path]:
    """The same rows twice: with a checksum, and without."""
    signed, bare = folder / "signed.parquet", folder / "bare.parquet"
    with duckdb.connect() as con:
        con.execute(f"CREATE TABLE t AS {ROWS_SQL}", [rows])
        count, total = con.execute(checksum_query("t")).fetchone()  # type: ignore[misc]
        metadata = kv_metadata(format_checksum(count, total))
        con.execute(f"COPY t TO '{signed}' (FORMAT parquet, COMPRESSION zstd, {metadata})")
        con.execute(f"COPY t TO '{bare}' (FORMAT parquet, COMPRESSION zstd)")
    return signed, bare


def unchecked_load(path: Path) -> None:
    """What Catalog.open did before: the same columns, trimmed and lower-cased the same way."""
    with duckdb.connect() as con:
        restrict(con, path)
        columns = ", ".join(f"{normalised(name, name)} AS {name}" for name in COLUMNS)
        con.execute(
            f"CREATE TABLE products AS SELECT {columns} FROM read_parquet(?) "
            "WHERE id IS NOT NULL AND name IS NOT NULL AND price IS NOT NULL",
            [str(path)],
        )


def open_catalog(path: Path) -> None:
    """Catalog.open with every check, as the first open of a catalog without its search index runs
    them (later opens attach the index: store/index.py): the catalog read into memory, no index."""
    import shopcli.store.catalog as catalog

    real = catalog.attach_index
    catalog.attach_index = lambda con, path: (None, ())  # type: ignore[assignment]
    try:
        Catalog.open(path).close()
    finally:
        catalog.attach_index = real


def median_seconds(fn: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shopcli-bench-integrity-") as folder:
        signed, bare = write(Path(folder), args.rows)
        size = signed.stat().st_size / 1e6
        runs = {
            "unchecked load (before)": lambda: unchecked_load(signed),
            "open, verified checksum": lambda: open_catalog(signed),
            "open, no checksum (+ duplicate ids)": lambda: open_catalog(bare),
        }
        results = {name: median_seconds(fn, args.repeat) for name, fn in runs.items()}
    base = results["unchecked load (before)"]
    print(f"{args.rows:,} rows, {size:.1f} MB; median of {args.repeat}")
    print("| open | seconds | vs unchecked |")
    print("|---|---:|---:|")
    for name, seconds in results.items():
        print(f"| {name} | {seconds:.2f} | {seconds / base:.2f}x |")


if __name__ == "__main__":
    main()
