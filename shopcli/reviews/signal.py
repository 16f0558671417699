"""Reviews as a search signal: "headphones with good battery life" ranks products whose reviews
praise the battery higher (store/query.py orders by it), and says why, with the counts.

An aspect counts as wanted only when the search speaks well of it ("good battery life",
"comfortable", "舒适的"): "size M" or "battery included" name an aspect without asking reviews
to praise it, and must not reorder the results.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopcli.reviews.lexicon import BY_KEY, find_aspects
from shopcli.reviews.sentiment import score
from shopcli.schema import Product
from shopcli.store.catalog import Catalog


@dataclass(frozen=True)
class Praise:
    product_id: str
    aspect: str
    praised: int
    reviews: int
    text: str  # "battery praised in 31 of 40 reviews"


def wanted_aspects(query: str, language: str) -> tuple[str, ...]:
    """The aspects a search asks reviews to praise; () when it names none, or none approvingly."""
    aspects = find_aspects(query, language)
    return aspects if aspects and score(query, language) > 0 else ()


def praise_notes(
    catalog: Catalog, products: tuple[Product, ...], aspects: tuple[str, ...], language: str
) -> tuple[Praise, ...]:
    """For each shown product, how many of its reviews praise each wanted aspect (when any do)."""
    if not aspects or not products or not catalog.has_reviews:
        return ()
    tables = catalog.reviews()
    ids = [p.id for p in products]
    counts, said = tables.counts(ids), tables.aspects(ids)
    notes = []
    for pid in ids:
        for line in said.get(pid, ()):
            if line.aspect in aspects and line.praised:
                notes.append(
                    Praise(
                        pid,
                        line.aspect,
                        line.praised,
                        counts[pid],
                        _text(line.aspect, line.praised, counts[pid], language),
                    )
                )
    return tuple(notes)


def _text(aspect: str, praised: int, reviews: int, language: str) -> str:
    label = BY_KEY[aspect].label(language)
    if language == "zh":
        return f"{reviews} 条评价中 {praised} 条称赞{label}"
    return f"{label} praised in {praised} of {reviews} reviews"
