from __future__ import annotations

from shopcli.intent import Intent
from shopcli.schema import Product
from shopcli.understand.followup import changed_fields, refine


def row(price: float) -> Product:
    return Product("P", "n", "b", "dresses", None, "red", None, None, price, None, "USD", 4.0, 1, 1, "", ())


RED_DRESS = Intent(categories=("dresses",), colors=("red",), max_price=80.0)


def test_colour_follow_up_replaces_colour_keeps_the_rest() -> None:
    blue = refine(RED_DRESS, Intent(colors=("blue",)), "in blue", [row(50)])
    assert blue.categories == ("dresses",) and blue.colors == ("blue",) and blue.max_price == 80.0
    assert changed_fields(RED_DRESS, blue) == ["colors"]


def test_cheaper_lowers_the_cap_below_both_budget_and_shown_prices() -> None:
    shown = [row(40), row(60), row(70)]
    cheaper = refine(RED_DRESS, Intent(), "cheaper", shown)
    assert cheaper.max_price == 48.0  # 80% of the median shown price (60), below 80% of 80
    again = refine(cheaper, Intent(language="zh"), "再便宜一点", [row(30), row(45)])
    assert again.max_price is not None and again.max_price < cheaper.max_price
    assert again.language == "zh"


def test_explicit_price_beats_comparative() -> None:
    out = refine(RED_DRESS, Intent(max_price=30.0), "cheaper, under 30", [row(60)])
    assert out.max_price == 30.0


def test_new_category_starts_over() -> None:
    out = refine(RED_DRESS, Intent(categories=("laptops",)), "laptops", [row(60)])
    assert out == Intent(categories=("laptops",))


def test_exclusions_accumulate() -> None:
    first = refine(None, Intent(categories=("headphones",), exclude_brands=("Apple",)), "", [])
    second = refine(first, Intent(exclude_brands=("Beats",)), "no beats", [])
    assert second.exclude_brands == ("Apple", "Beats")
