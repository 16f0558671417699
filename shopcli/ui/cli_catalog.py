"""`shop catalog import` and `shop catalog info`: parse, call one core function, render.

Errors are shopcli.errors types and are left to `shopcli.ui.cli.main`, which turns them into a
one-line message and an exit code. Results go to stdout, the plan and progress to stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shopcli.config import load_settings
from shopcli.errors import UsageError
from shopcli.ingest.importer import check_out, default_out, import_catalog, plan_import
from shopcli.ingest.info import catalog_info
from shopcli.textutil import json_dumps
from shopcli.ui import cli_reviews
from shopcli.ui.render import console, err_console
from shopcli.ui.render_catalog import import_progress, info_view, plan_view, report_view

catalog_app = typer.Typer(
    help="Bring your own catalog: import a product export, or describe a catalog file.",
    no_args_is_help=True,
)


def parse_maps(items: list[str]) -> dict[str, str]:
    """['Item Title=name', ...] -> {'Item Title': 'name'}; the field is after the last '='."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, field = item.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise UsageError(f'--map {item!r}: write it as COLUMN=FIELD, e.g. --map "Item Title=name"')
        mapping[column.strip()] = field.strip()
    return mapping


@catalog_app.command("import")
def import_command(
    source: Annotated[
        Path | None, typer.Argument(help="CSV, TSV, JSON, JSON Lines or Parquet file (.gz/.zst too).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Catalog to write (default: SOURCE-STEM.catalog.parquet beside SOURCE)."
        ),
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map", "-m", metavar="COLUMN=FIELD", help="Use COLUMN for FIELD (FIELD - skips it); repeatable."
        ),
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(
            help="The catalog's currency, an ISO 4217 code (USD, CNY, INR, EUR...). Default: read from the "
            "file (price symbols and codes, headers, links); the report says which evidence it used."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
    force: Annotated[bool, typer.Option("--force", "-f", help="Replace --out if it already exists.")] = False,
    reviews: Annotated[
        Path | None, typer.Option("--reviews", help="Reviews of these products (CSV/JSON/JSONL/Parquet).")
    ] = None,
    review_maps: Annotated[
        list[str] | None,
        typer.Option(
            "--review-map", metavar="COLUMN=FIELD", help="Use COLUMN for a review field; repeatable."
        ),
    ] = None,
    policies: Annotated[
        Path | None, typer.Option("--policies", help="Store policy, Markdown with one section per topic.")
    ] = None,
    interactions: Annotated[
        Path | None,
        typer.Option(
            help="An interaction log (user, product, event, value, time) to import beside the catalog."
        ),
    ] = None,
    catalog: Annotated[
        Path | None, typer.Option(help="With --interactions and no SOURCE: the catalog the log belongs to.")
    ] = None,
) -> None:
    """Import a product export as a catalog: columns are mapped, values cleaned, bad rows counted.

    Columns are chosen by their headers, then by their values; the catalog keeps its own currency,
    read from the file, and the report gives the reason for every choice. The new catalog replaces
    --out only once it is complete. --reviews and --policies put the shop's reviews (with aspect
    sentiment computed once, here) and policy beside it; --interactions imports a log of views, carts,
    purchases or ratings beside it (or, without SOURCE, beside the configured catalog) and computes
    which products people choose together. Examples:

        shop catalog import flipkart.csv --out catalog.parquet

        shop catalog import export.csv --map "Item Title=name" --currency INR

        shop catalog import products.csv --reviews reviews.jsonl --policies policy.md

        shop catalog import --interactions events.csv --catalog catalog.parquet
    """
    from shopcli.ui import cli_interactions

    if source is None:
        if interactions is None:
            raise UsageError("give a product export to import (SOURCE), or --interactions FILE, or both")
        return cli_interactions.only(
            interactions, catalog, parse_maps(maps or []), force=force, as_json=as_json
        )
    if catalog is not None:
        raise UsageError(
            "--catalog is for --interactions without SOURCE; with SOURCE the log goes beside --out"
        )
    target = out or default_out(source)
    check_out(target, force=force, source=source)
    if interactions is not None:
        cli_interactions.precheck(target, force=force)
    mapping = parse_maps(maps or [])
    siblings = cli_reviews.plan_siblings(reviews, policies, parse_maps(review_maps or []))
    errors = err_console()
    errors.print(plan_view(plan_import(source, mapping, currency)))
    with import_progress(errors) as progress:
        report = import_catalog(
            source, target, mapping=mapping, currency=currency,
            rates=load_settings().exchange_rates(), progress=progress,
        )  # fmt: skip
    _index(target)
    extra = cli_reviews.import_siblings(target, siblings)
    if not as_json:
        console().print(report_view(report))
    log = cli_interactions.run(interactions, target, {}, as_json=as_json) if interactions else None
    if as_json:
        typer.echo(json_dumps(report.to_dict() | extra | ({"interactions": log.to_dict()} if log else {})))


def _index(catalog: Path) -> None:
    """Write the search index now (store/index.py), so that the first search does not wait for it."""
    from shopcli.store.index import prepare
    from shopcli.store.load import check_file

    with err_console().status("Indexing the catalog for search"):
        prepare(check_file(catalog))


@catalog_app.command("info")
def info_command(
    path: Annotated[
        Path | None, typer.Argument(help="Catalog file (default: the configured catalog).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the description as one JSON object.")
    ] = False,
) -> None:
    """Describe a catalog: rows, categories, brands, prices, colour coverage, missing fields, and
    the rows left out or values ignored for bad data (with example ids), and its checksum.

    Example:

        shop catalog info products.catalog.parquet --json
    """
    from shopcli.store.catalog import Catalog

    target = path or load_settings().catalog
    with Catalog.open(target) as cat:  # a damaged catalog stops here, with exit 3
        check = cat.check
    info = catalog_info(target)
    if as_json:
        typer.echo(json_dumps(info.to_dict() | check.to_dict()))
    else:
        console().print(info_view(info, check))
