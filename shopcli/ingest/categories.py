"""The label tables `cleaned` joins: categories (from a path, or derived from names) and audiences.

Each is computed in Python over *distinct* values (labels.py and derive.py hold the rules) and
written to a small temp table:
  category_map(raw, cat, sub, upper)   one row per distinct category path
  derived_map(d_name, d_brand, d_cat)  one row per distinct (name, brand), when there is no category
  audience_map(a_raw, a_value)         one row per distinct audience value
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from shopcli.ingest.derive import Derived, derive
from shopcli.ingest.labels import audience_of, brand_variants, category_levels, category_path
from shopcli.ingest.source import sql_str


@dataclass(frozen=True)
class Labels:
    derived: Derived | None  # categories derived from names, when the source had none


def label_tables(con: duckdb.DuckDBPyConnection, *, mapped: set[str], chinese: bool) -> Labels:
    """Create category_map, derived_map and audience_map from `raw`."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE category_map (raw VARCHAR, cat VARCHAR, sub VARCHAR, upper VARCHAR[])"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE derived_map (d_name VARCHAR, d_brand VARCHAR, d_cat VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE audience_map (a_raw VARCHAR, a_value VARCHAR)")
    derived = None
    if "category" in mapped:
        _path_map(con, has_subcategory_column="subcategory" in mapped)
    else:
        derived = _derived_map(con, chinese=chinese)
    values = _distinct(con, "audience")
    _insert(con, "audience_map", [(v, a) for v in values if (a := audience_of(v))])
    return Labels(derived)


def _distinct(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    return [
        v for (v,) in con.execute(f"SELECT DISTINCT {column} FROM raw WHERE {column} IS NOT NULL").fetchall()
    ]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[object]]) -> None:
    """Insert `rows` in one statement, each column one JSON text unnested in SQL: binding Python values
    one by one (executemany, or a list parameter) took seconds per thousand rows, the binding trying
    to import numpy for every value."""
    if not rows:
        return
    kinds = [str(r[1]) for r in con.execute(f"DESCRIBE {table}").fetchall()]
    columns = [json.dumps(list(c), ensure_ascii=False) for c in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(from_json(?, {sql_str(json.dumps([_json_type(k)]))}))" for k in kinds)
    con.execute(f"INSERT INTO {table} SELECT {select}", columns)


def _json_type(kind: str) -> object:
    return [_json_type(kind[:-2])] if kind.endswith("[]") else kind


def _path_map(con: duckdb.DuckDBPyConnection, *, has_subcategory_column: bool) -> None:
    """Category paths, cut where a level is a brand's shelf (labels.trim_levels)."""
    values = _distinct(con, "category")
    brands = frozenset(b.strip().lower() for b in _distinct(con, "brand") if b.strip())
    candidates = [(v, depth, prefix) for v in values for depth, prefix in brand_variants(category_levels(v))]
    named: dict[str, set[int]] = {}
    if candidates:
        con.execute("CREATE OR REPLACE TEMP TABLE shelf (raw VARCHAR, depth INTEGER, prefix VARCHAR)")
        _insert(con, "shelf", [(v, d, p) for v, d, p in candidates])
        found = con.execute(
            "SELECT DISTINCT s.raw, s.depth FROM raw AS r JOIN shelf AS s ON r.category = s.raw "
            "WHERE starts_with(lower(trim(r.name)), s.prefix)"
        ).fetchall()
        for value, depth in found:
            named.setdefault(value, set()).add(depth)
    rows = []
    for value in values:
        path = category_path(
            value, has_subcategory_column=has_subcategory_column, brands=brands,
            named=frozenset(named.get(value, ())),
        )  # fmt: skip
        if path.category:
            rows.append((value, path.category, path.subcategory, list(path.upper)))
    _insert(con, "category_map", rows)


def _derived_map(con: duckdb.DuckDBPyConnection, *, chinese: bool) -> Derived:
    pairs = con.execute("SELECT DISTINCT name, brand FROM raw WHERE name IS NOT NULL").fetchall()
    derived = derive(((str(n), b) for n, b in pairs), chinese=chinese)
    _insert(con, "derived_map", [(n, b, c) for (n, b), c in derived.categories.items()])
    return derived
