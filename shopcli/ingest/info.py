"""What a catalog file holds: row count, categories, brands, prices, colour coverage, gaps.

`profile_catalog` runs over any relation with contract columns, so the importer's report and
`shop catalog info` describe catalogs the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from shopcli.errors import CatalogError
from shopcli.ingest.source import (
    duck_path,
    first_line,
    interrupts_as_keyboard,
    quiet_connection,
    sql_ident,
    sql_str,
)
from shopcli.schema import COLUMNS, PALETTE

Counts = tuple[tuple[str, int], ...]
TOP_BRANDS = 20  # `info` lists every category but only this many brands


@dataclass(frozen=True)
class CatalogProfile:
    rows: int
    categories: Counts  # most common first
    brands: Counts  # most common first
    min_price: float | None
    median_price: float | None
    max_price: float | None
    color_coverage: float  # share of rows whose colour is in PALETTE, 0..1
    currency: str | None = None  # what the prices are in (the most common currency; import makes one)
    spec_coverage: float = 0.0  # share of rows with at least one spec (shopcli/specs.py), 0..1
    specs: Counts = ()  # attribute -> rows stating it, most common first

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["categories"] = dict(self.categories)
        d["brands"] = dict(self.brands)
        d["specs"] = dict(self.specs)
        return d


@dataclass(frozen=True)
class CatalogInfo:
    path: str
    size_bytes: int
    profile: CatalogProfile
    missing_fields: tuple[str, ...]  # contract columns the file does not have
    empty_fields: tuple[str, ...]  # contract columns present but NULL (or empty lists) in every row
    wrong_types: tuple[tuple[str, str, str], ...]  # (column, type found, type expected)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "size_bytes": self.size_bytes,
            **self.profile.to_dict(),
            "missing_fields": list(self.missing_fields),
            "empty_fields": list(self.empty_fields),
            "wrong_types": [{"column": c, "found": f, "expected": e} for c, f, e in self.wrong_types],
        }


def profile_catalog(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    columns: set[str],
    *,
    top_categories: int | None = 10,
    top_brands: int | None = 10,
) -> CatalogProfile:
    """Profile `relation` (a table name or a parenthesised query); absent columns read as NULL."""
    rows = _scalar(con, f"SELECT count(*) FROM {relation} AS r") or 0
    price = (
        _scalars(con, relation, "min(price), median(price), max(price)")
        if "price" in columns
        else (None,) * 3
    )
    colored = 0
    if "color" in columns and rows:
        palette = ", ".join(sql_str(c) for c in PALETTE)
        colored = _scalar(con, f"SELECT count(*) FROM {relation} AS r WHERE color IN ({palette})") or 0
    return CatalogProfile(
        rows=int(rows),
        categories=_top(con, relation, "category", top_categories) if "category" in columns else (),
        brands=_top(con, relation, "brand", top_brands) if "brand" in columns else (),
        min_price=_money(price[0]),
        median_price=_money(price[1]),
        max_price=_money(price[2]),
        color_coverage=round(colored / rows, 4) if rows else 0.0,
        currency=_scalar(con, f"SELECT mode(currency) FROM {relation} AS r")
        if "currency" in columns
        else None,
        **(_specs(con, relation, int(rows)) if "specs" in columns else {}),
    )


def _specs(con: duckdb.DuckDBPyConnection, relation: str, rows: int) -> dict[str, Any]:
    """How many rows state each spec, and the share stating any: the import report's spec coverage."""
    stated = _scalar(con, f"SELECT count(*) FROM {relation} AS r WHERE cardinality(specs) > 0") or 0
    counts = con.execute(
        f"SELECT k, count(*) AS n FROM (SELECT unnest(map_keys(specs)) AS k FROM {relation} AS r) "
        "GROUP BY k ORDER BY n DESC, k"
    ).fetchall()
    return {
        "spec_coverage": round(stated / rows, 4) if rows else 0.0,
        "specs": tuple((str(k), int(n)) for k, n in counts),
    }


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    return row[0] if row else None


def _scalars(con: duckdb.DuckDBPyConnection, relation: str, exprs: str) -> tuple[Any, ...]:
    row = con.execute(f"SELECT {exprs} FROM {relation} AS r").fetchone()
    return tuple(row) if row else ()


def _money(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def _top(con: duckdb.DuckDBPyConnection, relation: str, column: str, top: int | None) -> Counts:
    limit = f"LIMIT {int(top)}" if top else ""
    sql = (
        f"SELECT {column}, count(*) AS n FROM {relation} AS r WHERE {column} IS NOT NULL "
        f"GROUP BY {column} ORDER BY n DESC, {column} {limit}"
    )
    return tuple((str(value), int(n)) for value, n in con.execute(sql).fetchall())


def catalog_info(path: Path) -> CatalogInfo:
    """Describe the Parquet catalog at `path`; CatalogError with a fix when it cannot be read."""
    if not path.is_file():
        raise CatalogError(
            f"no catalog at {path}: pass a catalog path, or import one with `shop catalog import FILE`"
        )
    with interrupts_as_keyboard(), quiet_connection() as con:  # only ever reads the file
        try:
            return _describe(con, path)
        except duckdb.Error as exc:
            raise CatalogError(
                f"{path} is not a readable Parquet catalog ({first_line(exc)}): "
                "re-create it with `shop catalog import FILE`"
            ) from exc


def _describe(con: duckdb.DuckDBPyConnection, path: Path) -> CatalogInfo:
    relation = f"read_parquet({duck_path(path)})"
    found = {str(r[0]): str(r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()}
    wrong = tuple((c, found[c], t) for c, t in COLUMNS.items() if c in found and found[c] != t)
    usable = {c for c in COLUMNS if found.get(c) == COLUMNS[c]}  # profile only what has the right type
    return CatalogInfo(
        path=str(path),
        size_bytes=path.stat().st_size,
        profile=profile_catalog(con, relation, usable, top_categories=None, top_brands=TOP_BRANDS),
        missing_fields=tuple(c for c in COLUMNS if c not in found),
        empty_fields=_empty_fields(con, relation, [c for c in COLUMNS if c in found], found),
        wrong_types=wrong,
    )


def _empty_fields(
    con: duckdb.DuckDBPyConnection, relation: str, columns: list[str], types: dict[str, str]
) -> tuple[str, ...]:
    if not columns:
        return ()
    counts = [
        f"count({sql_ident(c)}) FILTER (WHERE len({sql_ident(c)}) > 0)" if types[c].endswith("[]")
        else f"count({sql_ident(c)})"
        for c in columns
    ]  # fmt: skip
    row = _scalars(con, relation, ", ".join(counts))
    return tuple(c for c, n in zip(columns, row, strict=True) if not n)
