"""Rich views of the profile, `shop also`, `shop foryou` and `shop saved`. Catalog text reaches rich
only through `safe_text` (no markup, no escape sequences)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from shopcli.personal.describe import profile_lines
from shopcli.personal.interactions import InteractionsReport
from shopcli.personal.profile import Profile
from shopcli.personal.recommend import Also, ForYou, Pick
from shopcli.personal.saved import SavedList
from shopcli.ui.render import console, product_table, safe_text

__all__ = ["console", "profile_view", "also_view", "foryou_view", "saved_view", "interactions_view"]


def profile_view(profile: Profile, path: Path, catalog: Path) -> RenderableType:
    return Group(
        safe_text(f"Profile ({path})", "bold"), safe_text("\n".join(profile_lines(profile, catalog)))
    )


def _picks_table(picks: tuple[Pick, ...]) -> Table:
    """The product table with each pick's reasons, and its similarity score where it has one."""
    by_id = {p.product.id: p for p in picks}

    def reasons(product_id: str) -> tuple[str, ...]:
        pick = by_id[product_id]
        return ((f"score {pick.score:.3f}",) if pick.kind != "popular" else ()) + pick.reasons

    return product_table([p.product for p in picks], reasons=reasons)


def also_view(result: Also) -> RenderableType:
    head = safe_text(f"{result.product.name} ({result.product.id})", "bold")
    note = Text(result.note + f"  [{result.method}]", style="dim")
    if not result.picks:
        return Group(head, note, Text("Nothing to show.", style="yellow"))
    return Group(head, note, _picks_table(result.picks))


def foryou_view(result: ForYou) -> RenderableType:
    note = Text(result.note, style="bold" if result.basis == "history" else "yellow")
    if not result.picks:
        return Group(note, Text("Nothing to show.", style="yellow"))
    return Group(note, _picks_table(result.picks))


def saved_view(result: SavedList) -> RenderableType:
    parts: list[RenderableType] = []
    if result.products:
        parts.append(product_table(result.products, title="Saved"))
    else:
        parts.append(
            Text("Nothing saved in this catalog yet: /save N in `shop chat` saves product N.", "yellow")
        )
    for mark in result.missing:
        parts.append(safe_text(f"{mark.id} {mark.name}: no longer in this catalog", "dim"))
    if result.elsewhere:
        parts.append(
            Text(f"{result.elsewhere} more saved in other catalogs (--catalog FILE shows them).", "dim")
        )
    return Group(*parts)


def interactions_view(report: InteractionsReport) -> RenderableType:
    """What an interaction import did: rows in and out, why rows dropped, and what was computed."""
    head = (
        f"Imported {report.rows_imported:,} of {report.rows_read:,} interactions beside {report.catalog}"
        f" in {report.seconds:.1f} s"
    )
    parts: list[RenderableType] = [safe_text(head, "bold")]
    if report.dropped:
        table = Table(title=Text("Dropped rows"), title_justify="left")
        table.add_column("Reason")
        table.add_column("Rows", justify="right")
        for reason, n in report.dropped:
            table.add_row(safe_text(reason), f"{n:,}")
        parts.append(table)
    events = ", ".join(f"{n:,} {event}" for event, n in report.events)
    parts.append(safe_text(f"{report.users:,} users, {report.products:,} products: {events}"))
    parts.append(safe_text(f"Neighbours (cosine and Pearson) for {report.with_neighbours:,} products"))
    parts.extend(safe_text(f"Note: {note}") for note in report.notes)
    return Group(*parts)
