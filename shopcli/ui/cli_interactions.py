"""`shop catalog import --interactions FILE`: the flag's handling, kept out of the import command.

An interaction log (user, product, event, value, time) is imported beside a catalog: beside the
one being imported, or, with no SOURCE, beside --catalog or the configured one. Plan and progress
go to stderr, the report to stdout.
"""

from __future__ import annotations

from pathlib import Path

from shopcli.config import load_settings
from shopcli.errors import CatalogError, UsageError
from shopcli.personal.interactions import InteractionsReport, import_interactions, plan_interactions
from shopcli.store.siblings import sibling
from shopcli.textutil import json_dumps
from shopcli.ui.render import console, err_console
from shopcli.ui.render_catalog import import_progress, plan_view
from shopcli.ui.render_personal import interactions_view


def precheck(catalog: Path, *, force: bool) -> None:
    """Before any work: never replace an interaction log without --force."""
    existing = sibling(catalog, "interactions")
    if existing.exists() and not force:
        raise UsageError(f"{existing} already exists: pass --force to replace the interaction log")


def run(log: Path, catalog: Path, mapping: dict[str, str], *, as_json: bool) -> InteractionsReport:
    """Import `log` beside `catalog`: plan and progress on stderr, the report on stdout unless
    `as_json` (then the caller prints it as JSON)."""
    errors = err_console()
    errors.print(plan_view(plan_interactions(log, mapping)))
    with import_progress(errors) as progress:
        report = import_interactions(log, catalog, mapping=mapping, progress=progress)
    if not as_json:
        console().print(interactions_view(report))
    return report


def only(log: Path, catalog: Path | None, mapping: dict[str, str], *, force: bool, as_json: bool) -> None:
    """`shop catalog import --interactions FILE` with no SOURCE: beside an existing catalog."""
    target = (catalog or load_settings().catalog).resolve()
    if not target.is_file():
        raise CatalogError(
            f"no catalog at {target}: pass --catalog FILE, or import the products too (SOURCE)"
        )
    precheck(target, force=force)
    report = run(log, target, mapping, as_json=as_json)
    if as_json:
        print(json_dumps(report.to_dict()))
