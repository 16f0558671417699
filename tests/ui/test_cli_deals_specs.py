"""Issue 15 as a shopper meets it: `shop search --json --no-llm` on the demo catalog for deals, stock
and specs, the table's marks, and `--in-stock`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from clirun import shop


def search(*args: str) -> dict[str, Any]:
    r = shop("search", "--json", "--no-llm", "-n", "20", *args)
    assert r.code == 0, r.err
    return json.loads(r.out)


@pytest.mark.parametrize("query", ["headphones on sale", "打折的耳机"])
def test_on_sale_returns_only_discounted_headphones(query: str) -> None:
    data = search(query)
    assert data["products"] and data["relaxed"] == []
    for p in data["products"]:
        assert p["category"] == "headphones" and p["original_price"] > p["price"] and p["discount"] > 0
    assert "on sale" in data["filters"]


def test_biggest_discount_starts_with_the_largest() -> None:
    data = search("biggest discount headphones")
    discounts = [p["discount"] for p in data["products"]]
    assert discounts[0] == max(discounts) and all(p["category"] == "headphones" for p in data["products"])


def test_in_stock_returns_only_stocked_laptops_and_the_flag_does_too() -> None:
    for data in (search("laptops in stock"), search("--in-stock", "laptops")):
        assert data["products"] and all(p["category"] == "laptops" for p in data["products"])
        assert all(p["stock"] > 0 and p["in_stock"] for p in data["products"])
        assert "in stock" in data["filters"]


def test_an_ordinary_search_marks_sold_out_rows_and_ranks_them_last() -> None:
    products = search("-n", "200", "sony headphones")["products"]
    stocked = [p["in_stock"] for p in products]
    assert False in stocked and stocked == sorted(stocked, reverse=True)
    table = shop("search", "--no-llm", "-n", "200", "sony headphones")
    assert table.code == 0 and "(out of stock)" in table.out and "%" in table.out


@pytest.mark.parametrize("query", ["a laptop with at least 16GB RAM", "内存16G以上的笔记本"])
def test_at_least_16gb_ram_includes_32gb_and_nothing_smaller(query: str) -> None:
    data = search("-n", "100", query)
    memory = [p["specs"]["memory_gb"] for p in data["products"]]
    assert data["relaxed"] == [] and memory and min(memory) >= 16 and 32 in memory
    assert "memory ≥ 16 GB" in data["filters"] and data["intent"]["keywords"] == []
