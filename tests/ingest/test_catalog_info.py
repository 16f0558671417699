"""`catalog_info`: what a catalog holds, what it lacks, and clear errors for files that are not catalogs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import messy_fixtures as mf
import pytest

from shopcli.errors import CatalogError
from shopcli.ingest.importer import import_catalog
from shopcli.ingest.info import catalog_info
from shopcli.money import Rates
from shopcli.schema import COLUMNS


def imported(tmp_path: Path) -> Path:
    out = tmp_path / "cat.parquet"
    import_catalog(mf.amazon_csv(tmp_path), out, rates=Rates.of({"CNY": 7.2}))
    return out


def test_info_on_an_imported_catalog(tmp_path: Path) -> None:
    info = catalog_info(imported(tmp_path))
    p = info.profile
    assert p.rows == 6 and info.size_bytes > 0  # the euro-priced row is converted, not dropped
    assert dict(p.categories) == {
        "puzzles": 1,
        "headphones": 1,
        "sports & outdoors": 1,
        "home": 1,
        "electronics": 1,
        "misc": 1,
    }
    assert dict(p.brands) == {"Acme": 1, "Coleman": 1, "Lodge": 1, "Ravensburger": 1}
    assert (p.min_price, p.median_price, p.max_price) == (5.43, 20.95, 1299.0)
    assert p.color_coverage == 0.6667  # 4 of 6 rows have a palette colour; "Teal" and none do not
    assert p.currency == "USD"
    assert info.missing_fields == () and info.wrong_types == ()
    assert info.empty_fields == ("size", "material", "audience", "specs")  # no name states a spec


def test_categories_sorted_by_count_then_name(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    values = "('a', 'shoes', 1.0), ('b', 'bags', 2.0), ('c', 'shoes', 3.0), ('d', 'art', 4.0)"
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT * FROM (VALUES {values}) AS t(id, category, price)) TO '{path}'")
    info = catalog_info(path)
    assert info.profile.categories == (("shoes", 2), ("art", 1), ("bags", 1))


def test_missing_and_mistyped_fields(tmp_path: Path) -> None:
    path = tmp_path / "thin.parquet"
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT 'x1' AS id, 'Lamp' AS name, '12.50' AS price) TO '{path}' (FORMAT parquet)"
        )
    info = catalog_info(path)
    assert info.missing_fields == tuple(c for c in COLUMNS if c not in ("id", "name", "price"))
    assert info.wrong_types == (("price", "VARCHAR", "DOUBLE"),)
    assert info.profile.rows == 1 and info.profile.min_price is None  # a text price is not profiled
    assert info.to_dict()["wrong_types"] == [{"column": "price", "found": "VARCHAR", "expected": "DOUBLE"}]


def test_all_null_and_empty_list_fields(tmp_path: Path) -> None:
    path = tmp_path / "nulls.parquet"
    with duckdb.connect() as con:
        con.execute(
            "COPY (SELECT 'x1' AS id, 'Lamp' AS name, 9.5 AS price, NULL::VARCHAR AS brand, "
            f"[]::VARCHAR[] AS tags) TO '{path}' (FORMAT parquet)"
        )
    assert catalog_info(path).empty_fields == ("brand", "tags")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("none.parquet", None, "no catalog at"), ("empty.parquet", b"", "not a readable Parquet"),
     ("text.parquet", b"name,price\nA,1\n", "not a readable Parquet"), ("folder", "dir", "no catalog at")],
)  # fmt: skip
def test_unreadable_catalogs(tmp_path: Path, name: str, data: bytes | str | None, message: str) -> None:
    path = tmp_path / name
    if data == "dir":
        path.mkdir()
    elif isinstance(data, bytes):
        path.write_bytes(data)
    with pytest.raises(CatalogError, match=message):
        catalog_info(path)


def test_to_dict_is_plain_json(tmp_path: Path) -> None:
    d = catalog_info(imported(tmp_path)).to_dict()
    assert d["rows"] == 6 and d["categories"]["puzzles"] == 1 and d["missing_fields"] == []
    assert set(d) >= {
        "path",
        "size_bytes",
        "brands",
        "min_price",
        "max_price",
        "color_coverage",
        "empty_fields",
    }
