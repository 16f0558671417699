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
        Path, typer.Argument(help="CSV, TSV, JSON, JSON Lines or Parquet file (.gz/.zst too).")
    ],
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
) -> None:
    """Import a product export as a catalog: columns are mapped, values cleaned, bad rows counted.

    Columns are chosen by their headers, then by their values; the catalog keeps its own currency,
    read from the file, and the report gives the reason for every choice. The new catalog replaces
    --out only once it is complete. Examples:

        shop catalog import flipkart.csv --out catalog.parquet

        shop catalog import export.csv --map "Item Title=name" --currency INR
    """
    target = out or default_out(source)
    check_out(target, force=force)
    mapping = parse_maps(maps or [])
    errors = err_console()
    errors.print(plan_view(plan_import(source, mapping, currency)))
    with import_progress(errors) as progress:
        report = import_catalog(
            source, target, mapping=mapping, currency=currency,
            rates=load_settings().exchange_rates(), progress=progress,
        )  # fmt: skip
    if as_json:
        typer.echo(json_dumps(report.to_dict()))
    else:
        console().print(report_view(report))


@catalog_app.command("info")
def info_command(
    path: Annotated[
        Path | None, typer.Argument(help="Catalog file (default: the configured catalog).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the description as one JSON object.")
    ] = False,
) -> None:
    """Describe a catalog: rows, categories, brands, prices, colour coverage, missing fields.

    Example:

        shop catalog info products.catalog.parquet --json
    """
    info = catalog_info(path or load_settings().catalog)
    if as_json:
        typer.echo(json_dumps(info.to_dict()))
    else:
        console().print(info_view(info))
