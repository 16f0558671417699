"""Reviews beside a catalog: messy imports with exact counts, aspect sentiment, verbatim quotes,
the grounding check, the search signal, the locked connection, and the demo files."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from clirun import shop

from shopcli.errors import ImportError_
from shopcli.reviews.analyse import analyse
from shopcli.reviews.grounding import check_sentence
from shopcli.reviews.importer import import_reviews
from shopcli.reviews.quotes import Quote, verbatim
from shopcli.reviews.signal import wanted_aspects
from shopcli.reviews.summary import summary
from shopcli.store.catalog import Catalog
from shopcli.store.siblings import sibling

ROOT = Path(__file__).resolve().parent.parent
MESSY = """review_id,asin,stars,review,Review Date,helpful,lang
a1,P000001,5,"Great fit and so comfortable, but the colour faded after one wash.",2024-03-01,3,
a2,P000001,4 out of 5,尺码正好，面料很舒服，物流很快,2024年3月2日,0,zh-CN
a3,NOPE,5,Lovely,2024-01-01,,
a4,P000002,2,,2024-01-01,1,
a4b,P000002,2,   ,2024-01-01,1,
a1,P000002,3,duplicate id here,2024-01-01,1,
a5,P000002,,"no rating, fits true to size",31-Jul-18,x,
,P000003,9/10,"The battery dies in two hours.",1700000000,2,en
"""


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "shop.parquet"
    shutil.copy(ROOT / "catalog.parquet", path)
    return path


def test_messy_import_counts_every_row(catalog: Path, tmp_path: Path) -> None:
    source = tmp_path / "reviews.csv"
    source.write_text(MESSY, encoding="utf-8")
    report = import_reviews(source, catalog)
    assert (report.rows_read, report.rows_imported, report.rows_dropped) == (8, 4, 4)
    assert dict(report.dropped) == {"unknown product id": 1, "no text": 2, "duplicate review id": 1}
    assert dict(report.languages) == {"en": 3, "zh": 1}
    rows = duckdb.sql(
        f"SELECT id, rating, date::VARCHAR, language FROM '{sibling(catalog, 'reviews')}'"
    ).fetchall()
    assert ("a2", 4.0, "2024-03-02", "zh") in rows and ("row-8", 4.5, "2023-11-14", "en") in rows
    aspects = duckdb.sql(
        f"SELECT review_id, aspect, polarity FROM '{sibling(catalog, 'aspects')}'"
    ).fetchall()
    assert (
        ("a1", "design", -1) in aspects
        and ("row-8", "battery", -1) in aspects
        and ("a2", "delivery", 1) in aspects
    )


def test_jsonl_and_nothing_importable(catalog: Path, tmp_path: Path) -> None:
    source = tmp_path / "r.jsonl"
    source.write_text('{"productId": "X1", "reviewText": "meh"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ImportError_, match="none of the 2 reviews"):
        import_reviews(source, catalog)
    assert not sibling(catalog, "reviews").exists()
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="no product id and no text column"):
        import_reviews(tmp_path / "bad.csv", catalog)


def test_clauses_carry_their_own_polarity() -> None:
    found = [(m.aspect, m.polarity) for m in analyse("Great sound, but the battery dies in two hours.", "en")]
    assert found == [("sound", 1), ("battery", -1)]
    assert [(m.aspect, m.polarity) for m in analyse("质量不错，但是物流太慢", "zh")] == [
        ("build", 1),
        ("delivery", -1),
    ]


def test_summary_quotes_are_verbatim_and_cited() -> None:
    with Catalog.open(ROOT / "catalog.parquet") as cat:
        result = summary(cat, "P000800", "en")
        texts = dict(duckdb.sql(f"SELECT id, text FROM '{ROOT / 'catalog.reviews.parquet'}'").fetchall())
    assert result.reviews >= 5 and result.praised and result.quotes
    for quote in result.quotes:
        assert verbatim(quote.text, texts[quote.review_id])


def test_a_paraphrase_or_an_invented_count_is_withheld() -> None:
    with Catalog.open(ROOT / "catalog.parquet") as cat:
        result = summary(cat, "P000800", "en")
    quote = result.quotes[0]
    assert check_sentence(f"One buyer wrote “{quote.text}”.", result) == ()
    assert check_sentence(f"{result.reviews} reviews in all.", result) == ()
    assert check_sentence("One buyer wrote “the best hoodie I have ever owned”.", result)
    assert check_sentence("Praised in 999 reviews.", result)
    fake = Quote(quote.review_id, "not in the review", None, 1, "en", None)
    assert not verbatim(fake.text, "a different review text")


def test_search_signal_ranks_praise_first_and_says_why() -> None:
    assert wanted_aspects("headphones with good battery life", "en") == ("battery",)
    assert wanted_aspects("舒适的跑鞋", "zh") == ("comfort",)
    assert wanted_aspects("size M dress", "en") == ()
    run = shop("search", "--no-llm", "--json", "headphones with good battery life")
    data = json.loads(run.out)
    assert data["review_signal"] and "battery praised in" in data["review_signal"][0]["text"]
    assert data["review_signal"][0]["product_id"] == data["products"][0]["id"]


def test_the_connection_reads_the_siblings_and_nothing_else(catalog: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.parquet"
    shutil.copy(ROOT / "catalog.reviews.parquet", other)
    shutil.copy(ROOT / "catalog.reviews.parquet", sibling(catalog, "reviews"))
    shutil.copy(ROOT / "catalog.aspects.parquet", sibling(catalog, "aspects"))
    with Catalog.open(catalog) as cat:
        assert cat.has_reviews and cat.reviews().stats("P000800").reviews > 0
        with pytest.raises(duckdb.Error):
            cat._con.execute(f"SELECT * FROM read_parquet('{other}')").fetchall()


def test_cli_reviews_json_and_errors() -> None:
    run = shop("reviews", "P000800", "--json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["aspects"] and data["quotes"] and data["quotes"][0]["review_id"].startswith("R000800-")
    zh = json.loads(shop("reviews", "P000800", "--json", "--lang", "zh").out)
    assert zh["text"].startswith("共 ")
    assert shop("reviews", "NOPE").code == 2
    missing = shop("reviews", "P000001", "--catalog", str(ROOT / "tests" / "nothing.parquet"))
    assert missing.code == 3


def test_cli_policy() -> None:
    returns = json.loads(shop("policy", "--json", "怎么退货").out)
    assert returns["covered"] and returns["section"]["title"] == "退货"
    assert returns["answer"] in returns["section"]["text"]
    mars = shop("policy", "do you ship to Mars?")
    assert mars.code == 0 and "does not cover" in mars.out and "mars" in mars.out


def test_catalog_import_with_reviews_and_policy(tmp_path: Path) -> None:
    products = tmp_path / "p.csv"
    products.write_text("id,name,price\nA1,Blue Mug,9.99\nA2,Red Mug,12.50\n", encoding="utf-8")
    reviews = tmp_path / "r.csv"
    reviews.write_text("product_id,text\nA1,Lovely colour and great value\nZ9,lost\n", encoding="utf-8")
    policy = tmp_path / "policy.md"
    policy.write_text("## Returns\nReturn within 14 days.\n", encoding="utf-8")
    out = tmp_path / "mugs.parquet"
    run = shop("catalog", "import", str(products), "--out", str(out), "--reviews", str(reviews),
               "--policies", str(policy), "--json")  # fmt: skip
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert (data["reviews"]["rows_read"], data["reviews"]["rows_imported"]) == (2, 1)
    assert data["reviews"]["dropped"] == {"unknown product id": 1}
    assert sibling(out, "policy").read_text(encoding="utf-8").startswith("## Returns")
    bad = shop(
        "catalog", "import", str(products), "--out", str(tmp_path / "x.parquet"), "--policies", str(products)
    )
    assert bad.code == 5 and not (tmp_path / "x.parquet").exists()


@pytest.mark.slow
def test_demo_reviews_rebuild_byte_for_byte(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.parquet"
    shutil.copy(ROOT / "catalog.parquet", catalog)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_reviews.py"), "--catalog", str(catalog)],
                   check=True, capture_output=True)  # fmt: skip
    for kind in ("reviews", "aspects"):
        built = hashlib.sha256(sibling(catalog, kind).read_bytes()).hexdigest()
        assert built == hashlib.sha256(sibling(ROOT / "catalog.parquet", kind).read_bytes()).hexdigest()


def test_demo_star_mix_follows_each_products_rating() -> None:
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT p.rating, avg(r.rating), count(*) FROM '{ROOT / 'catalog.parquet'}' AS p "
        f"JOIN '{ROOT / 'catalog.reviews.parquet'}' AS r ON r.product_id = p.id GROUP BY p.id, p.rating"
    ).fetchall()
    assert all(5 <= n <= 40 for *_, n in rows)
    assert sum(abs(want - got) < 0.75 for want, got, n in rows if n >= 15) / len(rows) > 0.3
    assert con.execute(
        f"SELECT count(DISTINCT language) FROM '{ROOT / 'catalog.reviews.parquet'}'"
    ).fetchone() == (2,)
