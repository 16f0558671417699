"""What a conversation turn draws before its answer: the table for a search, a product card for
details, a side-by-side table for compare (differences marked, best values flagged), the products a
question is about. Catalog text is data: it goes into Text objects after terminal_safe.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from shopcli.dialogue import cards
from shopcli.dialogue.turn import Turn
from shopcli.dialogue.wording import Say
from shopcli.schema import Product
from shopcli.ui.render import product_table, safe_text, show_search
from shopcli.ui.render_reviews import aspect_table, section_quote, star_line


def show_turn(out: Console, turn: Turn, *, cny_per_usd: float = 7.2) -> None:
    """The products part of a turn; clarify and other turns draw nothing (their answer is the text)."""
    say = Say(turn.language, cny_per_usd)
    if turn.act in ("search", "refine") and turn.outcome is not None:
        show_search(out, turn.outcome)  # the same view as `shop search`, with the profile's Why column
    elif turn.act == "details" and turn.products:
        out.print(card_table(turn.numbers[0], turn.products[0], say))
    elif turn.act == "compare" and turn.products:
        out.print(comparison_table(turn.numbers, turn.products, say))
    elif turn.act == "reviews" and turn.reviews:
        show_reviews(out, turn)
    elif turn.act == "policy" and turn.policy is not None and turn.policy.section is not None:
        out.print(section_quote(turn.policy))  # the answer below quotes its sentence
    elif turn.products:  # question, similar
        out.print(product_table(turn.products, numbers=turn.numbers))


def show_reviews(out: Console, turn: Turn) -> None:
    """Per product referred to: the aspects its reviews mention, with counts, and its star mix; the
    answer below says the headline and quotes."""
    for number, s in zip(turn.numbers, turn.reviews, strict=False):
        if s.aspects:
            out.print(aspect_table(s, safe_text(f"#{number} {s.product_name}", style="bold")))
        if s.reviews:
            out.print(star_line(s))


def card_table(number: int, p: Product, say: Say) -> Table:
    """Every field the catalog has for one product."""
    table = Table(title=safe_text(f"#{number} {p.name}"), show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(overflow="fold", max_width=90)
    for label, value in cards.card(p, say):
        table.add_row(safe_text(label), safe_text(value))
    return table


def comparison_table(numbers: Sequence[int], products: Sequence[Product], say: Say) -> Table:
    """One column per product, one row per field; '≠' marks fields that differ, bold the best value."""
    table = Table(show_lines=False)
    table.add_column("")
    for n, p in zip(numbers, products, strict=True):
        table.add_column(safe_text(f"#{n} {p.name}"), overflow="fold", ratio=1)
    for row in cards.comparison(products, say):
        label = safe_text(row.label + (" ≠" if row.differs else ""), style="bold")
        cells = [best(v) if i == row.best else safe_text(v) for i, v in enumerate(row.values)]
        table.add_row(label, *cells)
    return table


def best(value: str) -> Text:
    """The best value of a compared field, marked for terminals without colour too."""
    text = safe_text(value, style="bold green")
    text.append(" ✓", style="green")
    return text
