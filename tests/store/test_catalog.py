"""Catalog: loading, the contract, the vocabulary, search, get, and refusing bad files with a fix."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from catalog_fixture import fixture_rows, write_catalog
from conftest import DEMO_CATALOG

from shopcli.errors import CatalogError, ExitCode
from shopcli.intent import Intent
from shopcli.schema import COLUMNS, Product
from shopcli.store.catalog import Catalog


@pytest.fixture(scope="module")
def catalog_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory.mktemp("catalog"))


@pytest.fixture
def cat(catalog_path: Path) -> Iterator[Catalog]:
    with Catalog.open(catalog_path) as c:
        yield c


def test_product_fields_follow_the_contract_order() -> None:
    # Rows become Products positionally, so the two must never drift apart.
    assert tuple(Product.__dataclass_fields__) == tuple(COLUMNS)


def test_loads_every_row_and_closes_twice(catalog_path: Path) -> None:
    c = Catalog.open(catalog_path)
    assert len(c) == len(fixture_rows())
    c.close()
    c.close()


def test_vocabulary_is_read_from_the_data(cat: Catalog) -> None:
    v = cat.vocabulary()
    assert "laptops" in v.categories and "purple" not in v.colors
    assert v.brands == tuple(sorted({r["brand"] for r in fixture_rows() if r["brand"]}, key=str.lower))
    assert {"waterproof", "warm", "family"} <= set(v.tags)
    assert v.min_price == 18.5
    assert ("headphones", ("earbuds", "over-ear")) in v.subcategories_of
    assert cat.vocabulary() is v  # cached


def test_vocabulary_lower_cases_categories_and_keeps_brand_spelling(tmp_path: Path) -> None:
    rows = [{"id": "1", "name": "A", "price": 1.0, "category": " Laptops ", "color": "RED", "brand": "iRobot",
             "tags": ["Water Proof", " ", "WARM"]}]  # fmt: skip
    with Catalog.open(write_catalog(tmp_path, rows=rows)) as c:
        v = c.vocabulary()
        assert (v.categories, v.colors, v.brands, v.tags) == (
            ("laptops",),
            ("red",),
            ("iRobot",),
            ("warm", "water proof"),
        )
        assert c.search(Intent(features=("WARM",))).products[0].tags == ("water proof", "warm")


def test_search_returns_typed_products_and_the_total(cat: Catalog) -> None:
    result = cat.search(Intent(categories=("dresses",), colors=("red",), max_price=80), limit=1)
    assert len(result.products) == 1 and result.total >= 1
    assert result.filters == ("category = dresses", "color = red", "price ≤ 80 USD")
    assert result.relaxed == ()
    p = result.products[0]
    assert isinstance(p, Product) and p.color == "red" and p.price <= 80 and isinstance(p.tags, tuple)


def test_search_relaxes_and_says_so(cat: Catalog) -> None:
    result = cat.search(Intent(categories=("laptops",), colors=("purple",), max_price=5))
    assert result.relaxed[0] == "color purple dropped (no purple laptops)"
    assert result.filters == ("category = laptops",)
    assert result.total == 12


def test_search_that_finds_nothing_even_relaxed(cat: Catalog) -> None:
    result = cat.search(Intent(categories=("submarines",), colors=("red",)))
    assert result == type(result)((), ("category = submarines", "color = red"), (), 0)


def test_get_keeps_the_order_asked_and_skips_unknown_ids(cat: Catalog) -> None:
    assert [p.id for p in cat.get(["SP-2", "nope", "SP-1", "SP-2"])] == ["SP-2", "SP-1"]
    assert cat.get([]) == []
    assert cat.get(["' OR 1=1 --"]) == []


def test_search_takes_a_few_milliseconds(cat: Catalog) -> None:
    intent = Intent(categories=("dresses",), colors=("red",), max_price=80, keywords=("summer",))
    cat.search(intent)
    start = time.perf_counter()
    for _ in range(20):
        cat.search(intent)
    assert (time.perf_counter() - start) / 20 < 0.05  # generous: a few ms on a laptop


def test_catalog_with_only_required_columns_works(tmp_path: Path) -> None:
    rows = [{"id": "a", "name": "Plain thing", "price": 3.0}, {"id": "b", "name": "Other", "price": 9.0}]
    with Catalog.open(write_catalog(tmp_path, rows=rows, columns=("id", "name", "price"))) as c:
        v = c.vocabulary()
        assert (v.categories, v.brands, v.tags, v.min_price, v.max_price) == ((), (), (), 3.0, 9.0)
        result = c.search(Intent(colors=("red",), max_price=5))
        assert [p.id for p in result.products] == ["a"]
        assert result.relaxed == ("color red dropped (no red products)",)
        p = result.products[0]
        assert (p.brand, p.currency, p.tags, p.rating) == (None, "USD", (), None)


# --- bad catalogs: each one a CatalogError (exit code 3) whose message says what to do ---


def _open_error(path: Path) -> str:
    with pytest.raises(CatalogError) as info:
        Catalog.open(path)
    assert info.value.exit_code == ExitCode.CATALOG
    message = str(info.value)
    assert "\n" not in message
    return message


def test_missing_catalog(tmp_path: Path) -> None:
    missing = tmp_path / "nope.parquet"
    assert _open_error(missing) == f"no catalog at {missing}: pass --catalog FILE or set SHOPCLI_CATALOG"


def test_directory_is_not_a_catalog(tmp_path: Path) -> None:
    assert "is a directory" in _open_error(tmp_path) and "--catalog FILE" in _open_error(tmp_path)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01garbage" * 300, b"PAR1 but not really", b"id,name,price\n1,a,2\n"],
    ids=["empty", "random-bytes", "magic-only", "csv"],
)
def test_unreadable_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "catalog.parquet"
    path.write_bytes(content)
    message = _open_error(path)
    assert f"{path} is not a readable Parquet catalog (" in message
    assert "python scripts/make_catalog.py" in message and "shop catalog import" in message


def test_truncated_parquet(tmp_path: Path) -> None:
    path = write_catalog(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "is not a readable Parquet catalog" in _open_error(path)


def test_parquet_without_price(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, columns=("id", "name", "brand"))
    message = _open_error(path)
    assert "has no price column" in message and "shop catalog import" in message


def test_parquet_with_a_price_that_is_not_a_number(tmp_path: Path) -> None:
    con = duckdb.connect()
    path = tmp_path / "catalog.parquet"
    con.execute("CREATE TABLE t AS SELECT 'x' AS id, 'n' AS name, 'cheap' AS price")
    con.table("t").write_parquet(str(path))
    con.close()
    assert "does not follow the catalog contract" in _open_error(path)


def test_parquet_without_rows(tmp_path: Path) -> None:
    assert "has no products" in _open_error(write_catalog(tmp_path, rows=[]))


# --- the locked-down connection ---

ESCAPES = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_parquet('{other}')",
    "SELECT * FROM glob('/etc/*')",
    "COPY (SELECT 1) TO '{tmp}/x.csv'",
    "COPY products TO '{tmp}/x.parquet' (FORMAT parquet)",
    "EXPORT DATABASE '{tmp}/export'",
    "ATTACH '{tmp}/other.duckdb' AS other",
    "INSTALL fts",
    "LOAD fts",
    "LOAD '{fts}'",
    "SET threads = 1",
    "RESET threads",
    "SET memory_limit = '64GB'",
    "SET enable_external_access = true",
    "SET allowed_paths = ['/etc/passwd']",
    "SET lock_configuration = false",
    "SELECT * FROM read_parquet('https://example.com/x.parquet')",
    "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')",
]


@pytest.mark.parametrize("sql", ESCAPES)
def test_connection_can_only_read_the_catalog(cat: Catalog, tmp_path: Path, sql: str) -> None:
    other = write_catalog(tmp_path, name="other.parquet")
    fts = tmp_path / "fts.duckdb_extension"
    with pytest.raises(duckdb.Error):
        cat._con.execute(sql.format(other=other, tmp=tmp_path, fts=fts)).fetchall()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.parquet"]  # nothing written
    assert len(cat) == len(fixture_rows())  # and the catalog still answers


INJECTIONS = (
    "'; DROP TABLE products; --",
    "x'); COPY products TO '/tmp/shopcli-pwned.csv'; --",
    "\"; ATTACH '/tmp/evil.duckdb'; --",
    "%", "_", "\\", "%' OR '1'='1", "red' OR 1=1 --", "]]; SET threads=1; [[", "$1", "?", "\x00", "💥' --",
)  # fmt: skip


def test_injection_strings_are_only_data(catalog_path: Path) -> None:
    digest = hashlib.sha256(catalog_path.read_bytes()).hexdigest()
    with Catalog.open(catalog_path) as c:
        for s in INJECTIONS:
            for intent in (
                Intent(keywords=(s,)),
                Intent(categories=(s,)),
                Intent(brands=(s,), colors=(s,), size=s),
                Intent(features=(s,)),
                Intent(exclude_brands=(s,), exclude_colors=(s,), exclude_categories=(s,)),
                Intent(categories=("laptops",), keywords=(s, "red"), subcategories=(s,)),
            ):
                c.search(intent)
            assert c.get([s]) == []
        assert len(c) == len(fixture_rows())
    assert hashlib.sha256(catalog_path.read_bytes()).hexdigest() == digest
    assert not Path("/tmp/shopcli-pwned.csv").exists() and not Path("/tmp/evil.duckdb").exists()


def test_duckdb_never_draws_its_progress_bar(cat: Catalog) -> None:
    # Building the keyword index of a big catalog takes seconds: long enough for DuckDB to draw a
    # progress bar, on stdout, in the middle of `--json` output.
    assert cat._con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)


# --- the demo catalog, once scripts/make_catalog.py has written it ---

demo = pytest.mark.skipif(not DEMO_CATALOG.exists(), reason="demo catalog.parquet not generated yet")


@demo
def test_demo_catalog_has_red_dresses_under_80() -> None:
    with Catalog.open(DEMO_CATALOG) as c:
        result = c.search(Intent(categories=("dresses",), colors=("red",), max_price=80))
        assert result.relaxed == () and result.total >= 3
        assert all(p.category == "dresses" and p.color == "red" and p.price <= 80 for p in result.products)


@demo
def test_demo_catalog_search_is_fast() -> None:
    with Catalog.open(DEMO_CATALOG) as c:
        intent = Intent(categories=("headphones",), max_price=100, keywords=("wireless",), sort="rating")
        c.search(intent)
        start = time.perf_counter()
        for _ in range(20):
            c.search(intent)
        assert (time.perf_counter() - start) / 20 < 0.05
