"""`shop show` and `shop compare`: one product's card, or 2-4 side by side, by id (for scripts too)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shopcli.config import load_settings
from shopcli.dialogue import cards, lookup
from shopcli.dialogue.wording import Say
from shopcli.store.catalog import Catalog
from shopcli.textutil import json_dumps
from shopcli.ui.render import console, safe_text
from shopcli.ui.render_dialogue import card_table, comparison_table

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout (for scripts).")]
CatalogOpt = Annotated[
    Path | None,
    typer.Option("--catalog", help="Catalog file (default: ./catalog.parquet or $SHOPCLI_CATALOG)."),
]


def show(
    product_id: Annotated[
        str, typer.Argument(metavar="ID", help='A product id (the "id" in --json output).')
    ],
    as_json: JsonOpt = False,
    catalog: CatalogOpt = None,
) -> None:
    """Show every field the catalog has for one product.

    Examples:

      shop show P001131

      shop show --json P001131
    """
    settings = load_settings(catalog=catalog)
    with Catalog.open(settings.catalog) as cat:
        (product,) = lookup.by_ids(cat, [product_id])
    if as_json:
        print(json_dumps(product.to_dict()))
        return
    console().print(card_table(1, product, Say("en", settings.yuan_per_usd())))


def compare(
    product_ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Two to four product ids.")],
    as_json: JsonOpt = False,
    catalog: CatalogOpt = None,
) -> None:
    """Compare two to four products side by side: differences marked (≠), best values ticked (✓).

    Examples:

      shop compare P001131 P001132

      shop compare --json P001131 P001132 P001133
    """
    settings = load_settings(catalog=catalog)
    with Catalog.open(settings.catalog) as cat:
        products = lookup.by_ids(cat, product_ids, least=2, most=4, command="compare")
    say = Say("en", settings.yuan_per_usd())
    numbers = list(range(1, len(products) + 1))
    verdict = cards.verdict_text(list(zip(numbers, products, strict=True)), say)
    if as_json:
        rows = [
            {"field": r.label, "values": list(r.values), "differs": r.differs,
             "best": None if r.best is None else products[r.best].id}
            for r in cards.comparison(products, say)
        ]  # fmt: skip
        print(json_dumps({"products": [p.to_dict() for p in products], "fields": rows, "verdict": verdict}))
        return
    out = console()
    out.print(comparison_table(numbers, products, say))
    out.print(safe_text(verdict), soft_wrap=True)
