"""The typed Intent: what the shopper asked for, in catalog terms.

Prices are in the catalog's currency (`currency`); a budget stated in another currency is converted
by the rule parser with the configured rates, and the conversion is recorded in `notes` so the output
can say so.
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
    audiences: tuple[str, ...] = ()  # schema.AUDIENCES words: "women", "kids"
    size: str | None = None
    min_price: float | None = None  # in `currency`
    max_price: float | None = None  # in `currency`
    min_rating: float | None = None
    features: tuple[str, ...] = ()  # catalog tags, e.g. "waterproof"
    keywords: tuple[str, ...] = ()  # free-text words ranked by relevance
    # products or brands the shopper named that the catalog has no value for: every result must hold
    # one of their names ("face wash|facewash|洗面奶"; understand/translate.py)
    must: tuple[str, ...] = ()
    exclude_brands: tuple[str, ...] = ()
    exclude_colors: tuple[str, ...] = ()
    exclude_categories: tuple[str, ...] = ()
    sort: Sort = "relevance"
    language: Language = "en"
    notes: tuple[str, ...] = field(default=(), compare=False)  # e.g. "300 CNY ≈ 41.67 USD at 7.2 CNY/USD"
    currency: str = field(default="USD", compare=False)  # the catalog's, which the prices are in

    def with_(self, **changes: Any) -> Intent:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}

    def is_empty(self) -> bool:
        return self.with_(language="en", notes=()) == Intent()
