"""Budgets the rules cannot read become a note: never a keyword, a guessed filter, or a repeatable amount."""

from __future__ import annotations

import pytest
from conftest import DEMO_CATALOG
from vocab_fixture import demo_vocabulary

from shopcli import advisor
from shopcli.llm.backends.mock import MockBackend
from shopcli.money import Rates
from shopcli.store.catalog import Catalog
from shopcli.understand.budget import without_unreadable
from shopcli.understand.rules import parse

FORTY = "1234567890" * 4


@pytest.mark.parametrize(
    "query",
    ["headphones under $-5", "headphones $1e309", f"headphones under ${FORTY}", "耳机 预算-5元",
     "laptop under -$5", "dress under $1e3", "jacket under 99999999999999 dollars", "耳机 1e309元以内",
     "tent −$20 max"],
)  # fmt: skip
def test_an_unreadable_budget_is_a_note_not_a_keyword_or_a_filter(query: str) -> None:
    intent = parse(query, demo_vocabulary())
    assert intent.min_price is None and intent.max_price is None
    assert not [k for k in intent.keywords if any(ch.isdigit() for ch in k)]
    assert any(note.startswith("could not read the budget") for note in intent.notes)


@pytest.mark.parametrize(
    ("query", "low", "high"),
    [("headphones $30-$50", 30, 50), ("headphones 30 - 50 dollars", 30, 50),
     ("wh-1000xm5 under $300", None, 300), ("usb-c cable under $20", None, 20),
     ("iphone 15 under $1000", None, 1000), ("dress under $80", None, 80), ("耳机 300-500元", 41.67, 69.44)],
)  # fmt: skip
def test_readable_budgets_and_model_numbers_are_unchanged(
    query: str, low: float | None, high: float | None
) -> None:
    intent = parse(query, demo_vocabulary())
    assert (intent.min_price, intent.max_price) == (low, high)
    assert not any("could not read" in note for note in intent.notes)


def test_numbers_without_a_money_cue_are_left_alone() -> None:
    assert without_unreadable("camera 2e5 with -5 ev") == "camera 2e5 with -5 ev"
    assert without_unreadable("under $-5 please") == " " * 9 + " please"  # the price word goes with it


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.open(DEMO_CATALOG)


def test_a_reply_may_not_repeat_a_rejected_amount(catalog: Catalog) -> None:
    outcome = advisor.search("headphones under $-5", catalog, rates=Rates.of(), limit=5)
    sentences = list(
        advisor.reply_for(outcome, MockBackend(["The best pick under $5 is [1]."]), cny_per_usd=7.2)
    )
    assert not [s for s in sentences if s.ok and "$5" in s.text]
    assert any("price $5.00 is not in the table" in p for s in sentences for p in s.problems)


def test_the_model_may_not_fill_a_budget_from_a_rejected_amount(catalog: Catalog) -> None:
    backend = MockBackend([{"categories": [], "max_price": 5, "keywords": []}])
    outcome = advisor.search(
        "something nice to wear under $-5", catalog, rates=Rates.of(), limit=5, backend=backend
    )
    assert outcome.intent.max_price is None and backend.calls  # asked, and its $5 was not supported
