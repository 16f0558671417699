"""Properties of the deal, stock and spec filters on the demo catalog: a spec or discount filter never
returns a product that breaks it (unless a relaxation note says it was dropped), "in stock" never
shows a sold-out product, and sold-out products always come after the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopcli.intent import SORTS, Intent, SpecBound
from shopcli.schema import Product
from shopcli.specs import SPEC_UNITS
from shopcli.store.catalog import Catalog
from shopcli.store.describe import describe_spec

DEMO = Path(__file__).resolve().parents[2] / "catalog.parquet"
PROPERTY = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CATEGORIES = ("laptops", "smartphones", "tablets", "monitors", "headphones", "air fryers")
VALUES = (0.0, 6.0, 8.0, 16.0, 24.0, 27.0, 32.0, 64.0, 128.0, 512.0, 1024.0, 2048.0, 4000.0)


@pytest.fixture(scope="module")
def cat() -> Iterator[Catalog]:
    with Catalog.open(DEMO) as c:
        yield c


def _bounds() -> st.SearchStrategy[SpecBound]:
    attribute = st.sampled_from(("memory_gb", "storage_gb", "screen_in", "volume_ml"))
    value = st.one_of(st.sampled_from(VALUES), st.floats(0, 5000, allow_nan=False))
    return st.builds(
        lambda a, lo, hi, which: SpecBound(a, lo if which != "max" else None, hi if which != "min" else None,
                                           SPEC_UNITS[a]),
        attribute, value, value, st.sampled_from(("min", "max", "both")),
    )  # fmt: skip


INTENTS = st.builds(
    Intent,
    categories=st.one_of(st.just(()), st.sampled_from(CATEGORIES).map(lambda c: (c,))),
    specs=st.lists(_bounds(), max_size=2, unique_by=lambda b: b.attribute).map(tuple),
    on_sale=st.booleans(),
    min_discount=st.one_of(st.none(), st.floats(0, 0.6, allow_nan=False)),
    in_stock=st.booleans(),
    sort=st.sampled_from(SORTS),
)


def _breaks(p: Product, intent: Intent) -> list[str]:
    out = []
    for b in intent.specs:
        value = p.spec(b.attribute)
        if value is None or (b.min is not None and value < b.min) or (b.max is not None and value > b.max):
            out.append(describe_spec(b))
    if (intent.on_sale or intent.min_discount is not None) and p.discount is None:
        out.append("on sale")
    if intent.min_discount is not None and not p.price <= p.original_price * (1 - intent.min_discount):  # type: ignore[operator]
        out.append("discount")
    return out


@PROPERTY
@given(intent=INTENTS)
def test_filters_hold_unless_a_note_says_they_were_dropped(cat: Catalog, intent: Intent) -> None:
    result = cat.search(intent, limit=15)
    notes = " ".join(result.relaxed)
    for p in result.products:
        for broken in _breaks(p, intent):
            assert result.relaxed, (p.id, broken, intent)
            assert "dropped" in notes, notes
        if intent.in_stock:
            assert p.stock is not None and p.stock > 0, (p.id, intent)


@PROPERTY
@given(intent=INTENTS.map(lambda i: i.with_(in_stock=False)))
def test_sold_out_products_always_come_last(cat: Catalog, intent: Intent) -> None:
    stocked = [p.in_stock is not False for p in cat.search(intent, limit=40).products]
    assert stocked == sorted(stocked, reverse=True)


def test_biggest_discount_first(cat: Catalog) -> None:
    products = cat.search(
        Intent(categories=("headphones",), on_sale=True, sort="discount"), limit=30
    ).products
    discounts = [p.discount or 0 for p in products if p.in_stock]
    assert discounts == sorted(discounts, reverse=True) and discounts[0] > 0.4


def test_in_stock_is_never_relaxed(cat: Catalog) -> None:
    impossible = Intent(
        categories=("laptops",), in_stock=True, specs=(SpecBound("memory_gb", 512, None, "GB"),)
    )
    result = cat.search(impossible, limit=10)
    assert result.products and all(p.in_stock for p in result.products)
    assert "in stock" in result.filters and any("memory" in r for r in result.relaxed)
