"""Lookups in the interaction files beside a catalog: item neighbours, suggestions, popularity.

The neighbours were computed at import (shopcli/personal/similarity.py), so every answer here is a
join of a small sorted Parquet file with the `products` table: milliseconds, no model, no scan of
the log. SQL follows query.py's rule: the text is this module's constants; every id, method and
limit is a bound `?` parameter. Rows the catalog no longer holds simply drop out of the joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from shopcli.schema import COLUMNS, Product
from shopcli.store.load import literal
from shopcli.store.query import to_product
from shopcli.store.siblings import sibling

_P = ", ".join(f"p.{c}" for c in COLUMNS)

NEIGHBOURS_SQL = (
    f"SELECT {_P}, n.score, n.together FROM read_parquet(?) AS n JOIN products AS p ON p.id = n.neighbour_id"
    " WHERE n.method = ? AND n.product_id = ? ORDER BY n.rank LIMIT ?"
)
# Score of a candidate = sum over seeds of similarity(seed, candidate) x the seed's weight; `because`
# is the seed that contributed most, so the reason shown is the one that mattered.
FROM_SEEDS_SQL = (
    "WITH seeds AS (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::DOUBLE[]) AS w),"
    " scored AS (SELECT n.neighbour_id AS id, sum(n.score * s.w) AS score,"
    " arg_max(n.product_id, n.score * s.w) AS because"
    " FROM read_parquet(?) AS n JOIN seeds AS s ON n.product_id = s.id"
    " WHERE n.method = ? AND NOT list_contains(?::VARCHAR[], n.neighbour_id)"
    " GROUP BY n.neighbour_id HAVING sum(n.score * s.w) > 0)"
    f" SELECT {_P}, scored.score, scored.because FROM scored JOIN products AS p ON p.id = scored.id"
    " ORDER BY scored.score DESC, p.id LIMIT ?"
)
# Popular within categories (all of them when the list is empty), at most `per category` each.
_IN_CATEGORIES = "(len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], p.category))"
POPULAR_SQL = (
    f"SELECT {_P}, pop.users, pop.purchases FROM read_parquet(?) AS pop"
    f" JOIN products AS p ON p.id = pop.product_id WHERE {_IN_CATEGORIES}"
    " AND NOT list_contains(?::VARCHAR[], p.id)"
    " QUALIFY row_number() OVER (PARTITION BY p.category"
    " ORDER BY pop.users DESC, pop.purchases DESC, p.id) <= ?"
    " ORDER BY pop.users DESC, pop.purchases DESC, p.id LIMIT ?"
)
# Without an interaction log, the catalog's own review counts are the only popularity there is.
POPULAR_BY_REVIEWS_SQL = (
    f"SELECT {_P}, coalesce(p.review_count, 0), 0 FROM products AS p WHERE {_IN_CATEGORIES}"
    " AND NOT list_contains(?::VARCHAR[], p.id)"
    " QUALIFY row_number() OVER (PARTITION BY p.category"
    " ORDER BY p.review_count DESC NULLS LAST, p.rating DESC NULLS LAST, p.id) <= ?"
    " ORDER BY p.review_count DESC NULLS LAST, p.rating DESC NULLS LAST, p.id LIMIT ?"
)
METHODS_SQL = "SELECT DISTINCT method FROM read_parquet(?) ORDER BY 1"
_WIDTH = len(COLUMNS)


@dataclass(frozen=True)
class Neighbour:
    product: Product
    score: float
    together: int  # users in the log who interacted with both products


@dataclass(frozen=True)
class Suggestion:
    product: Product
    score: float
    because: str  # id of the seed product that contributed most


@dataclass(frozen=True)
class Popular:
    product: Product
    users: int  # distinct users in the log (review count when there is no log)
    purchases: int


class Related:
    """Read-only lookups for one open catalog connection (see Catalog.related)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, catalog: Path) -> None:
        self._con = con
        self.neighbours_path = sibling(catalog, "neighbours")
        self.popularity_path = sibling(catalog, "popularity")

    def has_log(self) -> bool:
        """Whether interactions were imported for this catalog (its neighbours file exists)."""
        return self.neighbours_path.is_file() and self.popularity_path.is_file()

    def methods(self) -> tuple[str, ...]:
        """The similarity methods the neighbours file holds."""
        rows = self._con.execute(METHODS_SQL, [literal(self.neighbours_path)]).fetchall()
        return tuple(str(r[0]) for r in rows)

    def neighbours(self, product_id: str, *, method: str, limit: int) -> tuple[Neighbour, ...]:
        """The products most similar to `product_id`, best first."""
        params = [literal(self.neighbours_path), method, product_id, limit]
        rows = self._con.execute(NEIGHBOURS_SQL, params).fetchall()
        return tuple(Neighbour(to_product(r), float(r[_WIDTH]), int(r[_WIDTH + 1])) for r in rows)

    def from_seeds(
        self, seeds: Sequence[tuple[str, float]], *, exclude: Sequence[str], method: str, limit: int
    ) -> tuple[Suggestion, ...]:
        """Products near the weighted seeds (likes, saves...), never one of `exclude`."""
        if not seeds:
            return ()
        params = [
            [s for s, _ in seeds], [float(w) for _, w in seeds], literal(self.neighbours_path), method,
            list(exclude), limit,
        ]  # fmt: skip
        rows = self._con.execute(FROM_SEEDS_SQL, params).fetchall()
        return tuple(Suggestion(to_product(r), float(r[_WIDTH]), str(r[_WIDTH + 1])) for r in rows)

    def popular(
        self, *, categories: Sequence[str], exclude: Sequence[str], per_category: int, limit: int
    ) -> tuple[Popular, ...]:
        """The most popular products in `categories` (all when empty): from the log, else review counts."""
        wanted = [c.lower() for c in categories]
        tail = [wanted, wanted, list(exclude), per_category, limit]
        if self.has_log():
            rows = self._con.execute(POPULAR_SQL, [literal(self.popularity_path), *tail]).fetchall()
        else:
            rows = self._con.execute(POPULAR_BY_REVIEWS_SQL, tail).fetchall()
        return tuple(Popular(to_product(r), int(r[_WIDTH]), int(r[_WIDTH + 1])) for r in rows)
