"""query.py: parameterised SQL for every filter, keyword ranking, sorts and the words for filters."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from catalog_fixture import write_catalog

from shopcli.errors import UsageError
from shopcli.intent import Intent
from shopcli.schema import Product
from shopcli.store.catalog import Catalog
from shopcli.store.query import (
    PriceTarget,
    build_count,
    build_get,
    build_query,
    describe_filters,
    format_amount,
)


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    with Catalog.open(write_catalog(tmp_path_factory.mktemp("catalog"))) as c:
        yield c


def ids(cat: Catalog, intent: Intent, limit: int = 100) -> list[str]:
    return [p.id for p in cat.search(intent, limit=limit).products]


def test_values_are_parameters_never_text() -> None:
    intent = Intent(brands=("Sony'--",), colors=("red",), max_price=80.0, keywords=("warm",), size="M")
    sql, params = build_query(intent, limit=5)
    assert "Sony" not in sql and "red" not in sql and "80" not in sql and "warm" not in sql
    assert params[-1] == 5 and "Sony'--" in params and 80.0 in params and ["warm"] in params and "M" in params
    assert sql.count("?") == len(params)


def test_build_count_matches_the_search_total(cat: Catalog) -> None:
    intent = Intent(categories=("dresses", "jackets"), max_price=150)
    sql, params = build_count(intent)
    assert cat._con.execute(sql, params).fetchone() == (cat.search(intent, limit=1).total,)


def test_build_get_has_one_placeholder_per_id() -> None:
    assert build_get(3).endswith("WHERE id IN (?, ?, ?)")


def test_filters_match_case_insensitively(cat: Catalog) -> None:
    assert ids(cat, Intent(brands=("sony",))) == ids(cat, Intent(brands=("SONY",))) != []
    assert ids(cat, Intent(categories=("Laptops",))) == ids(cat, Intent(categories=("laptops",))) != []
    assert ids(cat, Intent(features=("WaterProof",))) == ids(cat, Intent(features=("waterproof",))) != []


def test_every_feature_is_required(cat: Catalog) -> None:
    both = cat.search(Intent(features=("waterproof", "warm")), limit=100).products
    assert both and all({"waterproof", "warm"} <= set(p.tags) for p in both)


def test_exclusions_are_null_safe(cat: Catalog) -> None:
    found = ids(cat, Intent(categories=("scarves",), exclude_brands=("Apple",)))
    assert found == ["SP-1"]  # the scarf has no brand, and "not Apple" must not hide it
    assert "SP-1" not in ids(cat, Intent(exclude_categories=("Scarves",)))
    assert all(p.color != "red" for p in cat.search(Intent(exclude_colors=("RED",)), limit=100).products)


def test_wildcards_in_keywords_are_literal(cat: Catalog) -> None:
    # Keywords are matched as words: punctuation separates them, and is never a LIKE wildcard.
    for keyword in ("100%", "wool_scarf", "'quoted'", '"double"', "wool%scarf"):
        assert ids(cat, Intent(keywords=(keyword,))) == ["SP-1"], keyword
    for keyword in ("%", "_", "\\", "%%", "'"):  # no word in them: nothing, never everything
        assert ids(cat, Intent(keywords=(keyword,))) == [], keyword


def test_keywords_alone_filter_so_unrelated_rows_stay_out(cat: Catalog) -> None:
    assert ids(cat, Intent(keywords=("jigsaw", "puzzle"))) == ["SP-2"]
    assert ids(cat, Intent(keywords=("xyzzy",))) == []


def test_keywords_with_structured_filters_rank_but_do_not_filter(cat: Catalog) -> None:
    found = ids(cat, Intent(categories=("dresses",), keywords=("wrap",)))
    assert found[0] == "SP-3" and len(found) > 1


def test_name_outweighs_tags_outweighs_description(tmp_path: Path) -> None:
    # distinct prices: the same name, brand and price would be one listing shown once
    rows = [
        {"id": "desc", "name": "Shell", "price": 1.0, "description": "Made for hiking.", "tags": []},
        {"id": "name", "name": "Hiking Shell", "price": 1.01, "description": "", "tags": []},
        {"id": "tags", "name": "Shell", "price": 1.02, "description": "", "tags": ["hiking"]},
        {"id": "none", "name": "Shell", "price": 1.03, "description": "", "tags": []},
    ]
    with Catalog.open(write_catalog(tmp_path, rows=rows)) as c:
        assert ids(c, Intent(keywords=("HIKING",))) == ["name", "tags", "desc"]


def test_blank_keywords_are_ignored() -> None:
    assert build_query(Intent(keywords=(" ", "")), limit=3) == build_query(Intent(), limit=3)
    assert describe_filters(Intent(keywords=("", "warm"))) == ("keywords: warm",)


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("price_asc", lambda p: (p.price, p.id)),
        ("price_desc", lambda p: (-p.price, p.id)),
        (
            "rating",
            lambda p: (-(p.rating if p.rating is not None else -math.inf), -(p.review_count or 0), p.id),
        ),
        ("popularity", lambda p: (-(p.review_count or 0), p.id)),
    ],
)
def test_sorts(cat: Catalog, sort: str, key: Callable[[Product], Any]) -> None:
    found = list(cat.search(Intent(sort=sort), limit=100).products)  # type: ignore[arg-type]
    # every sort keeps its order within two groups: products in stock, then sold-out ones (issue 15)
    assert found == sorted(found, key=lambda p: (p.stock == 0, key(p)))
    assert any(p.stock == 0 for p in found)


def test_relevance_without_keywords_prefers_well_reviewed_ratings(cat: Catalog) -> None:
    found = cat.search(Intent(categories=("laptops",)), limit=100).products
    scores = [(p.rating or 0) * math.log((p.review_count or 0) + 1) for p in found]
    assert scores == sorted(scores, reverse=True)


def test_price_target_orders_by_distance_to_the_budget(cat: Catalog) -> None:
    sql, params = build_query(Intent(categories=("laptops",)), limit=100, target=PriceTarget(max_price=5))
    prices = [row[8] for row in cat._con.execute(sql, params).fetchall()]
    assert prices == sorted(prices)
    sql, params = build_query(Intent(categories=("laptops",)), limit=100, target=PriceTarget(min_price=9999))
    prices = [row[8] for row in cat._con.execute(sql, params).fetchall()]
    assert prices == sorted(prices, reverse=True)


def test_results_are_deterministic(cat: Catalog) -> None:
    intent = Intent(categories=("jackets", "dresses"))
    assert ids(cat, intent) == ids(cat, intent)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused(bad: float) -> None:
    for field in ("min_price", "max_price", "min_rating"):
        with pytest.raises(UsageError, match="finite number"):
            build_query(Intent().with_(**{field: bad}), limit=5)


def test_limit_must_be_positive() -> None:
    with pytest.raises(UsageError, match="--limit"):
        build_query(Intent(), limit=0)


def test_describe_filters() -> None:
    intent = Intent(
        categories=("dresses",), brands=("Sony",), colors=("red", "blue"), size="M", min_price=2000,
        max_price=80, min_rating=4, features=("waterproof",), keywords=("warm", "jogging"),
        exclude_brands=("Apple",), exclude_colors=("pink",),
    )  # fmt: skip
    assert describe_filters(intent) == (
        "category = dresses", "brand = Sony", "color = red or blue", "size = M", "price ≥ 2000 USD",
        "price ≤ 80 USD", "rating ≥ 4", "has tag: waterproof", "brand ≠ Apple", "color ≠ pink",
        "keywords: warm, jogging",
    )  # fmt: skip
    assert describe_filters(Intent()) == ()


@pytest.mark.parametrize(
    ("value", "text"), [(80, "80"), (6.25, "6.25"), (41.666, "41.67"), (4.5, "4.5"), (-0.001, "0")]
)
def test_format_amount(value: float, text: str) -> None:
    assert format_amount(value) == text


def test_every_filter_runs_on_a_catalog_with_only_required_columns(tmp_path: Path) -> None:
    path = write_catalog(
        tmp_path, rows=[{"id": "a", "name": "A", "price": 1.0}], columns=("id", "name", "price")
    )
    with Catalog.open(path) as c:
        intent = Intent(
            categories=("x",), brands=("y",), colors=("z",), size="M", min_rating=3, features=("t",),
            exclude_brands=("b",), keywords=("k",),
        )  # fmt: skip
        assert c.search(intent).products == ()
