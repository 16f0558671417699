"""Relaxation: one constraint at a time, cumulatively, in the documented order, always reported."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from catalog_fixture import write_catalog

from shopcli.intent import Intent
from shopcli.store.catalog import Catalog
from shopcli.store.query import PriceTarget, format_amount
from shopcli.store.relax import relaxations

EVERYTHING = Intent(
    categories=("laptops",), subcategories=("ultrabooks",), brands=("Sony",), colors=("purple",), size="13in",
    min_price=100, max_price=200, min_rating=4.5, features=("touchscreen",), keywords=("thin",),
    exclude_brands=("Apple",), exclude_colors=("pink",), exclude_categories=("tablets",), sort="rating",
)  # fmt: skip


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    with Catalog.open(write_catalog(tmp_path_factory.mktemp("catalog"))) as c:
        yield c


def test_order_and_notes_with_every_constraint() -> None:
    steps = list(relaxations(EVERYTHING))
    assert [s.note for s in steps] == [
        "color purple dropped (no purple Sony ultrabooks)",
        "size 13in dropped (no Sony ultrabooks in size 13in)",
        "has tag: touchscreen dropped (no Sony ultrabooks with that tag)",
        "rating ≥ 4.5 dropped (no Sony ultrabooks rated that high)",
        "price ≥ 100 USD and ≤ 200 USD widened to ≥ 80 USD and ≤ 250 USD",
        "price ≥ 100 USD and ≤ 200 USD dropped: "
        "showing the Sony ultrabooks closest to that range — none are inside it",
        "brand Sony dropped (no Sony ultrabooks)",
        "no product holds every one of thin: showing the best matches",
    ]
    last = steps[-2].intent
    assert last == Intent(
        categories=("laptops",), subcategories=("ultrabooks",), keywords=("thin",), exclude_brands=("Apple",),
        exclude_colors=("pink",), exclude_categories=("tablets",), sort="rating",
    )  # fmt: skip
    # a sort needs every keyword held (query.py); last, the keywords only rank, the laptops still sorted
    assert steps[-1].intent == last and steps[-1].loose and not steps[-2].loose
    assert [s.target for s in steps][4:] == [None, *[PriceTarget(100, 200)] * 3]


def test_each_step_keeps_what_the_earlier_ones_dropped() -> None:
    steps = list(relaxations(EVERYTHING))
    assert steps[0].intent == EVERYTHING.with_(colors=())
    assert steps[1].intent == EVERYTHING.with_(colors=(), size=None)
    assert steps[4].intent.min_price == 80 and steps[4].intent.max_price == 250
    assert steps[4].intent.min_rating is None and steps[4].intent.features == ()


def test_steps_that_change_nothing_are_skipped() -> None:
    assert (
        list(relaxations(Intent(categories=("laptops",), keywords=("x",), exclude_brands=("Apple",)))) == []
    )
    notes = [s.note for s in relaxations(Intent(min_price=2000))]
    assert notes == [
        "price ≥ 2000 USD widened to ≥ 1600 USD",
        "price ≥ 2000 USD dropped: showing the most expensive products — all are under 2000 USD",
    ]


def test_purple_laptop_under_5_dollars(cat: Catalog) -> None:
    result = cat.search(Intent(categories=("laptops",), colors=("purple",), max_price=5), limit=5)
    assert result.relaxed == (
        "color purple dropped (no purple laptops)",
        "price ≤ 5 USD widened to ≤ 6.25 USD",
        "price ≤ 5 USD dropped: showing the cheapest laptops — all are over budget",
    )
    prices = [p.price for p in result.products]
    all_laptops = cat.search(Intent(categories=("laptops",), sort="price_asc"), limit=5).products
    assert prices == [p.price for p in all_laptops] and prices == sorted(prices)
    assert result.filters == ("category = laptops",) and result.total == 12


def test_stops_at_the_first_step_that_finds_rows(cat: Catalog) -> None:
    result = cat.search(Intent(categories=("dresses",), colors=("purple",), max_price=80))
    assert result.relaxed == ("color purple dropped (no purple dresses)",)
    assert all(p.price <= 80 and p.category == "dresses" for p in result.products)
    assert result.filters == ("category = dresses", "price ≤ 80 USD")


def test_widened_price_is_enough_sometimes(cat: Catalog) -> None:
    cheapest = cat.search(Intent(categories=("laptops",), sort="price_asc"), limit=1).products[0].price
    result = cat.search(Intent(categories=("laptops",), max_price=cheapest / 1.2))
    budget = cheapest / 1.2
    assert result.relaxed == (
        f"price ≤ {format_amount(budget)} USD widened to ≤ {format_amount(budget * 1.25)} USD",
    )
    assert all(p.price <= cheapest / 1.2 * 1.25 for p in result.products)


def test_above_a_minimum_shows_the_dearest_first(cat: Catalog) -> None:
    result = cat.search(Intent(categories=("laptops",), min_price=50_000), limit=3)
    prices = [p.price for p in result.products]
    assert prices == sorted(prices, reverse=True)
    assert result.relaxed[-1].startswith("price ≥ 50000 USD dropped: showing the most expensive laptops")


def test_brands_go_last_and_categories_never(cat: Catalog) -> None:
    result = cat.search(Intent(categories=("laptops",), brands=("Sony",), features=("touchscreen",)))
    assert result.relaxed == (
        "has tag: touchscreen dropped (no Sony laptops with that tag)",
        "brand Sony dropped (no Sony laptops)",
    )
    assert result.products and all(p.category == "laptops" for p in result.products)
    nothing = cat.search(Intent(categories=("submarines",), brands=("Sony",)))
    assert nothing.products == () and nothing.relaxed == ()


def test_exclusions_survive_relaxation(cat: Catalog) -> None:
    result = cat.search(
        Intent(categories=("laptops",), colors=("purple",), exclude_brands=("Apple",)), limit=50
    )
    assert result.relaxed and all(p.brand != "Apple" for p in result.products)
