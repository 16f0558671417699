"""The demo catalog's Vocabulary for parser tests, read from catalog.parquet with DuckDB.

A plain helper, not a fixture: tests call demo_vocabulary(). The production reader is
shopcli/store/catalog.py; this one stays in tests so parser tests do not depend on it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb

from shopcli.schema import Vocabulary

DEMO_CATALOG = Path(__file__).resolve().parent.parent / "catalog.parquet"


def vocabulary_from_parquet(path: Path) -> Vocabulary:
    """Distinct categories, subcategories, brands, colours and tags of a catalog file."""
    con = duckdb.connect()
    try:
        quoted = str(path).replace("'", "''")  # a view cannot take a bound parameter
        con.execute(f"CREATE VIEW p AS SELECT * FROM read_parquet('{quoted}')")

        def distinct(expr: str, source: str = "p") -> tuple[str, ...]:
            sql = f"SELECT DISTINCT {expr} AS v FROM {source} WHERE v IS NOT NULL ORDER BY 1"
            return tuple(r[0] for r in con.execute(sql).fetchall())

        low, high = con.execute("SELECT min(price), max(price) FROM p").fetchone() or (0.0, 0.0)
        nested = con.execute(
            "SELECT category, list_sort(list_distinct(list(subcategory))) FROM p "
            "WHERE category IS NOT NULL AND subcategory IS NOT NULL GROUP BY 1 ORDER BY 1"
        ).fetchall()
        tags = distinct("lower(t)", "(SELECT unnest(tags) AS t FROM p)")
        return Vocabulary(
            categories=distinct("lower(category)"), subcategories=distinct("lower(subcategory)"),
            brands=distinct("brand"), colors=distinct("lower(color)"), tags=tags,
            min_price=float(low or 0.0), max_price=float(high or 0.0),
            subcategories_of=tuple((c, tuple(s)) for c, s in nested),
        )  # fmt: skip
    finally:
        con.close()


@lru_cache(maxsize=1)
def demo_vocabulary() -> Vocabulary:
    """The committed demo catalog's vocabulary."""
    return vocabulary_from_parquet(DEMO_CATALOG)
