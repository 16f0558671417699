"""The typed Intent: what the shopper asked for, in catalog terms.

Prices are always USD; a request made in CNY is converted by the rule parser and the
conversion is recorded in `notes` so the output can say so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Sort = Literal["relevance", "price_asc", "price_desc", "rating", "popularity"]
SORTS: tuple[str, ...] = ("relevance", "price_asc", "price_desc", "rating", "popularity")
Language = Literal["en", "zh"]


@dataclass(frozen=True)
class Intent:
    categories: tuple[str, ...] = ()
    subcategories: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    size: str | None = None
    min_price: float | None = None  # USD
    max_price: float | None = None  # USD
    min_rating: float | None = None
    features: tuple[str, ...] = ()  # catalog tags, e.g. "waterproof"
    keywords: tuple[str, ...] = ()  # free-text words ranked by relevance
    exclude_brands: tuple[str, ...] = ()
    exclude_colors: tuple[str, ...] = ()
    exclude_categories: tuple[str, ...] = ()
    sort: Sort = "relevance"
    language: Language = "en"
    notes: tuple[str, ...] = field(default=(), compare=False)  # e.g. "300 CNY ≈ 41.67 USD at 7.2 CNY/USD"

    def with_(self, **changes: Any) -> Intent:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}

    def is_empty(self) -> bool:
        return self.with_(language="en", notes=()) == Intent()
