"""DuckDB over the catalog file: load it once, lock the connection down, answer searches.

The connection lives in memory. Opening reads the file into a `products` table that follows the
contract (missing optional columns become typed NULLs), then locks the configuration so that, even
if some SQL went wrong, the connection could read the catalog file and nothing else: no other
files, no network, no COPY/ATTACH/INSTALL/LOAD, no SET.

Keyword searches rank by BM25 over an index (textrank.py) that the first of them builds: a few ms
for the demo catalog, seconds at a million rows, and never a cost for searches without keywords.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from shopcli.errors import CatalogError
from shopcli.intent import Intent
from shopcli.schema import COLUMNS, REQUIRED_COLUMNS, Product, SearchResult, Vocabulary
from shopcli.store.query import (
    CATALOG_FACTS_SQL,
    PRICE_RANGE_SQL,
    SUBCATEGORIES_OF_SQL,
    VOCABULARY_SQL,
    PriceTarget,
    build_count,
    build_get,
    build_query,
    describe_filters,
    keywords_of,
    required_words,
    to_product,
)
from shopcli.store.relax import relaxations
from shopcli.store.textrank import DROP_STATEMENTS, MACROS, build_statements

MEMORY_LIMIT = "1GB"
FIX = "rebuild it with `python scripts/make_catalog.py` or import one with `shop catalog import`"
# Text columns that queries and the vocabulary compare lower-cased; brands keep their spelling.
_LOWERED = ("category", "subcategory", "color", "audience")
# What makes two listings identical (query.py shows them once): the same name, brand and price, and
# nothing else on screen to tell them apart (colour, rating, review count). Colour counts because feeds
# repeat a title across colour variants at one price.
_LISTING = (
    "hash(lower(name), lower(coalesce(brand, '')), price, coalesce(color, ''), rating, review_count)"
    " AS _listing, 1::INTEGER AS _copies"
)
# Each group of identical listings: the first row stands for the others, which are removed at open
# (a filter on every search cost a third of a keyword search's time at 100k rows).
_GROUPS = "SELECT _listing, count(*) AS n, min(rowid) AS first FROM products GROUP BY _listing HAVING n > 1"
_FOLD = (
    f"UPDATE products SET _copies = d.n FROM ({_GROUPS}) AS d WHERE products.rowid = d.first",
    f"DELETE FROM products USING ({_GROUPS}) AS d"
    " WHERE products._listing = d._listing AND products.rowid <> d.first",
)


class Catalog:
    """A read-only view of one catalog file; use as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self._con = con
        self.path = path
        self._vocabulary: Vocabulary | None = None
        self._text_index = False

    @classmethod
    def open(cls, path: Path) -> Catalog:
        """Load `path` and lock the connection so it can read nothing else."""
        path = _check_file(Path(path))
        con = duckdb.connect(":memory:")
        try:
            _restrict(con, path)
            _load_products(con, path)
            for macro in MACROS:
                con.execute(macro)
            con.execute("SET lock_configuration = true")
        except BaseException:
            con.close()
            raise
        return cls(con, path)

    def close(self) -> None:
        """Release the connection; safe to call twice."""
        self._con.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def __len__(self) -> int:
        return int(self._fetchone(PRICE_RANGE_SQL)[2])

    def vocabulary(self) -> Vocabulary:
        """What this catalog contains, read from the data once and cached."""
        if self._vocabulary is None:
            lists = {
                key: tuple(r[0] for r in self._con.execute(sql).fetchall())
                for key, sql in VOCABULARY_SQL.items()
            }
            low, high, _ = self._fetchone(PRICE_RANGE_SQL)
            nested = self._con.execute(SUBCATEGORIES_OF_SQL).fetchall()
            currency, chinese = self._fetchone(CATALOG_FACTS_SQL)
            self._vocabulary = Vocabulary(
                **lists, min_price=float(low), max_price=float(high),
                subcategories_of=tuple((category, tuple(subs)) for category, subs in nested),
                currency=str(currency or "USD"), language="zh" if chinese else "en",
            )  # fmt: skip
        return self._vocabulary

    def search(self, intent: Intent, *, limit: int = 10) -> SearchResult:
        """Products matching `intent`; when none do, relax it step by step (see relax.py) and say how."""
        products, total, listings = self._run(intent, limit, None)
        if products:
            return SearchResult(products, describe_filters(intent), (), total, listings)
        notes: list[str] = []
        for step in relaxations(intent, keywords_held=self._keywords_held(intent)):
            notes.append(step.note)
            products, total, listings = self._run(step.intent, limit, step.target, loose=step.loose)
            if products:
                return SearchResult(products, describe_filters(step.intent), tuple(notes), total, listings)
        return SearchResult((), describe_filters(intent), (), 0)

    def _keywords_held(self, intent: Intent) -> bool:
        """Whether any product at all holds what must be held (query.required_words)."""
        if not required_words(intent):
            return True
        self.build_text_index()
        sql, params = build_count(Intent(keywords=intent.keywords, must=intent.must, sort=intent.sort))
        return bool(self._fetchone_with(sql, params)[0])

    def get(self, ids: Iterable[str]) -> list[Product]:
        """Products by id, in the order asked; unknown ids are skipped."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return []
        found = {
            p.id: p for p in map(to_product, self._con.execute(build_get(len(wanted)), wanted).fetchall())
        }
        return [found[i] for i in wanted if i in found]

    def build_text_index(self) -> None:
        """Build the BM25 index now rather than on the first keyword search; safe to call twice."""
        if self._text_index:
            return
        try:
            for sql, params in build_statements(len(self)):
                self._con.execute(sql, params)
        except BaseException as e:  # Ctrl-C included: a half-built index must not block the next try
            self._drop_text_index()
            if isinstance(e, duckdb.InterruptException):  # Ctrl-C as DuckDB reports it: exit 130, not 3
                raise KeyboardInterrupt from e
            if isinstance(e, duckdb.Error):
                raise CatalogError(
                    f"cannot index the text of {self.path} for keyword search ({_reason(e)}): search it"
                    f" without keywords, or import a smaller catalog (it may use {MEMORY_LIMIT} of memory)"
                ) from e
            raise
        self._text_index = True

    def _drop_text_index(self) -> None:
        # What failed to build may fail to drop too; the error worth reporting is the first one.
        with contextlib.suppress(duckdb.Error):
            for sql in DROP_STATEMENTS:
                self._con.execute(sql)

    def _run(
        self, intent: Intent, limit: int, target: PriceTarget | None, *, loose: bool = False
    ) -> tuple[tuple[Product, ...], int, tuple[int, ...]]:
        """(products, rows matched before the limit, identical listings each product stands for)."""
        if keywords_of(intent):
            self.build_text_index()
        sql, params = build_query(intent, limit=limit, target=target, loose=loose)
        rows = self._con.execute(sql, params).fetchall()
        total = int(rows[0][-1]) if rows else 0
        return tuple(to_product(r) for r in rows), total, tuple(int(r[-2]) for r in rows)

    def _fetchone(self, sql: str) -> tuple[Any, ...]:
        return self._fetchone_with(sql, [])

    def _fetchone_with(self, sql: str, params: list[object]) -> tuple[Any, ...]:
        row = self._con.execute(sql, params).fetchone()
        assert row is not None  # aggregates always return one row
        return row


def _check_file(path: Path) -> Path:
    """Fail early, with a fix, on the mistakes DuckDB would report obscurely."""
    if not path.exists():
        raise CatalogError(f"no catalog at {path}: pass --catalog FILE or set SHOPCLI_CATALOG")
    if path.is_dir():
        raise CatalogError(
            f"{path} is a directory, not a catalog file: pass --catalog FILE or set SHOPCLI_CATALOG"
        )
    if path.stat().st_size == 0:
        raise CatalogError(f"{path} is not a readable Parquet catalog (the file is empty): {FIX}")
    return path.resolve()


def _restrict(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Allow reading `path` only; allowed_paths must be set on the open connection, before access is cut."""
    con.execute("SET allowed_paths = ?", [[str(path)]])
    con.execute("SET enable_external_access = false")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET enable_progress_bar = false")  # it would print to stdout, in the middle of --json output
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"SET threads = {max(1, os.cpu_count() or 1)}")


def _read_source(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    """The file's columns and their types, from its footer: the one place that knows the format."""
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as e:
        raise CatalogError(f"{path} is not a readable Parquet catalog ({_reason(e)}): {FIX}") from e
    return {str(name).lower(): str(kind) for name, kind, *_ in described}


def _load_products(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Build `products` from the file: contract columns, contract types, typed NULLs for missing ones."""
    present = _read_source(con, path)
    if missing := [c for c in REQUIRED_COLUMNS if c not in present]:
        raise CatalogError(
            f"{path} has no {', '.join(missing)} column: a catalog needs at least "
            f"{', '.join(REQUIRED_COLUMNS)}; import it with `shop catalog import` to map its columns"
        )
    select = ", ".join(_column(name, kind, name in present) for name, kind in COLUMNS.items())
    required = " AND ".join(f"{c} IS NOT NULL" for c in REQUIRED_COLUMNS)
    try:  # one pass over the file: a copy of it in a staging table would double the memory at open
        con.execute(
            f"CREATE TABLE products AS SELECT *, {_LISTING} FROM (SELECT {select} FROM read_parquet(?))"
            f" WHERE {required}",
            [str(path)],
        )
    except duckdb.Error as e:
        raise CatalogError(f"{path} does not follow the catalog contract ({_reason(e)}): {FIX}") from e
    counts = con.execute("SELECT count(*), count(DISTINCT _listing) FROM products").fetchone()
    if not counts or not counts[0]:
        raise CatalogError(f"{path} has no products (rows with {', '.join(REQUIRED_COLUMNS)}): {FIX}")
    if counts[1] < counts[0]:  # only catalogs with identical listings pay for folding them
        for sql in _FOLD:
            con.execute(sql)


def _column(name: str, kind: str, present: bool) -> str:
    """The SELECT expression for one contract column (names and types are our constants)."""
    if not present:
        value = "[]::VARCHAR[]" if name == "tags" else "'USD'" if name == "currency" else f"NULL::{kind}"
        return f"{value} AS {name}"
    value = f'CAST("{name}" AS {kind})'
    if name in _LOWERED:
        value = f"nullif(lower(trim({value})), '')"
    elif name == "tags":
        cleaned = f"list_transform({value}, lambda t: nullif(lower(trim(t)), ''))"
        value = f"coalesce(list_filter({cleaned}, lambda t: t IS NOT NULL), [])"
    elif name == "currency":
        value = f"coalesce(nullif(trim({value}), ''), 'USD')"
    elif kind == "VARCHAR" and name not in ("id", "name", "description"):
        value = f"nullif(trim({value}), '')"
    return f"{value} AS {name}"


def _reason(error: Exception) -> str:
    """DuckDB's message, first line, without its "Invalid Input Error:" style prefix."""
    line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    head, sep, tail = line.partition("Error: ")
    return (tail if sep and len(head) < 30 else line)[:160]
