"""Quotes that are verbatim substrings of real reviews, and the check that keeps model text to the facts.

A quote is cut from a review's text by the clause span stored at import; before it is shown it is
checked again against that review's text, so a changed or paraphrased quote is withheld, never
shown. grounding.py applies the same rule to what a model writes about reviews.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopcli.store.reviewdb import Clause, ReviewTables

MAX_QUOTE_CHARS = 160


@dataclass(frozen=True)
class Quote:
    review_id: str
    text: str  # a verbatim substring of the review's text
    aspect: str | None
    polarity: int  # 1 praise, -1 criticism, 0 the whole review
    language: str
    rating: float | None


def verbatim(quote: str, review_text: str) -> bool:
    """Whether `quote` appears word for word in the review (after trimming its edges)."""
    quote = quote.strip()
    return bool(quote) and quote in review_text


def pick_quotes(
    tables: ReviewTables, product_id: str, wanted: list[tuple[str | None, int]], language: str
) -> tuple[Quote, ...]:
    """One quote per (aspect, polarity) wanted, best first, each checked verbatim; none if none passes."""
    quotes: list[Quote] = []
    for aspect, polarity in wanted:
        if aspect is None:
            candidates = tables.reviews(product_id, language=language)
        else:
            candidates = tables.clauses(product_id, aspect, polarity, language=language)
        chosen = next((c for c in candidates if _fits(c) and verbatim(c.quote, c.text)), None)
        if chosen is not None:
            quotes.append(
                Quote(chosen.review_id, chosen.quote, aspect, polarity, chosen.language, chosen.rating)
            )
    return tuple(quotes)


def _fits(clause: Clause) -> bool:
    return 0 < clause.stop - clause.start <= MAX_QUOTE_CHARS
