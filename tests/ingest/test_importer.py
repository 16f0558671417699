"""`import_catalog` on messy exports: exact report counts and the exact rows written."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import duckdb
import messy_fixtures as mf
import pytest

from shopcli.errors import ImportError_, UsageError
from shopcli.ingest import importer
from shopcli.ingest.clean import MACROS, NUMBER
from shopcli.ingest.columns import auto_mapping, header_currency
from shopcli.ingest.importer import ImportReport, default_out, import_catalog, plan_import
from shopcli.ingest.labels import CategoryPath, category_path, palette_color
from shopcli.money import Rates
from shopcli.schema import COLUMNS

RATE = 7.2


def run(source: Path, out: Path | None = None, **kwargs: Any) -> ImportReport:
    out = out or source.with_name("out.parquet")
    return import_catalog(source, out, rates=Rates.of({"CNY": RATE}), **kwargs)


def rows(path: Path) -> dict[str, dict[str, Any]]:
    with duckdb.connect() as con:
        result = con.execute(f"SELECT * FROM read_parquet('{path}')")
        names = [d[0] for d in result.description]
        return {r[0]: dict(zip(names, r, strict=True)) for r in result.fetchall()}


def pick(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: row[k] for k in keys}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_amazon_export_counts_add_up(tmp_path: Path) -> None:
    report = run(mf.amazon_csv(tmp_path))
    assert (report.rows_read, report.rows_imported, report.rows_dropped) == (12, 6, 6)
    assert dict(report.dropped) == {
        "malformed row": 1, "no name": 1, "no price": 1, "duplicate id": 1, "price not positive": 1,
        "unreadable price": 1,
    }  # fmt: skip
    # one catalog, one currency: the most common mark ($) wins and the others are converted to it
    assert (report.currency, report.currency_assumed) == ("USD", False)
    assert report.price_ranges == 1 and report.converted == (("CNY", 1), ("EUR", 1))
    assert report.ignored == ("Internal Notes",)
    assert dict(report.mapping)["List Price"] == "original_price"
    assert report.notes == (
        "1 price converted from CNY to USD at 7.2 CNY/USD",
        "1 price converted from EUR to USD at 0.92 EUR/USD",
    )


def test_amazon_export_rows_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    run(mf.amazon_csv(tmp_path), out)
    got = rows(out)
    # file order; a missing id comes from the row number
    assert list(got) == ["A1", "A2", "A3", "A4", "A8", "row-11"]
    assert (got["A8"]["price"], got["A8"]["currency"]) == (round(5 / 0.92, 2), "USD")
    a1 = got["A1"]
    assert a1["name"] == "Wooden Jigsaw Puzzle, 1000 pieces"
    assert (a1["category"], a1["subcategory"], a1["tags"]) == ("puzzles", "jigsaw puzzles", ["toys & games"])
    assert (a1["price"], a1["original_price"], a1["currency"]) == (28.91, 35.0, "USD")
    assert (a1["color"], a1["rating"], a1["review_count"], a1["stock"]) == ("navy", 4.5, 1234, 12)
    assert a1["description"] == "Family puzzle with a quoted newline"
    a2 = got["A2"]
    assert (a2["name"], a2["brand"], a2["price"]) == ("降噪蓝牙耳机", None, round(299 / RATE, 2))
    assert pick(a2, "category", "subcategory", "color", "stock") == {
        "category": "headphones", "subcategory": "earbuds", "color": "black", "stock": 0,
    }  # fmt: skip
    a3 = got["A3"]
    assert (a3["brand"], a3["price"], a3["color"], a3["rating"]) == ("Coleman", 12.99, "multicolor", None)
    assert (a3["category"], a3["subcategory"]) == ("sports & outdoors", "camping")
    a4 = got["A4"]
    assert pick(a4, "price", "color", "rating", "review_count", "stock") == {
        "price": 1299.0, "color": None, "rating": 4.8, "review_count": 87, "stock": 3,
    }  # fmt: skip
    assert (got["row-11"]["brand"], got["row-11"]["color"]) == (None, "red")


def test_output_follows_the_contract(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    run(mf.amazon_csv(tmp_path), out)
    with duckdb.connect() as con:
        schema = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out}')").fetchall()
    assert [(r[0], r[1]) for r in schema] == list(COLUMNS.items())


def test_tsv_with_cny_default(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    report = run(mf.shop_tsv(tmp_path), out, currency="CNY")
    assert (report.rows_read, report.rows_imported, report.converted) == (3, 3, (("USD", 1),))
    assert (report.currency, report.currency_reason) == ("CNY", "--currency CNY")
    got = {r["name"]: r for r in rows(out).values()}
    assert pick(got["Clay Teapot"], "price", "tags", "currency") == {
        "price": 199.0,  # prices stay in the catalog's currency
        "tags": ["clay", "tea"],
        "currency": "CNY",
    }
    assert got["Enamel Mug"]["price"] == 5.0 * RATE  # a $ sign beats --currency: converted to CNY
    assert pick(got["Tea Cup"], "price", "tags", "color") == {
        "price": 30.0,
        "tags": ["tea"],
        "color": "white",
    }
    assert got["Enamel Mug"]["color"] == "blue" and got["Clay Teapot"]["category"] == "kitchen"


def test_json_array_selling_price_beside_plain_price(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    report = run(mf.products_json(tmp_path), out)
    assert dict(report.mapping) == {
        "name": "name", "sale_price": "price", "price": "original_price", "manufacturer": "brand",
        "tags": "tags", "rating": "rating",
    }  # fmt: skip
    assert (report.rows_read, report.rows_imported, dict(report.dropped)) == (3, 2, {"no name": 1})
    got = {r["name"]: r for r in rows(out).values()}
    assert pick(got["Anvil"], "price", "original_price", "tags") == {
        "price": 10.0, "original_price": 12.0, "tags": ["heavy", "iron"],
    }  # fmt: skip
    assert pick(got["Rocket Skates"], "price", "brand", "rating") == {
        "price": 8.5,
        "brand": None,
        "rating": 4.5,
    }


def test_jsonl_broken_lines_are_malformed(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    report = run(mf.products_jsonl(tmp_path), out)
    assert (report.rows_read, report.rows_imported, dict(report.dropped)) == (4, 2, {"malformed row": 2})
    got = {r["name"]: r for r in rows(out).values()}
    assert (got["Kettle"]["price"], got["Kettle"]["color"]) == (19.99, "silver")
    assert pick(got["Toaster"], "price", "color", "stock") == {
        "price": 25.0,
        "color": "multicolor",
        "stock": 7,
    }


@pytest.mark.parametrize("writer", [mf.simple_gz, mf.simple_zst])
def test_compressed_csv(tmp_path: Path, writer: Any) -> None:
    out = tmp_path / "cat.parquet"
    report = run(writer(tmp_path), out)
    assert (report.rows_read, report.rows_imported) == (3, 3)
    assert sorted((r["name"], r["price"], r["brand"]) for r in rows(out).values()) == [
        ("Chair", 45.0, "Ikea"), ("Desk", 1200.0, None), ("Lamp", 15.0, "Ikea"),
    ]  # fmt: skip


def test_parquet_with_native_types(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    report = run(mf.typed_parquet(tmp_path), out)
    assert report.format == "parquet" and report.rows_imported == 2
    got = rows(out)
    assert pick(got["P1"], "price", "original_price", "tags", "stock", "color") == {
        "price": 19.5, "original_price": 25.0, "tags": ["office", "led"], "stock": 4, "color": "black",
    }  # fmt: skip
    assert pick(got["P2"], "color", "tags", "original_price") == {
        "color": "gold",
        "tags": [],
        "original_price": None,
    }


def test_ragged_csv_is_not_read_as_one_column(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    report = run(mf.ragged_csv(tmp_path), out)
    assert (report.rows_read, report.rows_imported, dict(report.dropped)) == (5, 3, {"malformed row": 2})
    assert sorted(rows(out)) == ["1", "2", "6"]


def test_mixed_line_endings_fall_back_to_lenient_mode(tmp_path: Path) -> None:
    report = run(mf.mixed_endings_csv(tmp_path))
    assert (report.rows_read, report.rows_imported) == (3, 3)
    assert any("lenient" in note for note in report.notes)


def test_explicit_mapping_overrides_and_skips(tmp_path: Path) -> None:
    source = mf.amazon_csv(tmp_path)
    plan = plan_import(source, {"internal notes": "material", "Colour": "-"})
    assert dict(plan.mapping)["Internal Notes"] == "material"
    assert "Colour" in plan.ignored and "color" not in dict(plan.mapping).values()


@pytest.mark.parametrize(
    ("mapping", "message"),
    [({"Nope": "name"}, "no column 'Nope'"), ({"Stars": "stars"}, "not a catalog field"),
     ({"Stars": "name", "Colour": "name"}, "more than one column")],
)  # fmt: skip
def test_bad_mapping_is_a_usage_error(tmp_path: Path, mapping: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        plan_import(mf.amazon_csv(tmp_path), mapping)


def test_plan_lists_columns_when_no_price(tmp_path: Path) -> None:
    source = mf.write_bytes(tmp_path, "noprice.csv", b"name,brand\nLamp,Ikea\n")
    with pytest.raises(ImportError_, match=r"no price column found.*'name', 'brand'.*--map COLUMN=price"):
        plan_import(source)


def test_plan_removes_what_a_killed_plan_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(importer.tempfile, "tempdir", str(temp))
    dead = temp / ".shopcli-plan.999999999-abc.tmp"  # no process has this pid
    dead.mkdir()
    plan_import(mf.amazon_csv(tmp_path))
    assert list(temp.iterdir()) == []


def test_default_out_sits_beside_the_source() -> None:
    assert default_out(Path("/data/products.csv.gz")) == Path("/data/products.catalog.parquet")
    assert default_out(Path("export.jsonl")) == Path("export.catalog.parquet")


BAD_INPUTS = {
    "empty.csv": (b"", "is empty"),
    "binary.csv": (bytes(range(256)) * 4, "looks binary"),
    "empty.parquet": (b"", "is empty"),
    "fake.parquet": (b"name,price\nA,1\n", "not a Parquet file"),
    "header_only.csv": (b"name,price\n", "no data rows"),
    "latin1.csv": ("name,price\nCaf\u00e9,1\n".encode("latin-1"), "not UTF-8"),
    "utf16.csv": ("name,price\nA,1\n".encode("utf-16"), "UTF-16"),
    "all_bad.csv": (b"name,price\nA,free\nB,\n", "none of the 2 rows"),
    "no_price.csv": (b"title,brand\nLamp,Ikea\n", "no price column found"),
    "ragged_only.csv": (b"name,price\nA,1,extra\nB\n", r"malformed row: 2"),
    "broken.json": (b'[{"name": "A", "price": 1}, {"name": ', "cannot read"),
    "truncated.csv.gz": (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "not a valid gzip file"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_leaves_the_old_catalog_intact(tmp_path: Path, name: str) -> None:
    data, message = BAD_INPUTS[name]
    out = tmp_path / "catalog.parquet"
    out.write_bytes(b"the previous, good catalog")
    before = sha(out)
    with pytest.raises(ImportError_, match=message):
        run(mf.write_bytes(tmp_path, name, data), out)
    assert sha(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["catalog.parquet", name])


def test_source_that_disappears_mid_import(tmp_path: Path) -> None:
    source, out = mf.amazon_csv(tmp_path), tmp_path / "catalog.parquet"
    out.write_bytes(b"old")

    def vanish(stage: str, done: int, total: int) -> None:
        if stage == "reading rows":  # after the header was planned, before the rows are read
            source.unlink()

    with pytest.raises(ImportError_, match="cannot read"):
        run(source, out, progress=vanish)
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["catalog.parquet"]


def test_missing_source_and_missing_out_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match="no file at"):
        run(tmp_path / "nope.csv")
    with pytest.raises(ImportError_, match="does not exist: create it"):
        run(mf.amazon_csv(tmp_path), tmp_path / "no" / "such" / "catalog.parquet")


def test_interrupt_while_writing_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = mf.amazon_csv(tmp_path), tmp_path / "catalog.parquet"
    out.write_bytes(b"old")

    def interrupt(path: Path) -> None:
        # the complete temp file, in the import's own folder beside out (one filesystem: an atomic rename)
        assert path.exists() and path.parent.parent == out.parent
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "_fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        run(source, out)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["amazon export.csv", "catalog.parquet"]


def test_replaces_the_old_catalog_on_success(tmp_path: Path) -> None:
    out = tmp_path / "catalog.parquet"
    out.write_bytes(b"old")
    out.chmod(0o640)
    run(mf.amazon_csv(tmp_path), out)
    assert len(rows(out)) == 6
    assert out.stat().st_mode & 0o777 == 0o640  # the old file's permissions, not mkstemp's 0600


def test_new_catalog_gets_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "catalog.parquet"
    run(mf.amazon_csv(tmp_path), out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_unsupported_currency_and_rate(tmp_path: Path) -> None:
    assert run(mf.amazon_csv(tmp_path), currency="eur").currency == "EUR"  # any ISO 4217 code
    with pytest.raises(UsageError, match="ISO 4217"):
        run(mf.amazon_csv(tmp_path), currency="euros")
    with pytest.raises(UsageError, match="must be a positive number"):
        import_catalog(mf.amazon_csv(tmp_path), tmp_path / "o.parquet", rates=Rates.of({"CNY": 0}))


def test_progress_reports_every_stage(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    run(mf.amazon_csv(tmp_path), progress=lambda *args: seen.append(args))
    assert seen == [(stage, n, len(importer.STAGES)) for n, stage in enumerate(importer.STAGES, start=1)]


def test_report_to_dict_adds_up(tmp_path: Path) -> None:
    d = run(mf.amazon_csv(tmp_path)).to_dict()
    assert d["rows_read"] == d["rows_imported"] + sum(d["dropped"].values())
    assert d["rows_dropped"] == sum(d["dropped"].values())
    assert d["profile"]["rows"] == 6 and d["profile"]["min_price"] == 5.43


# --- the cleaning rules one by one ------------------------------------------------------------


def sql_values(expr: str, inputs: list[str | None]) -> list[Any]:
    """Evaluate a cleaning macro expression over `x` for each input, in DuckDB."""
    with duckdb.connect() as con:
        for macro in MACROS:
            con.execute(macro)
        sql = f"SELECT {expr} FROM (SELECT ?::VARCHAR AS x)"
        return [con.execute(sql, [v]).fetchall()[0][0] for v in inputs]


PRICES = {
    "$28.91": (28.91, "USD"), "1,299.00": (1299.0, "dflt"), "1.299,00 €": (1299.0, "EUR"),
    "12,99": (12.99, "dflt"),
    "¥299": (299.0, "CNY"), "299元": (299.0, "CNY"), "RMB 45": (45.0, "CNY"), "US$ 5": (5.0, "USD"),
    "HK$ 20": (20.0, "HKD"), "£3.50": (3.5, "GBP"), "₹32,999": (32999.0, "INR"), "89.0 EUR": (89.0, "EUR"),
    "Rs. 999": (999.0, "INR"), "call us": (None, "dflt"),
}  # fmt: skip


def test_price_number_and_currency() -> None:
    amounts = sql_values(f"num(regexp_extract(x, '{NUMBER}', 1))", list(PRICES))
    currencies = sql_values("money_currency(x, 'dflt')", list(PRICES))
    assert dict(zip(PRICES, zip(amounts, currencies, strict=True), strict=True)) == PRICES


@pytest.mark.parametrize(
    ("expr", "cases"),
    [
        ("rating_of(x)", {"4.5 out of 5 stars": 4.5, "4,5": 4.5, "9/10": 4.5, "4.5/5": 4.5, "great": None}),
        ("count_of(x)", {"1,234 ratings": 1234, "1.2K": 1200, "(87)": 87, "2万": 20000, "4.5": None,
                         "wow": None}),
        ("stock_of(x)", {"12": 12, "Only 3 left in stock": 3, "Out of stock": 0, "缺货": 0,
                         "In Stock": None}),
        ("brand_of(x)", {" Acme ": "Acme", "N/A": None, "Generic": None, "": None,
                         "Visit the Anker Store": "Anker", "Brand: Sony": "Sony"}),
        ("clean_text(x)", {"  a\t b\n": "a b", "nan": None, "x\u202ey": "x y", "\x1b[31mred": "[31mred"}),
        ("tag_list(x)", {"a, B;c|a": ["a", "b", "c", "a"], '["X", " y "]': ["x", "y"], None: []}),
    ],
)  # fmt: skip
def test_cleaning_macros(expr: str, cases: dict[str | None, Any]) -> None:
    assert dict(zip(cases, sql_values(expr, list(cases)), strict=True)) == cases


@pytest.mark.parametrize(
    ("value", "color"),
    [("Navy Blue", "navy"), ("Rose Red", "red"), ("Space Gray", "grey"), ("Black/White", "multicolor"),
     ("Teal", None), ("Clear", None), ("Off-White", "white"), ("Rose Gold", "gold"), ("深蓝色", "navy"),
     ("黑色", "black"), ("黑白", "multicolor"), ("RED", "red"), ("", None), ("Multi-Color", "multicolor")],
)  # fmt: skip
def test_palette_colour(value: str, color: str | None) -> None:
    assert palette_color(value) == color


CATEGORY_PATHS = {
    "Toys & Games | Puzzles | Jigsaw Puzzles": ("puzzles", "jigsaw puzzles", ("toys & games",)),
    "Home > Kitchen": ("home", "kitchen", ()),
    "Laptops": ("laptops", None, ()),
    '["Clothing >> Women", "Dresses"]': ("women", "dresses", ("clothing",)),
    " | ": (None, None, ()),
}


@pytest.mark.parametrize("value", list(CATEGORY_PATHS))
def test_category_paths(value: str) -> None:
    assert category_path(value, has_subcategory_column=False) == CategoryPath(*CATEGORY_PATHS[value])


def test_category_path_beside_a_subcategory_column() -> None:
    assert category_path("Home > Kitchen", has_subcategory_column=True) == CategoryPath(
        "kitchen", None, ("home",)
    )


def test_header_mapping() -> None:
    columns = ("Product Name", "PRICE (CNY)", "List-Price", "brand_name", "商品id", "Average Rating", "x")
    assert auto_mapping(columns) == {
        "Product Name": "name", "PRICE (CNY)": "price", "List-Price": "original_price", "brand_name": "brand",
        "商品id": "id", "Average Rating": "rating",
    }  # fmt: skip
    assert header_currency("PRICE (CNY)") == "CNY" and header_currency("售价(元)") == "CNY"
    assert (
        auto_mapping(("title", "List Price"))["List Price"] == "price"
    )  # no selling price: the list price is it
    assert auto_mapping(("title", "discounted_price", "retail_price")) == {
        "title": "name", "discounted_price": "price", "retail_price": "original_price",
    }  # fmt: skip


def test_price_in_a_cny_header_stays_in_cny(tmp_path: Path) -> None:
    source = mf.write_bytes(tmp_path, "cn.csv", "商品名称,售价(元)\n茶壶,72\n".encode())
    out = tmp_path / "cat.parquet"
    report = run(source, out)
    assert (report.currency, report.converted) == ("CNY", ())
    assert [(r["price"], r["currency"]) for r in rows(out).values()] == [(72.0, "CNY")]


def test_imported_catalog_opens_and_searches(tmp_path: Path) -> None:
    from shopcli.intent import Intent
    from shopcli.store.catalog import Catalog

    out = tmp_path / "cat.parquet"
    run(mf.amazon_csv(tmp_path), out)
    with Catalog.open(out) as catalog:
        vocabulary = catalog.vocabulary()
        assert {"puzzles", "headphones", "home"} <= set(vocabulary.categories)
        assert "toys & games" in vocabulary.tags and "Ravensburger" in vocabulary.brands
        found = catalog.search(Intent(categories=("headphones",), max_price=50.0))
        assert [p.id for p in found.products] == ["A2"]


def test_ctrl_c_inside_duckdb_becomes_keyboard_interrupt() -> None:
    from shopcli.ingest.source import interrupts_as_keyboard

    def interrupted_query() -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise RuntimeError("Query interrupted")  # noqa: B904 - exactly what DuckDB raises on Ctrl-C

    with pytest.raises(KeyboardInterrupt), interrupts_as_keyboard():
        interrupted_query()
    with pytest.raises(KeyboardInterrupt), interrupts_as_keyboard():
        raise ImportError_("cannot read x") from duckdb.InterruptException("interrupted")
    with pytest.raises(RuntimeError), interrupts_as_keyboard():
        raise RuntimeError("a real bug stays a bug")


def test_shopify_export(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    report = run(mf.shopify_csv(tmp_path), out)
    assert dict(report.mapping) == {
        "Title": "name",
        "Body (HTML)": "description",
        "Vendor": "brand",
        "Product Category": "category",
        "Tags": "tags",
        "Handle": "id",
        "Variant Price": "price",
        "Variant Compare At Price": "original_price",
    }  # fmt: skip  (the handle, not the variant SKU, names a Shopify product: SKUs repeat across variants)
    assert (report.rows_read, report.rows_imported, dict(report.dropped)) == (2, 1, {"no name": 1})
    shirt = rows(out)["linen-shirt"]
    assert pick(shirt, "description", "category", "subcategory", "price", "original_price") == {
        "description": "Cool & breathable", "category": "clothing", "subcategory": "shirts & tops",
        "price": 39.0, "original_price": 49.0,
    }  # fmt: skip
    assert shirt["tags"] == ["summer", "linen", "apparel & accessories"]


def test_plural_product_types_are_named_by_the_lexicon() -> None:
    # "perfumes" is perfume+s, "dresses" dress+es: a real Myntra export stopped on the first
    from shopcli.ingest.derive import derive

    names = [("Eau de Parfum Perfumes Set", None), ("Floral Wrap Dresses", None), ("Leather Boxes", None)]
    found = derive(names, chinese=False).categories
    assert found[names[0]] == "perfume"
    assert found[names[1]] == "dress"
