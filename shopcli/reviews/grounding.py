"""The grounding check for model text about reviews: a sentence may quote only the quotes it was
given, word for word, and state only the counts it was given (review counts, aspect counts, star
counts, the average rating). A sentence with a problem is withheld, as llm/grounding.py does for
prices; the reply pipeline calls `check_sentence` on each sentence of a review answer.
"""

from __future__ import annotations

import re

from shopcli.reviews.quotes import verbatim
from shopcli.reviews.summary import ReviewSummary

# Text a sentence presents as quoted: “…”, "…", 「…」, 『…』, ‘…’ (four characters at least, so that
# scare quotes around one word are not taken for a quotation).
_QUOTED = re.compile(r"“([^”]{4,})”|\"([^\"]{4,})\"|「([^」]{4,})」|『([^』]{4,})』|‘([^’]{4,})’")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


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
