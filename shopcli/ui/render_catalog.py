"""Rich views of an import plan, an import report and `catalog info`. Catalog text is data: it
only ever reaches rich through `safe_text` (no markup, no escape sequences)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console, Group, RenderableType
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from shopcli.ingest.importer import ImportReport
from shopcli.ingest.info import CatalogInfo, CatalogProfile, Counts
from shopcli.ingest.plan import ImportPlan
from shopcli.money import format_price, symbol
from shopcli.store.load import CatalogCheck
from shopcli.ui.render import safe_text


def plan_view(plan: ImportPlan) -> RenderableType:
    """'Column -> field, because...' for every column, the currency and why, and how to change them."""
    source = plan.source
    kind = source.format + ("" if source.compression == "none" else f", {source.compression}")
    table = Table(title=Text(f"Importing {plan.shown_path().name} ({kind})"), title_justify="left")
    table.add_column("Source column")
    table.add_column("Catalog field", style="bold")
    table.add_column("Why", style="dim", overflow="fold")
    fields = dict(plan.mapping)
    for column, reason in plan.reasons or tuple((c, "") for c in source.columns):
        table.add_row(safe_text(column), safe_text(fields.get(column, "-")), safe_text(reason))
    parts: list[RenderableType] = [table, currency_line(plan.currency.code, plan.currency.reason,
                                                        plan.currency.assumed)]  # fmt: skip
    parts.extend(_labelled("Note: ", note) for note in plan.notes)
    parts.append(
        Text("Change the mapping with --map COLUMN=FIELD (or COLUMN=- to skip a column).", style="dim")
    )
    return Group(*parts)


def currency_line(code: str, reason: str, assumed: bool) -> Text:
    """ "Currency: INR (₹), because ..." and, when assumed, how to say otherwise."""
    sign = symbol(code).strip()
    line = _labelled("Currency: ", f"{code}{f' ({sign})' if sign else ''}: {reason}")
    if assumed:
        line.append_text(safe_text(". Not right? Pass --currency CODE, e.g. --currency INR", "yellow"))
    return line


def report_view(report: ImportReport) -> RenderableType:
    """What an import did: rows in and out, why rows dropped, notes, and a profile of the result."""
    head = f"Imported {report.rows_imported:,} of {report.rows_read:,} rows into {report.out}"
    head += f" in {report.seconds:.1f} s"
    parts: list[RenderableType] = [safe_text(head, "bold")]
    parts.append(currency_line(report.currency, report.currency_reason, report.currency_assumed))
    if report.dropped:
        parts.append(_counts_table("Dropped rows", "Reason", report.dropped))
    if report.price_ranges:
        ranges = report.price_ranges
        parts.append(
            Text(f"{ranges:,} price{'s were ranges' if ranges != 1 else ' was a range'}: low end kept.")
        )
    parts.extend(_labelled("Note: ", note) for note in report.notes)
    if report.derived:
        placed = ", ".join(f"{n:,} by {rule}" for rule, n in report.derived)
        top = ", ".join(f"{c} {n:,}" for c, n in report.derived_top)
        how = f"{placed}; biggest: {top}"
        parts.append(_labelled("Categories derived from names (the file has none): ", how))
    parts.append(profile_view(report.profile, top=10))
    return Group(*parts)


def info_view(info: CatalogInfo, check: CatalogCheck | None = None, *, top: int = 20) -> RenderableType:
    """`shop catalog info`: size, rows, categories, brands, prices, colours, contract gaps, bad data."""
    size = f"{info.size_bytes / 1e6:.1f} MB" if info.size_bytes >= 100_000 else f"{info.size_bytes:,} bytes"
    parts: list[RenderableType] = [
        safe_text(f"{info.path} ({size})", "bold"),
        profile_view(info.profile, top=top),
    ]
    if info.missing_fields:
        parts.append(_labelled("Missing fields: ", ", ".join(info.missing_fields), "yellow"))
    if info.empty_fields:
        parts.append(_labelled("Fields with no values: ", ", ".join(info.empty_fields), "yellow"))
    for column, found, expected in info.wrong_types:
        parts.append(
            _labelled("Wrong type: ", f"{column} is {found}, the contract says {expected}", "yellow")
        )
    if check is not None:
        parts.extend(_check_parts(check))
    return Group(*parts)


def _check_parts(check: CatalogCheck) -> list[RenderableType]:
    """The checksum, unusable columns, and a table of what the value rules caught, with example ids."""
    state = "verified" if check.verified else "unknown scheme" if check.stored else "none stored"
    parts: list[RenderableType] = [_labelled("Checksum: ", f"{state} ({check.checksum})")]
    for column, kind in check.ignored_columns:
        what = f"{column} is {kind}: no value in it can be right"
        parts.append(_labelled("Ignored column: ", what, "yellow"))
    if check.problems:
        table = Table(title=Text("Bad data (left out of searches, or ignored)"), title_justify="left")
        table.add_column("Reason")
        table.add_column("Rows", justify="right")
        table.add_column("Effect")
        table.add_column("Example ids")
        for p in check.problems:
            effect = "row left out" if p.drops_row else "value ignored"
            table.add_row(safe_text(p.reason), f"{p.rows:,}", effect, safe_text(", ".join(p.examples)))
        parts.append(table)
    return parts


def profile_view(profile: CatalogProfile, *, top: int) -> RenderableType:
    lines = Text()
    lines.append("Rows: ", style="bold")
    lines.append(f"{profile.rows:,}\n")
    if profile.min_price is not None:
        lines.append("Prices: ", style="bold")
        prices = (profile.min_price, profile.median_price, profile.max_price)
        low, mid, high = (format_price(v or 0, profile.currency or "USD") for v in prices)
        lines.append(f"{low} to {high}, median {mid}\n")
    lines.append("Colour coverage: ", style="bold")
    lines.append(f"{profile.color_coverage:.0%} of rows have a palette colour")
    lines.append("\nSpecs: ", style="bold")
    stated = ", ".join(f"{name} {n:,}" for name, n in profile.specs)
    lines.append(f"{profile.spec_coverage:.0%} of rows state one" + (f" ({stated})" if stated else ""))
    parts: list[RenderableType] = [lines]
    if profile.categories:
        parts.append(
            _counts_table(
                _top_title("Categories", profile.categories, top), "Category", profile.categories[:top]
            )
        )
    if profile.brands:
        parts.append(_counts_table(_top_title("Brands", profile.brands, top), "Brand", profile.brands[:top]))
    return Group(*parts)


def _top_title(what: str, counts: Counts, top: int) -> str:
    return f"{what} (top {top} of {len(counts):,})" if len(counts) > top else what


def _counts_table(title: str, label: str, counts: Counts) -> Table:
    table = Table(title=Text(title), title_justify="left")
    table.add_column(label)
    table.add_column("Rows", justify="right")
    for value, n in counts:
        table.add_row(safe_text(value), f"{n:,}")
    return table


def _labelled(label: str, value: str, style: str = "") -> Text:
    text = Text(label, style=f"bold {style}".strip())
    text.append_text(safe_text(value, style))
    return text


@contextmanager
def import_progress(console: Console) -> Iterator[Callable[[str, int, int], None]]:
    """A stage progress bar on `console` (stderr), drawn only on a terminal; yields the callback."""
    if not console.is_terminal:
        yield lambda stage, done, total: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"))
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("importing", total=None)

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done - 1, total=total)

        yield update
