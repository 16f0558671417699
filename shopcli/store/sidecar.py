"""The review tables that sit beside a catalog (siblings.py names them): their contracts, and
whether a catalog has them.

The two tables' contracts live here, beside the locked connection that reads them (catalog.py):
    reviews  one row per review, as imported (text kept verbatim: quotes are cut from it)
    aspects  one row per (review, aspect it mentions): polarity 1/0/-1 and the clause's character
             span in the review's text, computed once at import (shopcli/reviews/analyse.py)
"""

from __future__ import annotations

from pathlib import Path

from shopcli.store.siblings import sibling

REVIEW_COLUMNS: dict[str, str] = {
    "id": "VARCHAR",
    "product_id": "VARCHAR",
    "rating": "DOUBLE",  # 1.0 - 5.0, NULL when the source had none
    "title": "VARCHAR",
    "text": "VARCHAR",
    "date": "DATE",
    "helpful": "INTEGER",  # helpful votes, NULL when unknown
    "language": "VARCHAR",  # 'en', 'zh' or another ISO 639-1 code
}
ASPECT_COLUMNS: dict[str, str] = {
    "review_id": "VARCHAR",
    "product_id": "VARCHAR",
    "aspect": "VARCHAR",  # a key of shopcli.reviews.lexicon.ASPECTS, e.g. 'battery'
    "polarity": "TINYINT",  # 1 praised, -1 criticised, 0 mentioned without a clear opinion
    "start": "INTEGER",  # the clause that says it: text[start:stop] of the review
    "stop": "INTEGER",
}


def review_tables(catalog: Path) -> tuple[Path, Path] | None:
    """(reviews, aspects) beside `catalog` when both exist; an import writes them together."""
    reviews, aspects = sibling(catalog, "reviews"), sibling(catalog, "aspects")
    return (reviews, aspects) if reviews.is_file() and aspects.is_file() else None
