"""The only place product SQL is written: Intent -> (sql, params), pure and parameterised.

SQL text here is assembled from this module's constants alone; every value that came from a
shopper, a model or a catalog (brand, colour, keyword, price...) travels as a bound `?` parameter.
DuckDB's `execute()` runs *every* statement in a string, so user text inside SQL text would not be
a risk to manage but an open door.

Queries read the `products` table that catalog.py builds: the contract columns in contract order,
with category, subcategory, colour and tags trimmed and lower-cased.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from shopcli.errors import UsageError
from shopcli.intent import Intent
from shopcli.schema import COLUMNS, Product

TABLE = "products"
# The columns a product query returns, in Product's field order; search adds `total` after them.
SELECT_LIST = ", ".join(COLUMNS)
# A keyword found in the name says more than one in the tags, which says more than the description.
TEXT_WEIGHTS = (("name", 3), ("subcategory", 2), ("category", 2), ("description", 1))
TAG_WEIGHT = 2

_ORDER: dict[str, str] = {
    "relevance": "_score DESC, coalesce(rating, 0) * ln(greatest(coalesce(review_count, 0), 0) + 1) DESC, id",
    "price_asc": "price ASC, id",
    "price_desc": "price DESC, id",
    "rating": "rating DESC NULLS LAST, review_count DESC NULLS LAST, id",
    "popularity": "review_count DESC NULLS LAST, id",
}

VOCABULARY_SQL: dict[str, str] = {
    "categories": "SELECT DISTINCT category FROM products WHERE category IS NOT NULL ORDER BY 1",
    "subcategories": "SELECT DISTINCT subcategory FROM products WHERE subcategory IS NOT NULL ORDER BY 1",
    "brands": "SELECT DISTINCT brand FROM products WHERE brand IS NOT NULL ORDER BY lower(brand), brand",
    "colors": "SELECT DISTINCT color FROM products WHERE color IS NOT NULL ORDER BY 1",
    "tags": "SELECT DISTINCT t FROM (SELECT unnest(tags) AS t FROM products) WHERE t IS NOT NULL ORDER BY 1",
}
PRICE_RANGE_SQL = "SELECT min(price), max(price), count(*) FROM products"
SUBCATEGORIES_OF_SQL = (
    "SELECT category, list_sort(list_distinct(list(subcategory))) FROM products"
    " WHERE category IS NOT NULL GROUP BY category ORDER BY category"
)


@dataclass(frozen=True)
class PriceTarget:
    """Order rows by their distance to a price range: used once relaxation dropped the budget."""

    min_price: float | None = None
    max_price: float | None = None


@dataclass(frozen=True)
class _Sql:
    text: str
    params: tuple[object, ...] = ()


def to_product(row: tuple[Any, ...]) -> Product:
    """A row from build_query or build_get as a Product (extra trailing columns such as `total` ignored)."""
    values = dict(zip(COLUMNS, row, strict=False))
    values["tags"] = tuple(values["tags"] or ())
    return Product(**values)


def build_query(intent: Intent, *, limit: int, target: PriceTarget | None = None) -> tuple[str, list[object]]:
    """SQL and parameters for a search: the contract columns, then `total` (rows before the limit)."""
    if limit < 1:
        raise UsageError(f"limit must be at least 1, not {limit}: pass --limit N with N ≥ 1")
    _check_numbers(intent)
    inner = _matched(intent)
    order = _order_by(intent, target)
    sql = (
        f"SELECT {SELECT_LIST}, COUNT(*) OVER () AS total FROM ({inner.text}) AS matched"
        f"{_score_filter(intent)} ORDER BY {order.text} LIMIT ?"
    )
    return sql, [*inner.params, *order.params, limit]


def build_count(intent: Intent) -> tuple[str, list[object]]:
    """SQL and parameters counting the rows a search would match, ignoring any limit."""
    _check_numbers(intent)
    inner = _matched(intent)
    return f"SELECT count(*) FROM ({inner.text}) AS matched{_score_filter(intent)}", list(inner.params)


def build_get(count: int) -> str:
    """SQL fetching products by id; bind `count` ids."""
    return f"SELECT {SELECT_LIST} FROM {TABLE} WHERE id IN ({_placeholders(count, '?')})"


def _matched(intent: Intent) -> _Sql:
    """Rows passing every filter, with their keyword score as `_score`."""
    score = _keyword_score(_keywords(intent))
    where = _filters(intent)
    clause = " AND ".join(f.text for f in where) or "true"
    params = [p for part in (score, *where) for p in part.params]
    return _Sql(f"SELECT *, {score.text} AS _score FROM {TABLE} WHERE {clause}", tuple(params))


def _score_filter(intent: Intent) -> str:
    # With nothing structured to narrow the catalog, keywords must filter or "jigsaw puzzle" lists everything.
    return " WHERE _score > 0" if _keywords(intent) and not has_structured_filters(intent) else ""


def has_structured_filters(intent: Intent) -> bool:
    """Whether the intent narrows the catalog by anything other than keywords and exclusions."""
    return bool(
        intent.categories or intent.subcategories or intent.brands or intent.colors or intent.features
        or intent.size is not None or intent.min_price is not None or intent.max_price is not None
        or intent.min_rating is not None
    )  # fmt: skip


def _filters(intent: Intent) -> list[_Sql]:
    parts = [
        _in_list("category", intent.categories),
        _in_list("subcategory", intent.subcategories),
        _in_list("brand", intent.brands),
        _in_list("color", intent.colors),
        _not_in("brand", intent.exclude_brands),
        _not_in("color", intent.exclude_colors),
        _not_in("category", intent.exclude_categories),
    ]
    if intent.size is not None:
        parts.append(_Sql("lower(size) = lower(?)", (intent.size,)))
    if intent.min_price is not None:
        parts.append(_Sql("price >= ?", (intent.min_price,)))
    if intent.max_price is not None:
        parts.append(_Sql("price <= ?", (intent.max_price,)))
    if intent.min_rating is not None:
        parts.append(_Sql("rating >= ?", (intent.min_rating,)))
    parts.extend(_Sql("list_contains(tags, lower(?))", (f,)) for f in intent.features)
    return [p for p in parts if p.text]


def _in_list(column: str, values: tuple[str, ...]) -> _Sql:
    if not values:
        return _Sql("")
    return _Sql(f"lower({column}) IN ({_placeholders(len(values), 'lower(?)')})", values)


def _not_in(column: str, values: tuple[str, ...]) -> _Sql:
    # NULL-safe: a product with no brand is not excluded by "not Apple" (plain NOT IN yields NULL).
    if not values:
        return _Sql("")
    listed = _placeholders(len(values), "lower(?)")
    return _Sql(f"({column} IS NULL OR lower({column}) NOT IN ({listed}))", values)


def _keyword_score(keywords: tuple[str, ...]) -> _Sql:
    """Weighted count of fields containing each keyword, case-insensitively; `contains`, never LIKE."""
    if not keywords:
        return _Sql("0")
    terms = [f"{w} * coalesce(contains(lower({col}), lower(k)), false)::INTEGER" for col, w in TEXT_WEIGHTS]
    in_tags = "len(list_filter(tags, lambda t: contains(t, lower(k)))) > 0"
    terms.append(f"{TAG_WEIGHT} * coalesce({in_tags}, false)::INTEGER")
    body = " + ".join(terms)
    return _Sql(f"list_sum(list_transform(?::VARCHAR[], lambda k: {body}))", (list(keywords),))


def _order_by(intent: Intent, target: PriceTarget | None) -> _Sql:
    if target is None or (target.min_price is None and target.max_price is None):
        return _Sql(_ORDER[intent.sort])
    terms, params = ["0"], []
    if target.min_price is not None:
        terms.append("? - price")
        params.append(target.min_price)
    if target.max_price is not None:
        terms.append("price - ?")
        params.append(target.max_price)
    return _Sql(f"greatest({', '.join(terms)}) ASC, {_ORDER[intent.sort]}", tuple(params))


def _placeholders(count: int, item: str) -> str:
    return ", ".join([item] * count)


def _keywords(intent: Intent) -> tuple[str, ...]:
    # A blank keyword is contained in every text and would match the whole catalog.
    return tuple(k for k in intent.keywords if k.strip())


def _check_numbers(intent: Intent) -> None:
    # DuckDB orders NaN above every number, so `price <= NaN` would be true for every row.
    for name in ("min_price", "max_price", "min_rating"):
        value = getattr(intent, name)
        if value is not None and not math.isfinite(value):
            what = name.replace("_", " ")
            raise UsageError(f"{what} must be a finite number, not {value}: give a plain amount")


def format_amount(value: float) -> str:
    """A price or rating as people write it: 80, 6.25, 41.67."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def describe_filters(intent: Intent) -> tuple[str, ...]:
    """The filters an intent applies, in words: "category = dresses", "price ≤ 80 USD"..."""
    out = [f"{label} = {' or '.join(values)}" for label, values in (
        ("category", intent.categories), ("subcategory", intent.subcategories),
        ("brand", intent.brands), ("color", intent.colors),
    ) if values]  # fmt: skip
    if intent.size is not None:
        out.append(f"size = {intent.size}")
    if intent.min_price is not None:
        out.append(f"price ≥ {format_amount(intent.min_price)} USD")
    if intent.max_price is not None:
        out.append(f"price ≤ {format_amount(intent.max_price)} USD")
    if intent.min_rating is not None:
        out.append(f"rating ≥ {format_amount(intent.min_rating)}")
    out.extend(f"has tag: {f}" for f in intent.features)
    out.extend(f"brand ≠ {b}" for b in intent.exclude_brands)
    out.extend(f"color ≠ {c}" for c in intent.exclude_colors)
    out.extend(f"category ≠ {c}" for c in intent.exclude_categories)
    if keywords := _keywords(intent):
        out.append(f"keywords: {', '.join(keywords)}")
    return tuple(out)
