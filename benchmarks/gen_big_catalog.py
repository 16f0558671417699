"""Write messy-ish CSV product exports (100k, 1M, 10M rows) for the import benchmark.

Deterministic and fast: one DuckDB query over range(), every choice a hash of the row number, streamed
to the file by COPY in row order under a 1 GB memory limit (10M rows: 2.8 GB of CSV, flat memory).
The mess is the kind real exports have: "$1,299.00", "$12.99 - $15.99" ranges, "¥299", empty
brands, "Visit the X Store", category paths, free-text colours, "4.5 out of 5 stars",
"1,234 ratings", quoted commas and newlines in descriptions, a few broken rows.

    python benchmarks/gen_big_catalog.py --rows 100000 1000000 --out-dir /tmp/shopcli-bench
    nice python benchmarks/gen_big_catalog.py --rows 10000000 --out-dir /work/data/big
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb


def _pick(options: list[str], salt: str) -> str:
    """SQL picking one of `options` by a hash of the row number and `salt`."""
    items = ", ".join("'" + o.replace("'", "''") + "'" for o in options)
    return f"[{items}][1 + (hash(i, '{salt}') % {len(options)})::BIGINT]"


CATEGORIES = [
    "Electronics > Headphones > Earbuds", "Electronics > Headphones > Over-Ear Headphones",
    "Toys & Games | Puzzles | Jigsaw Puzzles", "Home > Kitchen > Cookware", "Home & Kitchen | Bedding",
    "Clothing, Shoes & Jewelry > Women > Shoes > Running Shoes", "Sports & Outdoors > Camping > Tents",
    "Beauty | Skin Care", "Electronics > Computers > Laptops", "Office Products",
]  # fmt: skip
COLORS = ["Black", "Navy Blue", "Rose Red", "white", "Space Gray", "Black/White", "Teal", "", "深蓝", "Khaki"]
BRANDS = [
    "Anker",
    "Sony",
    "Visit the Ravensburger Store",
    "",
    "Generic",
    "Lodge",
    "Nike",
    "Coleman",
    "N/A",
    "Bose",
]
WORDS = ["wireless", "waterproof", "lightweight", "durable", "compact", "premium", "classic", "soft", "fast"]


def query(rows: int) -> str:
    """The SELECT that produces one messy export of `rows` products."""
    price = (
        "CASE hash(i, 'pf') % 20 WHEN 0 THEN '¥' || (50 + hash(i, 'p') % 5000)::VARCHAR "
        "WHEN 1 THEN printf('$%.2f - $%.2f', "
        "5 + (hash(i, 'p') % 20000) / 100.0, 9 + (hash(i, 'p') % 30000) / 100.0) "
        "WHEN 2 THEN '' WHEN 3 THEN printf('%,.2f', 5 + (hash(i, 'p') % 300000) / 100.0) "
        "ELSE printf('$%.2f', 5 + (hash(i, 'p') % 30000) / 100.0) END"
    )
    words = ", ".join(f"{_pick(WORDS, f'w{k}')}" for k in range(4))
    adjective = _pick([w.capitalize() for w in WORDS], "n1")
    brand = _pick([b for b in BRANDS if b.isalpha() and b != "Generic"], "nb")
    noun = _pick(["Earbuds", "Puzzle", "Pan", "Duvet", "Runner", "Tent", "Serum", "Laptop", "Stapler"], "n2")
    list_price = "printf('$%,.2f', 20 + (hash(i, 'p') % 40000) / 100.0)"
    second_line = "CASE WHEN i % 50 = 0 THEN chr(10) || 'second line' END"
    return f"""
    SELECT
      printf('SKU%08d', i) AS "Uniq Id",
      CASE WHEN hash(i, 'nn') % 500 = 0 THEN '' ELSE
        {adjective} || ' ' || {brand} || ' ' || {noun} || ' ' || (i % 997)::VARCHAR END AS "Product Name",
      {_pick(BRANDS, "b")} AS "Brand Name",
      {_pick(CATEGORIES, "c")} AS "Category",
      {price} AS "Selling Price",
      CASE WHEN hash(i, 'lp') % 3 = 0 THEN {list_price} END AS "List Price",
      {_pick(COLORS, "col")} AS "Colour",
      printf('%.1f out of 5 stars', 1 + (hash(i, 'r') % 41) / 10.0) AS "Stars",
      printf('%,d ratings', hash(i, 'rc') % 50000) AS "Ratings Count",
      concat_ws(' ', 'This', {words}, 'product, with "quotes", commas', {second_line},
        'and enough text to look like a real description of a product in a shop.') AS "About Product",
      CASE WHEN i % 7 = 0 THEN concat_ws(', ', {_pick(WORDS, "t1")}, {_pick(WORDS, "t2")}) END AS "Tags"
    FROM range({rows}) AS t(i)
    """


def write(rows: int, out_dir: Path) -> Path:
    """Write `products_<rows>.csv` (with a few ragged rows appended) and return its path."""
    out = out_dir / f"products_{rows}.csv"
    with duckdb.connect() as con:
        con.execute("SET memory_limit = '1GB'")
        con.execute(f"COPY ({query(rows)}) TO '{out}' (HEADER, DELIMITER ',', QUOTE '\"')")
    with out.open("a", encoding="utf-8") as fh:  # broken rows, as real exports have
        fh.write("BROKEN1,too,many,columns,here,a,b,c,d,e,f,g,h\nBROKEN2,too few\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/shopcli-bench"))
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for rows in args.rows:
        started = time.monotonic()
        path = write(rows, args.out_dir)
        size = path.stat().st_size / 1e6
        print(f"{path}: {rows:,} rows + 2 broken, {size:.1f} MB in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
