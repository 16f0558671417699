"""Quotes that are verbatim substrings of real reviews, and the check that keeps model text to the facts.

A quote is cut from a review's text by the clause span stored at import; before it is shown it is
checked again against that review's text, so a changed or paraphrased quote is withheld, never
shown. `check_sentence` applies the same rule to what a model writes about reviews: anything in
quotation marks must be a quote it was given, word for word, and every number must be one of the
counts it was given (review counts, aspect counts, star counts, the average rating).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shopcli.store.reviewdb import Clause, ReviewTables

if TYPE_CHECKING:
    from shopcli.reviews.summary import ReviewSummary

MAX_QUOTE_CHARS = 160
# Text a sentence presents as quoted: “…”, "…", 「…」, 『…』, ‘…’ (four characters at least, so that
# scare quotes around one word are not taken for a quotation).
_QUOTED = re.compile(r"“([^”]{4,})”|\"([^\"]{4,})\"|「([^」]{4,})」|『([^』]{4,})』|‘([^’]{4,})’")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


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


def facts(summary: ReviewSummary) -> frozenset[str]:
    """Every number a sentence about this summary may state, as text."""
    numbers = {str(summary.reviews), *map(str, summary.stars), "1", "2", "3", "4", "5"}
    for line in summary.aspects:
        numbers.update(map(str, (line.praised, line.criticised, line.mentioned)))
    if summary.average is not None:
        numbers.update({f"{summary.average:.1f}", f"{summary.average:.2f}".rstrip("0").rstrip(".")})
    return frozenset(numbers)


def check_sentence(sentence: str, summary: ReviewSummary) -> tuple[str, ...]:
    """Problems that must withhold a sentence written about `summary` (empty when it may be shown)."""
    problems = []
    for match in _QUOTED.finditer(sentence):
        quoted = next(g for g in match.groups() if g)
        if not any(verbatim(quoted, q.text) for q in summary.quotes):
            problems.append(f"quote not found word for word in the reviews: {quoted[:60]!r}")
    allowed = facts(summary)
    problems.extend(
        f"number {n} is not among the review counts" for n in _NUMBER.findall(sentence) if n not in allowed
    )
    return tuple(problems)
