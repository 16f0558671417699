"""What a catalog contains (its Vocabulary), read from the `products` table of a connection.

Read once per catalog: at index build (index.py keeps it in the index file) or, for a catalog read
into memory, on first use (catalog.py).
"""

from __future__ import annotations

from typing import Any

import duckdb

from shopcli.schema import Vocabulary
from shopcli.store.query import CATALOG_FACTS_SQL, PRICE_RANGE_SQL, SUBCATEGORIES_OF_SQL, VOCABULARY_SQL


def read_vocabulary(con: duckdb.DuckDBPyConnection) -> Vocabulary:
    """The catalog's categories, brands, colours, tags, audiences, price range, currency and language."""
    lists = {key: tuple(r[0] for r in con.execute(sql).fetchall()) for key, sql in VOCABULARY_SQL.items()}
    low, high, _ = _one(con, PRICE_RANGE_SQL)
    nested = con.execute(SUBCATEGORIES_OF_SQL).fetchall()
    currency, chinese = _one(con, CATALOG_FACTS_SQL)
    return Vocabulary(
        **lists, min_price=float(low), max_price=float(high),
        subcategories_of=tuple((category, tuple(subs)) for category, subs in nested),
        currency=str(currency or "USD"), language="zh" if chinese else "en",
    )  # fmt: skip


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...]:
    row = con.execute(sql).fetchone()
    assert row is not None  # aggregates always return one row
    return row
