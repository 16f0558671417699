"""A catalog field of 10,000 characters is cut in prompts, table cells and the templated reply, and kept
whole in JSON: it once filled the model's context and failed every question that showed its product."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from catalog_fixture import write_catalog
from clirun import shop
from rich.console import Console

from shopcli import advisor
from shopcli.llm import prompts
from shopcli.store.catalog import Catalog
from shopcli.ui import render

LONG = 10_000


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    row = {"id": "LONG", "name": "Wireless Earbuds " + "n" * LONG, "brand": "B" * LONG,
           "category": "headphones", "color": "c" * LONG, "price": 59.0, "rating": 4.5, "review_count": 10,
           "tags": ["t" * LONG] * 3, "description": "d" * LONG}  # fmt: skip
    return write_catalog(tmp_path_factory.mktemp("long"), rows=[row])


def test_every_field_is_cut_in_the_prompt(catalog: Path) -> None:
    with Catalog.open(catalog) as cat:
        product = cat.get(["LONG"])[0]
    for question, language in (("earbuds", "en"), ("耳机", "zh")):
        turn = prompts.reply_messages(question, [product], language)[-1].content
        assert len(turn) < 600 and "…" in turn


def test_table_cells_and_the_templated_reply_are_cut(catalog: Path) -> None:
    with Catalog.open(catalog) as cat:
        product = cat.get(["LONG"])[0]
    screen = Console(file=io.StringIO(), width=120, record=True)
    screen.print(render.product_table([product]))
    assert len(screen.export_text()) < 2_000
    for language in ("en", "zh"):
        assert len(advisor.templated_reply((product,), language)) < 300


def test_json_keeps_the_whole_name(catalog: Path) -> None:
    r = shop("search", "--no-llm", "--json", "--catalog", str(catalog), "earbuds")
    assert r.code == 0, r.err
    assert len(json.loads(r.out)["products"][0]["name"]) == len("Wireless Earbuds ") + LONG


@pytest.mark.llm
def test_ask_answers_about_a_product_with_a_huge_name(catalog: Path, tiny_model: Path) -> None:
    r = shop("ask", "--json", "--model", str(tiny_model), "--catalog", str(catalog), "wireless earbuds")
    assert r.code == 0, r.err  # was exit 4: "the prompt takes ... leaving no room for a reply"
