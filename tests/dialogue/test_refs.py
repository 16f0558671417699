"""References resolve in code against the list shown; what does not resolve becomes a question."""

from __future__ import annotations

import pytest

from shopcli.dialogue.refs import find
from shopcli.schema import Product


def item(name: str, brand: str, price: float, rating: float, reviews: int) -> Product:
    return Product(name, name, brand, "running shoes", None, "black", None, None, price, None, "USD", rating,
                   reviews, 3, None, ())  # fmt: skip


SHOWN = (
    item("Hoka Speedgoat 5", "Hoka", 183.99, 4.8, 109),
    item("Nike Pegasus 41", "Nike", 129.99, 4.3, 812),
    item("Asics Gel-Nimbus 26", "Asics", 149.99, 4.1, 300),
    item("Sony Walkman Runner", "Sony", 99.0, 4.5, 40),
    item("Sony Float Run", "Sony", 119.0, 4.0, 2000),
    item("Brooks Ghost 16", "Brooks", 73.0, 4.1, 137),
)


@pytest.mark.parametrize(
    ("text", "loose", "positions"),
    [
        ("tell me more about the first one", True, (1,)),
        ("compare 2 and 4", True, (2, 4)),
        ("compare 4 vs 2", True, (4, 2)),
        ("is the second one waterproof?", True, (2,)),
        ("more like 3", True, (3,)),
        ("#5", False, (5,)),
        ("number 5 please", False, (5,)),
        ("2", False, (2,)),
        ("2 and 3?", False, (2, 3)),
        ("compare the first two", True, (1, 2)),
        ("the last one", False, (6,)),
        ("the last two", False, (5, 6)),
        ("第二个怎么样？", True, (2,)),
        ("第2款", False, (2,)),
        ("3号", False, (3,)),
        ("前两个", False, (1, 2)),
        ("最后一个", False, (6,)),
        ("the Hoka", False, (1,)),
        ("the Speedgoat", False, (1,)),
        ("the cheapest one", False, (6,)),
        ("评分最高的", False, (1,)),
        ("the most reviewed", False, (5,)),
    ],
)
def test_references_resolve_against_the_list(text: str, loose: bool, positions: tuple[int, ...]) -> None:
    brands = ["Hoka"] if "Hoka" in text else []
    refs = find(text, SHOWN, (), brands=brands, loose=loose)
    assert refs.positions == positions and not refs.problem


def test_a_number_out_of_range_asks_which_one() -> None:
    refs = find("tell me about number 42", SHOWN, (), loose=True)
    assert refs.positions == () and refs.problem == "Which one? 1–6"
    assert find("第42个", SHOWN, (), language="zh").problem == "哪一个？请说编号 1–6。"


def test_a_brand_two_listed_products_share_asks_which_of_them() -> None:
    refs = find("那个索尼的", SHOWN, (), brands=["Sony"], language="zh")
    assert refs.problem.startswith("哪一个？") and "4" in refs.problem and "5" in refs.problem


def test_pronouns_mean_the_product_last_discussed() -> None:
    assert find("is it waterproof?", SHOWN, (3,), loose=True).positions == (3,)
    assert find("这个多少钱", SHOWN, (2,), loose=True).positions == (2,)
    assert find("compare them", SHOWN, (2, 4), loose=True).positions == (2, 4)
    assert find("is it waterproof?", SHOWN, (), loose=True).problem == "Which one? 1–6"


def test_prices_and_sizes_are_not_references() -> None:
    for text in ("is the second one under 150?", "compare 2 and 4 under $100"):
        assert 150 not in find(text, SHOWN, (), loose=True).positions
    assert find("under 150", SHOWN, (), loose=True).positions == ()
    assert find("size 10", SHOWN, (), loose=True).positions == ()
    assert find("running shoes under 150", SHOWN, ()).positions == ()


def test_nothing_listed_yet_is_said() -> None:
    assert find("the first one", (), ()).problem.startswith("Nothing is listed yet")


def test_a_first_that_is_not_a_reference_is_left_alone() -> None:
    assert not find("my first marathon shoes", SHOWN, ()).found
