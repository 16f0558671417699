"""The catalog contract: columns every catalog file follows, and the typed rows and
vocabulary that cross module boundaries."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# name -> DuckDB type. Order is the order the demo generator and importer write.
COLUMNS: dict[str, str] = {
    "id": "VARCHAR",
    "name": "VARCHAR",
    "brand": "VARCHAR",
    "category": "VARCHAR",  # plural English noun, lower case: "running shoes"
    "subcategory": "VARCHAR",
    "color": "VARCHAR",  # lower-case basic colour from PALETTE
    "size": "VARCHAR",  # nullable
    "material": "VARCHAR",  # nullable
    "price": "DOUBLE",  # in the catalog's currency
    "original_price": "DOUBLE",
    "currency": "VARCHAR",  # ISO 4217 code ('USD', 'CNY', 'INR'): one per catalog, missing reads as 'USD'
    "rating": "DOUBLE",  # 1.0 - 5.0
    "review_count": "INTEGER",
    "stock": "INTEGER",
    "description": "VARCHAR",
    "tags": "VARCHAR[]",
    "audience": "VARCHAR",  # nullable; one of AUDIENCES (added later: a file without it reads NULL)
    # attribute -> value in its canonical unit (shopcli/specs.py), from the name and description at
    # import or generation; added later: a file without it reads NULL, and has no spec to filter on
    "specs": "MAP(VARCHAR, DOUBLE)",
}
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "name", "price")
# Columns added to the contract after catalogs were first written: a file without them reads NULL and
# keeps its checksum (integrity.py). The demo catalog writes specs but not audience (it has no such data).
LATER_COLUMNS: tuple[str, ...] = ("audience", "specs")

# The basic colour palette catalogs map free-text colours onto.
PALETTE: tuple[str, ...] = (
    "black", "white", "grey", "red", "blue", "navy", "green", "yellow", "orange",
    "pink", "purple", "brown", "beige", "silver", "gold", "multicolor",
)  # fmt: skip


# Who a product is for, as stored; and, for each word a shopper may ask for, the stored values that suit
# it: unisex things suit women and men, "kids" covers boys, girls and babies.
AUDIENCES: tuple[str, ...] = ("women", "men", "girls", "boys", "kids", "baby", "unisex")
AUDIENCE_SUITS: dict[str, tuple[str, ...]] = {
    "women": ("women", "unisex"), "men": ("men", "unisex"), "girls": ("girls", "kids"),
    "boys": ("boys", "kids"), "kids": ("kids", "girls", "boys", "baby"), "baby": ("baby",),
    "unisex": ("unisex",),
}  # fmt: skip


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    brand: str | None
    category: str | None
    subcategory: str | None
    color: str | None
    size: str | None
    material: str | None
    price: float
    original_price: float | None
    currency: str
    rating: float | None
    review_count: int | None
    stock: int | None
    description: str | None
    tags: tuple[str, ...]
    audience: str | None = None
    specs: tuple[tuple[str, float], ...] = ()  # (attribute, value), attributes in order

    @property
    def discount(self) -> float | None:
        """The share off the original price (0.33 for a third off), or None when not on sale."""
        if self.original_price is None or not self.original_price > self.price > 0:
            return None
        return round(1 - self.price / self.original_price, 4)

    @property
    def in_stock(self) -> bool | None:
        """False when the catalog says none are left (stock 0), None when it does not say."""
        return None if self.stock is None else self.stock > 0

    def spec(self, attribute: str) -> float | None:
        return dict(self.specs).get(attribute)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(tags=list(self.tags), specs=dict(self.specs), discount=self.discount, in_stock=self.in_stock)
        return d


@dataclass(frozen=True)
class Vocabulary:
    """What a catalog contains, read from the data: the only values an Intent may use."""

    categories: tuple[str, ...]
    subcategories: tuple[str, ...]
    brands: tuple[str, ...]
    colors: tuple[str, ...]
    tags: tuple[str, ...]
    min_price: float
    max_price: float
    # category -> subcategories, so the parser can map "earbuds" to (headphones, earbuds)
    subcategories_of: tuple[tuple[str, tuple[str, ...]], ...] = ()
    currency: str = "USD"  # what prices, and budgets without a currency word, are in
    language: str = "en"  # "zh" when most product names are Chinese
    audiences: tuple[str, ...] = ()  # AUDIENCES values the catalog holds
    specs: tuple[str, ...] = ()  # spec attributes some product states (shopcli/specs.py)
    # facts the catalog states for some product: "stock" (a stock count), "original_price" (a discount)
    facts: tuple[str, ...] = ("original_price", "stock")


@dataclass(frozen=True)
class SearchResult:
    products: tuple[Product, ...]
    filters: tuple[str, ...]  # human-readable filters applied, e.g. "price ≤ 80 USD", "price ≤ 300 CNY"
    relaxed: tuple[str, ...]  # what was relaxed to find anything, in order; empty if nothing
    total: int  # rows matching before the limit
    # per product: identical listings (same name, brand, price, colour) it stands for; () means all 1
    listings: tuple[int, ...] = ()

    def listings_of(self, index: int) -> int:
        return self.listings[index] if index < len(self.listings) else 1
