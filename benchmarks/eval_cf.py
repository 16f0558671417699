"""HR@10 and NDCG@10 of shopcli's recommenders on a real purchase log, leave-last-out.

    python benchmarks/eval_cf.py uci /work/data/interactions/uci_online_retail/full.csv
    python benchmarks/eval_cf.py cj /work/data/interactions/completejourney_8451
    python benchmarks/eval_cf.py uci tests/data/uci_online_retail/sample.csv   # the committed sample

Methods, all trained on the same split (see shopcli/personal/evaluate.py for the protocol):
    popularity  the most bought items the user has not bought
    content     item-item TF-IDF cosine over the item text (UCI: Description; CJ: department,
                category, type and brand), summed over the user's history
    cosine      item-item collaborative filtering, cosine (shopcli's `shop also` / `shop foryou`)
    pearson     the same with the Pearson correlation
Datasets: `uci` is the UCI Online Retail CSV (InvoiceNo, StockCode, Description, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country); `cj` a folder with the Complete Journey full.csv and
items.csv. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

from shopcli.personal.evaluate import Score, evaluate
from shopcli.personal.similarity import MAX_ITEMS_PER_USER, SHRINK, TOP_K

METHODS = ("popularity", "content", "cosine", "pearson")


def load_uci(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """Purchases with a customer, no cancellations ("C" invoices) or returns (quantity <= 0), and
    only product lines: stock codes that start with a digit (POST, DOT, M, BANK CHARGES... are
    postage, fees and manual adjustments, not products anyone recommends)."""
    con.execute(
        "CREATE TABLE raw AS SELECT * FROM read_csv(?, header = true, all_varchar = true)", [str(path)]
    )
    con.execute(
        "CREATE TABLE log AS SELECT CustomerID AS user_id, StockCode AS product_id, InvoiceNo AS basket,"
        " InvoiceDate::TIMESTAMP AS ts, rowid AS _row FROM raw WHERE coalesce(CustomerID, '') <> ''"
        " AND NOT starts_with(InvoiceNo, 'C') AND TRY_CAST(Quantity AS INTEGER) > 0"
        " AND regexp_matches(StockCode, '^[0-9]')"
    )
    con.execute(
        "CREATE TABLE item_text AS SELECT StockCode AS product_id, mode(Description) AS text FROM raw"
        " WHERE Description IS NOT NULL GROUP BY 1"
    )
    return "UCI Online Retail"


def load_cj(con: duckdb.DuckDBPyConnection, folder: Path) -> str:
    """Complete Journey purchases (quantity > 0) and item text from items.csv."""
    con.execute(
        "CREATE TABLE raw AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
        [str(folder / "full.csv")],
    )
    con.execute(
        "CREATE TABLE log AS SELECT household_id AS user_id, product_id, basket_id AS basket,"
        " TRY_CAST(transaction_timestamp AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS ts, rowid AS _row FROM raw"
        " WHERE TRY_CAST(quantity AS INTEGER) > 0"
    )
    con.execute(
        "CREATE TABLE item_text AS SELECT product_id, concat_ws(' ', department, product_category,"
        " product_type, brand) AS text FROM read_csv(?, header = true, all_varchar = true)",
        [str(folder / "items.csv")],
    )
    return "Complete Journey (75k-row sample)"


def describe(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(
        "SELECT count(*), count(DISTINCT user_id), count(DISTINCT product_id), count(DISTINCT basket)"
        " FROM log"
    ).fetchone()
    assert row is not None
    return f"{row[0]:,} purchase lines, {row[1]:,} users, {row[2]:,} items, {row[3]:,} baskets"


def table(scores: list[Score]) -> str:
    """One row per method, ± one standard error; the highest NDCG@10 is marked, and said to be a tie
    when the runner-up is within two standard errors of it."""
    ranked = sorted(scores, key=lambda s: (-s.ndcg, -s.hr))
    best = ranked[0]
    tie = len(ranked) > 1 and best.ndcg - ranked[1].ndcg < 2 * max(best.ndcg_se, ranked[1].ndcg_se)
    lines = ["| method | HR@10 | NDCG@10 | users | seconds |", "|---|---:|---:|---:|---:|"]
    for s in scores:
        mark = (" **best (tie within 2 SE)**" if tie else " **best**") if s is best else ""
        lines.append(
            f"| {s.method}{mark} | {s.hr:.4f} ± {s.hr_se:.4f} | {s.ndcg:.4f} ± {s.ndcg_se:.4f} | {s.users:,}"
            f" | {s.seconds:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dataset", choices=("uci", "cj"))
    parser.add_argument("path", type=Path, help="the UCI CSV, or the Complete Journey folder")
    parser.add_argument("--split", choices=("basket", "item"), default="basket")
    parser.add_argument(
        "--k", type=int, default=TOP_K, help="neighbours kept per item (default: %(default)s)"
    )
    parser.add_argument(
        "--shrink", type=float, default=SHRINK, help="score x n/(n+shrink) (default: %(default)s)"
    )
    parser.add_argument("--cap", type=int, default=MAX_ITEMS_PER_USER, help="items per user in the pairs")
    parser.add_argument("--methods", default=",".join(METHODS))
    args = parser.parse_args(argv)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    started = time.perf_counter()
    name = (load_uci if args.dataset == "uci" else load_cj)(con, args.path)
    print(f"{name}: {describe(con)} ({time.perf_counter() - started:.1f} s to load)")
    scores = evaluate(con, methods=tuple(args.methods.split(",")), by=args.split, k=args.k,
                      shrink=args.shrink, cap=args.cap)  # fmt: skip
    print(f"leave-last-out by {args.split}, k={args.k}, shrink={args.shrink:g}, cap={args.cap}\n")
    print(table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
