"""The review tables on the catalog's locked connection: what reviews say, as counts and clauses.

catalog.py attaches the two sibling files (see sidecar.py) as views when both exist; every query
here reads them through bound parameters, like query.py does for products. The files are sorted
by product id, so a question about one product reads a few row groups, not the whole file.

Counts are of distinct reviews: a review that praises the battery twice praises it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from shopcli.store.load import literal
from shopcli.store.sidecar import ASPECT_COLUMNS, REVIEW_COLUMNS

# A product's praise for the aspects a shopper asked about: net praised share of its reviews,
# smoothed by PRIOR_REVIEWS pseudo-reviews so that 1 praise in 1 review does not beat 31 in 40.
PRIOR_REVIEWS = 5
PRAISE_SQL = (
    "SELECT a.product_id, (count(DISTINCT a.review_id) FILTER (WHERE a.polarity > 0)"
    " - count(DISTINCT a.review_id) FILTER (WHERE a.polarity < 0)) / (n.reviews + "
    f"{PRIOR_REVIEWS}.0) AS praise FROM aspects AS a JOIN (SELECT product_id, count(*) AS reviews"
    " FROM reviews GROUP BY product_id) AS n ON n.product_id = a.product_id"
    " WHERE list_contains(?::VARCHAR[], a.aspect) GROUP BY a.product_id, n.reviews"
)
_STATS_SQL = (
    "SELECT count(*), avg(rating), count(rating),"
    " ["
    + ", ".join(f"count(*) FILTER (WHERE round(rating) = {s})" for s in (5, 4, 3, 2, 1))
    + "] FROM reviews"
    " WHERE product_id = ?"
)
_ASPECTS_SQL = (
    "SELECT product_id, aspect, count(DISTINCT review_id) FILTER (WHERE polarity > 0),"
    " count(DISTINCT review_id) FILTER (WHERE polarity < 0), count(DISTINCT review_id) FROM aspects"
    " WHERE list_contains(?::VARCHAR[], product_id) GROUP BY product_id, aspect ORDER BY product_id, aspect"
)
# Clauses that praise (or criticise) an aspect, best quote first: the shopper's language, helpful
# votes, then the shortest clause (a quote is read at a glance), then ids for a stable order.
_CLAUSES_SQL = (
    "SELECT r.id, r.text, a.start, a.stop, r.language, r.rating FROM aspects AS a"
    " JOIN reviews AS r ON r.id = a.review_id AND r.product_id = a.product_id"
    " WHERE a.product_id = ? AND a.aspect = ? AND sign(a.polarity) = ?"
    " ORDER BY r.language = ? DESC, coalesce(r.helpful, 0) DESC, a.stop - a.start, r.id, a.start LIMIT ?"
)
_COUNTS_SQL = (
    "SELECT product_id, count(*) FROM reviews"
    " WHERE list_contains(?::VARCHAR[], product_id) GROUP BY product_id"
)
_REVIEWS_SQL = (
    "SELECT id, text, 0, length(text), language, rating FROM reviews WHERE product_id = ?"
    " ORDER BY language = ? DESC, coalesce(helpful, 0) DESC, id LIMIT ?"
)


@dataclass(frozen=True)
class ReviewStats:
    reviews: int
    average: float | None  # mean star rating of the reviews that have one
    rated: int  # reviews with a star rating
    stars: tuple[int, int, int, int, int]  # reviews with 5, 4, 3, 2, 1 stars


@dataclass(frozen=True)
class AspectCount:
    aspect: str
    praised: int  # reviews praising it
    criticised: int  # reviews criticising it
    mentioned: int  # reviews mentioning it at all


@dataclass(frozen=True)
class Clause:
    """A clause of one review: text[start:stop] says what it says about an aspect."""

    review_id: str
    text: str
    start: int
    stop: int
    language: str
    rating: float | None

    @property
    def quote(self) -> str:
        return self.text[self.start : self.stop]


def attach_statements(reviews: Path, aspects: Path) -> list[str]:
    """Views over the two files (paths are ours, quoted as SQL literals: a view takes no parameters)."""
    return [
        _view("reviews", reviews, REVIEW_COLUMNS),
        _view("aspects", aspects, ASPECT_COLUMNS),
    ]


def _view(name: str, path: Path, columns: dict[str, str]) -> str:
    # DuckDB's reader expands glob patterns: escape them so `shop[1].reviews.parquet` is that file.
    quoted = "'" + literal(path).replace("'", "''") + "'"
    select = ", ".join(f'CAST("{c}" AS {kind}) AS {c}' for c, kind in columns.items())
    return f"CREATE VIEW {name} AS SELECT {select} FROM read_parquet({quoted})"


class ReviewTables:
    """Read-only questions about the reviews of a catalog; catalog.py hands one out."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def stats(self, product_id: str) -> ReviewStats:
        row = self._con.execute(_STATS_SQL, [product_id]).fetchone()
        assert row is not None  # an aggregate always returns one row
        count, average, rated, stars = row
        return ReviewStats(int(count), None if average is None else float(average), int(rated), tuple(stars))

    def aspects(self, product_ids: Iterable[str]) -> dict[str, tuple[AspectCount, ...]]:
        """Per product, what its reviews say about each aspect they mention."""
        found: dict[str, list[AspectCount]] = {}
        for pid, aspect, praised, criticised, mentioned in self._con.execute(
            _ASPECTS_SQL, [list(product_ids)]
        ).fetchall():
            found.setdefault(pid, []).append(AspectCount(aspect, praised, criticised, mentioned))
        return {pid: tuple(counts) for pid, counts in found.items()}

    def counts(self, product_ids: Iterable[str]) -> dict[str, int]:
        """Reviews per product (products without reviews are left out)."""
        return dict(self._con.execute(_COUNTS_SQL, [list(product_ids)]).fetchall())

    def clauses(
        self, product_id: str, aspect: str, polarity: int, *, language: str, limit: int = 5
    ) -> tuple[Clause, ...]:
        """Clauses of this product's reviews that praise (1) or criticise (-1) `aspect`."""
        rows = self._con.execute(_CLAUSES_SQL, [product_id, aspect, polarity, language, limit]).fetchall()
        return tuple(Clause(*row) for row in rows)

    def reviews(self, product_id: str, *, language: str, limit: int = 5) -> tuple[Clause, ...]:
        """Whole reviews of this product (as clauses spanning the text), most helpful first."""
        rows = self._con.execute(_REVIEWS_SQL, [product_id, language, limit]).fetchall()
        return tuple(Clause(*row) for row in rows)
