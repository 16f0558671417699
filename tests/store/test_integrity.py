"""What opening a catalog checks: the checksum its writer stored, and the value rules (integrity.py)."""

from __future__ import annotations

import json
import math
import random
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from catalog_fixture import widgets, write_catalog
from clirun import shop
from conftest import DEMO_CATALOG

from shopcli.errors import CatalogError
from shopcli.ingest.importer import import_catalog
from shopcli.integrity import checksum_query, format_checksum, kv_metadata
from shopcli.intent import Intent
from shopcli.schema import COLUMNS
from shopcli.store.catalog import Catalog


def write(path: Path, rows: list[dict[str, Any]], types: dict[str, str] | None = None) -> Path:
    return write_catalog(path.parent, name=path.name, rows=rows, types=types)


def test_the_checksum_of_fixed_rows_is_pinned() -> None:
    # It is DuckDB's hash(): should a DuckDB upgrade change it, every stored checksum would stop
    # matching and every catalog would be refused. This fails first; see integrity.py.
    with duckdb.connect() as con:
        con.execute(f"CREATE TABLE t ({', '.join(f'{c} {k}' for c, k in COLUMNS.items())})")
        con.execute(
            "INSERT INTO t (id, name, price, tags) VALUES ('a', 'mug', 5.5, ['x']), ('b', '杯', 1e3, [])"
        )
        rows, total = con.execute(checksum_query("t")).fetchone()  # type: ignore[misc]
    assert format_checksum(rows, total) == "v1:2:13347336610244838032"  # DuckDB 1.5.5


def test_the_demo_catalog_is_verified() -> None:
    with Catalog.open(DEMO_CATALOG) as cat:
        assert cat.check.verified and cat.check.stored == cat.checksum
        assert cat.warnings == () and cat.check.notes == () and cat.check.problems == ()


def test_an_import_is_verified_when_opened(tmp_path: Path) -> None:
    source = tmp_path / "p.csv"
    source.write_text('name,price,rating,List Price\nmug,5,4.5,0\ncup,"1,299.00",9,\n', encoding="utf-8")
    import_catalog(source, tmp_path / "c.parquet")
    with Catalog.open(tmp_path / "c.parquet") as cat:
        assert cat.check.verified and cat.warnings == ()  # bad values were dealt with at import


def test_a_changed_value_under_the_old_checksum_is_refused(tmp_path: Path) -> None:
    with duckdb.connect() as con:
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_parquet('{DEMO_CATALOG}')")
        rows, total = con.execute(checksum_query("t")).fetchone()  # type: ignore[misc]
        con.execute("UPDATE t SET price = 209.95 WHERE id = (SELECT min(id) FROM t)")  # the red team's 61.00
        stale = kv_metadata(format_checksum(rows, total))
        con.execute(f"COPY t TO '{tmp_path / 'c.parquet'}' (FORMAT parquet, {stale})")
    with pytest.raises(CatalogError, match="is damaged"):
        Catalog.open(tmp_path / "c.parquet")
    r = shop("search", "--no-llm", "--catalog", str(tmp_path / "c.parquet"), "dress")
    assert r.code == 3 and [line for line in r.err.splitlines() if line] == [r.err.strip()]


def test_random_byte_flips_give_an_error_or_the_same_products(tmp_path: Path) -> None:
    data, rng = DEMO_CATALOG.read_bytes(), random.Random(3)
    with Catalog.open(DEMO_CATALOG) as cat:
        baseline = cat.search(Intent(), limit=10**6).products
    for _ in range(8):
        flipped = bytearray(data)
        flipped[rng.randrange(len(data))] ^= rng.randrange(1, 256)
        path = tmp_path / "flipped.parquet"
        path.write_bytes(bytes(flipped))
        try:
            with Catalog.open(path) as cat:
                assert cat.search(Intent(), limit=10**6).products == baseline
        except CatalogError:
            pass


def test_a_catalog_without_a_checksum_opens_with_a_note(tmp_path: Path) -> None:
    path = write(tmp_path / "hand made.parquet", widgets(4))
    with Catalog.open(path) as cat:
        assert not cat.check.verified and "no checksum" in cat.check.notes[0]
    r = shop("search", "--no-llm", "--json", "--catalog", str(path), "widget")
    assert r.code == 0 and "Note: hand made.parquet has no checksum" in r.err


BAD = {
    "price NaN": {"price": math.nan}, "price inf": {"price": math.inf}, "price -inf": {"price": -math.inf},
    "price negative": {"price": -1.0}, "price zero": {"price": 0.0}, "price huge": {"price": 1e300},
    "no name": {"name": "  "}, "no id": {"id": None},
}  # fmt: skip


@pytest.mark.parametrize("fields", BAD.values(), ids=list(BAD))
def test_rows_with_bad_prices_or_no_name_are_left_out_and_counted(
    tmp_path: Path, fields: dict[str, Any]
) -> None:
    path = write(tmp_path / "c.parquet", [*widgets(4), {**widgets(1)[0], "id": "BAD", **fields}])
    with Catalog.open(path) as cat:
        ids = {p.id for p in cat.search(Intent(), limit=100).products}
        assert ids == {"G1", "G2", "G3", "G4"}
        assert len(cat.warnings) == 1 and "left out 1 of 5 rows" in cat.warnings[0]
        assert f"shop catalog info {path}" in cat.warnings[0]


def test_bad_ratings_are_ignored_and_a_nan_rating_never_ranks_first(tmp_path: Path) -> None:
    rows = [*widgets(4), {**widgets(1)[0], "id": "NAN", "rating": math.nan, "review_count": 10**6},
            {**widgets(1)[0], "id": "TEN", "rating": 10.0, "review_count": 10**6},
            {**widgets(1)[0], "id": "NEG", "review_count": -5, "original_price": -2.0}]  # fmt: skip
    with Catalog.open(write(tmp_path / "c.parquet", rows)) as cat:
        by_rating = cat.search(Intent(sort="rating"), limit=100).products
        assert by_rating[0].id not in ("NAN", "TEN") and by_rating[-1].id in ("NAN", "TEN")
        shown = {p.id: p for p in by_rating}
        assert shown["NAN"].rating is None and shown["TEN"].rating is None
        assert shown["NEG"].review_count is None and shown["NEG"].original_price is None
        assert "ignored 4 values" in cat.warnings[0]


def test_duplicate_ids_are_an_error_naming_one(tmp_path: Path) -> None:
    path = write(tmp_path / "c.parquet", [*widgets(4), {**widgets(1)[0], "name": "again"}])
    with pytest.raises(CatalogError, match="'G1'"):
        Catalog.open(path)


def test_a_boolean_price_is_refused_and_a_text_price_read_where_it_is_a_number(tmp_path: Path) -> None:
    boolean = write(tmp_path / "b.parquet", [{**w, "price": True} for w in widgets(4)], {"price": "BOOLEAN"})
    with pytest.raises(CatalogError, match="price is BOOLEAN"):
        Catalog.open(boolean)
    text = [{**w, "price": str(w["price"])} for w in widgets(4)] + [
        {**widgets(1)[0], "id": "X", "price": "cheap"}
    ]
    with Catalog.open(write(tmp_path / "t.parquet", text, {"price": "VARCHAR"})) as cat:
        assert sorted(p.price for p in cat.search(Intent(), limit=10).products) == [11.0, 12.0, 13.0, 14.0]
        assert "price missing or not a number: 1" in cat.warnings[0]


def test_an_optional_column_of_an_unusable_type_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "c.parquet", [{**w, "rating": True} for w in widgets(4)], {"rating": "BOOLEAN"})
    with Catalog.open(path) as cat:
        assert all(p.rating is None for p in cat.search(Intent(), limit=10).products)
        assert cat.warnings == ("column rating is BOOLEAN, not DOUBLE: its values are ignored",)


def test_catalog_info_lists_the_problems_with_example_ids(tmp_path: Path) -> None:
    rows = [
        *widgets(4),
        {**widgets(1)[0], "id": "NAN", "price": math.nan},
        {**widgets(1)[0], "id": "R9", "rating": 9.0},
    ]
    path = write(tmp_path / "c.parquet", rows)
    r = shop("catalog", "info", "--json", str(path))
    assert r.code == 0, r.err
    info = json.loads(r.out)
    assert info["checksum"]["verified"] is False and info["checksum"]["contents"].startswith("v1:6:")
    assert info["problems"] == [
        {"reason": "price not a finite number", "rows": 1, "effect": "row left out", "examples": ["NAN"]},
        {"reason": "rating outside 0-5", "rows": 1, "effect": "value ignored", "examples": ["R9"]},
    ]
    text = shop("catalog", "info", str(path))
    assert "price not a finite number" in text.out and "NAN" in text.out


@pytest.mark.parametrize("name", ["cat[1].parquet", "cat*.parquet", "cat?.parquet"])
def test_a_catalog_path_with_glob_characters_is_that_file(tmp_path: Path, name: str) -> None:
    write(tmp_path / "cat1.parquet", [{**w, "name": f"decoy {w['name']}"} for w in widgets(4)])
    shutil.copy(write(tmp_path / "real.parquet", widgets(4)), tmp_path / name)
    with Catalog.open(tmp_path / name) as cat:
        assert {p.name for p in cat.search(Intent(), limit=10).products} == {
            f"widget {i}" for i in range(1, 5)
        }
