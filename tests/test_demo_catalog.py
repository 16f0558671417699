"""The committed demo catalog follows the contract, holds what the demos need, and rebuilds byte-for-byte."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from shopcli.schema import COLUMNS, PALETTE

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "catalog.parquet"
SCRIPT = ROOT / "scripts" / "make_catalog.py"
CATEGORIES = (
    "dresses", "t-shirts", "jeans", "jackets", "hoodies", "sweaters", "skirts", "running shoes", "sneakers",
    "boots", "backpacks", "handbags", "headphones", "speakers", "smartphones", "laptops", "tablets",
    "smartwatches", "cameras", "monitors", "coffee makers", "blenders", "air fryers", "vacuum cleaners",
)  # fmt: skip
CLOTHING = ("dresses", "t-shirts", "jeans", "jackets", "hoodies", "sweaters", "skirts")
SHOES = ("running shoes", "sneakers", "boots")


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    connection.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{CATALOG}')")
    yield connection
    connection.close()


def one(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "catalog.parquet"
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), *args], check=True, capture_output=True)
    return out


def test_columns_follow_the_contract(con: duckdb.DuckDBPyConnection) -> None:
    described = con.execute("DESCRIBE t").fetchall()
    written = [(c, t) for c, t in COLUMNS.items() if c != "audience"]  # the demo has no audience data
    assert [(row[0], row[1]) for row in described] == written


def test_size_and_categories(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM t") >= 3000
    categories = {row[0] for row in con.execute("SELECT DISTINCT category FROM t").fetchall()}
    assert categories == set(CATEGORIES)


def test_ids_are_unique_and_stable(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(DISTINCT id) = count(*) FROM t")
    assert one(con, r"SELECT bool_and(regexp_full_match(id, 'P\d{6}')) FROM t")
    assert one(con, "SELECT min(id) FROM t") == "P000001"


def test_values_are_in_range(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM t WHERE NOT (price > 0 AND original_price >= price)") == 0
    assert one(con, "SELECT count(*) FROM t WHERE NOT rating BETWEEN 1 AND 5") == 0
    assert one(con, "SELECT count(*) FROM t WHERE NOT stock BETWEEN 0 AND 500 OR review_count < 0") == 0
    assert one(con, "SELECT count(*) FROM t WHERE currency <> 'USD'") == 0
    assert (
        one(con, "SELECT count(*) FROM t WHERE round(price, 2) <> price OR round(rating, 1) <> rating") == 0
    )
    assert one(con, "SELECT count(*) FROM t WHERE original_price > price") > 300  # some are on sale
    assert one(con, "SELECT count(*) FROM t WHERE stock = 0") > 0


def test_colours_come_from_the_palette(con: duckdb.DuckDBPyConnection) -> None:
    colours = {row[0] for row in con.execute("SELECT DISTINCT color FROM t").fetchall()}
    assert colours <= set(PALETTE)
    assert one(con, "SELECT count(*) FROM t WHERE category = 'laptops' AND color = 'purple'") == 0


def test_every_category_is_varied(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT category, count(DISTINCT brand), count(DISTINCT color), count(DISTINCT subcategory), "
        "count(*) FILTER (color = 'black'), count(*) FILTER (color = 'white') FROM t GROUP BY category"
    ).fetchall()
    for category, brands, colours, subcategories, black, white in rows:
        assert brands >= 5 and colours >= 4, category
        assert 2 <= subcategories <= 5, category
        assert black >= 15 and white >= 5, category


def test_sizes_and_materials_only_where_they_belong(con: duckdb.DuckDBPyConnection) -> None:
    letters = one(con, f"SELECT list(DISTINCT size) FROM t WHERE category IN {CLOTHING}")
    assert set(letters) == {"XS", "S", "M", "L", "XL", "XXL"}
    shoe_sizes = one(con, f"SELECT list(DISTINCT size) FROM t WHERE category IN {SHOES}")
    assert {"8", "9.5", "10"} <= set(shoe_sizes) and all(float(s) for s in shoe_sizes)
    assert one(con, f"SELECT count(size) FROM t WHERE category NOT IN {CLOTHING + SHOES}") == 0
    with_material = CLOTHING + SHOES + ("backpacks", "handbags")
    assert one(con, f"SELECT count(*) FROM t WHERE category IN {with_material} AND material IS NULL") == 0
    assert one(con, f"SELECT count(material) FROM t WHERE category NOT IN {with_material}") == 0


def test_tags_are_few_and_lower_case(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM t WHERE NOT len(tags) BETWEEN 2 AND 5") == 0
    assert one(con, "SELECT count(*) FROM (SELECT unnest(tags) AS tag FROM t) WHERE tag <> lower(tag)") == 0


def test_names_carry_the_brand_and_are_mostly_unique(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM t WHERE NOT starts_with(name, brand || ' ')") == 0
    assert one(con, "SELECT count(DISTINCT name) / count(*) FROM t") > 0.97
    assert one(con, "SELECT count(*) FROM t WHERE description IS NULL OR len(description) < 40") == 0


def test_the_demo_queries_have_answers(con: duckdb.DuckDBPyConnection) -> None:
    red = "FROM t WHERE category = 'dresses' AND color = 'red'"
    assert one(con, f"SELECT count(*) {red}") >= 40
    assert one(con, f"SELECT count(*) {red} AND price <= 80") >= 15
    assert one(con, "SELECT count(*) FROM t WHERE category = 'dresses' AND color = 'blue'") >= 30
    assert one(con, "SELECT count(*) FROM t WHERE category = 'headphones' AND price <= 45") >= 60
    sporty = "list_has_all(tags, ['bluetooth', 'sports', 'sweat resistant'])"
    assert one(con, f"SELECT count(*) FROM t WHERE subcategory = 'earbuds' AND {sporty}") >= 5


def test_regenerating_gives_the_same_bytes(tmp_path: Path) -> None:
    assert sha256(make(tmp_path)) == sha256(CATALOG)


def test_count_is_shared_between_all_categories(tmp_path: Path) -> None:
    out = make(tmp_path, "--count", "120", "--seed", "7")
    con = duckdb.connect()
    rows = con.execute(f"SELECT count(*), count(DISTINCT category) FROM read_parquet('{out}')").fetchone()
    assert rows == (120, len(CATEGORIES))
