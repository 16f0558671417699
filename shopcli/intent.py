"""The typed Intent: what the shopper asked for, in catalog terms.

Prices are in the catalog's currency (`currency`); a budget stated in another currency is converted
by the rule parser with the configured rates, and the conversion is recorded in `notes` so the output
can say so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Sort = Literal["relevance", "price_asc", "price_desc", "rating", "popularity", "discount"]
SORTS: tuple[str, ...] = ("relevance", "price_asc", "price_desc", "rating", "popularity", "discount")
Language = Literal["en", "zh"]


@dataclass(frozen=True)
class SpecBound:
    """A spec the shopper asked for: "at least 16GB RAM" is memory_gb ≥ 16; "65 inch" is screen_in
    from 65 to 65. Attributes and units are shopcli/specs.py's (SPEC_UNITS)."""

    attribute: str
    min: float | None = None
    max: float | None = None
    unit: str = ""


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
    on_sale: bool = False  # price below the original price ("on sale", "打折")
    min_discount: float | None = None  # share off the original price, 0.3 for "at least 30% off"
    in_stock: bool = False  # stock > 0 ("in stock", "有货", --in-stock)
    specs: tuple[SpecBound, ...] = ()  # numeric specs with units ("at least 16GB RAM", "500ml以上")
    age: int | None = None  # years, for a catalog that says which ages products suit ("for a 10 year old")
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
