"""One turn of a conversation: what the line did (its dialogue act), the products it is about, and
the answer. `shop chat --json` prints `to_dict()` per line, and the library returns the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from shopcli.advisor import SearchOutcome
from shopcli.intent import Language
from shopcli.policy.answer import PolicyAnswer
from shopcli.reviews.summary import ReviewSummary
from shopcli.schema import Product

Act = Literal[
    "search", "refine", "details", "compare", "question", "similar", "reviews", "policy", "clarify", "other"
]
ACTS: tuple[Act, ...] = (
    "search", "refine", "details", "compare", "question", "similar", "reviews", "policy", "clarify", "other",
)  # fmt: skip
# Acts about products already listed: their `products` are exactly the ones referred to.
ABOUT_LISTED: frozenset[str] = frozenset({"details", "compare", "question"})


@dataclass(frozen=True)
class Turn:
    input: str
    act: Act
    language: Language = "en"
    products: tuple[Product, ...] = ()  # the table, card(s) or neighbours this turn shows
    numbers: tuple[int, ...] = ()  # each product's number in the list shown ([2, 4] for "compare 2 and 4")
    refers_to: tuple[str, ...] = ()  # ids of the listed products the line referred to
    filters: tuple[str, ...] = ()
    relaxed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what the filters do not show: a currency conversion, "cheaper: ..."
    total: int = 0  # matches before the limit, for search and refine
    reasons: tuple[str, ...] = ()  # similar: why each neighbour was picked
    answer: str = ""  # known when the turn is made (question, clarify, other) or after the reply
    citations: tuple[int, ...] = ()
    removed: tuple[str, ...] = ()
    # search and refine: what the catalog, reviews and the shopper's profile did (the Why column)
    outcome: SearchOutcome | None = None
    reviews: tuple[ReviewSummary, ...] = ()  # reviews: each product's summary, quotes with review ids
    policy: PolicyAnswer | None = None  # policy: the section quoted, or what the policy does not cover

    def answered(self, answer: str, citations: tuple[int, ...], removed: tuple[str, ...]) -> Turn:
        return replace(self, answer=answer, citations=citations, removed=removed)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the object `shop chat --json` prints for a turn."""
        return {
            "input": self.input,
            "act": self.act,
            "refers_to": list(self.refers_to),
            "filters": list(self.filters),
            "relaxed": list(self.relaxed),
            "products": [p.to_dict() for p in self.products],
            "answer": self.answer,
            "citations": list(self.citations),
            "removed": list(self.removed),
            **self._service(),
        } | self._ranking()

    def _service(self) -> dict[str, Any]:
        """The facts a reviews or policy answer was written from, for scripts that check them."""
        out: dict[str, Any] = {"reviews": [s.to_dict() for s in self.reviews]} if self.reviews else {}
        return out | ({"policy": self.policy.to_dict()} if self.policy is not None else {})

    def _ranking(self) -> dict[str, Any]:
        """What `shop ask --json` says of a profile's effect, when one ranked this turn's rows."""
        ranking = self.outcome.ranking if self.outcome is not None else None
        return {"profile": ranking.to_dict()} if ranking is not None else {}
