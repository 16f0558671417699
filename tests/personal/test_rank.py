"""The profile ranks rows a search matched: it reorders, never removes, and says why."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from shopcli.personal.profile import Profile, add_mark
from shopcli.personal.rank import pool_size, rerank
from shopcli.schema import Product

CATALOG = Path("/c.parquet")
BASE = Product("P0", "Shoe", "Nike", "running shoes", None, "black", "8", None, 100.0, None, "USD", 4.0, 10,
               5, "d", ())  # fmt: skip


def row(n: int, **changes: object) -> Product:
    return replace(BASE, id=f"P{n}", name=f"Shoe {n}", **changes)  # type: ignore[arg-type]


def test_size_matches_in_stock_move_up_with_their_reason() -> None:
    rows = [row(1), row(2, size="9", stock=0), row(3, size="9"), row(4, size="8.5, 9, 10", stock=None)]
    ranked = rerank(rows, Profile(sizes=(("", "9"),)), catalog=CATALOG, limit=4)
    assert [p.id for p in ranked.products] == ["P3", "P4", "P1", "P2"]
    assert ranked.reasons_for("P3") == ("size 9 in stock",) and ranked.reasons_for("P4") == ("size 9",)
    assert ranked.reasons_for("P2") == ("size 9 out of stock",) and ranked.reordered


def test_brands_colours_budget_and_marks_each_say_why() -> None:
    profile = Profile(brands=("hoka",), avoid_brands=("Nike",), avoid_colors=("pink",),
                      budgets=(("running shoes", 120.0),))  # fmt: skip
    profile = add_mark(profile, "dislike", "P4", "x", CATALOG)
    rows = [row(1), row(2, brand="Hoka"), row(3, brand="On", color="pink", price=150.0), row(4, brand="On")]
    ranked = rerank(rows, profile, catalog=CATALOG, limit=4)
    assert [p.id for p in ranked.products] == ["P2", "P1", "P3", "P4"]  # equal scores keep the plain order
    assert ranked.reasons_for("P2") == ("↑ you like hoka",)
    assert ranked.reasons_for("P1") == ("↓ you avoid Nike",)
    assert ranked.reasons_for("P3") == ("↓ you avoid pink", "↓ over your usual $120")
    assert ranked.reasons_for("P4") == ("↓ you disliked this",)
    zh = rerank(rows, profile, catalog=CATALOG, limit=4, language="zh")
    assert zh.reasons_for("P2") == ("↑ 你喜欢 hoka",) and zh.reasons_for("P3")[0] == "↓ 你不喜欢粉色"


def test_an_order_the_shopper_asked_for_is_kept() -> None:
    rows = [row(1), row(2, size="9")]
    ranked = rerank(rows, Profile(sizes=(("", "9"),)), catalog=CATALOG, limit=2, reorder=False)
    assert [p.id for p in ranked.products] == ["P1", "P2"] and not ranked.reordered
    assert ranked.reasons_for("P2") == ("size 9 in stock",)


def test_marks_of_another_catalog_do_not_count() -> None:
    profile = add_mark(Profile(), "dislike", "P1", "x", Path("/other.parquet"))
    assert rerank([row(1), row(2)], profile, catalog=CATALOG, limit=2).reasons == ()


@given(
    sizes=st.lists(st.sampled_from(["8", "9", "10", None]), min_size=0, max_size=30),
    brands=st.lists(st.sampled_from(["Nike", "Hoka", "On"]), min_size=30, max_size=30),
    limit=st.integers(1, 12),
)
def test_ranking_only_reorders_the_head_of_the_pool(sizes: list, brands: list, limit: int) -> None:
    rows = [row(i, size=s, brand=brands[i]) for i, s in enumerate(sizes)]
    profile = Profile(sizes=(("", "9"),), brands=("Hoka",), avoid_brands=("On",))
    ranked = rerank(rows, profile, catalog=CATALOG, limit=limit)
    assert len(ranked.products) == min(limit, len(rows))
    assert set(ranked.products) <= set(rows)
    assert all(ranked.reasons_for(p.id) for p in ranked.products if p.size == "9" or p.brand != "Nike")


def test_the_pool_grows_with_the_limit_but_stays_bounded() -> None:
    assert pool_size(10) == 50 and pool_size(20) == 100 and pool_size(200) == 200
