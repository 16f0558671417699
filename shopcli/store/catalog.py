"""DuckDB over the catalog file: load it once, lock the connection down, answer searches.

The connection lives in memory. Opening attaches the catalog's search index read-only (index.py: the
`products` table that follows the contract, load.py's typed columns, value rules and checksum, and the
BM25 tables of textrank.py, written once per catalog file), or, where no index can be written, reads
the file into an in-memory `products` table; then it locks the configuration so that, even if some SQL
went wrong, the connection could read the catalog file (and the files beside it that siblings.py
names) and nothing else: no other files, no network, no COPY/ATTACH/INSTALL/LOAD, no SET. What opening
found (rows left out, values ignored, no checksum, an index rebuilt) is on `Catalog.check`, for the
screen to say; nothing here prints.

Without an index file, keyword searches rank by BM25 over an index that the first of them builds in
memory: a few ms for the demo catalog, seconds at a million rows.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from shopcli.errors import CatalogError
from shopcli.intent import Intent
from shopcli.schema import Product, SearchResult, Vocabulary
from shopcli.store.index import attach as attach_index
from shopcli.store.index import files as index_files
from shopcli.store.load import MEMORY_LIMIT, CatalogCheck, check_file, load, reason, restrict
from shopcli.store.query import (
    PRICE_RANGE_SQL,
    PriceTarget,
    build_count,
    build_get,
    build_query,
    describe_filters,
    keywords_of,
    required_words,
    to_product,
)
from shopcli.store.related import Related
from shopcli.store.relax import relaxations
from shopcli.store.reviewdb import ReviewTables, attach_statements
from shopcli.store.siblings import all_siblings
from shopcli.store.sidecar import review_tables
from shopcli.store.textrank import DROP_STATEMENTS, MACROS, build_statements
from shopcli.store.vocabulary import read_vocabulary


class Catalog:
    """A read-only view of one catalog file; use as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, check: CatalogCheck) -> None:
        self._con = con
        self.path = path
        self.check = check
        self._vocabulary: Vocabulary | None = None
        self._text_index = False
        self.has_reviews = False  # set by open() when the review tables sit beside the catalog

    @classmethod
    def open(cls, path: Path) -> Catalog:
        """Open `path` through its search index (built first if it has none, or a stale one), else read
        it into memory; then lock the connection so it can read nothing else."""
        path = check_file(Path(path))
        con = duckdb.connect(":memory:")
        siblings = review_tables(path)
        try:
            restrict(con, path, *all_siblings(path), *index_files(path))
            opened, notes = attach_index(con, path)
            check = opened.check if opened else load(con, path)
            for statement in [*MACROS, *(attach_statements(*siblings) if siblings else ())]:
                con.execute(statement)
            con.execute("SET lock_configuration = true")
        except BaseException:
            con.close()
            raise
        catalog = cls(con, path, dataclasses.replace(check, index_notes=notes))
        catalog.has_reviews = siblings is not None
        if opened is not None:
            catalog._vocabulary, catalog._text_index = opened.vocabulary, True
        return catalog

    @property
    def checksum(self) -> str:
        """The checksum of the contents as read ("v1:<rows>:<sum>"): equal contents, equal checksum."""
        return self.check.checksum

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line each: rows left out or values ignored for bad data, unusable columns."""
        return self.check.warnings

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
            self._vocabulary = read_vocabulary(self._con)
        return self._vocabulary

    def search(self, intent: Intent, *, limit: int = 10, praise: tuple[str, ...] = ()) -> SearchResult:
        """Products matching `intent`; when none do, relax it step by step (see relax.py) and say how.

        `praise`: review aspects the shopper cares about; in relevance order, products whose reviews
        praise them come first (ignored when the catalog has no reviews)."""
        praise = praise if self.has_reviews else ()
        products, total, listings = self._run(intent, limit, None, praise)
        if products:
            return SearchResult(products, describe_filters(intent), (), total, listings)
        notes: list[str] = []
        for step in relaxations(intent, keywords_held=self._keywords_held(intent)):
            notes.append(step.note)
            products, total, listings = self._run(step.intent, limit, step.target, praise, loose=step.loose)
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

    def related(self) -> Related:
        """Lookups in the interaction files beside this catalog: neighbours, suggestions, popularity."""
        return Related(self._con, self.path)

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
                    f"cannot index the text of {self.path} for keyword search ({reason(e)}): search it"
                    f" without keywords, or import a smaller catalog (it may use {MEMORY_LIMIT} of memory)"
                ) from e
            raise
        self._text_index = True

    def _drop_text_index(self) -> None:
        # What failed to build may fail to drop too; the error worth reporting is the first one.
        with contextlib.suppress(duckdb.Error):
            for sql in DROP_STATEMENTS:
                self._con.execute(sql)

    def reviews(self) -> ReviewTables:
        """The catalog's reviews; CatalogError with the fix when it has none."""
        if not self.has_reviews:
            raise CatalogError(
                f"{self.path} has no reviews beside it: import some with "
                "`shop catalog import PRODUCTS --reviews FILE`"
            )
        return ReviewTables(self._con)

    def _run(
        self,
        intent: Intent,
        limit: int,
        target: PriceTarget | None,
        praise: tuple[str, ...] = (),
        *,
        loose: bool = False,
    ) -> tuple[tuple[Product, ...], int, tuple[int, ...]]:
        """(products, rows matched before the limit, identical listings each product stands for)."""
        if keywords_of(intent):
            self.build_text_index()
        sql, params = build_query(intent, limit=limit, target=target, praise=praise, loose=loose)
        rows = self._con.execute(sql, params).fetchall()
        total = int(rows[0][-1]) if rows else 0
        return tuple(to_product(r) for r in rows), total, tuple(int(r[-2]) for r in rows)

    def _fetchone(self, sql: str) -> tuple[Any, ...]:
        return self._fetchone_with(sql, [])

    def _fetchone_with(self, sql: str, params: list[object]) -> tuple[Any, ...]:
        row = self._con.execute(sql, params).fetchone()
        assert row is not None  # aggregates always return one row
        return row
