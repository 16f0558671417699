"""Conversations over catalogs shaped like real exports (seen on the Flipkart and Sephora samples):
brands that look like words, a category per product, no categories at all."""

from __future__ import annotations

from pathlib import Path

from catalog_fixture import write_catalog
from chat_fixture import chat_session

from shopcli.dialogue.turn import Turn
from shopcli.store.catalog import Catalog


def row(i: int, name: str, brand: str, category: str | None, price: float, **extra: object) -> dict:
    return {"id": f"R{i}", "name": name, "brand": brand, "category": category, "price": price, "rating": 4.0,
            "review_count": 10 + i, "stock": 3, "currency": "USD", "tags": [], **extra}  # fmt: skip


SHOES = [
    row(1, "JQR Sports Running Shoes", "JQR", "jqr sports running shoes", 1299.0),
    row(
        2, "Knight Ace Sports Running Shoes, Walking Shoes", "Furst", "knight ace sports running shoes", 499.0
    ),
    row(3, "Steppings Running Shoes Casuals", "Steppings", "steppings running shoes casuals", 2099.0),
    row(4, "Gritstones Solid Track Pants", "Gritstones", "gritstones track pants", 499.0),
    row(5, "Claude Lorrain Black Casuals Sneakers", "Claude", "claude casual sneakers", 599.0),
]


def test_an_ordinal_is_not_read_as_a_brand_it_resembles(tmp_path: Path) -> None:
    with Catalog.open(write_catalog(tmp_path, rows=SHOES)) as cat:
        s = chat_session(cat)
        s.say("running shoes")
        turn = s.say("is the first one waterproof?")
        assert isinstance(turn, Turn) and turn.act == "question" and "Furst" not in turn.answer
        assert "does not say" in turn.answer


def test_neighbours_by_name_words_when_each_product_has_a_category_of_its_own(tmp_path: Path) -> None:
    with Catalog.open(write_catalog(tmp_path, rows=SHOES)) as cat:
        s = chat_session(cat)
        listed = s.say("running shoes")
        assert isinstance(listed, Turn)
        source = next(i for i, p in enumerate(listed.products, 1) if p.id == "R2")
        turn = s.say(f"more like {source}")
        assert isinstance(turn, Turn) and turn.act == "similar"
        names = [p.name for p in turn.products]
        assert names and all(
            "Running Shoes" in n for n in names
        )  # track pants at the same price are not alike


def test_a_catalog_without_categories_offers_its_brands(tmp_path: Path) -> None:
    rows = [
        row(i, f"Cream {i}", brand, None, 20.0 + i) for i, brand in enumerate(("Dior", "Clinique", "Dior"))
    ]
    with Catalog.open(write_catalog(tmp_path, rows=rows)) as cat:
        turn = chat_session(cat).say("something nice")
        assert isinstance(turn, Turn) and turn.act == "clarify" and "Dior" in turn.answer
