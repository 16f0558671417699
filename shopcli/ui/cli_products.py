"""`shop show` and `shop compare`: one product's card, or 2-4 side by side, by id (for scripts too)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shopcli.textutil import json_dumps
from shopcli.ui.render import console, safe_text
from shopcli.ui.render_dialogue import card_table, comparison_table
from shopcli.ui.screen import open_advisor

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
    with open_advisor(catalog) as shop:
        product = shop.show(product_id)
    if as_json:
        print(json_dumps(product.to_dict()))
        return
    console().print(card_table(1, product, shop.say()))


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
    with open_advisor(catalog) as shop:
        compared = shop.compare(product_ids)
    if as_json:
        print(json_dumps(compared.to_dict()))
        return
    out = console()
    numbers = list(range(1, len(compared.products) + 1))
    out.print(comparison_table(numbers, compared.products, shop.say()))
    out.print(safe_text(compared.verdict), soft_wrap=True)
