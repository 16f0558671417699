"""Everything that draws on a terminal; with render_catalog.py and repl.py, the only rich importers.

Catalog and model text is data, not markup: it goes into `Text` objects after `terminal_safe`,
never into markup strings, so `[/bold]` in a product name cannot crash rich and escape sequences
never reach the terminal raw.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from shopcli.llm.grounding import close_quietly, gap_after
from shopcli.money import plain_amount
from shopcli.schema import Product
from shopcli.textutil import clip, terminal_safe

if TYPE_CHECKING:
    from shopcli.advisor import SearchOutcome
    from shopcli.llm.grounding import CheckedSentence
    from shopcli.llm.models import ModelRow
    from shopcli.personal.rank import Ranked


def console(stream: TextIO | None = None) -> Console:
    """A console on `stream` (stdout by default); NO_COLOR and non-TTYs are honoured by rich itself."""
    return Console(
        file=stream or sys.stdout,
        highlight=False,
        emoji=False,
        no_color="NO_COLOR" in os.environ or None,  # rich checks non-empty; the spec says "present"
    )


def err_console() -> Console:
    return console(sys.stderr)


def safe_text(value: object, style: str = "") -> Text:
    """Untrusted text as a rich Text: control characters and escape sequences removed, no markup."""
    return Text(terminal_safe(None if value is None else str(value)), style=style)


def _money(value: float | None, currency: str = "USD") -> str:
    return "" if value is None else plain_amount(value, currency)


NAME_CELL_CHARS = 160  # a 10,000-character name would fill the screen: cells are cut, JSON keeps it whole
CELL_CHARS = 40


def product_table(
    products: Iterable[Product],
    *,
    title: str | None = None,
    numbers: Iterable[int] | None = None,
    reasons: Callable[[str], Iterable[str]] | None = None,
    listings: Sequence[int] = (),
) -> Table:
    """The product table: number (as listed, 1.. by default), name, brand, colour, price, rating (and
    why, when `reasons`); long text is cut, marked "…"; a row standing for several identical listings
    says how many (`listings`, in the rows' order)."""
    table = Table(title=safe_text(title) if title else None, show_lines=False, expand=False)
    table.add_column("#", justify="right", style="bold")
    table.add_column("Name", overflow="fold", ratio=3)
    table.add_column("Brand")
    table.add_column("Colour")
    table.add_column("Price", justify="right")
    table.add_column("Rating", justify="right")
    if reasons is not None:
        table.add_column("Why", overflow="fold", ratio=2)
    rows = list(products)
    for i, (n, p) in enumerate(zip(numbers or range(1, len(rows) + 1), rows, strict=False)):
        currency = terminal_safe(p.currency) or "USD"
        price = Text(_money(p.price, currency))
        if p.original_price and p.original_price > p.price:
            price.append(f"\n(was {_money(p.original_price, currency)})", style="dim")
        if p.discount is not None and round(p.discount * 100) >= 1:
            price.append(f" -{round(p.discount * 100)}%", style="green")
        rating = "" if p.rating is None else f"{p.rating:.1f} ({p.review_count or 0:,})"
        brand, color = (clip(v, CELL_CHARS) if v else v for v in (p.brand, p.color))
        name = safe_text(clip(p.name, NAME_CELL_CHARS))
        if i < len(listings) and listings[i] > 1:
            name.append(f"\n({listings[i]} identical listings)", style="dim")
        if p.in_stock is False:
            name.append("\n(out of stock)", style="bold red")
        cells: list[str | Text] = [
            str(n), name, safe_text(brand), safe_text(color), price, safe_text(rating),
        ]  # fmt: skip
        if reasons is not None:
            cells.append(safe_text("\n".join(reasons(p.id)), "cyan"))
        table.add_row(*cells)
    return table


def filters_line(filters: Iterable[str], notes: Iterable[str] = ()) -> Text:
    """'Filters: category = dresses · color = red' plus notes (currency conversion...)."""
    line = Text("Filters: ", style="bold")
    parts = list(filters)
    line.append(" · ".join(terminal_safe(f) for f in parts) if parts else "none (showing best matches)")
    for note in notes:
        line.append("\n")
        line.append("Note: ", style="bold")
        line.append(terminal_safe(note))
    return line


def relaxed_lines(relaxed: Iterable[str]) -> Text:
    text = Text()
    for step in relaxed:
        text.append("Relaxed: ", style="bold yellow")
        text.append(terminal_safe(step) + "\n", style="yellow")
    return text


def error_line(message: str) -> Text:
    text = Text("Error: ", style="bold red")
    text.append(terminal_safe(message).strip() or "unknown error")
    return text


def warning_line(message: str) -> Text:
    text = Text("Warning: ", style="bold yellow")
    text.append(terminal_safe(message))
    return text


def notices(out: Console, warnings: Iterable[str], notes: Iterable[str] = ()) -> None:
    """Warnings, then notes, one line each (stderr): what opening a catalog found, for instance."""
    for warning in warnings:
        out.print(warning_line(warning), soft_wrap=True)
    for note in notes:
        line = Text("Note: ", style="bold")
        line.append(terminal_safe(note))
        out.print(line, soft_wrap=True)


def show_search(out: Console, outcome: SearchOutcome) -> None:
    """Filters (and what was relaxed) above the product table."""
    result = outcome.result
    out.print(filters_line(result.filters, outcome.intent.notes), soft_wrap=True)
    if result.relaxed:
        out.print(relaxed_lines(result.relaxed), end="", soft_wrap=True)
    if outcome.ranking is not None and outcome.ranking.reasons:  # a profile with no effect here says nothing
        out.print(profile_line(outcome.ranking), soft_wrap=True)
    if not result.products:
        out.print(Text("No products match. Try fewer words or a wider budget.", style="yellow"))
        return
    why = outcome.ranking.reasons_for if outcome.ranking is not None and outcome.ranking.reasons else None
    out.print(product_table(result.products, reasons=why, listings=result.listings))
    if outcome.praise:
        out.print(review_signal_lines(outcome), soft_wrap=True)
    shown = len(result.products)
    if result.total > shown:
        out.print(Text(f"{shown} of {result.total:,} matches shown (use --limit for more)", style="dim"))


def review_signal_lines(outcome: SearchOutcome) -> Text:
    """Why reviews ranked products up: "[1] battery praised in 31 of 40 reviews"."""
    number = {p.id: n for n, p in enumerate(outcome.result.products, start=1)}
    title = "评价加权排序：" if outcome.intent.language == "zh" else "Ranked up by reviews:"
    lines = Text(title, style="bold")
    for praise in outcome.praise:
        lines.append(f"\n  [{number[praise.product_id]}] ")
        lines.append_text(safe_text(praise.text))
    return lines


def profile_line(ranking: Ranked) -> Text:
    """'Profile: size 9 · likes Hoka (ranked by it; --no-profile for the plain order)'."""
    line = Text("Profile: ", style="bold")
    line.append(" · ".join(terminal_safe(u) for u in ranking.uses) or "your likes and saves")
    if ranking.reordered:
        effect = "ranked by it; --no-profile for the plain order"
    else:
        effect = "marked in the Why column; the order is the plain one"
    line.append(f" ({effect})", style="dim")
    return line


def show_reply(out: Console, sentences: Iterable[CheckedSentence]) -> None:
    """Stream checked sentences; unsupported ones are replaced by a visible note."""
    removed: list[str] = []
    last = ""
    for s in sentences:
        if not s.ok:
            removed.extend(s.problems)
            continue
        text = s.text.strip()
        out.print(safe_text(gap_after(last) + text), end="", soft_wrap=True)
        last = text or last
    if last:
        out.print()
    for problem in removed:
        out.print(
            Text(f"(removed an unsupported claim: {terminal_safe(problem)})", style="dim"), soft_wrap=True
        )


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner on stderr while something slow happens (only on a terminal)."""
    out = err_console()
    if not out.is_terminal:
        yield
        return
    with out.status(Text(message), spinner="dots"):
        yield


@contextmanager
def pull_progress(name: str) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on stderr for `shop model pull`; yields the callback models.pull calls."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=err_console(), transient=False) as bar:
        task = bar.add_task(f"{terminal_safe(name)}: starting", total=None)

        def update(done: int, total: int, stage: str) -> None:
            bar.update(
                task, completed=done, total=total or None, description=f"{terminal_safe(name)}: {stage}"
            )

        yield update


def model_table(rows: Iterable[ModelRow]) -> Table:
    table = Table(title="Models")
    for col in ("Name", "Installed", "Size", "Path", "Description"):
        table.add_column(col, overflow="fold")
    for r in rows:
        name = safe_text(r.name + (" (default)" if r.default else ""), style="bold" if r.default else "")
        state = "verified" if r.verified else "yes" if r.installed else "no"
        size = f"{r.size / 1e6:,.0f} MB"
        table.add_row(name, state, size, safe_text(r.path if r.installed else ""), safe_text(r.description))
    return table


def stats_line(stats: dict[str, object]) -> Text:
    """`shop ask --stats`: the model's timings as key=value pairs, one dim line for stderr."""
    if not stats:
        return Text("stats: no model was used (rules only)", style="dim")
    return safe_text("stats: " + " ".join(f"{k}={v}" for k, v in stats.items()), style="dim")


def stream_reply(out: Console, sentences: Iterator[CheckedSentence] | None) -> None:
    """Print checked sentences as they arrive; Ctrl-C cancels the rest of the answer only."""
    if sentences is None:
        return
    try:
        show_reply(out, sentences)
    except KeyboardInterrupt:
        close_quietly(sentences)
        out.print(Text("\n(answer cancelled)", style="dim"))
