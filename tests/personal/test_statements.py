"""Statements about the shopper, in English and Chinese: learned only when said outright."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import DEMO_CATALOG

from shopcli.personal.profile import Profile
from shopcli.personal.statements import parse_statement
from shopcli.schema import Vocabulary
from shopcli.store.catalog import Catalog


@pytest.fixture(scope="module")
def vocab() -> Iterator[Vocabulary]:
    with Catalog.open(DEMO_CATALOG) as cat:
        yield cat.vocabulary()


@pytest.mark.parametrize(
    ("line", "items", "category"),
    [
        ("I wear size 9", (("size", "9"),), None),
        ("我穿M码", (("size", "M"),), None),
        ("I don't like Nike", (("avoid_brands", "Nike"),), None),
        ("我不喜欢粉色", (("avoid_colors", "pink"),), None),
        ("I love Hoka!", (("brands", "Hoka"),), None),
        ("I'm a size M", (("size", "M"),), None),
        ("my shoe size is 10.5", (("size", "10.5"),), None),
        ("I wear size 9 in running shoes.", (("size", "9"),), "running shoes"),
        ("i really don't like apple", (("avoid_brands", "Apple"),), None),
        ("I dislike pink and Nike", (("avoid_brands", "Nike"), ("avoid_colors", "pink")), None),
        ("我喜欢耐克", (("brands", "Nike"),), None),
        ("我讨厌红色", (("avoid_colors", "red"),), None),
    ],
)
def test_statements_become_profile_changes(
    vocab: Vocabulary, line: str, items: tuple, category: str | None
) -> None:
    change = parse_statement(line, vocab)
    assert change is not None and change.items == items and change.category == category


@pytest.mark.parametrize(
    "line",
    ["size 9", "running shoes", "I like Hoka running shoes under $150", "I like running", "I like it",
     "I'm looking for shoes", "red dress under $80", "我想买一件红色的连衣裙", "I love blue dresses"],
)  # fmt: skip
def test_requests_and_vague_lines_teach_nothing(vocab: Vocabulary, line: str) -> None:
    assert parse_statement(line, vocab) is None


def test_a_change_applies_and_is_confirmed_in_the_shoppers_language(vocab: Vocabulary) -> None:
    zh = parse_statement("我不喜欢粉色", vocab)
    en = parse_statement("I don't like Nike", vocab)
    assert zh is not None and en is not None
    profile = en.apply(zh.apply(Profile(brands=("Nike",))))
    assert profile.avoid_colors == ("pink",) and profile.avoid_brands == ("Nike",) and profile.brands == ()
    assert "粉色" in zh.confirmation() and "Nike" in en.confirmation()
    assert "never hides" in en.confirmation() and "forget" in en.confirmation()


def test_a_statement_holds_beyond_a_catalog_without_brands_or_colours() -> None:
    bare = Vocabulary(categories=("phones",), subcategories=(), brands=(), colors=(), tags=(), min_price=1,
                      max_price=9)  # fmt: skip
    samsung = parse_statement("我喜欢三星", bare)
    black = parse_statement("I don't like black", bare)
    assert samsung is not None and samsung.items == (("brands", "Samsung"),)
    assert black is not None and black.items == (("avoid_colors", "black"),)
