"""`also` and `foryou` on the demo catalog: neighbours with scores, picks with reasons, plain words
when there is nothing to go on, and answers within 50 ms."""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEMO_CATALOG

from shopcli.errors import CatalogError, UsageError
from shopcli.personal import profile as pr
from shopcli.personal.recommend import also, for_you
from shopcli.store.catalog import Catalog


@pytest.fixture(scope="module")
def cat() -> Iterator[Catalog]:
    with Catalog.open(DEMO_CATALOG) as c:
        yield c


def popular_running_shoe(cat: Catalog) -> str:
    return for_you(cat, pr.Profile(), limit=24).picks[0].product.id


def test_also_returns_scored_neighbours_best_first(cat: Catalog) -> None:
    result = also(cat, "P001272", limit=8)
    scores = [p.score for p in result.picks]
    assert len(scores) == 8 and scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert all(p.product.id != "P001272" and "chose both" in p.reasons[0] for p in result.picks)
    assert result.method == "cosine" and result.to_dict()["neighbours"][0]["score"] == scores[0]
    assert also(cat, "P001272", method="pearson", limit=3).method == "pearson"


def test_also_refuses_unknown_ids_and_methods(cat: Catalog) -> None:
    with pytest.raises(UsageError, match="no product"):
        also(cat, "P999999")
    with pytest.raises(UsageError, match="cosine or pearson"):
        also(cat, "P001272", method="jaccard")


def test_without_a_log_also_says_how_to_get_one(tmp_path: Path) -> None:
    bare = tmp_path / "bare.parquet"
    shutil.copy(DEMO_CATALOG, bare)
    with Catalog.open(bare) as c:
        with pytest.raises(CatalogError, match="--interactions"):
            also(c, "P000001")
        result = for_you(c, pr.Profile(), limit=5)
    assert result.basis == "popular" and "review" in result.note
    assert all("reviews)" in p.reasons[0] for p in result.picks)


def test_no_history_is_said_plainly_and_spread_over_categories(cat: Catalog) -> None:
    result = for_you(cat, pr.Profile(), limit=8)
    assert result.basis == "popular" and "no likes, saves or purchases" in result.note
    assert len({p.product.category for p in result.picks}) >= 4
    assert all(p.kind == "popular" and "shoppers)" in p.reasons[0] for p in result.picks)


def test_two_likes_give_related_products_with_the_reason(cat: Catalog) -> None:
    liked = ("P001272", "P001309")  # two running shoes
    profile = pr.Profile()
    for pid in liked:
        profile = pr.add_mark(profile, "like", pid, pid, cat.path)
    profile = pr.add_mark(profile, "dislike", "P001230", "x", cat.path)
    result = for_you(cat, profile, limit=10)
    assert result.basis == "history" and set(result.seeds) == {*liked, "P001230"}
    ids = [p.product.id for p in result.picks]
    assert not {*liked, "P001230"} & set(ids)
    assert all(p.reasons[0].startswith("because you liked") for p in result.picks if p.kind == "similar")
    assert sum(p.product.category == "running shoes" for p in result.picks) >= 5


def test_answers_within_50_ms(cat: Catalog) -> None:
    profile = pr.add_mark(pr.Profile(sizes=(("", "9"),)), "like", "P001272", "x", cat.path)
    for call in (lambda: also(cat, "P001272"), lambda: for_you(cat, profile)):
        call()
        times = []
        for _ in range(7):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        assert statistics.median(times) < 0.05
