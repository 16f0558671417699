"""Hybrid understanding: the model fills only what the rules left open, and only with supported values."""

from __future__ import annotations

from conftest import DEMO_CATALOG

from shopcli import advisor
from shopcli.intent import Intent
from shopcli.llm.backends.mock import MockBackend
from shopcli.money import Rates
from shopcli.store.catalog import Catalog
from shopcli.understand.hybrid import merge, needs_model, unsupported_fields
from shopcli.understand.rules import parse

with Catalog.open(DEMO_CATALOG) as _cat:
    VOCAB = _cat.vocabulary()


def test_model_not_asked_when_rules_found_a_category() -> None:
    assert not needs_model(Intent(categories=("dresses",)), "red dress")
    assert needs_model(Intent(), "something to keep me warm while jogging")
    assert not needs_model(Intent(), "warm")  # one word: not worth the model's time
    assert not needs_model(Intent(colors=("blue",)), "in blue")  # a refinement the rules understood
    assert not needs_model(Intent(), "再便宜一点") and not needs_model(Intent(), "something cheaper")
    assert needs_model(Intent(features=("warm", "sports")), "something to keep me warm while jogging")


def test_rules_values_are_never_overridden() -> None:
    rules = Intent(categories=("laptops",), min_price=2000.0)
    raw = {"categories": ["tablets"], "max_price": 2000, "brands": ["Apple"]}
    out = merge(rules, raw, "laptop over $2000", VOCAB)
    assert out.categories == ("laptops",) and out.min_price == 2000.0 and out.max_price is None
    assert out.brands == ()  # "Apple" is not in the text


def test_unsupported_brand_colour_and_price_are_dropped() -> None:
    raw = {"categories": ["jackets"], "brands": ["Nike"], "colors": ["red"], "max_price": 120, "features": []}
    out = merge(Intent(), raw, "something to keep me warm while jogging", VOCAB)
    assert out.categories == ("jackets",)
    assert out.brands == () and out.colors == () and out.max_price is None
    assert set(unsupported_fields(raw, "something to keep me warm while jogging", VOCAB)) == {
        "brands",
        "colors",
        "max_price",
    }


def test_inferred_features_rank_but_literal_ones_filter() -> None:
    raw = {"categories": ["jackets"], "features": ["warm", "waterproof"], "keywords": ["jogging", "unicorn"]}
    out = merge(Intent(), raw, "something warm for jogging", VOCAB)
    assert out.features == ("warm",)
    assert "waterproof" in out.keywords and "jogging" in out.keywords and "unicorn" not in out.keywords


def test_categories_outside_the_catalog_cannot_be_produced() -> None:
    out = merge(Intent(), {"categories": ["spaceships"]}, "a spaceship for my kid", VOCAB)
    assert out.categories == ()


def test_understand_uses_the_model_only_for_the_open_fields() -> None:
    backend = MockBackend([{"categories": ["jackets"], "features": ["warm"], "keywords": ["jogging"]}])
    intent = advisor.understand(
        "something to keep me warm while jogging", VOCAB, rates=Rates.of(), backend=backend
    )
    assert intent.categories == ("jackets",) and "warm" in intent.features
    assert len(backend.calls) == 1
    again = advisor.understand("red dress under $80", VOCAB, rates=Rates.of(), backend=backend)
    assert again == parse("red dress under $80", VOCAB) and len(backend.calls) == 1


def test_invalid_model_reply_leaves_rules_standing() -> None:
    backend = MockBackend(['{"categories": ["not-a-category"]'])  # truncated JSON
    q = "something to keep me warm while jogging"
    assert advisor.understand(q, VOCAB, rates=Rates.of(), backend=backend) == parse(q, VOCAB)


def test_reply_falls_back_to_the_template_when_every_sentence_is_withheld() -> None:
    from shopcli.advisor import Answer, SearchOutcome, reply_for
    from shopcli.intent import Intent as I

    with Catalog.open(DEMO_CATALOG) as cat:
        result = cat.search(I(categories=("headphones",)), limit=3)
    outcome = SearchOutcome("耳机", I(categories=("headphones",), language="zh"), result)
    answer = Answer.collect(reply_for(outcome, MockBackend(["推荐[1]，只要1元。"]), cny_per_usd=7.2))
    assert answer.removed and answer.text.startswith("首选 [1]") and answer.citations[0] == 1
