"""Deals, stock, specs and ages read from queries (understand/deals.py, understand/specs.py), and the
labelled set for them (tests/data/labelled_facts.jsonl; benchmarks/eval_facts.py prints the table)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from vocab_fixture import demo_vocabulary

from shopcli.intent import SpecBound
from shopcli.schema import Vocabulary
from shopcli.store.catalog import Catalog
from shopcli.understand.evaluate import evaluate, load_labelled
from shopcli.understand.followup import refine
from shopcli.understand.rules import parse

ROOT = Path(__file__).resolve().parents[2]
LABELLED = load_labelled(ROOT / "tests" / "data" / "labelled_facts.jsonl")
NEW_FIELDS = ("on_sale", "min_discount", "in_stock", "specs", "age")
VOCAB = demo_vocabulary()


@pytest.fixture(scope="module")
def demo_vocab() -> Vocabulary:
    with Catalog.open(ROOT / "catalog.parquet") as cat:
        return cat.vocabulary()


def test_the_labelled_set_is_big_enough_and_chinese_enough() -> None:
    chinese = sum(bool(re.search("[\u4e00-\u9fff]", x.query)) for x in LABELLED)
    assert len(LABELLED) >= 60 and chinese / len(LABELLED) >= 0.4


def test_labelled_accuracy_of_the_new_fields(demo_vocab: Vocabulary) -> None:
    accuracy = evaluate(LABELLED, lambda q: parse(q, demo_vocab))
    for name in NEW_FIELDS:
        ok, counted = accuracy[name]
        assert not counted or ok / counted >= 0.9, (name, ok, counted)
    assert accuracy["all"][0] / accuracy["all"][1] >= 0.9


@pytest.mark.parametrize(
    ("query", "bound"),
    [
        ("under 1 kg laptop", SpecBound("weight_g", None, 1000, "g")),
        ("500ml以上的水杯", SpecBound("volume_ml", 500, None, "ml")),
        ("65 inch tv", SpecBound("screen_in", 65, 65, "inch")),
        ("laptop 8-16GB RAM", SpecBound("memory_gb", 8, 16, "GB")),
        ("laptop no more than 16GB RAM", SpecBound("memory_gb", None, 16, "GB")),
        ("不超过1.2公斤的笔记本", SpecBound("weight_g", None, 1200, "g")),
        ("512G存储以上的平板", SpecBound("storage_gb", 512, None, "GB")),
    ],
)
def test_a_spec_is_never_a_price_or_a_keyword(query: str, bound: SpecBound) -> None:
    intent = parse(query, VOCAB)
    assert intent.specs == (bound,)
    assert intent.max_price is None and intent.min_price is None
    assert not any(re.search(r"\d|\b(?:kg|ml|inch|gb|ram)\b", k) for k in intent.keywords), intent.keywords


def test_a_discount_is_never_a_budget() -> None:
    intent = parse("dresses at least 30% off under $80", VOCAB)
    assert (intent.min_discount, intent.max_price, intent.on_sale) == (0.3, 80, True)
    assert parse("5折以下的连衣裙", VOCAB).min_discount == 0.5
    assert parse("七五折的连衣裙", VOCAB).min_discount == 0.25


@pytest.mark.parametrize(
    "query", ["gift for a 10 year old", "a present for my 7-year-old", "给5岁孩子的礼物"]
)
def test_an_age_is_never_a_keyword(query: str) -> None:
    intent = parse(query, VOCAB)
    assert not any(re.search(r"\d|岁|year|old", k) for k in intent.keywords), intent.keywords


def test_an_age_filters_where_the_catalog_states_ages_else_asks_for_kids_or_says_so() -> None:
    ages = Vocabulary(**{**vars(VOCAB), "specs": ("age_min_y",)})
    assert parse("gift for a 10 year old", ages).age == 10
    audiences = Vocabulary(**{**vars(VOCAB), "audiences": ("kids", "baby", "women")})
    kids = parse("gift for a 10 year old", audiences)
    assert kids.age is None and kids.audiences == ("kids",) and kids.notes
    assert parse("给1岁宝宝的礼物", audiences).audiences == ("baby",)
    plain = parse("gift for a 10 year old", Vocabulary(**{**vars(VOCAB), "audiences": ()}))
    assert plain.age is None and not plain.audiences and any("age 10" in n for n in plain.notes)


def test_facts_a_catalog_does_not_state_are_a_note_not_a_filter() -> None:
    bare = Vocabulary(**{**vars(VOCAB), "facts": ()})
    intent = parse("headphones on sale in stock", bare)
    assert not intent.on_sale and not intent.in_stock and len(intent.notes) == 2


def test_a_5g_phone_has_no_memory() -> None:
    assert parse("5G phone", VOCAB).specs == ()
    assert parse("5G手机", VOCAB).specs == ()


def test_a_follow_up_adds_deals_stock_and_specs_and_keeps_other_specs() -> None:
    laptops = parse("laptops with at least 16GB RAM", VOCAB)
    more = refine(laptops, parse("and 1TB storage, in stock", VOCAB), "and 1TB storage, in stock")
    assert {b.attribute for b in more.specs} == {"memory_gb", "storage_gb"} and more.in_stock
    assert refine(more, parse("only on sale", VOCAB), "only on sale").on_sale
    changed = refine(more, parse("32GB RAM", VOCAB), "32GB RAM")
    assert changed.specs[-1] == SpecBound("memory_gb", 32, 32, "GB") and len(changed.specs) == 2
